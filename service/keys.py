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
        self._known: dict[str, tuple[float, ClientRecord]] = {}

    def caller(self, raw_key: str) -> Caller | None:
        key_hash = hash_key(raw_key)
        client = self._client(key_hash)
        now = now_utc()
        if client is None or client.key_hash is None or not same_hash(client.key_hash, key_hash):
            return None
        if not client.active(now):
            return None
        if self.clients.touch(client, now):
            known = self._known.get(key_hash)
            if known is not None:  # as old as it was: the use is news, the rest is not
                self._known[key_hash] = (known[0], replace(client, last_used_at=now))
        return Caller(client.id, client.name, client.scopes)

    def _client(self, key_hash: str) -> ClientRecord | None:
        if self.ttl_seconds > 0:
            known = self._known.get(key_hash)
            if known is not None and self.clock() - known[0] < self.ttl_seconds:
                return known[1]
        asked_at = self.clock()
        client = self.clients.by_hash(key_hash)
        if client is None:
            self._known.pop(key_hash, None)
        elif self.ttl_seconds > 0:
            self._known[key_hash] = (asked_at, client)
        return client
