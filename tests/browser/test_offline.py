"""The site's service worker in Chromium with a persistent profile: offline return visits, a rebuilt site, no worker at all."""

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from cell_page import CELL, build_output, fill_code, open_chapter, run, same_output, wait_until_set_up
from chromium_histograms import CODE_CACHE_HIT, CODE_CACHE_MISS, CODE_CACHING, CODE_KEPT, chromium_histogram
from interactive.config import book_settings
from interactive.service_worker import cache_prefix
from offline_profile import CONTROLLED, RUNTIME_KEPT, guarded_page, persistent_profile, switchable_site
from test_exercises import check

SHOTS = Path(__file__).resolve().parents[2] / "_build" / "test-artifacts" / "offline-shots"
SLIDES_SHOWN = "() => /^\\d+$/.test(document.querySelector('.tt-slides [data-role=count]').textContent.trim())"
AUDIO_PLAYS = """async () => {
    const audio = document.querySelector('audio.tt-audio__player');
    audio.muted = true;
    await audio.play();
    await new Promise((resolve) => audio.addEventListener('timeupdate', function seen() {
        if (audio.currentTime > 0.2) { audio.removeEventListener('timeupdate', seen); resolve(); } }));
    audio.pause();
    return {duration: audio.duration, time: audio.currentTime, error: audio.error && audio.error.message}; }"""
TRANSITIONS_DONE = "() => document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== 'running')"
MARKER_CODE = "import tinytorch\ngetattr(tinytorch, 'SITE_BUILD', 'first build')"
PYTHON = "() => window.interactiveRuntime.python"
PACKAGES = "() => window.interactiveRuntime.packages"
BOTH_KEPT = "() => window.interactiveRuntime.python.kept && window.interactiveRuntime.packages.kept"
MATH_FONT_LOADED = """async () => { await document.fonts.ready; return document.querySelector('math') !== null
    && [...document.fonts].some((face) => face.family.replace(/"/g, '') === 'Site Math' && face.status === 'loaded'); }"""


def first_visit(page, url: str, use_media: bool = True):
    """A reader's first visit: the worker takes control, a cell runs, the slides show and the audio plays."""
    open_chapter(page, url)
    page.wait_for_function(CONTROLLED, timeout=60_000)
    live = run(page, 0)
    assert not live["traceback"], live["traceback"]
    assert page.evaluate(PYTHON)["restored"] is False, "a first visit has no kept Python to restore"
    assert page.evaluate(PACKAGES)["restored"] is False, "a first visit installs its packages from the wheels"
    page.wait_for_function(RUNTIME_KEPT, timeout=120_000)
    page.wait_for_function(BOTH_KEPT, timeout=60_000)  # the started Python and its packages, kept for the next visit
    if use_media:
        page.locator(".tt-slides").scroll_into_view_if_needed()
        page.wait_for_function(SLIDES_SHOWN, timeout=60_000)
        page.evaluate(AUDIO_PLAYS)


def test_after_one_visit_the_chapter_works_offline(browser, site_dir, tmp_path):
    with switchable_site(site_dir, tmp_path) as (url, _, server), \
            persistent_profile(browser, tmp_path / "profile") as context:
        page = guarded_page(context)
        first_visit(page, url)
        server.shutdown()  # the site is gone, not just the browser's network
        context.set_offline(True)
        page.reload()
        wait_until_set_up(page)
        assert page.evaluate("crossOriginIsolated"), "the service worker's COOP/COEP should isolate the page"
        built, live = build_output(page, 0), run(page, 0)
        assert not live["traceback"] and same_output(built["value"] + built["stdout"], live["value"] + live["stdout"])
        assert page.evaluate(PYTHON)["restored"] is True, "the return visit should restore the kept Python"
        assert page.evaluate(PACKAGES)["restored"] is True, "the return visit should write back the kept packages"
        solution = page.locator("section.tt-exercise[data-activation='ReLU'] details.tt-exercise-solution pre")
        assert check(page, "ReLU", solution.text_content())["state"] == "pass"
        page.locator(".tt-slides").scroll_into_view_if_needed()
        page.wait_for_function(SLIDES_SHOWN, timeout=60_000)
        played = page.evaluate(AUDIO_PLAYS)
        assert played["error"] is None and played["duration"] > played["time"] > 0.2, played
        assert page.evaluate(MATH_FONT_LOADED), "the formulas' math font should load offline"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(CELL).nth(0).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "offline-reload-1440.png"))
        page.set_viewport_size({"width": 375, "height": 800})
        page.wait_for_function(TRANSITIONS_DONE)  # the sidebars slide off-canvas as the layout narrows
        page.locator(CELL).nth(0).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "offline-reload-375.png"))
        page.guard.assert_clean()


