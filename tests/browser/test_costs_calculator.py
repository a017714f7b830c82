"""The cost calculator on guide/costs.md, in headless Chromium over loopback.

The reader's numbers go through snippets.costs.calculate in Pyodide; the table
that comes back must equal what CPython computes for the same inputs. Bad
input gives a message (as text), Pyodide loads only on click, nothing leaves
127.0.0.1, and nothing is logged as an error.
"""

from __future__ import annotations

from typing import Any

import pytest

from snippets.costs import calculate

pytestmark = pytest.mark.browser

BOOT_TIMEOUT_MS = 180_000


def money(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.2f}"


def expected_rows(result: dict[str, Any]) -> list[list[str]]:
    return [
        [
            row["name"],
            money(row["upfront"]),
            money(row["monthly"]),
            money(row["per_1000_queries"]),
            money(row["total"]),
            f"{row['latency_ms'] / 1000:.1f} s",
        ]
        for row in result["rows"]
    ]


def table_rows(page: Any) -> list[list[str]]:
    rows: list[list[str]] = page.eval_on_selector_all(
        "[data-costs-table] tbody tr",
        "trs => trs.map(tr => [...tr.children].map(c => c.textContent.trim()))",
    )
    return rows


def test_build_time_table_equals_the_snippet(site_url: str, watched_page: Any) -> None:
    page, watch = watched_page
    page.goto(site_url + "guide/costs/", wait_until="load")
    assert table_rows(page) == expected_rows(calculate())
    watch.assert_clean()


def test_recalculate_in_the_browser_matches_cpython(site_url: str, watched_page: Any) -> None:
    page, watch = watched_page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "guide/costs/", wait_until="load")
    page.wait_for_timeout(300)
    assert not [u for u in requested if "pyodide" in u], "Pyodide loaded before the reader asked"

    root = page.locator("[data-demo=costs]")
    page.get_by_label("Queries per month").fill("250000")
    page.get_by_label("Horizon in months (1 to 120)").fill("24")
    root.get_by_text("Large general model").click()  # open the group
    page.get_by_label("Large model: price per million output tokens").fill("15")
    root.get_by_role("button", name="Recalculate").click()
    status = root.locator("[data-costs-status]")
    status.filter(has_text="Recalculated in your browser").wait_for(timeout=BOOT_TIMEOUT_MS)
    assert [u for u in requested if "pyodide" in u], "the calculator did not use Pyodide"

    want = calculate(queries_per_month="250000", horizon_months="24", large_output_price="15")
    assert table_rows(page) == expected_rows(want)
    assert table_rows(page) != expected_rows(calculate())
    items = page.eval_on_selector_all(
        "[data-costs-break-even] li", "lis => lis.map(li => li.textContent)"
    )
    first = want["break_even"][0]
    assert f"{first['break_even_queries_per_month']:,.0f} queries a month" in items[0]

    # Bad input: a clear message, shown as text, and the table stays as it was.
    before = table_rows(page)
    page.get_by_label("Queries per month").fill("<img src=x onerror=alert(1)>")
    root.get_by_role("button", name="Recalculate").click()
    status.filter(has_text="Not recalculated").wait_for(timeout=30_000)
    text = status.text_content() or ""
    assert "Queries per month:" in text and "is not a number" in text
    assert "Traceback" not in text
    assert status.locator("img").count() == 0
    assert page.get_by_label("Queries per month").get_attribute("aria-invalid") == "true"
    assert table_rows(page) == before

    page.get_by_label("Queries per month").fill("-5")
    root.get_by_role("button", name="Recalculate").click()
    status.filter(has_text="enter a number of 0 or more").wait_for(timeout=30_000)
    watch.assert_clean()
