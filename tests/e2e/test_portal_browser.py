"""clients/portal in Debian's Chromium: a static page on one origin calls the API on another
(allowed by ADVISOR_CORS_ORIGINS), renders an assessment with the vocabulary's labels and the
embedded HTML memo of a hostile name, inert, and shows a 422 field by field."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import PROJECT_ROOT, skip_or_fail
from tests.db import fresh_database
from tests.e2e.conftest import free_port, gunicorn, issue_key
from tests.e2e.test_docs_browser import CHROMIUM, CHROMIUM_ARGS

sync_api = pytest.importorskip("playwright.sync_api")
PORTAL = PROJECT_ROOT / "clients" / "portal"
HOSTILE_NAME = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> *Ministry*'


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="module")
def portal_origin() -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(PORTAL))
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.fixture(scope="module")
def api(tmp_path_factory, portal_origin) -> Iterator[tuple[str, str]]:
    directory = tmp_path_factory.mktemp("portal")
    with fresh_database("sqlite", directory) as url:
        key = issue_key(url, "kit-portal")
        with gunicorn(
            url, directory / "gunicorn.log", workers=1, ADVISOR_CORS_ORIGINS=portal_origin
        ) as base_url:
            yield base_url, key


def test_the_portal_renders_an_assessment_its_memo_and_a_422(api, portal_origin, tmp_path):
    import httpx

    base_url, key = api
    vocabulary = httpx.get(f"{base_url}/v1/vocabulary", headers={"Authorization": f"Bearer {key}"})
    area_labels = {t["value"]: t["label"] for t in vocabulary.json()["areas"]}
    problems: list[str] = []
    cross_origin: list[str | None] = []  # Access-Control-Allow-Origin of each API answer
    try:
        playwright = sync_api.sync_playwright().start()
    except Exception as exc:  # the driver is missing or cannot start
        skip_or_fail(f"playwright cannot start: {exc}")
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "response",
            lambda r: (
                r.url.startswith(base_url)
                and cross_origin.append(r.headers.get("access-control-allow-origin"))
            ),
        )
        page.goto(f"{portal_origin}/index.html#api={base_url}&key={key}")
        page.wait_for_selector("#submit:not([disabled])", timeout=15_000)
        page.select_option("#stakeholder-type", "defence_ministry")
        page.fill("#name", HOSTILE_NAME)
        page.click("#submit")
        page.wait_for_selector("#memo .advisor-memo", timeout=15_000)
        title = page.text_content("#assessment-title")
        memo_heading = page.text_content("#memo h1")
        shown = page.eval_on_selector_all(
            "#recommendations li", "items => items.map(li => [li.dataset.area, li.textContent])"
        )
        memo_tags = page.eval_on_selector_all(
            "#memo *", "nodes => [...new Set(nodes.map(n => n.tagName.toLowerCase()))]"
        )
        pwned = page.evaluate("window.pwned")
        page.screenshot(path=str(tmp_path / "portal-assessment.png"), full_page=True)
        page.click("#invalid")
        page.wait_for_selector("#problem:not([hidden]) .field-error", timeout=15_000)
        problem_title = page.text_content("#problem-title")
        field_errors = page.eval_on_selector_all(".field-error", "n => n.map(e => e.textContent)")
        browser.close()
    finally:
        playwright.stop()
    assert title.startswith(HOSTILE_NAME + ": ")
    assert memo_heading == "Briefing: " + HOSTILE_NAME
    assert pwned is None
    assert not {"img", "script", "style", "a", "iframe"} & set(memo_tags)
    assert shown and all(f" {area_labels[area]}: " in text for area, text in shown)
    assert problem_title == "422 Invalid request"
    assert any(e.startswith("capacities.military: ") for e in field_errors), field_errors
    assert cross_origin and set(cross_origin) == {portal_origin}
    # Chromium logs every 4xx answer; the 422 asked for is the only thing it may complain of.
    assert [p for p in problems if "status of 422" not in p] == [], problems
