"""Plain text: no control characters (newline and tab included) and no unpaired surrogates.

JSON escapes and percent-encoded paths can carry either; PostgreSQL refuses NUL where SQLite
stores it, and UTF-8 cannot encode a lone surrogate, so they are refused before any store sees them.
"""

from __future__ import annotations

import re

# Unicode's Cc category (C0, DEL, C1), as a character-class range.
CONTROL = "\x00-\x1f\x7f-\x9f"
# Cc and Cs (lone surrogates).
REFUSED = re.compile(f"[{CONTROL}\ud800-\udfff]")
# The same rule as an OpenAPI (ECMA 262) pattern; surrogates cannot be written in one.
PATTERN = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"


def first_refused(text: str) -> str | None:
    """A sentence naming the first refused character and its position, or None if there is none."""
    found = REFUSED.search(text)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X} at position {found.start()}"
