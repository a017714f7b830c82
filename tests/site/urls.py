"""What a built page *loads*, as opposed to what it merely links to.

A reader following a link to a paper leaves the site by choice; a page that loads
a font, script, stylesheet, image or module from another host makes that request
for every reader without asking. This module lists the second kind, statically,
from the files in ``site/``:

* HTML: ``src``/``srcset``/``poster``/``data`` attributes, ``<link href>`` (every
  ``rel`` except plain navigation ones), ``<use href>``, ``<form action>``,
  inline ``style`` attributes and ``<style>`` blocks, inline module scripts;
* CSS: ``url(...)`` and ``@import``;
* JavaScript: static ``import ... from``, dynamic ``import(...)``,
  ``importScripts(...)`` and ``new Worker(...)`` with a literal URL.

Absolute URLs (``https://host/...`` or protocol-relative ``//host/...``) whose
host is not the site's own are reported. The browser tests check the same thing
live; this scan also covers code paths a test does not click through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from tests.site.pages import parse

# <link rel=...> values that only point somewhere without loading it.
NAVIGATION_RELS = {"canonical", "alternate", "next", "prev", "author", "license", "me", "help"}
LOADING_ATTRS = {"src", "srcset", "poster", "data", "action", "background", "formaction"}

CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
JS_LOADS = re.compile(
    r"""(?:\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?|\bimport\s*\(\s*|\bimportScripts\s*\(\s*"""
    r"""|\bnew\s+(?:Shared)?Worker\s*\(\s*)(['"`])((?:https?:)?//[^'"`]+)\1"""
)


@dataclass(frozen=True)
class Load:
    """One resource a built file would make the browser request."""

    file: str
    what: str
    url: str


def is_foreign(url: str, own_hosts: frozenset[str]) -> bool:
    """True when ``url`` is absolute (or protocol-relative) and names another host."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https", "ws", "wss"}:
        return False  # relative paths, data:, blob:, mailto:, fragments
    return (parts.hostname or "") not in own_hosts


def css_urls(text: str) -> Iterator[str]:
    for match in CSS_URL.finditer(text):
        yield match.group(2) or match.group(4)


def js_urls(text: str) -> Iterator[str]:
    for match in JS_LOADS.finditer(text):
        yield match.group(2)


def html_loads(soup: BeautifulSoup) -> Iterator[tuple[str, str]]:
    """``(what, url)`` for every resource a parsed page loads."""
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name == "srcset":
                for candidate in (c.strip() for c in text.split(",")):
                    if candidate:
                        yield (f"<{tag.name} srcset>", candidate.split()[0])
            elif name in LOADING_ATTRS:
                yield (f"<{tag.name} {name}>", text)
            elif name == "style":
                yield from ((f"<{tag.name} style>", u) for u in css_urls(text))
        if tag.name == "link" and tag.has_attr("href"):
            rels = {r.lower() for r in tag.get("rel") or []}
            if not rels or rels - NAVIGATION_RELS:
                yield (f"<link rel={' '.join(tag.get('rel') or [])}>", str(tag["href"]))
        if tag.name in {"use", "image"}:
            for name in ("href", "xlink:href"):
                if tag.has_attr(name):
                    yield (f"<{tag.name} {name}>", str(tag[name]))
        if tag.name == "style":
            yield from (("<style>", u) for u in css_urls(tag.get_text()))
        elif tag.name == "script":
            yield from (("<script>", u) for u in js_urls(tag.get_text()))


def loads_in_file(path: Path) -> Iterator[tuple[str, str]]:
    """``(what, url)`` for every resource ``path`` loads, by the file's type."""
    text = path.read_text(encoding="utf-8", errors="replace")
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        yield from html_loads(parse(path))
    elif suffix == ".svg":
        yield from html_loads(parse(text))
    elif suffix == ".css":
        yield from (("css url()", u) for u in css_urls(text))
    elif suffix in {".js", ".mjs"}:
        yield from (("js import", u) for u in js_urls(text))


def foreign_loads(site: Path, own_hosts: frozenset[str] = frozenset()) -> list[Load]:
    """Every load in the built ``site`` that would reach a host not in ``own_hosts``."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            for what, url in loads_in_file(path):
                if is_foreign(url, own_hosts):
                    found.append(Load(path.relative_to(site).as_posix(), what, url))
    return found
