"""Every built page in headless Chromium over loopback: no request leaves
127.0.0.1 and nothing is logged as an error."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def page_paths(site: Path) -> list[str]:
    paths = []
    for p in site.rglob("index.html"):
        parent = p.relative_to(site).parent.as_posix()
        paths.append("/" if parent == "." else f"/{parent}/")
    return sorted(paths)


def test_every_page_loads_without_foreign_requests_or_errors(
    built_site: Path, site_url: str, watched_page: tuple[object, object]
) -> None:
    page, watch = watched_page
    paths = page_paths(built_site)
    assert "/" in paths and "/retrieval/" in paths
    for path in paths:
        url = site_url + path.lstrip("/")
        response = page.goto(url, wait_until="load")  # type: ignore[attr-defined]
        assert response is not None and response.ok, url
        page.wait_for_timeout(100)  # type: ignore[attr-defined]
    watch.assert_clean()  # type: ignore[attr-defined]
