"""Small factories of test data shared by the store and CLI tests."""

import base64
import random
from datetime import datetime

from service import wire
from service.store.repository import NewAssessment


def incompressible_text(size: int, seed: int = 0) -> str:
    """`size` characters that lz4 cannot shrink, so a row holding them takes as many pages as
    their size says: SQLite keeps results packed (service/store/packed.py)."""
    noise = random.Random(seed).randbytes(size * 3 // 4 + 3)
    return base64.b64encode(noise).decode()[:size]


def stored_assessment(
    n: int,
    *,
    key: str | None = None,
    created_at: datetime | None = None,
    result: str | bytes = "{}",
) -> NewAssessment:
    listed = {
        "id": f"00000000-0000-0000-0000-{n:012d}",
        "created_at": created_at or datetime(2026, 11, 1, 12, 0, 0),
        "name": f"stakeholder {n}",
        "stakeholder_type": "legislature",
        "country": None,
        "top_area": "diplomatic",
        "top_tier": None,
        "recommendation_count": 0,
    }
    return NewAssessment(
        **listed,
        client_id="local",
        idempotency_key=key,
        request_digest="d" * 64,
        request_id=f"req-{n}",
        profile_digest="p" * 64,
        rules_version="r" * 64,
        articles_version='{"dprk-troops-kursk": "' + "a" * 64 + '"}',
        result=result,
        result_format=2,
        listed=wire.listed_item([listed[name] for name in wire.LISTED]),
    )
