"""Serve the built site on 127.0.0.1 with the MIME types Pyodide needs (.wasm, .mjs) and byte ranges (audio seeking)."""

import argparse
import functools
import http.server
import io
import os
import re
from pathlib import Path

EXTRA_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".vtt": "text/vtt",
    ".whl": "application/zip",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".mp3": "audio/mpeg",
}


BYTE_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, plus single byte-range requests (a media player seeks with them)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}
    log_successes = True

    def log_request(self, code="-", size="-"):
        if self.log_successes or not str(code).startswith(("2", "3")):
            super().log_request(code, size)

    def end_headers(self):
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        match = BYTE_RANGE.fullmatch(self.headers.get("Range", "").strip())
        if not match or not any(match.groups()) or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last), size - 1) if last else size - 1
        else:  # "bytes=-N": the last N bytes
            start, end = max(size - int(last), 0), size - 1
        if start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        with open(path, "rb") as file:
            file.seek(start)
            body = file.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class QuietSiteHandler(SiteHandler):
    """The same server, logging only failed requests (for tests)."""

    log_successes = False


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False):
    """A threading HTTP server for the folder `root` (port 0 picks a free port)."""
    handler = functools.partial(QuietSiteHandler if quiet else SiteHandler, directory=str(root))
    return http.server.ThreadingHTTPServer((host, port), handler)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path, help="the built site, e.g. _build/html")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    if not (args.root / "index.html").exists():
        raise SystemExit(f"{args.root}/index.html not found: build the book first (make serve does)")
    server = make_server(args.root, args.host, args.port)
    print(f"Serving {args.root} at http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
