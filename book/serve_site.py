"""Serve the built site on 127.0.0.1 with the MIME types Pyodide needs (.wasm, .mjs), byte ranges (audio
seeking), gzip for text and wasm when the client accepts it, and Cache-Control headers."""

import argparse
import email.utils
import functools
import gzip
import http.server
import io
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

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

# Types worth compressing; images, audio, PDFs and wheels are compressed already.
COMPRESSIBLE_TYPES = ("text/", "application/javascript", "application/json", "application/wasm",
                      "image/svg+xml", "application/xml")
# Sphinx and the theme name a file's content in its URL (?v=<checksum>, ?digest=<hash>): such a URL
# never changes meaning, so browsers may keep it for a year without asking again.
CONTENT_HASH_QUERY = re.compile(r"(?:^|&)(?:v|digest)=[0-9a-f]{6,}")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # kept, but checked with If-Modified-Since (a 304 costs no body) on every use


def cache_control(url_path: str) -> str:
    """The Cache-Control a response for `url_path` gets: immutable for content-hashed URLs, else no-cache."""
    return IMMUTABLE if CONTENT_HASH_QUERY.search(urlsplit(url_path).query) else REVALIDATE


class GzipCache:
    """Gzipped file bodies, kept while the file's size and modification time stay the same."""

    def __init__(self):
        self._entries: dict[str, tuple[tuple[int, int], bytes]] = {}
        self._lock = threading.Lock()

    def get(self, path: str) -> bytes:
        stat = os.stat(path)
        key = (stat.st_size, stat.st_mtime_ns)
        with self._lock:
            entry = self._entries.get(path)
        if entry and entry[0] == key:
            return entry[1]
        with open(path, "rb") as file:
            body = gzip.compress(file.read(), compresslevel=6, mtime=0)
        with self._lock:
            self._entries[path] = (key, body)
        return body


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when accepted, with cache headers, plus single byte-range requests."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}
    log_successes = True
    gzip_cache = GzipCache()

    def log_request(self, code="-", size="-"):
        if self.log_successes or not str(code).startswith(("2", "3")):
            super().log_request(code, size)

    def end_headers(self):
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Cache-Control", cache_control(self.path))
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
            index = os.path.join(path, "index.html")
            path = index if os.path.isfile(index) else path
        match = BYTE_RANGE.fullmatch(self.headers.get("Range", "").strip())
        if not match or not any(match.groups()) or not os.path.isfile(path):
            if os.path.isfile(path) and self._wants_gzip(path):
                return self._send_gzipped(path)
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

    def _wants_gzip(self, path: str) -> bool:
        accepted = [part.split(";")[0].strip() for part in self.headers.get("Accept-Encoding", "").split(",")]
        return "gzip" in accepted and self.guess_type(path).startswith(COMPRESSIBLE_TYPES)

    def _send_gzipped(self, path: str):
        """The whole file gzipped (200), or 304 when the client's copy is as new as the file."""
        modified = int(os.path.getmtime(path))
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                unchanged = int(email.utils.parsedate_to_datetime(since).timestamp()) >= modified
            except (TypeError, ValueError):
                unchanged = False
            if unchanged:
                self.send_response(304)
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return None
        body = self.gzip_cache.get(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(modified))
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
