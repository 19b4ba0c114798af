"""The one way the service's memos stay bounded: a full memo is emptied before it takes a key.

The request path remembers what repeats (a rule's wire form, a query's parsed arguments, a mount
point's URLs) in plain dicts, read by `dict.get` on every request. Emptying one when full costs a
few misses, where an LRU would cost bookkeeping on every hit.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def keep(memo: dict[K, V], key: K, value: V, limit: int) -> V:
    """`memo[key] = value`, emptying `memo` first if it already holds `limit` entries."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value
