"""API keys and scopes: how a key is made, stored (as a hash only) and what each scope allows."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

SCOPES = ("assess", "read", "admin")
# The attribute of a view method naming the scope it needs (set by the API, read by auth).
SCOPE_ATTRIBUTE = "required_scope"
KEY_PREFIX = "sa_"


def generate_key() -> str:
    """256 random bits, URL-safe, prefixed so a leaked key is recognisable in logs and scanners."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(raw_key: str) -> str:
    """sha256 is enough for keys of 256 random bits; no slow KDF is needed against guessing."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def parse_scopes(text: str) -> tuple[str, ...]:
    """`assess,read` or `assess read` → ('assess', 'read'), in canonical order; ValueError if unknown."""
    wanted = {s for s in text.replace(",", " ").split() if s}
    unknown = sorted(wanted - set(SCOPES))
    if unknown or not wanted:
        raise ValueError(f"scopes must be some of: {', '.join(SCOPES)} (got {text!r})")
    return tuple(s for s in SCOPES if s in wanted)


@dataclass(frozen=True)
class Caller:
    """The authenticated client of a request."""

    id: str
    name: str
    scopes: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        return "admin" in self.scopes

    def may(self, scope: str) -> bool:
        return self.is_admin or scope in self.scopes

    @property
    def tenant(self) -> str | None:
        """Whose assessments this caller sees: its own, or everyone's (None) for an admin."""
        return None if self.is_admin else self.id
