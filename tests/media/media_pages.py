"""Where the built media live, and a test-only page that shows them with the site's own CSS and JS."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SLIDES_PDF = ROOT / "slides" / "build" / "02_activations.pdf"
FACTS = ROOT / "slides" / "build" / "facts.json"
AUDIO_DIR = ROOT / "audio" / "build"
AUDIO_MANIFEST = AUDIO_DIR / "02_activations.json"
CHAPTER = "book/02_activations.html"
TEST_PAGE = "book/_media_test.html"  # served by a route in the test, never part of the site


def serve_test_page(page, site_url: str, body: str):
    """Serve `body` at TEST_PAGE with the site's own slide and audio CSS/JS; media under _media_test/ come
    from slides/build and audio/build, so the page works whether or not the chapter shows them yet."""
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>media test</title>
<link rel="stylesheet" href="../_static/slides.css"><link rel="stylesheet" href="../_static/audio.css">
</head><body style="max-width: 900px; margin: 2rem auto">{body}
<script type="module" src="../_static/slides.js"></script><script type="module" src="../_static/audio.js"></script>
</body></html>"""
    page.route(f"{site_url}/{TEST_PAGE}", lambda route: route.fulfill(body=html, content_type="text/html"))

    def media(route):
        name = route.request.url.rsplit("/", 1)[-1]
        for folder in (SLIDES_PDF.parent, AUDIO_DIR):
            if (folder / name).is_file():
                return route.fulfill(path=str(folder / name))
        return route.fulfill(status=404, body="not found")

    page.route(f"{site_url}/book/_media_test/*", media)
    return f"{site_url}/{TEST_PAGE}"
