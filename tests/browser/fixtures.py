"""Real Chromium through Playwright against a live server, with htmx served from the npm package.

Tests never touch the internet: the pinned CDN URL is fulfilled from a copy of htmx.org@2.0.11
that `npm pack` fetched into .cache/. A missing Chromium is a failure, never a skip.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import tarfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from ifs_pwa.config import HTMX_CDN_SRI

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
HTMX_VERSION = "2.0.11"
HTMX_CACHE = ROOT / ".cache" / f"htmx.org-{HTMX_VERSION}"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def htmx_copy() -> bytes:
    """htmx.min.js from the npm package, fetched once with `npm pack` into a git-ignored cache."""
    target = HTMX_CACHE / "package" / "dist" / "htmx.min.js"
    if not target.exists():
        HTMX_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "pack", f"htmx.org@{HTMX_VERSION}", "--silent"],
            cwd=HTMX_CACHE, check=True, capture_output=True,
        )
        with tarfile.open(HTMX_CACHE / f"htmx.org-{HTMX_VERSION}.tgz") as archive:
            archive.extractall(HTMX_CACHE, filter="data")
    return target.read_bytes()


def sri(body: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(body).digest()).decode()


@pytest.fixture(scope="session")
def htmx_js() -> bytes:
    body = htmx_copy()
    assert sri(body) == HTMX_CDN_SRI, "the npm copy of htmx does not match the pinned SRI hash"
    return body


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does it as root)")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def live_server(app):
    """The test's app served over real HTTP on a free port, in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def serve_htmx(htmx_js: bytes):
    def handler(route):
        route.fulfill(
            status=200,
            body=htmx_js,
            headers={
                "content-type": "application/javascript; charset=utf-8",
                "access-control-allow-origin": "*",
                "cache-control": "public, max-age=31536000, immutable",
            },
        )

    return handler


class PageErrors(list):
    """Console errors, page errors and CSP violations seen while a test ran."""


@pytest.fixture
def context_factory(browser, live_server, htmx_js):
    """New browser contexts at a chosen viewport, wired to the live server and the htmx copy."""
    contexts = []

    def factory(viewport=PHONE, **options):
        context = browser.new_context(viewport=viewport, base_url=live_server, **options)
        # context.route (not page.route) also sees the service worker's own requests.
        context.route("https://cdn.jsdelivr.net/**", serve_htmx(htmx_js))
        contexts.append(context)
        return context

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def page_errors():
    return PageErrors()


@pytest.fixture
def page(context_factory, page_errors):
    """A phone-sized page that records console errors and CSP violations."""
    page = context_factory().new_page()
    watch(page, page_errors)
    return page


EXPECTED_CLIENT_ERROR = "Failed to load resource: the server responded with a status of 4"


def watch(page, errors: list) -> None:
    """Collect script errors and CSP violations; a page answered 4xx on purpose is not one."""

    def on_console(message) -> None:
        if message.type == "error" and not message.text.startswith(EXPECTED_CLIENT_ERROR):
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))


def axe_serious(page) -> list[dict]:
    """Serious or critical axe-core violations on the current page (axe bundled, offline)."""
    from axe_playwright_python.sync_playwright import Axe

    # A form just sent may still be loading its answer; axe needs the page that answer draws.
    page.wait_for_load_state("load")
    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sign_up(page, username="sam", password="correct horse battery") -> None:
    """Create an account through the real form, pass the one-time welcome and land on Today."""
    page.goto("/signup")
    page.fill("#username", username)
    page.fill("#password", password)
    page.fill("#confirm", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/welcome")
    page.check("#code-saved")  # "I've saved my recovery code": the way on waits for it
    page.click("text=I understand, let's begin")
    # Without JavaScript the welcome's form (nothing in it named) arrives at "/?".
    page.wait_for_url(lambda url: urlsplit(url).path == "/")


def answer_question(page, label: str, moves_on: bool = True) -> None:
    """Tap an answer on the questionnaire's current question, as a person does. On a phone the
    next question follows by itself (measures.js), so this waits for it: clicking Next as well
    would skip a question. `moves_on=False` for an answer that stays (the last question, or one
    that brings up support)."""
    progress = page.locator("[data-progress]")
    before = progress.inner_text()
    page.locator(f"#measure-form fieldset:visible label:has-text('{label}')").click()
    if moves_on:
        page.wait_for_function(
            "b => document.querySelector('[data-progress]').textContent !== b", arg=before)
