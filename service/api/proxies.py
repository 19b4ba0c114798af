"""X-Forwarded-For and X-Forwarded-Proto, believed only from the proxies in ADVISOR_TRUSTED_PROXIES.

The app decides, not gunicorn: gunicorn's `forwarded_allow_ips` only sets the scheme from a
trusted peer, never the client's address, so logs and per-address limits would still see the
proxy; here both are set before Flask sees the request, under any WSGI server and in tests.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
FORWARDING_HEADERS = frozenset(
    (
        "HTTP_X_FORWARDED_FOR",
        "HTTP_X_FORWARDED_PROTO",
        "HTTP_X_FORWARDED_HOST",
        "HTTP_X_FORWARDED_PORT",
        "HTTP_X_FORWARDED_PREFIX",
        "HTTP_FORWARDED",
    )
)
PEERS_REMEMBERED = 1024  # distinct peer addresses whose trust is remembered, least recent dropped


class TrustedProxies:
    """WSGI middleware: a trusted peer's last X-Forwarded-For hop becomes the remote address and
    its X-Forwarded-Proto the scheme; any other peer's forwarding headers are removed unread."""

    def __init__(self, wsgi_app, networks: Iterable[IpNetwork]) -> None:
        self.networks = tuple(networks)
        self.direct = wsgi_app
        # One hop: the proxy sets X-Forwarded-For to the address it saw (config/nginx), and the
        # last entry is the only one a trusted proxy vouches for.
        self.forwarded = ProxyFix(wsgi_app, x_for=1, x_proto=1, x_host=0, x_port=0, x_prefix=0)
        # Parsing an address and testing it against the networks cost a request behind a proxy
        # 5%; the peer is the proxy itself nearly always, so its answer is remembered.
        self._trusted_peer = functools.lru_cache(maxsize=PEERS_REMEMBERED)(self._trusted_peer)

    def trusts(self, address: str | None) -> bool:
        if not self.networks:  # the default: no address to parse
            return False
        return self._trusted_peer(address)

    def _trusted_peer(self, address: str | None) -> bool:
        try:
            peer = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        if isinstance(peer, ipaddress.IPv6Address) and peer.ipv4_mapped is not None:
            peer = peer.ipv4_mapped
        return any(peer in network for network in self.networks)

    def __call__(self, environ, start_response):
        if self.trusts(environ.get("REMOTE_ADDR")):
            return self.forwarded(environ, start_response)
        if not FORWARDING_HEADERS.isdisjoint(environ):  # most requests carry none: one C pass
            for name in FORWARDING_HEADERS:
                environ.pop(name, None)
        return self.direct(environ, start_response)


def init_trusted_proxies(app: Flask, trusted: Iterable[str]) -> None:
    """Wrap the app's WSGI callable; with no trusted proxy, every forwarding header is ignored."""
    app.wsgi_app = TrustedProxies(app.wsgi_app, (ipaddress.ip_network(t) for t in trusted))
