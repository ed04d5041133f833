"""Shared fixtures: the built site, a real HTTP server on 127.0.0.1, and Chromium driven by Playwright.

Every page opened through the `page` fixture fails its test if it requests
anything outside 127.0.0.1, or logs a console error the test did not expect.
"""

import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
from serve_site import make_server

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ARTIFACTS = ROOT / "_build" / "test-artifacts"


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site: _build/html, or $TINYTORCH_SITE_DIR."""
    path = Path(os.environ.get("TINYTORCH_SITE_DIR", ROOT / "_build" / "html"))
    if not (path / "index.html").exists():
        pytest.fail(f"no built site at {path}: run `make book` (make test does) first")
    return path


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def serve_in_thread(root: Path):
    server = make_server(root, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def site_url(site_dir):
    """Base URL of the built site, served by the project's own server on a free port."""
    server = serve_in_thread(site_dir)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: `make test` installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class PageGuard:
    """What a page did that a test must not allow: off-site requests and console errors."""

    def __init__(self):
        self.offsite_requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []

    def assert_clean(self, allow_console: tuple[str, ...] = ()):
        assert not self.offsite_requests, f"requests left 127.0.0.1: {self.offsite_requests}"
        assert not self.page_errors, f"uncaught page errors: {self.page_errors}"
        unexpected = [m for m in self.console_errors if not any(a in m for a in allow_console)]
        assert not unexpected, f"console errors: {unexpected}"


def _guard_context(context, guard: PageGuard):
    def route(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            guard.offsite_requests.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)


@pytest.fixture
def guarded_context(browser):
    """A fresh browser context (empty cache) whose off-site requests are blocked and recorded.

    Service workers are blocked here: each page is a first visit as a browser without one sees it, and
    page.route sees every request. The site's service worker has its own tests on a persistent profile
    (tests/browser/test_offline.py, test_interrupt.py).
    """
    guard = PageGuard()
    context = browser.new_context(viewport={"width": 1440, "height": 900}, service_workers="block")
    _guard_context(context, guard)
    context.guard = guard
    yield context
    context.close()


@pytest.fixture
def page(guarded_context):
    """A page in a guarded context; the test fails on off-site requests or uncaught errors."""
    guard = guarded_context.guard
    page = guarded_context.new_page()
    page.on("console", lambda m: guard.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: guard.page_errors.append(str(e)))
    page.guard = guard
    yield page
    assert not guard.offsite_requests, f"requests left 127.0.0.1: {guard.offsite_requests}"
    assert not guard.page_errors, f"uncaught page errors: {guard.page_errors}"
