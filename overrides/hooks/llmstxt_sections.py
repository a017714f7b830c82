"""MkDocs hook: the sections of ``llms.txt`` come from the nav, not from a second list.

mkdocs-llmstxt wants its ``sections`` listed in ``mkdocs.yml``; a list kept by hand
next to the nav drifts from it (a new page missing from ``llms.txt``). This hook
fills the plugin's ``sections`` from ``nav`` when the configuration is loaded:
each top-level nav section becomes an ``llms.txt`` section with the same title
(its sub-sections' pages included, in order), a top-level page a section of its
own, and each entry carries the page's front-matter ``description``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)


def nav_pages(items: list[Any]) -> list[str]:
    """Every ``.md`` path under a nav entry, in order."""
    found: list[str] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found += nav_pages(value)
        elif isinstance(value, str) and value.endswith(".md"):
            found.append(value)
    return found


def description(path: Path) -> str:
    """A page's one-line ``description`` from its YAML front matter ("" if none)."""
    import yaml

    match = FRONT_MATTER.match(path.read_text(encoding="utf-8")) if path.is_file() else None
    meta = yaml.safe_load(match.group(1)) if match else None
    text = meta.get("description", "") if isinstance(meta, dict) else ""
    return " ".join(str(text).split())


def sections(nav: list[Any], docs: Path) -> dict[str, list[dict[str, str]]]:
    """``{section title: [{page: description}, ...]}`` for the llmstxt plugin."""
    found: dict[str, list[dict[str, str]]] = {}
    for item in nav:
        title, value = next(iter(item.items())) if isinstance(item, dict) else (item, item)
        pages = nav_pages([value] if isinstance(value, str) else value)
        if pages:
            found.setdefault(str(title), []).extend({p: description(docs / p)} for p in pages)
    return found


def on_config(config: Any) -> None:
    """Give the llmstxt plugin its sections, read from ``nav``."""
    plugin = config["plugins"].get("llmstxt")
    if plugin is not None:
        plugin.config["sections"] = sections(config["nav"] or [], Path(config["docs_dir"]))
