"""An assessment's body as the database keeps it: lz4-compressed, about a third of the JSON's size.

On SQLite a 40 KB body written as text took 17 pages of the WAL an insert, which the checkpointer
then copied into the database file. Packed (12 KB, in about 25 µs) it takes 11: under the
benchmark's load a stored POST took 5 to 11% less CPU and answered 9 to 13% more requests a second.
A GET reads three pages where it read ten but then unpacks them (7 to 9 µs): 1 to 6% slower. On
PostgreSQL, which compressed the text itself and decompressed it on every read, a packed GET costs
the server half (migration 0009).

A packed body is `MARKER`, then the body's size as 4 bytes little-endian, then one LZ4 block (what
`lz4.block.compress` writes after the marker), in a BLOB on SQLite and a bytea on PostgreSQL; a body
written before is its UTF-8 JSON. No JSON text begins with a NUL byte, so the marker tells the two
apart. Not the lz4 frame format, which `lz4 -d` reads: its decoder took some 70,000 more
instructions and 5 µs more a GET.
"""

from __future__ import annotations

import lz4.block

MARKER = b"\x00lz4"


def pack(body: bytes) -> bytes:
    return MARKER + lz4.block.compress(body, store_size=True)


def unpack(stored: bytes) -> bytes:
    """The JSON body of a stored value, packed or written as text before bodies were packed."""
    if stored.startswith(MARKER):
        return lz4.block.decompress(memoryview(stored)[len(MARKER) :])
    return stored


def is_packed(stored: bytes) -> bool:
    return stored.startswith(MARKER)
