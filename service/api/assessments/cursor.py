"""Opaque keyset cursors for the assessment listing: (created_at, id) of the last item shown."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime


class InvalidCursor(ValueError):
    pass


def encode(created_at: datetime, assessment_id: str) -> str:
    raw = json.dumps([created_at.isoformat(), assessment_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created_at, assessment_id = json.loads(raw)
        if not isinstance(assessment_id, str) or not assessment_id.isprintable():
            raise InvalidCursor(cursor)
        return datetime.fromisoformat(created_at), assessment_id
    except (ValueError, TypeError, binascii.Error) as exc:
        raise InvalidCursor(cursor) from exc
