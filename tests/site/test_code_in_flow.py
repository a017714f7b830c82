"""Code where it helps: no nav page shows more than ``MAX_LINES`` lines of code in one
block in its reading flow. A longer section goes in a collapsed block (``??? example``,
a ``<details>``), one click away, and the page shows the named section that carries
the idea; whole files are on "Copy the snippets" and as raw files."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

MAX_LINES = 80


class _Blocks(HTMLParser):
    """Line counts of the ``<pre>`` blocks of a page's ``<article>`` outside ``<details>``."""

    def __init__(self) -> None:
        super().__init__()
        self.article = self.details = self.pre = 0
        self.text: list[str] = []
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.article += 1
        elif tag == "details":
            self.details += 1
        elif tag == "pre":
            self.pre += 1
            self.text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.article -= 1
        elif tag == "details":
            self.details -= 1
        elif tag == "pre" and self.pre:
            self.pre -= 1
            if self.article and not self.details:
                code = "".join(self.text).strip("\n")
                self.found.append((code.count("\n") + 1, code.split("\n", 1)[0][:60]))

    def handle_data(self, data: str) -> None:
        if self.pre:
            self.text.append(data)


def long_blocks(html: str, limit: int = MAX_LINES) -> list[tuple[int, str]]:
    parser = _Blocks()
    parser.feed(html)
    return [block for block in parser.found if block[0] > limit]


def test_no_long_code_block_in_the_reading_flow(built_site: Path) -> None:
    from tests.browser.test_phone import nav_paths

    problems = []
    for path in nav_paths():
        html = (built_site / path / "index.html").read_text(encoding="utf-8")
        problems += [f"/{path}: {n} lines from {first!r}" for n, first in long_blocks(html)]
    assert problems == [], "\n".join(problems)


def test_the_check_counts_lines_and_skips_collapsed_blocks() -> None:
    code = "\n".join(f"line {n}" for n in range(100))
    page = f"<article><pre>{code}</pre><details><pre>{code}</pre></details></article>"
    assert long_blocks(page) == [(100, "line 0")]
    assert long_blocks(f"<pre>{code}</pre>") == []  # outside the article: the theme's
