"""No page carries data in an inline ``<script>`` that instant navigation would run.

Material's instant navigation swaps the page content and re-creates each inline
``<script>`` in it by copying only its text, not its ``type``: a
``<script type="application/json">`` inside the content is then run as
JavaScript (the quick test died that way, "Unexpected token ':'"). Data for a
script goes in a data attribute or a fetched file instead.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class _ContainerScripts(HTMLParser):
    """Inline scripts inside ``[data-md-component=container]`` and their ``type``."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # for each open element: inside the container?
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        inside = bool(self.stack and self.stack[-1]) or a.get("data-md-component") == "container"
        if tag == "script" and inside and "src" not in a:
            self.found.append(a.get("type", "").strip().lower())
        if tag not in VOID:
            self.stack.append(inside)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()


def container_script_types(html: str) -> list[str]:
    parser = _ContainerScripts()
    parser.feed(html)
    return parser.found


def test_the_check_sees_a_json_script_in_the_content() -> None:
    html = (
        '<body><div data-md-component="container"><main><div>'
        '<script type="application/json">{"a": 1}</script><script>var x;</script>'
        '</div></main></div><script id="__config" type="application/json">{}</script></body>'
    )
    assert container_script_types(html) == ["application/json", ""]


def test_no_inline_script_in_page_content_is_data(built_site: Path) -> None:
    problems = []
    for page in sorted(built_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for kind in container_script_types(html):
            if kind not in JS_TYPES:
                problems.append(f"{page.relative_to(built_site)}: <script type={kind!r}>")
    assert problems == [], "\n".join(problems)
