"""The site works when it is served from a sub-path, as GitHub Pages serves a
project site (``https://user.github.io/repo/``).

The site is built with ``SITE_URL=http://127.0.0.1:PORT/sub/path/`` and served
only under ``/sub/path/`` (``tests/conftest.py``'s ``PagesHandler``): any other
address answers 404, and a missing file answers with ``404.html`` and status 404,
as GitHub Pages does. Then every
internal link and asset of every page (``a``/``link`` ``href``, ``script``/
``img``/``source``/``iframe`` ``src``) must load from there, the links in
``llms.txt`` too, and the 404 page, requested at a deep missing address, must
load its stylesheets and scripts. A root-absolute URL such as ``/assets/x.css``
escapes the sub-path and fails.
"""

from __future__ import annotations

import functools
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import AbstractContextManager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from tests import conftest

PREFIX = conftest.SUB_PATH
URL_ATTRS = {
    "a": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
}


def serve(directory: Path, port: int) -> AbstractContextManager[str]:
    handler = functools.partial(conftest.PagesHandler, directory=str(directory), prefix=PREFIX)
    return conftest.serving(handler, port)


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = URL_ATTRS.get(tag)
        values = dict(attrs)
        if attr and values.get(attr):
            self.urls.append((tag, values[attr] or ""))


def internal_urls(page_url: str, html: str, origin: str) -> Iterator[tuple[str, str]]:
    """(as written, absolute URL without fragment) for each URL on the page's own origin."""
    parser = _Urls()
    parser.feed(html)
    for _tag, raw in parser.urls:
        if raw.startswith(("#", "mailto:", "javascript:", "data:", "blob:")):
            continue
        absolute, _fragment = urldefrag(urljoin(page_url, raw))
        if absolute.startswith(origin):
            yield raw, absolute


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read()


def broken_urls(pages: dict[str, str], origin: str) -> list[str]:
    """Each internal URL on ``pages`` (url -> html) that escapes PREFIX or does not load."""
    problems: list[str] = []
    status: dict[str, int] = {}
    for page_url, html in pages.items():
        for raw, url in internal_urls(page_url, html, origin):
            if not urlsplit(url).path.startswith(PREFIX):
                problems.append(f"{page_url}: {raw!r} escapes the sub-path ({url})")
                continue
            if url not in status:
                status[url] = fetch(url)[0]
            if status[url] != 200:
                problems.append(f"{page_url}: {raw!r} -> HTTP {status[url]}")
    return problems


@pytest.fixture(scope="module")
def subpath_site(pytestconfig: pytest.Config) -> tuple[Path, str]:
    """The site built for and served at ``http://127.0.0.1:PORT/sub/path/``.

    Built once per run and served by the run's first process
    (``tests/conftest.py``), whichever xdist worker runs these tests.
    """
    shared = conftest.shared_site(pytestconfig, "subpath")
    return shared.build(), shared.base


def pages_of(site: Path, base: str) -> dict[str, str]:
    pages = {}
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        url = base if rel == "." else f"{base}{rel}/"
        pages[url] = path.read_text(encoding="utf-8")
    return pages


def test_every_internal_link_and_asset_resolves_under_the_sub_path(
    subpath_site: tuple[Path, str],
) -> None:
    site, base = subpath_site
    pages = pages_of(site, base)
    assert len(pages) >= 3
    for url in pages:
        assert fetch(url)[0] == 200, url
    origin = base.removesuffix(PREFIX)
    problems = broken_urls(pages, origin)
    assert not problems, f"{len(problems)} broken:\n" + "\n".join(problems)


def test_canonical_and_sitemap_use_the_sub_path(subpath_site: tuple[Path, str]) -> None:
    site, base = subpath_site
    html = (site / "reference" / "snippets" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}reference/snippets/">' in html
    assert f'content="{base}assets/social.png"' in html
    sitemap = fetch(base + "sitemap.xml")[1].decode()
    assert f"<loc>{base}reference/snippets/</loc>" in sitemap


def test_llms_txt_links_resolve_under_the_sub_path(subpath_site: tuple[Path, str]) -> None:
    _site, base = subpath_site
    status, body = fetch(base + "llms.txt")
    assert status == 200
    links = re.findall(r"\]\((\S+?)\)", body.decode())
    assert links and all(link.startswith(base) for link in links)
    assert [link for link in links if fetch(link)[0] != 200] == []
    assert fetch(base + "llms-full.txt")[0] == 200


def test_404_page_loads_its_assets_at_any_depth(subpath_site: tuple[Path, str]) -> None:
    _site, base = subpath_site
    origin = base.removesuffix(PREFIX)
    for missing in (f"{base}no-such-page/", f"{base}guide/deep/er/missing.html", f"{origin}/x"):
        status, body = fetch(missing)
        assert status == 404
        html = body.decode()
        assert "Page not found" in html
        urls = [url for _raw, url in internal_urls(missing, html, origin)]
        assert any(url.endswith(".css") for url in urls), "no stylesheet on the 404 page"
        assert any(url.endswith(".js") for url in urls), "no script on the 404 page"
        assert broken_urls({missing: html}, origin) == []


def test_zip_is_byte_identical_across_two_builds(
    subpath_site: tuple[Path, str], built_site: Path
) -> None:
    """Two real builds (this one and the session's) give the same snippets.zip."""
    site, _base = subpath_site
    first = (built_site / "snippets" / "snippets.zip").read_bytes()
    assert (site / "snippets" / "snippets.zip").read_bytes() == first


def test_checker_reports_links_that_escape_or_break(tmp_path: Path) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "index.html").write_text("ok")
    (tmp_path / "404.html").write_text("<h1>Page not found</h1>")
    port = conftest.free_port()
    origin = f"http://127.0.0.1:{port}"
    page = f"{origin}{PREFIX}"
    html = (
        '<a href="ok/">fine</a><a href="#top">fragment</a>'
        '<link rel="stylesheet" href="/assets/x.css">'  # root-absolute: escapes
        '<script src="missing.js"></script>'  # 404
        '<a href="https://example.org/">another host: not checked</a>'
    )
    with serve(tmp_path, port):
        problems = broken_urls({page: html}, origin)
        assert fetch(f"{origin}/ok/")[0] == 404  # only the sub-path is served
        assert fetch(f"{page}ok")[0] == 200  # redirected to ok/, inside the sub-path
    assert problems == [
        f"{page}: '/assets/x.css' escapes the sub-path ({origin}/assets/x.css)",
        f"{page}: 'missing.js' -> HTTP 404",
    ]
