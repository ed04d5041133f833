"""`make serve` compresses text and wasm when the client accepts gzip, and tells browsers how long to keep files."""

import gzip
import re
import threading
import urllib.error
import urllib.request

import pytest
from serve_site import IMMUTABLE, make_server

CHAPTER = "book/02_activations.html"
PAGE = "<!doctype html><title>t</title>" + "<p>activations</p>" * 200
SCRIPT = "const relu = (x) => Math.max(0, x);\n" * 100


@pytest.fixture
def served(tmp_path):
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "app.js").write_text(SCRIPT)
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    server = make_server(tmp_path, "127.0.0.1", 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch(url, **headers):
    """Status, headers and the body exactly as sent (urllib does not decompress)."""
    request = urllib.request.Request(url, headers={k.replace("_", "-"): v for k, v in headers.items()})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.parametrize("path, text", [("/", PAGE), ("/index.html", PAGE), ("/app.js", SCRIPT)])
def test_html_and_js_are_gzipped_when_accepted(served, path, text):
    status, headers, body = fetch(served + path, Accept_Encoding="gzip, deflate, br")
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert int(headers["Content-Length"]) == len(body) < len(text.encode())
    assert gzip.decompress(body).decode() == text


def test_without_accept_encoding_the_body_is_sent_as_is(served):
    status, headers, body = fetch(served + "/app.js")
    assert status == 200 and headers["Content-Encoding"] is None
    assert body.decode() == SCRIPT


def test_images_are_not_gzipped_again(served):
    _, headers, _ = fetch(served + "/picture.png", Accept_Encoding="gzip")
    assert headers["Content-Encoding"] is None


def test_a_byte_range_is_served_from_the_plain_file(served):
    status, headers, body = fetch(served + "/app.js", Accept_Encoding="gzip", Range="bytes=0-4")
    assert status == 206 and headers["Content-Encoding"] is None and body == SCRIPT[:5].encode()


def test_html_must_be_revalidated_and_content_hashed_urls_are_immutable(served):
    assert fetch(served + "/index.html", Accept_Encoding="gzip")[1]["Cache-Control"] == "no-cache"
    assert fetch(served + "/app.js")[1]["Cache-Control"] == "no-cache"
    for query in ("?v=5a7b9f3c", "?digest=8d27b9dead4a5c8c1fb1"):
        assert fetch(served + "/app.js" + query, Accept_Encoding="gzip")[1]["Cache-Control"] == IMMUTABLE


def test_a_gzipped_file_not_changed_since_the_clients_copy_gets_304(served):
    _, headers, _ = fetch(served + "/app.js", Accept_Encoding="gzip")
    status, again, body = fetch(served + "/app.js", Accept_Encoding="gzip",
                                If_Modified_Since=headers["Last-Modified"])
    assert status == 304 and body == b""
    assert again["Cache-Control"] == "no-cache"


def test_the_built_chapter_and_its_scripts_are_compressed_and_cached(site_url):
    status, headers, body = fetch(f"{site_url}/{CHAPTER}", Accept_Encoding="gzip")
    assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "no-cache"
    html = gzip.decompress(body).decode()
    scripts = re.findall(r'<script[^>]+src="([^"]+\?(?:v|digest)=[0-9a-f]+)"', html)
    assert scripts, "the chapter names no content-hashed script"
    for src in scripts[:3]:
        url = urllib.request.urljoin(f"{site_url}/{CHAPTER}", src)
        status, headers, body = fetch(url, Accept_Encoding="gzip")
        assert status == 200, url
        assert headers["Content-Encoding"] == "gzip", url
        assert headers["Cache-Control"] == IMMUTABLE, url
        assert gzip.decompress(body)
