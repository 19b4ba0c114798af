"""Issuing and checking API keys: the use cases behind `keys create|list|revoke` and Bearer auth."""

from __future__ import annotations

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
    """The caller a key belongs to, or None if it is unknown, revoked or expired."""
    key_hash = hash_key(raw_key)
    client = clients.by_hash(key_hash)
    now = now_utc()
    if client is None or client.key_hash is None or not same_hash(client.key_hash, key_hash):
        return None
    if not client.active(now):
        return None
    clients.touch(client, now)
    return Caller(client.id, client.name, client.scopes)
