"""Shared pieces of the browser tests: a real server thread and Chromium through Playwright."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# MVO_BROWSER_LATENCY_MS=400 puts every request of every page behind a slow network (Chromium's
# own emulation). A test that looks at a page before it has loaded (measured before its
# stylesheet, a focus checked before its script ran) then fails every time, instead of now and
# then on a busy CI machine (two such checks did; docs/web.md, "Tests").
LATENCY_MS = int(os.environ.get("MVO_BROWSER_LATENCY_MS") or 0)


class LiveServer:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from conftest import make_test_config

    from mvo_assessment import create_app

    database = tmp_path_factory.mktemp("browser") / "browser.sqlite3"
    # One server for a module's tests, each of which starts assessments from the same address:
    # the default START_LIMIT (20 a minute) refused the 21st start with a 429 (a rate-limit test
    # of its own is in test_security.py).
    app = create_app(make_test_config(f"sqlite:///{database}", TESTING=False, START_LIMIT="1000 per minute"))
    with LiveServer(app) as server:
        yield server
    app.extensions["mvo_store"].engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if LATENCY_MS:
            _every_context_on_a_slow_network(browser)
        yield browser
        browser.close()


def _every_context_on_a_slow_network(browser: Any) -> None:
    make_context = browser.new_context

    def slow_context(**options: Any) -> Any:
        context = make_context(**options)

        def slow_down(page: Any) -> None:
            session = context.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions",
                         {"offline": False, "latency": LATENCY_MS, "downloadThroughput": -1, "uploadThroughput": -1})

        context.on("page", slow_down)
        return context

    browser.new_context = slow_context


def check_axe(page: Any, label: str) -> None:
    """Zero WCAG 2.1 A/AA violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{label}:\n{results.generate_report()}"


def no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
