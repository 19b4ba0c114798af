"""Typed settings read from ADVISOR_* environment variables, in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    config_dir: Path = PROJECT_ROOT / "config"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(config_dir=Path(env.get("ADVISOR_CONFIG_DIR", str(defaults.config_dir))))