def test_a_return_visit_reuses_the_compiled_runtime(browser, site_dir, tmp_path):
    """The code V8 compiles for pyodide.asm.wasm on a visit is kept beside the service worker's copy of the file
    (sw.js answers a miss from the copy it kept), so the next visit's compile starts from it: Chromium counts a hit."""
    with switchable_site(site_dir, tmp_path) as (url, _, _server), \
            persistent_profile(browser, tmp_path / "profile") as context:
        page = guarded_page(context)
        open_chapter(page, url)
        page.wait_for_function(CONTROLLED, timeout=60_000)
        assert not run(page, 0)["traceback"]
        page.wait_for_function(RUNTIME_KEPT, timeout=120_000)
        # V8 hands the browser its compiled code once enough of it is optimised (and it has been quiet a while)
        kept = chromium_histogram(context, CODE_KEPT, samples=1, seconds=90)
        assert kept, "V8 never handed the browser the runtime's compiled code to keep"
        first = chromium_histogram(context, CODE_CACHING, samples=1)
        assert first == {CODE_CACHE_MISS: 1}, f"a first visit compiles from bytes, with a cache to write to: {first}"
        page.close()

        page = guarded_page(context)
        open_chapter(page, url)
        assert not run(page, 0)["traceback"]
        assert page.evaluate(PYTHON)["restored"] is True
        both = chromium_histogram(context, CODE_CACHING, samples=2)
        assert both == {CODE_CACHE_MISS: 1, CODE_CACHE_HIT: 1}, f"the return visit should reuse the compiled code: {both}"
        page.guard.assert_clean()



def second_build(site_dir: Path, folder: Path) -> str:
    """A copy of the built site whose tinytorch wheel differs (tinytorch.SITE_BUILD is set); returns its build id."""
    shutil.copytree(site_dir, folder)
    dist = folder / "_static" / "pyodide"
    lock = json.loads((dist / "pyodide-lock.json").read_text())
    wheel = dist / lock["packages"]["tinytorch"]["file_name"]
    rebuilt = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "tinytorch/__init__.py":
                data += b'\nSITE_BUILD = "second build"\n'
            elif item.filename == "tinytorch/__pycache__/__init__.cpython-312.pyc":
                continue  # bytecode of the old source (bytecode.py would compile the new one): Python compiles it
            target.writestr(item, data)
    rebuilt.replace(wheel)
    lock["packages"]["tinytorch"]["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
    (dist / "pyodide-lock.json").write_text(json.dumps(lock))
    worker = folder / "sw.js"
    old_id = json.loads(worker.read_text().split("const BUILD = ", 1)[1].split(";", 1)[0])
    new_id = hashlib.sha256(old_id.encode() + b"second").hexdigest()[:16]
    worker.write_text(worker.read_text().replace(json.dumps(old_id), json.dumps(new_id), 1))
    return new_id


def test_a_rebuilt_site_takes_over_with_its_own_wheel_after_reload(browser, site_dir, tmp_path):
    new_id = second_build(site_dir, tmp_path / "second-build")
    with switchable_site(site_dir, tmp_path) as (url, point_at, _), \
            persistent_profile(browser, tmp_path / "profile") as context:
        page = guarded_page(context)
        first_visit(page, url, use_media=False)
        old_id = page.evaluate("document.documentElement.dataset.offlineBuild")
        assert run(page, 0, MARKER_CODE)["value"] == "'first build'"
        point_at(tmp_path / "second-build")
        page.reload()
        wait_until_set_up(page)
        notice = page.locator(".tt-update")
        notice.wait_for(timeout=60_000)
        assert notice.get_attribute("role") == "status" and "newer version" in notice.text_content()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "newer-version-notice-1440.png"))
        assert run(page, 0, MARKER_CODE)["value"] == "'first build'", "the old page must keep its own wheel"
        with page.expect_navigation():
            notice.get_by_role("button", name="Reload").click()
        wait_until_set_up(page)
        assert run(page, 0, MARKER_CODE)["value"] == "'second build'"
        assert page.evaluate(PYTHON)["restored"] is False, "a new build must not restore the old build's Python"
        assert page.evaluate(PACKAGES)["restored"] is False, "a new build must install its own wheels"
        caches = page.evaluate("caches.keys()")
        prefix = cache_prefix(book_settings(Path(__file__).resolve().parents[2] / "_config.yml").storage_prefix)
        assert caches == [f"{prefix}{new_id}"], f"old caches should be gone (had {old_id}): {caches}"
        page.guard.assert_clean()


