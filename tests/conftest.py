"""Shared fixtures: one strict build of the site per test session, a loopback
server for it, and a headless Chromium driven by Playwright.

The session's site is built with ``SITE_URL`` set to the loopback address that
serves it, as GitHub Pages serves the real site at its ``site_url``: the sitemap,
canonical links and Material's instant navigation all see their own origin, so
a click on an in-site link in a browser test swaps the page without a reload,
exactly as it does for a reader. The server's socket is bound before the build
(so no other process can take the port in between) and answers once the build
is done.

Browser tests never skip: without Chromium they fail with the one line that says
what to install (``make test`` finds or installs it first).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from socketserver import BaseRequestHandler
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_site(dest: Path, *, extra_env: dict[str, str] | None = None) -> float:
    """Run ``mkdocs build --strict`` into ``dest``; return the seconds it took."""
    env = {**os.environ, **(extra_env or {})}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


class _SiteServer:
    """A loopback HTTP server bound now, serving ``directory`` once started."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory))
        )
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        if self._thread is None:
            self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
            self._thread.start()
        return self.base

    def close(self) -> None:
        if self._thread is not None:
            self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def _site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_SiteServer]:
    server = _SiteServer(tmp_path_factory.mktemp("site"))
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def site_build_env(_site_server: _SiteServer) -> dict[str, str]:
    """The environment the session's site is built with: ``SITE_URL`` is its server."""
    return {"SITE_URL": _site_server.base}


@pytest.fixture(scope="session")
def built_site(_site_server: _SiteServer, site_build_env: dict[str, str]) -> Path:
    """The site, built once per session with ``mkdocs build --strict`` for its server."""
    seconds = build_site(_site_server.directory, extra_env=site_build_env)
    print(f"\nmkdocs build --strict: {seconds:.1f} s")
    return _site_server.directory


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


def free_port() -> int:
    """A loopback port nobody listens on now (to build a site for it, then serve it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(handler: Callable[..., BaseRequestHandler], port: int = 0) -> Iterator[str]:
    """Serve with ``handler`` on 127.0.0.1 (a free port unless given); yield the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path, _site_server: _SiteServer) -> str:
    """Base URL of the built site, served at the ``site_url`` it was built for."""
    return _site_server.start()


def find_chromium() -> str:
    """Chromium from ``$CHROMIUM`` or ``PATH``; fail (never skip) without one."""
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail(
            "Chromium not found: run 'make test' (it installs Debian's chromium as root) "
            "or set CHROMIUM=/path/to/chromium.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium shared by the session's browser tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class PageWatch:
    """What a page did that a test may want to forbid: requests off loopback, errors."""

    def __init__(self) -> None:
        self.foreign_requests: list[str] = []
        self.console_errors: list[str] = []

    def assert_clean(self) -> None:
        assert self.foreign_requests == [], "requests left 127.0.0.1"
        assert self.console_errors == [], "console errors or uncaught exceptions"


@pytest.fixture
def watched_page(browser: object) -> Iterator[tuple[object, PageWatch]]:
    """A fresh page whose off-loopback requests are recorded and aborted."""
    context = browser.new_context()  # type: ignore[attr-defined]
    watch = PageWatch()

    def route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            watch.foreign_requests.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", route)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: watch.console_errors.append(str(exc)))
    try:
        yield page, watch
    finally:
        context.close()
