"""The built "Check your own documents" page: its build-time result is the renderer's
output byte for byte, every guide section the result can link to exists, and the page
keeps nothing in an inline script that instant navigation would re-run."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

from snippets.demos.check import demo_result
from snippets.demos.check_meaning import LINKS
from snippets.demos.check_table import MISSES
from tests.site.pages import built_page, ids, parse

PAGE = "/demos/check-your-documents/"


def test_the_page_shows_the_renderers_build_time_result(built_site: Path) -> None:
    html = built_page(built_site, PAGE).read_text(encoding="utf-8")
    assert demo_result()["html"] in html
    assert 'data-demo="check"' in html and "webkitdirectory" in html
    start = html.index('<form class="demo check-demo"')
    form = html[start : html.index("</form>", start)]
    assert "<script" not in form
    # The build-time table lists the misses; every question's passages are for a reader's run.
    misses = [r for r in demo_result()["report"]["results"] if r["status"] in MISSES]
    assert form.count("<tr data-order=") == len(misses) > 0 and "check-passage-text" not in form


def test_every_section_the_result_links_to_exists(built_site: Path) -> None:
    missing = []
    for url, title in LINKS.values():
        target = urlsplit(urljoin(f"http://site{PAGE}", url))
        page = built_page(built_site, target.path)
        if not page.is_file():
            missing.append(f"{url}: no page")
        elif target.fragment and target.fragment not in ids(parse(page)):
            missing.append(f"{url}: no #{target.fragment}")
        elif title not in page.read_text(encoding="utf-8"):
            missing.append(f"{url}: the page has no heading {title!r}")
    assert missing == []
