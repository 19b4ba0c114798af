"""Keyset cursors for the assessment listing: (created_at, id) of the last item shown.

A cursor is 24 bytes in unpadded base64url, 32 characters: the creation time as signed
microseconds since the Unix epoch (8 bytes, big-endian) and the id's 16 UUID bytes. Every string
that matches `PATTERN` decodes to a position (times beyond what a datetime holds are clamped), so
the schema can describe a cursor exactly and a well-formed one is never refused.
"""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta

LENGTH = 32
PATTERN = rf"^[A-Za-z0-9_-]{{{LENGTH}}}$"
# 32 base64url characters hold 192 bits, so the last one carries no padding bits to normalise.
_EPOCH = datetime(1970, 1, 1)
_EARLIEST = datetime.min
_LATEST = datetime.max


class InvalidCursor(ValueError):
    pass


def encode(created_at: datetime, assessment_id: str) -> str:
    """The cursor after a row; `created_at` is naive UTC, as the store keeps it."""
    if created_at.tzinfo is not None:
        created_at = created_at.astimezone(UTC).replace(tzinfo=None)
    micros = (created_at - _EPOCH) // timedelta(microseconds=1)
    raw = micros.to_bytes(8, "big", signed=True) + uuid.UUID(assessment_id).bytes
    return base64.urlsafe_b64encode(raw).decode("ascii")


def decode(cursor: str) -> tuple[datetime, str]:
    """The (naive UTC time, id) a cursor points after; InvalidCursor if it is not 32 base64url."""
    if len(cursor) != LENGTH or not cursor.isascii():
        raise InvalidCursor(cursor)
    try:
        raw = base64.urlsafe_b64decode(cursor)
    except ValueError as exc:
        raise InvalidCursor(cursor) from exc
    if len(raw) != 24:
        raise InvalidCursor(cursor)
    micros = int.from_bytes(raw[:8], "big", signed=True)
    return _clamped(micros), str(uuid.UUID(bytes=raw[8:]))


def _clamped(micros: int) -> datetime:
    try:
        return _EPOCH + timedelta(microseconds=micros)
    except OverflowError:
        return _EARLIEST if micros < 0 else _LATEST
