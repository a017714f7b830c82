""" "Copy the snippets": the page carries no source code on its first load; opening a
"The whole file" box fetches that file from the site and shows it as it is, with a
copy button, and a file that cannot be fetched gets a message pointing at the link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def test_a_whole_file_is_fetched_when_its_box_opens(site_url: str, watched_page: Any) -> None:
    page, watch = watched_page
    page.goto(site_url + "reference/snippets/", wait_until="load")
    assert page.locator("details.snippet-file pre").count() == 0  # nothing inline
    box = page.locator("details.snippet-file").first
    name = box.locator("a[data-snippet-source]").get_attribute("data-snippet-source")
    box.locator("summary").click()
    code = box.locator(".snippet-source code")
    code.wait_for(timeout=15_000)
    assert code.text_content() == (ROOT / "snippets" / str(name)).read_text(encoding="utf-8")
    assert box.locator("button.md-clipboard[data-clipboard-target]").count() == 1
    # A second box whose file is gone: a message, and the link is still there.
    other = page.locator("details.snippet-file").nth(1)
    page.route("**/snippets/*.py", lambda route: route.fulfill(status=404, body="missing"))
    other.locator("summary").click()
    other.get_by_text("could not be loaded here").wait_for(timeout=15_000)
    assert other.locator("a[data-snippet-source]").count() == 1
    watch.console_errors = [e for e in watch.console_errors if "404" not in e]
    watch.assert_clean()
