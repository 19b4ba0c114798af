"""JSON text parsed strictly: NaN, Infinity and repeated keys are errors, huge numbers are numbers.

Python's `json` accepts `NaN` and `Infinity`, keeps the last of two equal keys, and raises a bare
ValueError on integers past its 4,300-digit conversion limit. Here the first two are invalid JSON
and an integer too long to convert reads as an infinity, so validation can call it out of range.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any


class InvalidJson(ValueError):
    """The text is not JSON as RFC 8259 has it, or repeats a key in one object."""


def _integer(text: str) -> int | float:
    if len(text) - text.startswith("-") > sys.get_int_max_str_digits():
        return -math.inf if text.startswith("-") else math.inf
    return int(text)


def _no_constant(name: str) -> Any:
    raise InvalidJson(f"{name} is not a JSON number")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidJson(f"the key {key!a} appears more than once in one object")
        result[key] = value
    return result


# Made once: `json.loads` given hooks builds a decoder, and its scanner, on every call.
_DECODER = json.JSONDecoder(
    parse_int=_integer, parse_constant=_no_constant, object_pairs_hook=_object
)


def loads(data: bytes | str) -> Any:
    """The value of a JSON document; InvalidJson saying why when it is not one."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        if text.startswith("\ufeff"):  # refused, in the words `json.loads` refuses it with
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        return _DECODER.decode(text)
    except UnicodeDecodeError as exc:
        raise InvalidJson(f"not UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise InvalidJson(str(exc)) from None
    except RecursionError:
        raise InvalidJson("nested too deeply") from None
