"""No page carries data in an inline ``<script>`` that instant navigation would run.

Material's instant navigation swaps the page content and re-creates each inline
``<script>`` in it by copying only its text, not its ``type``: a
``<script type="application/json">`` inside the content is then run as
JavaScript (the quick test died that way, "Unexpected token ':'"). Data for a
script goes in a data attribute or a fetched file instead.
"""

from __future__ import annotations

from pathlib import Path

from tests.site.pages import Tag, attr, parse

JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def container_script_types(html: str | Path) -> list[str]:
    """The ``type`` of each inline script inside ``[data-md-component=container]``."""
    soup = parse(html)
    container = soup.find(attrs={"data-md-component": "container"})
    if not isinstance(container, Tag):
        return []
    scripts = container.find_all("script", src=False)
    return [attr(script, "type").strip().lower() for script in scripts]


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
        for kind in container_script_types(page):
            if kind not in JS_TYPES:
                problems.append(f"{page.relative_to(built_site)}: <script type={kind!r}>")
    assert problems == [], "\n".join(problems)
