"""ADVISOR_TRUSTED_PROXIES: X-Forwarded-For/-Proto believed from those peers only, as logs, the
per-address rate limit and absolute URLs see them."""

from __future__ import annotations

import json

import pytest
from flask import jsonify, request

from service.api.ratelimit import rate_limit_key
from service.settings import Settings, SettingsError

PROXY = "10.0.0.2"
CLIENT = "198.51.100.7"
FORWARDED = {"X-Forwarded-For": CLIENT, "X-Forwarded-Proto": "https"}


def where_app(make_app, **settings):
    """An app with `/v1/_where`: the address, limit key and URL root a request is served under
    (a /v1 route without a scope, so counted by address)."""
    app = make_app(**settings)

    def where():
        return jsonify(
            remote_addr=request.remote_addr,
            limit_key=rate_limit_key(),
            url_root=request.url_root,
            forwarded_for=request.headers.get("X-Forwarded-For"),
        )

    app.add_url_rule("/v1/_where", "where", where)
    return app


def where(app, peer: str, headers: dict[str, str]):
    response = app.test_client().get(
        "/v1/_where", headers=headers, environ_base={"REMOTE_ADDR": peer}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def access_lines(captured: str) -> list[dict]:
    lines = [json.loads(line) for line in captured.splitlines() if line.strip()]
    return [line for line in lines if line["logger"] == "service.access"]


def test_a_trusted_proxy_sets_the_client_address_and_scheme(make_app, capsys):
    app = where_app(make_app, trusted_proxies=(PROXY,))
    capsys.readouterr()
    seen = where(app, PROXY, FORWARDED)
    assert seen["remote_addr"] == CLIENT
    assert seen["limit_key"] == f"addr:{CLIENT}"
    assert seen["url_root"].startswith("https://")
    (line,) = access_lines(capsys.readouterr().out)
    assert line["remote_addr"] == CLIENT


def test_only_the_last_hop_is_believed(make_app):
    """Whatever a client wrote before the proxy appended the address it saw is not believed."""
    app = where_app(make_app, trusted_proxies=(PROXY,))
    seen = where(app, PROXY, {"X-Forwarded-For": f"203.0.113.1, {CLIENT}"})
    assert seen["remote_addr"] == CLIENT


def test_an_untrusted_peer_cannot_choose_its_address(make_app, capsys):
    app = where_app(make_app, trusted_proxies=(PROXY,))
    capsys.readouterr()
    seen = where(app, "192.0.2.10", FORWARDED)
    assert seen["remote_addr"] == "192.0.2.10"
    assert seen["limit_key"] == "addr:192.0.2.10"
    assert seen["url_root"].startswith("http://")
    assert seen["forwarded_for"] is None, "the app never sees the header"
    (line,) = access_lines(capsys.readouterr().out)
    assert line["remote_addr"] == "192.0.2.10"


def test_by_default_no_peer_is_trusted(make_app):
    app = where_app(
        make_app,
    )
    seen = where(app, "127.0.0.1", FORWARDED)
    assert seen["remote_addr"] == "127.0.0.1"
    assert seen["url_root"].startswith("http://")


@pytest.mark.parametrize("peer", ["10.1.2.3", "::ffff:10.1.2.3", "fd00::5"])
def test_networks_and_ipv6_peers_can_be_trusted(make_app, peer):
    app = where_app(make_app, trusted_proxies=("10.0.0.0/8", "fd00::/8"))
    assert where(app, peer, FORWARDED)["remote_addr"] == CLIENT


def test_the_per_address_limit_counts_the_forwarded_client(make_app):
    # Per address, the service limits requests that fail authentication (every /v1 route needs a
    # key): behind a trusted proxy each forwarded client has its own budget.
    app = make_app(trusted_proxies=(PROXY,), ratelimit_unauthenticated="2 per minute")
    client = app.test_client()

    def status(peer: str, forwarded_for: str) -> int:
        return client.get(
            "/v1/vocabulary",
            headers={"X-Forwarded-For": forwarded_for, "Authorization": "Bearer sa_wrong"},
            environ_base={"REMOTE_ADDR": peer},
        ).status_code

    assert [status(PROXY, CLIENT) for _ in range(3)] == [401, 401, 429]
    assert status(PROXY, "198.51.100.8") == 401
    # A peer that is not a trusted proxy is counted as itself, whatever it forwards.
    assert [status("192.0.2.10", f"203.0.113.{n}") for n in range(3)] == [401, 401, 429]


def test_trusted_proxies_setting_is_parsed_and_checked():
    parsed = Settings.from_env({"ADVISOR_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8,::1"})
    assert parsed.trusted_proxies == ("127.0.0.1", "10.0.0.0/8", "::1")
    assert Settings.from_env({}).trusted_proxies == ()
    for wrong in ("nginx", "10.0.0.5/24", "*"):
        with pytest.raises(SettingsError, match="ADVISOR_TRUSTED_PROXIES"):
            Settings.from_env({"ADVISOR_TRUSTED_PROXIES": wrong})
