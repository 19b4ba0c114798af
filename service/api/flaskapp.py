"""The Flask class the service runs on: Flask, minus a check it repeats on every hook call."""

from __future__ import annotations

from collections.abc import Callable
from inspect import iscoroutinefunction
from typing import Any

from flask import Flask

from service.api.sessions import NoSessions


class AdvisorFlask(Flask):
    """Flask with `ensure_sync`'s question answered once per function.

    Flask asks `inspect.iscoroutinefunction` of every hook and view on every request (about 18
    times per request here), and the answer for a function never changes. Bound methods (a
    MethodView's handler is bound to a new view each request) are remembered by their function.
    It keeps no cookie sessions (api/sessions.py).
    """

    session_interface = NoSessions()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._is_sync: dict[Callable[..., Any], bool] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        function = getattr(func, "__func__", func)
        is_sync = self._is_sync.get(function)
        if is_sync is None:
            is_sync = self._is_sync[function] = not iscoroutinefunction(func)
        return func if is_sync else super().ensure_sync(func)