SPOIL_KEPT_COPY = """async (name) => {
    const [cacheName] = await caches.keys();
    const key = new URL(`_static/pyodide/${name}`, location.origin + "/").href;
    const cache = await caches.open(cacheName);
    if (!(await cache.match(key))) return false;
    await cache.put(key, new Response(new Uint8Array(4096).fill(7)));
    return true; }"""
KEPT_COPIES = {"python": ("memory-snapshot.bin", "could not be restored"),
               "packages": ("start-packages.bin", "does not start with TTKP")}


@pytest.mark.parametrize("what", sorted(KEPT_COPIES))
def test_a_spoilt_kept_copy_means_a_fresh_start_that_replaces_it(browser, site_dir, tmp_path, what):
    name, warning = KEPT_COPIES[what]
    kept = f"() => window.interactiveRuntime.{what}"
    with switchable_site(site_dir, tmp_path) as (url, _, _server), \
            persistent_profile(browser, tmp_path / "profile") as context:
        page = guarded_page(context)
        first_visit(page, url, use_media=False)
        assert page.evaluate(SPOIL_KEPT_COPY, name), f"the first visit should have kept {name}"
        warnings = []
        page.on("worker", lambda worker: worker.on("console", lambda message: warnings.append(message.text)))
        page.reload()
        page.wait_for_selector(CELL)
        live = run(page, 0, "import numpy as np\nx = np.arange(3.0)\nfloat(x.sum())")
        assert not live["traceback"] and live["value"] == "3.0", live
        assert page.evaluate(kept)["restored"] is False
        assert any(warning in text for text in warnings), f"the worker should say why it started afresh: {warnings}"
        page.wait_for_function(f"() => window.interactiveRuntime.{what}.kept", timeout=60_000)  # a good copy replaces it
        page.reload()
        page.wait_for_selector(CELL)
        assert run(page, 0, "float(__import__('numpy').arange(4.0).sum())")["value"] == "6.0"
        assert page.evaluate(kept)["restored"] is True
        page.guard.assert_clean(allow_console=("could not be restored",))


def test_with_kept_packages_a_plot_still_loads_matplotlib_and_not_numpy_again(browser, site_dir, tmp_path):
    """matplotlib's wheels load on first use; numpy, one of its dependencies, came from the kept copy and is not
    fetched or installed a second time."""
    with switchable_site(site_dir, tmp_path) as (url, _, _server), \
            persistent_profile(browser, tmp_path / "profile") as context:
        page = guarded_page(context)
        first_visit(page, url, use_media=False)
        page.close()
        page = guarded_page(context)
        wheels = []
        page.on("request", lambda request: request.url.endswith(".whl") and wheels.append(request.url.rsplit("/", 1)[1]))
        open_chapter(page, url)
        plot = "import matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0])\nplt.title('kept')\nprint('plotted')"
        live = run(page, 0, plot)
        assert not live["traceback"] and live["stdout"] == "plotted\n", live
        assert page.evaluate(PACKAGES)["restored"] is True
        assert live["images"] == 1, live
        assert any(name.startswith("matplotlib-") for name in wheels), wheels
        assert not any(name.startswith(("numpy-", "tinytorch-")) for name in wheels), wheels
        version = page.evaluate("() => window.interactiveRuntime.call('importlib.metadata:version', ['numpy'])")
        assert version["ok"] and version["data"] == page.evaluate("() => window.interactiveRuntime.versions.packages.numpy"), \
            f"numpy's metadata (its dist-info) should be written back with it: {version}"
        page.guard.assert_clean()


def test_with_service_workers_blocked_the_chapter_works_as_before(browser, site_dir, tmp_path):
    with switchable_site(site_dir, tmp_path) as (url, _, _server), \
            persistent_profile(browser, tmp_path / "profile", service_workers="block") as context:
        page = guarded_page(context)
        open_chapter(page, url)
        built, live = build_output(page, 0), run(page, 0)
        assert same_output(built["value"] + built["stdout"], live["value"] + live["stdout"])
        page.reload()
        wait_until_set_up(page)
        assert page.evaluate("navigator.serviceWorker.controller === null && !crossOriginIsolated")
        cell = page.locator(CELL).nth(0)
        fill_code(cell, "while True:\n    pass")
        cell.locator("button.tt-primary").click()
        page.wait_for_function("window.interactiveRuntime.status.stage === 'running'", timeout=120_000)
        cell.locator("button.tt-stop").click()
        page.wait_for_function(f"document.querySelectorAll('{CELL}')[0].dataset.runs === '1'", timeout=60_000)
        notice = cell.locator(".tt-interrupted").text_content()
        assert notice.startswith("Stopped. The Python runtime was restarted"), notice
        page.guard.assert_clean()
