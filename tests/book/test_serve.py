"""The project's own static server: MIME types Pyodide needs, and byte ranges for seeking media."""

import urllib.error
import urllib.request

import threading

import pytest
from serve_site import make_server


@pytest.fixture
def served(tmp_path):
    (tmp_path / "index.html").write_text("<title>t</title>")
    (tmp_path / "module.wasm").write_bytes(b"\0asm" + bytes(range(96)))
    (tmp_path / "worker.mjs").write_text("export {};")
    server = make_server(tmp_path, "127.0.0.1", 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch(url, **headers):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_wasm_and_module_scripts_get_the_types_browsers_require(served):
    _, url = served
    assert fetch(url + "/module.wasm")[1]["Content-Type"] == "application/wasm"
    assert fetch(url + "/worker.mjs")[1]["Content-Type"] == "text/javascript"


@pytest.mark.parametrize(
    "header, expected_slice",
    [("bytes=0-9", slice(0, 10)), ("bytes=90-", slice(90, None)), ("bytes=-5", slice(-5, None)),
     ("bytes=95-5000", slice(95, None))],
)
def test_a_byte_range_returns_206_with_exactly_those_bytes(served, header, expected_slice):
    root, url = served
    data = (root / "module.wasm").read_bytes()
    status, headers, body = fetch(url + "/module.wasm", Range=header)
    assert status == 206
    assert body == data[expected_slice]
    assert headers["Content-Range"].endswith(f"/{len(data)}")
    assert int(headers["Content-Length"]) == len(body)


def test_a_range_past_the_end_is_refused_with_416(served):
    _, url = served
    status, headers, _ = fetch(url + "/module.wasm", Range="bytes=500-")
    assert status == 416
    assert headers["Content-Range"] == "bytes */100"


def test_a_plain_request_gets_the_whole_file_and_advertises_ranges(served):
    root, url = served
    status, headers, body = fetch(url + "/module.wasm")
    assert status == 200 and body == (root / "module.wasm").read_bytes()
    assert headers["Accept-Ranges"] == "bytes"
