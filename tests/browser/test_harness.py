"""The browser harness of tests/conftest.py: a reused tab is put back as a new one
would be (what ``ReusedTab.reset`` promises), and the search index is served empty
to tests that do not search, whole to those that do."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ReusedTab

pytestmark = pytest.mark.browser


def test_a_reused_tab_is_put_back_between_tests(site_url: str, browser: Any) -> None:
    tab = ReusedTab(browser)
    try:
        page, watch = tab.start(search=False)
        page.goto(site_url, wait_until="load")
        page.evaluate("localStorage.setItem('left', '1'); sessionStorage.setItem('left', '1')")
        heard: list[str] = []
        page.on("console", lambda msg: heard.append(msg.text))
        page.route("**/*.css", lambda route: route.abort())
        page.emulate_media(color_scheme="dark")
        page.set_viewport_size({"width": 390, "height": 600})
        tab.reset()

        page, watch = tab.start(search=False)
        page.goto(site_url, wait_until="load")
        state = page.evaluate(
            """() => ({
              stored: [localStorage.getItem('left'), sessionStorage.getItem('left')],
              dark: matchMedia('(prefers-color-scheme: dark)').matches,
              width: innerWidth,
              header: getComputedStyle(document.querySelector('.md-header')).position,
            })"""
        )
        page.evaluate("console.log('after the reset')")
        assert state["stored"] == [None, None]
        assert state["dark"] is False and state["width"] == ReusedTab.VIEWPORT["width"]
        assert state["header"] == "sticky", "a route the last test added still aborts the CSS"
        assert heard == [], "a listener the last test added still runs"
        watch.assert_clean()
    finally:
        tab.close()


def test_the_search_index_is_empty_unless_the_test_searches(site_url: str, browser: Any) -> None:
    tab = ReusedTab(browser)
    try:
        sizes = {}
        for search in (False, True):
            page, _ = tab.start(search=search)
            page.goto(site_url, wait_until="load")
            index = page.evaluate("fetch('search/search_index.json').then((r) => r.json())")
            assert index["config"]["lang"] == ["en"]  # the config stays: highlighting reads it
            sizes[search] = len(index["docs"])
            tab.reset()
        assert sizes[False] == 0 and sizes[True] > 100
    finally:
        tab.close()
