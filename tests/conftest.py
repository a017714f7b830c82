"""Shared fixtures: one strict build of the site per test run, a loopback server
for it, and a headless Chromium driven by Playwright.

The site is built with ``SITE_URL`` set to the loopback address that serves it,
as GitHub Pages serves the real site at its ``site_url``: the sitemap, canonical
links and Material's instant navigation all see their own origin, so a click on
an in-site link in a browser test swaps the page without a reload, exactly as it
does for a reader. The server's socket is bound before the build (so no other
process can take the port in between) and serves the folder the build writes.

One build serves the whole run, however many pytest-xdist workers share it. The
process that starts the run (the xdist controller, or pytest itself without
``-n``) binds the server in ``pytest_configure`` and hands its folder and address
to the workers. The build is lazy: the first test that needs ``built_site`` takes
an exclusive lock beside the folder, builds, and writes down how the build went;
every other worker waits on the lock and reads that record, so a failed build
fails each test that needs it with the build's output. ``pytest tests/snippets``
builds nothing. The sub-path site of ``tests/site/test_subpath.py`` is shared the
same way.

Browser tests never skip: without Chromium they fail with the one line that says
what to install (``make test`` finds or installs it first).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from socketserver import BaseRequestHandler
from typing import Any, ClassVar
from urllib.parse import urlsplit

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
SUB_PATH = "/sub/path/"  # where tests/site/test_subpath.py's site lives, as on a project site


def run_build(dest: Path, *, extra_env: dict[str, str] | None = None) -> tuple[bool, str, float]:
    """Run ``mkdocs build --strict`` into ``dest``: (succeeded, its output, seconds)."""
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
    return result.returncode == 0, f"{result.stdout}\n{result.stderr}", time.perf_counter() - start


def build_site(dest: Path, *, extra_env: dict[str, str] | None = None) -> float:
    """Run ``mkdocs build --strict`` into ``dest``; return the seconds it took."""
    ok, output, seconds = run_build(dest, extra_env=extra_env)
    if not ok:
        pytest.fail(f"mkdocs build --strict failed:\n{output}")
    return seconds


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


class PagesHandler(_Handler):
    """Serve ``directory`` at ``prefix`` only, as GitHub Pages serves a project site.

    Any address outside ``prefix``, a folder without ``index.html`` and a missing
    file answer ``404.html`` with status 404; a folder asked for without its
    trailing slash is redirected to it.
    """

    def __init__(self, *args: Any, prefix: str = SUB_PATH, **kwargs: Any) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def _not_found(self) -> None:
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self) -> bool:
        path = urlsplit(self.path).path
        if not path.startswith(self.prefix):
            self._not_found()
            return False
        local = Path(self.translate_path("/" + path.removeprefix(self.prefix)))
        if local.is_dir() and not (local / "index.html").is_file():
            self._not_found()
            return False
        if not local.exists():
            self._not_found()
            return False
        self.path = "/" + self.path.removeprefix(self.prefix)
        if local.is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.end_headers()
            return False
        return True

    def do_GET(self) -> None:
        if self._route():
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._route():
            super().do_HEAD()


def free_port() -> int:
    """A loopback port nobody listens on now (to build a site for it, then serve it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(handler: Callable[..., BaseRequestHandler], port: int = 0) -> Iterator[str]:
    """Serve with ``handler`` on 127.0.0.1 (a free port unless given); yield the base URL."""
    server = _QuietServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# -- one build per run, shared by every worker ------------------------------------


@dataclass(frozen=True)
class SharedSite:
    """A site built at most once per run into ``folder/site`` for ``base``.

    The run's first process serves ``folder/site`` at ``base`` from before the
    build to the end of the run. ``folder/lock`` and ``folder/build.json`` (how
    the build went) sit beside the site, since mkdocs empties its site folder.
    """

    folder: Path
    base: str

    @property
    def directory(self) -> Path:
        return self.folder / "site"

    def build(self) -> Path:
        """The built site; the first caller of the run builds it, the others wait."""
        record = self.folder / "build.json"
        with open(self.folder / "lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # held until this build is done and recorded
            if record.exists():
                done = json.loads(record.read_text(encoding="utf-8"))
            else:
                ok, output, seconds = run_build(self.directory, extra_env={"SITE_URL": self.base})
                done = {"ok": ok, "output": output, "seconds": seconds, "pid": os.getpid()}
                partial = record.with_suffix(".tmp")
                partial.write_text(json.dumps(done), encoding="utf-8")
                partial.replace(record)
                print(f"\nmkdocs build --strict for {self.base}: {seconds:.1f} s")
        if not done["ok"]:
            pytest.fail(
                f"mkdocs build --strict for {self.base} failed:\n{done['output']}", pytrace=False
            )
        return self.directory


_SHARED = pytest.StashKey[dict[str, SharedSite]]()
_WORKERINPUT = "shared_sites"
# Build the run's shared sites in this (new or empty) folder and keep it after the
# run, instead of a temporary folder removed at the end. tests/site/test_contributor_loop.py
# reads the site that the run it starts in a copy of the repository built.
KEEP_SITES = "TESTS_KEEP_SITES_IN"


class _QuietServer(http.server.ThreadingHTTPServer):
    """A loopback server that says nothing when a browser drops a download midway
    (a page closed while Pyodide loads): the test decides what matters."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


_SERVERS = pytest.StashKey[tuple[Path | None, list[_QuietServer]]]()


def _serve(folder: Path, handler: Callable[..., BaseRequestHandler]) -> tuple[Any, str]:
    (folder / "site").mkdir(parents=True)
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def pytest_addoption(parser: pytest.Parser) -> None:
    if (
        sys.platform == "emscripten"
    ):  # tests/pyodide: pytest-timeout (signals, threads) is not there
        parser.addini("timeout", "pyproject's per-test limit, for pytest-timeout outside Pyodide")


def pytest_configure(config: pytest.Config) -> None:
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:  # an xdist worker: the controller serves the sites
        config.stash[_SHARED] = {
            name: SharedSite(Path(folder), base)
            for name, (folder, base) in json.loads(workerinput[_WORKERINPUT]).items()
        }
        return
    if sys.platform == "emscripten":  # tests/pyodide runs pytest in Pyodide: no threads
        return
    kept = os.environ.get(KEEP_SITES)
    if kept:
        root = Path(kept)
        root.mkdir(parents=True, exist_ok=True)
        if any(root.iterdir()):
            raise pytest.UsageError(f"{KEEP_SITES}={kept}: the folder must be new or empty")
    else:
        root = Path(tempfile.mkdtemp(prefix="pytest-shared-site-"))
    site, base = _serve(
        root / "site", functools.partial(_Handler, directory=str(root / "site" / "site"))
    )
    sub, sub_root = _serve(
        root / "subpath",
        functools.partial(PagesHandler, directory=str(root / "subpath" / "site"), prefix=SUB_PATH),
    )
    config.stash[_SERVERS] = (None if kept else root, [site, sub])
    config.stash[_SHARED] = {
        "site": SharedSite(root / "site", base),
        "subpath": SharedSite(root / "subpath", sub_root.removesuffix("/") + SUB_PATH),
    }


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Hand each xdist worker the folders and addresses of the run's shared sites."""
    shared = node.config.stash.get(_SHARED, {})
    node.workerinput[_WORKERINPUT] = json.dumps(
        {name: (str(site.folder), site.base) for name, site in shared.items()}
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SERVERS in config.stash:
        root, servers = config.stash[_SERVERS]
        for server in servers:
            server.shutdown()
            server.server_close()
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)


def shared_site(config: pytest.Config, name: str) -> SharedSite:
    """The run's shared site ``name`` ("site" or "subpath"), not built yet."""
    shared = config.stash.get(_SHARED, {})
    if name not in shared:
        pytest.fail(f"no shared site {name!r} in this run ({sys.platform})", pytrace=False)
    return shared[name]


@pytest.fixture(scope="session")
def site_build_env(pytestconfig: pytest.Config) -> dict[str, str]:
    """The environment the session's site is built with: ``SITE_URL`` is its server."""
    return {"SITE_URL": shared_site(pytestconfig, "site").base}


@pytest.fixture(scope="session")
def built_site(pytestconfig: pytest.Config) -> Path:
    """The site, built once per run with ``mkdocs build --strict`` for its server."""
    return shared_site(pytestconfig, "site").build()


@pytest.fixture(scope="session")
def site_url(built_site: Path, pytestconfig: pytest.Config) -> str:
    """Base URL of the built site, served at the ``site_url`` it was built for."""
    return shared_site(pytestconfig, "site").base


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


# Material builds its search index from search/search_index.json in a Web Worker on
# every full page load: about 0.4 s of CPU here, for each of the suite's 200-odd page
# loads, while only a few tests search. The others get the same file with its list of
# documents emptied (the config, which search highlighting reads, is kept); a test
# marked ``search`` gets the real index.
SEARCH_INDEX = "**/search/search_index.json"


_EMPTY_INDEX: dict[str, bytes] = {}  # search index URL -> that index without documents


def serve_empty_search_index(context: Any, *, unless: Callable[[], bool] = lambda: False) -> None:
    """Answer ``context``'s requests for the search index with no documents, except
    while ``unless()`` is true (a test that searches)."""
    from playwright.sync_api import Error

    def route(route: Any) -> None:
        try:
            if unless():
                route.continue_()
                return
            url = route.request.url
            if url not in _EMPTY_INDEX:
                index = route.fetch().json()
                index["docs"] = []
                _EMPTY_INDEX[url] = json.dumps(index).encode()
            route.fulfill(status=200, content_type="application/json", body=_EMPTY_INDEX[url])
        except Error:  # the page or its context closed meanwhile, or the fetch failed
            with contextlib.suppress(Error):
                route.continue_()  # the real index, or nothing if nobody waits for it

    context.route(SEARCH_INDEX, route)


def new_context(browser: Any, *, unless: Callable[[], bool] = lambda: False, **options: Any) -> Any:
    """A browser context whose pages get the search index without its documents,
    except while ``unless()`` is true (see SEARCH_INDEX)."""
    context = browser.new_context(**options)
    serve_empty_search_index(context, unless=unless)
    return context


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium shared by the session's browser tests.

    Every address off loopback goes to a proxy that refuses connections (a port
    this process holds without listening), so a page's stray request fails at once
    instead of reaching the network; Chromium never proxies loopback. The tests
    record such requests from the context's ``request`` events (``PageWatch``).
    """
    from playwright.sync_api import sync_playwright

    with socket.socket() as refuse, sync_playwright() as pw:
        refuse.bind(("127.0.0.1", 0))
        proxy = f"--proxy-server=http://127.0.0.1:{refuse.getsockname()[1]}"
        chromium = pw.chromium.launch(executable_path=find_chromium(), args=[*CHROMIUM_ARGS, proxy])
        try:
            yield chromium
        finally:
            chromium.close()


LOOPBACK = ("http://127.0.0.1", "data:", "blob:")

# Every demo on the page has set itself up (demo-kit.js and decide.js mark their
# container ``data-ready``), then two animation frames pass (tables.js lays tables out
# in one): what a page's own scripts do after its load event, waited for rather than
# guessed with a fixed pause.
_DEMOS_READY = "() => [...document.querySelectorAll('[data-demo]')].every((d) => d.dataset.ready)"
_TWO_FRAMES = (
    "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
)


def settle(page: Any) -> None:
    """Wait until a loaded page's scripts have set it up (see ``_DEMOS_READY``)."""
    page.wait_for_function(_DEMOS_READY, timeout=30_000)
    page.evaluate(_TWO_FRAMES)


def follow_in_site_link(page: Any, href: str) -> None:
    """Click a link to ``href`` added to the page's article, as a reader clicks one,
    and wait until the new page's article has replaced the old one."""
    page.evaluate(
        """(href) => { const a = document.createElement("a"); a.href = href;
          a.textContent = "in-site link"; const article = document.querySelector("article");
          article.dataset.left = "1"; article.append(a); }""",
        href,
    )
    page.get_by_role("link", name="in-site link", exact=True).click()
    page.wait_for_url(href + "**")
    page.wait_for_function("() => !document.querySelector('article[data-left]')")


class PageWatch:
    """What a page did that a test may want to forbid: requests off loopback, errors."""

    def __init__(self) -> None:
        self.foreign_requests: list[str] = []
        self.console_errors: list[str] = []

    def request(self, request: Any) -> None:
        if not request.url.startswith(LOOPBACK):
            self.foreign_requests.append(request.url)

    def assert_clean(self) -> None:
        assert self.foreign_requests == [], "requests left 127.0.0.1"
        assert self.console_errors == [], "console errors or uncaught exceptions"


class TrackedPage:
    """A Playwright page that remembers the listeners a test adds (``on``, ``once``),
    so that they can be removed when the test ends; everything else is the page's."""

    def __init__(self, page: Any) -> None:
        self._page = page
        self._added: list[tuple[str, Callable[..., Any]]] = []

    def on(self, event: str, handler: Callable[..., Any]) -> None:
        self._added.append((event, handler))
        self._page.on(event, handler)

    def once(self, event: str, handler: Callable[..., Any]) -> None:
        self._added.append((event, handler))
        self._page.once(event, handler)

    def remove_added_listeners(self) -> None:
        for event, handler in self._added:
            self._page.remove_listener(event, handler)
        self._added.clear()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


class ReusedTab:
    """One context and tab that the tests of a worker take in turn.

    A new tab costs Chromium a renderer process: about a second of CPU here, twice
    what a page load in a tab already open costs. Between two tests the tab leaves
    for ``about:blank`` (which ends the page's workers, Python's too), the storage
    of every origin the test reached is cleared (local and session storage,
    IndexedDB, Cache Storage, cookies), and the listeners and routes the test added,
    media emulation, viewport and mouse position are put back; a test that failed
    leaves its tab to be closed rather than reused. Not put back: the tab's history
    and ``window.name``, init scripts, exposed functions, default timeouts, extra
    headers and the clock. A test that sets those, or that needs a context's own
    options (a phone, no JavaScript), takes a context of its own (``new_context``).
    """

    VIEWPORT: ClassVar[dict[str, int]] = {"width": 1280, "height": 720}  # Playwright's default

    def __init__(self, browser: Any) -> None:
        self.search = False  # the real search index for this test (marker "search")
        # A route turns the context's HTTP cache off (Playwright does so for any route), so
        # each test downloads what its pages need, as a first visit does.
        self.context = new_context(browser, unless=lambda: self.search, viewport=self.VIEWPORT)
        self.watch = PageWatch()
        self.origins: set[str] = set()
        self.context.on("request", self._request)
        page = self.context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.watch.console_errors.append(str(exc)))
        self.page = TrackedPage(page)

    def _request(self, request: Any) -> None:
        self.watch.request(request)
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https"):
            self.origins.add(f"{parts.scheme}://{parts.netloc}")

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            self.watch.console_errors.append(msg.text)

    def start(self, *, search: bool) -> tuple[TrackedPage, PageWatch]:
        self.watch = PageWatch()
        self.search = search
        return self.page, self.watch

    def reset(self) -> None:
        """Put the tab back as a new one would be (see the class docstring)."""
        page = self.page
        page.remove_added_listeners()
        page.unroute_all(behavior="ignoreErrors")
        page.goto("about:blank")
        cdp = self.context.new_cdp_session(page._page)
        try:
            for origin in sorted(self.origins):
                cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        finally:
            cdp.detach()
        self.origins.clear()
        self.context.clear_cookies()
        page.emulate_media(  # "null": no emulation; the rest are a new context's defaults
            media="null", color_scheme="light", reduced_motion="no-preference", forced_colors="none"
        )
        page.set_viewport_size(self.VIEWPORT)
        page.mouse.move(0, 0)
        self.search = False

    def close(self) -> None:
        self.context.close()


_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Remember on the test that it failed (its tab is then not reused)."""
    report = yield
    if report.failed:
        item.stash[_FAILED] = True
    return report


@pytest.fixture(scope="session")
def _reused_tab(browser: object) -> Iterator[list[ReusedTab]]:
    """This worker's tab, if one is open (a list, so that a failed test can drop it)."""
    tabs: list[ReusedTab] = []
    try:
        yield tabs
    finally:
        for tab in tabs:
            tab.close()


@pytest.fixture
def watched_page(
    browser: object, _reused_tab: list[ReusedTab], request: pytest.FixtureRequest
) -> Iterator[tuple[object, PageWatch]]:
    """A page, as a new one, whose requests off loopback (its workers' too) are
    recorded; the browser's proxy makes them fail. The worker's tab is reused from
    test to test (``ReusedTab``). A test marked ``search`` gets the real search index."""
    if not _reused_tab:
        _reused_tab.append(ReusedTab(browser))
    tab = _reused_tab[0]
    yield tab.start(search=request.node.get_closest_marker("search") is not None)
    if request.node.stash.get(_FAILED, False):
        _reused_tab.pop().close()
        return
    try:
        tab.reset()
    except Exception:
        _reused_tab.pop().close()
        raise
