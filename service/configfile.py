"""Reading one YAML file of config/ as a mapping, or a ConfigError that names the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from service.errors import ConfigError, ConfigIssue


def read_mapping(path: Path, shape: str = "a mapping") -> dict[str, Any]:
    """The file's top-level mapping; unreadable YAML or another shape stops the load."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError([ConfigIssue(path.name, None, "", f"cannot read: {exc}")]) from exc
    if not isinstance(raw, dict):
        raise ConfigError([ConfigIssue(path.name, None, "", f"must be {shape}")])
    return raw
