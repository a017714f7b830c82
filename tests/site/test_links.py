"""Links, anchors, images and page metadata over the whole built site.

What a reader would hit as a broken link, a missing anchor, an image a screen
reader cannot describe, or a search result with no title or summary:

- every internal ``href``/``src`` (``a``, ``area``, ``link``, ``img``, ``script``,
  ``source``, ``iframe``, ``video``, ``audio``) points at a file in the site, and
  every ``#fragment`` at an ``id`` (or ``a name``) on the target page;
- every ``img`` has non-empty ``alt`` (unless it is marked decorative with
  ``role="presentation"``/``"none"`` or ``aria-hidden="true"``) and every element
  with ``role="img"`` (an inline ``svg`` chart, say) has an accessible name:
  ``aria-label``, an ``aria-labelledby`` that points at text, or a ``<title>``;
- every page has a non-empty ``<title>`` and ``<meta name="description">``, both
  unique across the site (a page without front matter ``description`` gets the
  site's default one, so a duplicate shows the page that forgot it);
- every ``<loc>`` in ``sitemap.xml`` is a page of the site.

Links to the site's own canonical URL (``site_url``, as in ``rel=canonical`` and
the 404 page) count as internal. Pages are read by ``tests/site/pages.py``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.site.pages import Tag, attr, ids, parse, text_of_id

LINK_ATTRS = {
    "a": "href",
    "area": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
    "video": "src",
    "audio": "src",
}


@dataclass
class PageScan:
    """What one HTML file holds that the checks read."""

    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)
    titles: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    image_problems: list[str] = field(default_factory=list)


def _has_name(tag: Tag, soup: BeautifulSoup) -> bool | list[str]:
    """Whether a ``role="img"`` element is named; the ids it points at if only those."""
    if attr(tag, "aria-label").strip() or attr(tag, "title").strip():
        return True
    title = tag.find("title")
    if isinstance(title, Tag) and title.get_text().strip():
        return True
    refs = attr(tag, "aria-labelledby").split()
    if refs:
        return any(text_of_id(soup, r).strip() for r in refs) or refs
    return False


def scan_page(soup: BeautifulSoup) -> PageScan:
    """Read ids, links, titles, descriptions and image labels from one page."""
    scan = PageScan(ids=ids(soup))
    for tag in soup.find_all(list(LINK_ATTRS)):
        url = attr(tag, LINK_ATTRS[tag.name])
        if url:
            scan.links.append((tag.name, url))
    head = soup.find("head")
    scan.titles = [t.get_text().strip() for t in (head or soup).find_all("title", recursive=False)]
    scan.descriptions = [
        attr(m, "content").strip()
        for m in soup.find_all("meta")
        if attr(m, "name").lower() == "description"
    ]
    for img in soup.find_all("img"):
        decorative = (
            attr(img, "role") in {"presentation", "none"} or attr(img, "aria-hidden") == "true"
        )
        if not decorative and not attr(img, "alt").strip():
            scan.image_problems.append(f"<img src={attr(img, 'src')!r}> has no alt text")
    for tag in soup.find_all(attrs={"role": "img"}):
        named = _has_name(tag, soup)
        if named is False:
            scan.image_problems.append(
                f'<{tag.name} role="img"> has no accessible name '
                "(aria-label, aria-labelledby or <title>)"
            )
        elif isinstance(named, list):
            scan.image_problems.append(
                f'<{tag.name} role="img" aria-labelledby="{" ".join(named)}"> points at no text'
            )
    return scan


def parse_page(html: str) -> PageScan:
    """`scan_page` of an HTML text."""
    return scan_page(parse(html))


def site_base(site: Path) -> str:
    """The site's canonical URL, from the home page's ``rel=canonical`` (``site_url``)."""
    html = (site / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    return match.group(1) if match else ""


def resolve(site: Path, page: Path, url: str, base: str) -> tuple[str, str] | None:
    """Map ``url`` found in ``page`` to (site-relative path, fragment); None if external."""
    base_path = urlsplit(base).path if base else "/"
    if base and url.startswith(base):
        url = "/" + url[len(base) :]
        base_path = "/"
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None  # another host or mailto:, data:, javascript: (urls.py checks hosts)
    page_dir = "/" + page.parent.relative_to(site).as_posix()
    if parts.path.startswith("/"):
        if not parts.path.startswith(base_path):
            return (parts.path, parts.fragment)  # outside the site's folder: reported missing
        target = "/" + parts.path[len(base_path) :]
    elif parts.path:
        target = posixpath.join(page_dir, parts.path)
    else:
        target = "/" + page.relative_to(site).as_posix()
    target = posixpath.normpath(unquote(target))
    if url.split("#")[0].split("?")[0].endswith("/") and not target.endswith("/"):
        target += "/"
    return (target, unquote(parts.fragment))


def target_file(site: Path, target: str) -> Path | None:
    """The file a static host serves for ``target``, or None."""
    path = site / target.lstrip("/")
    if target.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


@dataclass
class SiteReport:
    """Every problem found, one readable line each, grouped by kind."""

    broken_links: list[str] = field(default_factory=list)
    missing_anchors: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)
    sitemap: list[str] = field(default_factory=list)
    pages: int = 0
    links_checked: int = 0


def check_site(site: Path) -> SiteReport:
    """Scan every HTML file under ``site`` and report broken references and metadata."""
    report = SiteReport()
    base = site_base(site) if (site / "index.html").is_file() else ""
    pages = sorted(site.rglob("*.html"))
    scans = {p: scan_page(parse(p)) for p in pages}
    report.pages = len(pages)
    titles: dict[str, list[str]] = {}
    descriptions: dict[str, list[str]] = {}
    for page, scan in scans.items():
        name = page.relative_to(site).as_posix()
        for tag, url in scan.links:
            resolved = resolve(site, page, url, base)
            if resolved is None:
                continue
            report.links_checked += 1
            target, fragment = resolved
            found = target_file(site, target)
            if found is None:
                report.broken_links.append(f"{name}: <{tag}> {url!r} -> {target} not found")
                continue
            if fragment and found.suffix == ".html":
                ids = scans[found].ids if found in scans else set()
                if fragment not in ids:
                    report.missing_anchors.append(
                        f"{name}: {url!r} -> no id {fragment!r} in {found.relative_to(site)}"
                    )
        report.images += [f"{name}: {problem}" for problem in scan.image_problems]
        if len(scan.titles) != 1 or not scan.titles[0]:
            report.metadata.append(f"{name}: needs exactly one non-empty <title>")
        else:
            titles.setdefault(scan.titles[0], []).append(name)
        if len(scan.descriptions) != 1 or not scan.descriptions[0]:
            report.metadata.append(f'{name}: needs exactly one non-empty <meta name="description">')
        else:
            descriptions.setdefault(scan.descriptions[0], []).append(name)
    for kind, seen in (("<title>", titles), ("description", descriptions)):
        for text, names in seen.items():
            if len(names) > 1:
                report.metadata.append(f"same {kind} {text!r} on {', '.join(names)}")
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")):
            resolved = resolve(site, site / "index.html", loc.strip(), base)
            if resolved is None or target_file(site, resolved[0]) is None:
                report.sitemap.append(f"sitemap.xml: {loc} is not a page of the site")
    return report


# -- the checks over the real site ------------------------------------------------


@pytest.fixture(scope="module")
def report(built_site: Path) -> SiteReport:
    return check_site(built_site)


def test_the_scan_reads_the_whole_site(report: SiteReport) -> None:
    assert report.pages >= 4, "too few pages: is the build complete?"
    assert report.links_checked > report.pages * 10, "links were not found: parser broken?"


def test_internal_links_resolve(report: SiteReport) -> None:
    assert report.broken_links == [], "\n".join(report.broken_links)


def test_anchors_resolve(report: SiteReport) -> None:
    assert report.missing_anchors == [], "\n".join(report.missing_anchors)


def test_images_have_text_alternatives(report: SiteReport) -> None:
    assert report.images == [], "\n".join(report.images)


def test_pages_have_unique_title_and_description(report: SiteReport) -> None:
    assert report.metadata == [], "\n".join(report.metadata)


def test_sitemap_lists_only_real_pages(report: SiteReport) -> None:
    assert report.sitemap == [], "\n".join(report.sitemap)


# -- the checker itself, on a tiny fake site ----------------------------------------


def _page(title: str, description: str, body: str) -> str:
    return (
        f"<html><head><title>{title}</title>"
        f'<meta name="description" content="{description}"></head>'
        f"<body>{body}</body></html>"
    )


def test_checker_finds_each_kind_of_problem(tmp_path: Path) -> None:
    site = tmp_path
    (site / "guide").mkdir()
    (site / "index.html").write_text(
        '<link rel="canonical" href="https://example.org/book/">'
        + _page(
            "Home",
            "Start here",
            '<h2 id="intro">Intro</h2>'
            '<a href="guide/">ok</a> <a href="guide/#steps">ok anchor</a>'
            '<a href="missing/">broken</a> <a href="guide/#nowhere">missing anchor</a>'
            '<a href="#intro">self ok</a> <a href="#gone">self missing</a>'
            '<a href="https://example.org/book/guide/">canonical ok</a>'
            '<a href="https://other.example/x">external, not checked</a>'
            '<img src="logo.png" alt="Logo"> <img src="chart.png">'
            '<img src="spacer.png" alt="" role="presentation">'
            '<svg role="img" aria-label="A chart"></svg>'
            '<svg role="img"><title>Bars by year</title><rect/></svg>'
            '<svg role="img"><rect/></svg>'
            '<svg role="img" aria-labelledby="cap"></svg><p id="cap">Caption</p>'
            '<svg role="img" aria-labelledby="nothing"></svg>',
        ),
        encoding="utf-8",
    )
    (site / "logo.png").write_bytes(b"png")
    (site / "chart.png").write_bytes(b"png")
    (site / "spacer.png").write_bytes(b"png")
    (site / "guide" / "index.html").write_text(
        _page("Guide", "Start here", '<h2 id="steps">Steps</h2><a href="../">home</a>'),
        encoding="utf-8",
    )
    (site / "sitemap.xml").write_text(
        "<urlset><url><loc>https://example.org/book/guide/</loc></url>"
        "<url><loc>https://example.org/book/old/</loc></url></urlset>",
        encoding="utf-8",
    )
    (site / "404.html").write_text(
        _page("Home", "", '<a href="/book/guide/#steps">ok</a><a href="/book/nope/">broken</a>'),
        encoding="utf-8",
    )
    report = check_site(site)
    assert [line.split(" ->")[0] for line in report.broken_links] == [
        "404.html: <a> '/book/nope/'",
        "index.html: <a> 'missing/'",
    ]
    assert [line.split(" ->")[0] for line in report.missing_anchors] == [
        "index.html: 'guide/#nowhere'",
        "index.html: '#gone'",
    ]
    assert report.images == [
        "index.html: <img src='chart.png'> has no alt text",
        'index.html: <svg role="img"> has no accessible name (aria-label, aria-labelledby '
        "or <title>)",
        'index.html: <svg role="img" aria-labelledby="nothing"> points at no text',
    ]
    assert report.metadata == [
        '404.html: needs exactly one non-empty <meta name="description">',
        "same <title> 'Home' on 404.html, index.html",
        "same description 'Start here' on guide/index.html, index.html",
    ]
    assert report.sitemap == [
        "sitemap.xml: https://example.org/book/old/ is not a page of the site"
    ]
