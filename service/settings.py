"""Typed settings read from ADVISOR_* environment variables, in one place."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = f"sqlite:///{PROJECT_ROOT / 'var' / 'advisor.db'}"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no")


class SettingsError(ValueError):
    """An ADVISOR_* variable has a value the service cannot use."""


def normalise_database_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here, whatever SQLAlchemy's own default driver is."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


# A revoked key may be honoured this long at most (service/keys.py); beyond it, revoking is slow.
MAX_KEY_CACHE_SECONDS = 60


@dataclass(frozen=True)
class Settings:
    """Every setting with its default; the README's configuration table mirrors this class."""

    config_dir: Path = PROJECT_ROOT / "config"
    database_url: str = DEFAULT_SQLITE
    bind: str = "127.0.0.1:8000"
    workers: int = 2
    threads: int = 4  # per worker (gthread): the connections one worker serves at once
    concurrent_requests: int = 1  # per worker: requests running at once (0: the default, 1)
    max_requests: int = 0  # per worker before gunicorn replaces it; 0 never (gunicorn.conf.py)
    max_body_bytes: int = 64 * 1024
    cors_origins: tuple[str, ...] = ()
    ratelimit_storage: str = "memory://"
    ratelimit_default: str = "600 per minute"
    ratelimit_unauthenticated: str = "60 per minute"
    log_level: str = "INFO"
    retention_days: int = 365
    db_timeout_seconds: float = 5.0
    key_cache_seconds: float = 1.0
    recent_evaluations: int = 128  # per worker: evaluations kept for a client's repeated profile
    metrics_public: bool = True
    trusted_proxies: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "database_url", normalise_database_url(self.database_url))
        if self.workers < 1:
            raise SettingsError("ADVISOR_WORKERS must be at least 1")
        if self.threads < 1:
            raise SettingsError("ADVISOR_THREADS must be at least 1")
        if self.concurrent_requests < 0:
            raise SettingsError(
                "ADVISOR_CONCURRENT_REQUESTS must be 1 or more (0 means the default, 1)"
            )
        if self.max_requests < 0:
            raise SettingsError("ADVISOR_MAX_REQUESTS must be 0 (never replace a worker) or more")
        if self.recent_evaluations < 0:
            raise SettingsError("ADVISOR_RECENT_EVALUATIONS must be 0 (keep none) or more")
        if self.max_body_bytes < 1024:
            raise SettingsError("ADVISOR_MAX_BODY_BYTES must be at least 1024")
        if self.retention_days < 1:
            raise SettingsError("ADVISOR_RETENTION_DAYS must be at least 1")
        if self.log_level not in LOG_LEVELS:
            raise SettingsError(f"ADVISOR_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        if self.db_timeout_seconds <= 0:
            raise SettingsError("ADVISOR_DB_TIMEOUT_SECONDS must be positive")
        if not 0 <= self.key_cache_seconds <= MAX_KEY_CACHE_SECONDS:
            raise SettingsError(
                f"ADVISOR_KEY_CACHE_SECONDS must be between 0 and {MAX_KEY_CACHE_SECONDS}"
            )
        for entry in self.trusted_proxies:
            try:
                ipaddress.ip_network(entry)
            except ValueError as exc:
                raise SettingsError(
                    f"ADVISOR_TRUSTED_PROXIES: {entry!r} is not an address or network ({exc})"
                ) from exc

    @property
    def requests_at_once(self) -> int:
        """A worker's requests that run at once (api/turns.py): unless set, one, on either
        database (on PostgreSQL a request lends its turn out while it waits on the server)."""
        return self.concurrent_requests or 1

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for spec in fields(cls):
            name = f"ADVISOR_{spec.name.upper()}"
            if name not in env:
                continue
            raw = env[name].strip()
            values[spec.name] = _convert(name, raw, spec.type)
        return cls(**values)


def _convert(name: str, raw: str, kind: object) -> object:
    if kind == "bool":
        return _boolean(name, raw)
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "Path":
            return Path(raw)
        if kind == "tuple[str, ...]":
            return tuple(item.strip() for item in raw.split(",") if item.strip())
        if kind == "str" and name == "ADVISOR_LOG_LEVEL":
            return raw.upper()
    except ValueError as exc:
        raise SettingsError(f"{name}={raw!r} is not a valid {kind}") from exc
    return raw


def _boolean(name: str, raw: str) -> bool:
    word = raw.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SettingsError(f"{name}={raw!r} is not a boolean (use one of: true, false, yes, no, 1, 0)")
