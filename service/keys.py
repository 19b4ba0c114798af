"""Issuing and checking API keys: the use cases behind `keys create|list|revoke` and Bearer auth."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from service.access import Caller, generate_key, hash_key, same_hash
from service.store.clients import ClientRecord, ClientRepository


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def create_key(
    clients: ClientRepository,
    name: str,
    scopes: tuple[str, ...],
    expires_in_days: int | None = None,
) -> tuple[str, ClientRecord]:
    """A new key; the raw key is returned once and never stored."""
    now = now_utc()
    raw_key = generate_key()
    expires_at = now + timedelta(days=expires_in_days) if expires_in_days else None
    return raw_key, clients.create(name, scopes, hash_key(raw_key), now, expires_at)


def authenticate(clients: ClientRepository, raw_key: str) -> Caller | None:
    """The caller a key belongs to, or None if it is unknown, revoked or expired: asked now."""
    return Authenticator(clients, ttl_seconds=0).caller(raw_key)


class Authenticator:
    """`authenticate` for the request path: what the store says of a key is kept `ttl` seconds.

    Every authenticated request needs its caller; asking the store each time cost more than a
    probe's whole request. A revoked key is therefore refused within `ttl` seconds in every
    process (expiry is checked on each request against the clock); `ttl` 0 asks every time.
    Only keys the store knows are kept, so unknown keys cannot grow the cache.
    """

    def __init__(
        self,
        clients: ClientRepository,
        ttl_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clients = clients
        self.ttl_seconds = ttl_seconds
        self.clock = clock
        # key hash -> (when the store was asked, its answer, the Caller made from it once)
        self._known: dict[str, tuple[float, ClientRecord, Caller]] = {}

    def caller(self, raw_key: str) -> Caller | None:
        key_hash = hash_key(raw_key)
        known = self._lookup(key_hash)
        if known is None:
            return None
        asked_at, client, caller = known
        now = now_utc()
        if client.key_hash is None or not same_hash(client.key_hash, key_hash):
            return None
        if not client.active(now):
            return None
        if self.clients.touch(client, now) and key_hash in self._known:
            # as old as it was: the use is news, the rest is not
            self._known[key_hash] = (asked_at, replace(client, last_used_at=now), caller)
        return caller

    def _lookup(self, key_hash: str) -> tuple[float, ClientRecord, Caller] | None:
        if self.ttl_seconds > 0:
            known = self._known.get(key_hash)
            if known is not None and self.clock() - known[0] < self.ttl_seconds:
                return known
        asked_at = self.clock()
        client = self.clients.by_hash(key_hash)
        if client is None:
            self._known.pop(key_hash, None)
            return None
        known = (asked_at, client, Caller(client.id, client.name, client.scopes))
        if self.ttl_seconds > 0:
            self._known[key_hash] = known
        return known
