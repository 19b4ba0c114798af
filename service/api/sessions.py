"""No cookie sessions: the API authenticates every request by its key and keeps no session."""

from __future__ import annotations

from flask.sessions import NullSession, SessionInterface


class NoSessions(SessionInterface):
    """Every request gets the same empty, read-only session, which is never saved.

    Flask's cookie sessions, without a secret key, built a fresh null session per request after
    asking the config for the key; writing to this one raises as that one did.
    """

    _null = NullSession()

    def open_session(self, app, request) -> NullSession:
        return self._null
