"""A browser profile that keeps its service worker between visits, and a site server a test can stop or switch."""

import contextlib
import importlib.util
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("tests_shared_fixtures", ROOT / "tests" / "conftest.py")
shared = importlib.util.module_from_spec(_spec)  # the suite's own flags, guard and server (by path: every folder has a conftest)
_spec.loader.exec_module(shared)

CONTROLLED = "() => navigator.serviceWorker.controller !== null"
RUNTIME_KEPT = "() => document.documentElement.dataset.offlineRuntime !== undefined"


@contextlib.contextmanager
def switchable_site(site_dir: Path, tmp_path: Path):
    """Serve `site_dir` through a symlink, so a test can point the same origin at another build: yields (url, point_at)."""
    link = tmp_path / "served-site"
    link.symlink_to(site_dir, target_is_directory=True)

    def point_at(folder: Path):
        replacement = tmp_path / "served-site.new"
        replacement.symlink_to(folder, target_is_directory=True)
        os.replace(replacement, link)

    server = shared.serve_in_thread(link)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", point_at, server
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def persistent_profile(browser, profile_dir: Path, **options):
    """A persistent Chromium context (Debian's chromium) whose off-site requests are blocked and recorded."""
    context = browser.browser_type.launch_persistent_context(
        str(profile_dir), executable_path=shutil.which("chromium"), args=shared.CHROMIUM_FLAGS,
        viewport={"width": 1440, "height": 900}, **options)
    guard = shared.PageGuard()
    shared._guard_context(context, guard)
    context.guard = guard
    try:
        yield context
    finally:
        context.close()


def guarded_page(context):
    """The profile's first tab, recording uncaught page errors on the context's guard."""
    page = context.pages[0] if context.pages else context.new_page()
    page.on("pageerror", lambda e: context.guard.page_errors.append(str(e)))
    page.guard = context.guard
    return page
