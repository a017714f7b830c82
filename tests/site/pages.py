"""The one HTML reader of the built-site tests.

Every test that reads a built page goes through `parse`: BeautifulSoup over the
standard library's ``html.parser``, which repairs what browsers repair (an
unclosed ``<p>`` or ``<li>``, a stray end tag) instead of losing track of where
it is, as hand-written ``HTMLParser`` subclasses did. A page is parsed once per
test session (the cache is keyed by the file's path, size and modification time).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from bs4.element import Tag

__all__ = ["Tag", "built_page", "ids", "links", "parse", "resolve", "text_of_id"]


@functools.lru_cache(maxsize=256)
def _cached(path: str, size: int, mtime: int) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def parse(source: Path | str) -> BeautifulSoup:
    """A built file (by path, parsed once) or an HTML text, as a tree."""
    if isinstance(source, Path):
        stat = os.stat(source)
        return _cached(str(source), stat.st_size, stat.st_mtime_ns)
    return BeautifulSoup(source, "html.parser")


def built_page(site: Path, url_path: str) -> Path:
    """``/guide/knowledge/`` -> ``site/guide/knowledge/index.html``."""
    inner = url_path.split("#")[0].strip("/")
    return site / inner / "index.html" if inner else site / "index.html"


def resolve(site: Path, page_url: str, href: str) -> tuple[Path, str]:
    """The built file and fragment that a relative ``href`` on ``page_url`` points to."""
    target = urlsplit(urljoin(f"http://site{page_url}", href))
    return built_page(site, target.path), target.fragment


def ids(soup: BeautifulSoup | Tag) -> set[str]:
    """Every ``id`` on the page, and every ``<a name>`` (both are link targets)."""
    found = {str(tag["id"]) for tag in soup.find_all(id=True)}
    return found | {str(tag["name"]) for tag in soup.find_all("a", attrs={"name": True})}


def attr(tag: Tag, name: str) -> str:
    """An attribute as one string (``class`` and ``rel`` are lists in BeautifulSoup)."""
    value = tag.get(name)
    if value is None:
        return ""
    return " ".join(value) if isinstance(value, list) else str(value)


def links(soup: BeautifulSoup | Tag) -> list[tuple[str, str]]:
    """``(href, class)`` of every ``<a>``, SVG ``xlink:href`` links included."""
    found = []
    for tag in soup.find_all("a"):
        href = attr(tag, "href") or attr(tag, "xlink:href")
        if href:
            found.append((href, attr(tag, "class")))
    return found


def text_of_id(soup: BeautifulSoup | Tag, ident: str) -> str:
    """The text of the element with ``id`` (its ``aria-label`` if it has one)."""
    tag = soup.find(id=ident)
    if not isinstance(tag, Tag):
        return ""
    return attr(tag, "aria-label") or tag.get_text()
