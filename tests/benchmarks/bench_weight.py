"""First-load weight of every page: all bytes a cold browser downloads until the
``load`` event, compressed as a static host sends them (gzip), and how many of
those bytes are Pyodide's.

Goals (issue 7): under 150 KB for a text page; no Pyodide byte before the reader
asks (the demos fetch it on click). A demo page's first load is held to the same
150 KB. The site is built once (``SITE_URL`` set to the loopback server), served
by :func:`serve_gzip`, and each page opens in a fresh browser context (empty cache).
``BENCH_SITE=/path/to/site`` reuses a built site instead.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import mimetypes
import os
import sys
import tempfile
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, ClassVar

from tests.conftest import CHROMIUM_ARGS, free_port, serving

ROOT = Path(__file__).resolve().parents[2]
GOAL_KB = 150
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/wasm",
)


def chromium() -> str:
    return os.environ.get("CHROMIUM") or "/usr/bin/chromium"


class GzipHandler(http.server.BaseHTTPRequestHandler):
    """Serves a built site as a static host does: ``index.html`` for folders,
    ``404.html`` with status 404, gzip when the client accepts it (text, JS, JSON,
    SVG, WebAssembly), ``Cache-Control: max-age=600`` like GitHub Pages."""

    site: Path
    cache: ClassVar[dict[Path, bytes]] = {}
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def do_GET(self) -> None:
        self.respond(body=True)

    def respond(self, *, body: bool) -> None:
        path = self.path.split("?")[0].split("#")[0]
        target = (self.site / path.lstrip("/")).resolve()
        status = 200
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if not target.is_file() or self.site.resolve() not in target.parents:
            target, status = self.site / "404.html", 404
        data = target.read_bytes()
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix in {".js", ".mjs"}:
            ctype = "text/javascript"
        elif target.suffix == ".wasm":
            ctype = "application/wasm"
        zipped = "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(
            COMPRESSIBLE
        )
        if zipped:
            if target not in self.cache:
                self.cache[target] = gzip.compress(data, compresslevel=6, mtime=0)
            data = self.cache[target]
        self.send_response(status)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if "text" in ctype else ""))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Vary", "Accept-Encoding")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if body:
            # the browser may have moved on (a new page, a closed context)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)


def serve_gzip(site: Path, port: int = 0) -> AbstractContextManager[str]:
    """Serve ``site`` gzip-compressed on 127.0.0.1; the context gives its base URL."""
    return serving(type("Handler", (GzipHandler,), {"site": site, "cache": {}}), port)


@functools.cache
def built_site(port: int) -> Path:
    """One strict build per bench run whose ``site_url`` is the loopback server."""
    if os.environ.get("BENCH_SITE"):
        return Path(os.environ["BENCH_SITE"])
    import subprocess

    dest = Path(tempfile.mkdtemp(prefix="bench-site-"))
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=ROOT,
        env={**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/", "NO_MKDOCS_2_WARNING": "1"},
        check=True,
        capture_output=True,
    )
    print(f"(built the site in {time.perf_counter() - start:.1f} s)\n", flush=True)
    return dest


@functools.cache
def bench_port() -> int:
    return free_port()


def nav_paths() -> list[str]:
    """Every page of the nav in ``mkdocs.yml``, in nav order, as a path under the site root
    (``""`` for the home page, ``"guide/costs/"``), then two of the largest lesson pages of
    the Snippets API (not in the nav). ``BENCH_PAGES`` (comma-separated) narrows it."""
    from tests.browser.test_phone import page_paths

    paths = page_paths()
    wanted = os.environ.get("BENCH_PAGES", "").split(",")
    chosen = [p.strip().strip("/") for p in wanted if p.strip()]
    return [p for p in paths if not chosen or p.strip("/") in chosen]


def first_load(browser: Any, url: str) -> tuple[int, int, int, int]:
    """(compressed bytes, Pyodide bytes, requests) finished before ``load``, and the
    bytes by network idle (Material's search index arrives in the background)."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])),
    )
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(url, wait_until="load")
    done = {rid: n for rid, n in sizes.items() if "search_index.json" not in urls.get(rid, "")}
    page.wait_for_load_state("networkidle")
    idle = sum(sizes.values())
    context.close()
    pyodide = sum(n for rid, n in sizes.items() if "/pyodide/" in urls.get(rid, ""))
    return sum(done.values()), pyodide, len(done), idle


def main() -> None:
    from playwright.sync_api import sync_playwright

    port = bench_port()
    site = built_site(port)
    rows = []
    with serve_gzip(site, port) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        for path in nav_paths():
            rows.append((path, *first_load(browser, base + path)))
        browser.close()
    print(
        "| page | requests until load | KB until load (gzip) | KB by network idle "
        f"| Pyodide KB before asking | goal < {GOAL_KB} KB until load, 0 Pyodide |"
    )
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for path, total, pyodide, requests, idle in rows:
        met = total / 1024 < GOAL_KB and pyodide == 0
        print(
            f"| /{path} | {requests} | {total / 1024:.1f} | {idle / 1024:.1f} "
            f"| {pyodide / 1024:.1f} | {'met' if met else 'not met'} |"
        )
    print(
        "\nUntil load leaves out Material's search index (search/search_index.json): its "
        "search worker fetches it in the background, sometimes just before `load`. It is "
        "in the network-idle column."
    )
    path, total, *_ = max(rows, key=lambda r: r[1])
    print(
        f"\nLargest first load: /{path}, {total / 1024:.1f} KB "
        f"({'met' if total / 1024 < GOAL_KB else 'not met'}: goal < {GOAL_KB} KB)."
    )


if __name__ == "__main__":
    main()
