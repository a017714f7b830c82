"""The cost calculator on guide/costs.md, in headless Chromium over loopback.

The reader's numbers go through snippets.demos.costs in Pyodide; the table
that comes back must equal what CPython computes for the same inputs. Bad
input gives a message (as text), Pyodide loads only on click, nothing leaves
127.0.0.1, and nothing is logged as an error.
"""

from __future__ import annotations

from typing import Any

import pytest

from snippets.demos.costs import calculate
from snippets.demos.costs_input import LABELS

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


def test_build_time_table_and_recalculate_in_the_browser_match_cpython(
    site_url: str, watched_page: Any
) -> None:
    page, watch = watched_page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "guide/costs/", wait_until="load")
    page.wait_for_timeout(300)
    assert not [u for u in requested if "pyodide" in u], "Pyodide loaded before the reader asked"
    assert table_rows(page) == expected_rows(calculate())  # the build-time table

    root = page.locator("[data-demo=costs]")
    page.get_by_label("Queries per month").fill("250000")
    page.get_by_label("Horizon in months (1 to 120)").fill("24")
    root.get_by_text("Large general model").click()  # open the group
    page.get_by_label("Large model: price per million output tokens").fill("15")
    root.get_by_role("button", name="Run", exact=True).click()
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
    root.get_by_role("button", name="Run", exact=True).click()
    status.filter(has_text="Not recalculated").wait_for(timeout=30_000)
    text = status.text_content() or ""
    assert "Queries per month:" in text and "is not a number" in text
    assert "Traceback" not in text
    assert status.locator("img").count() == 0
    assert page.get_by_label("Queries per month").get_attribute("aria-invalid") == "true"
    assert table_rows(page) == before

    page.get_by_label("Queries per month").fill("-5")
    root.get_by_role("button", name="Run", exact=True).click()
    status.filter(has_text="enter a number of 0 or more").wait_for(timeout=30_000)

    # The same page, Python already running (one boot for the whole session): from
    # the example values, ambiguous and huge input.
    root.get_by_role("button", name="Reset to the example").click()
    assert table_rows(page) == expected_rows(calculate())
    check_ambiguous_or_huge_input_is_refused_and_its_field_marked(page)
    root.get_by_role("button", name="Reset to the example").click()
    check_huge_values_name_a_field_and_the_largest_allowed_still_give_a_table(page)
    watch.assert_clean()


def recalculate(root: Any) -> str:
    """Press Run and return the status once the answer is in."""
    root.evaluate("n => { n.querySelector('[data-costs-status]').textContent = ''; }")
    root.get_by_role("button", name="Run", exact=True).click()
    status = root.locator("[data-costs-status]")
    status.filter(has_text="ecalculated").wait_for(timeout=BOOT_TIMEOUT_MS)
    return status.text_content() or ""


def invalid_fields(root: Any) -> list[str]:
    return root.evaluate(  # type: ignore[no-any-return]
        "n => Array.from(n.querySelectorAll('[aria-invalid=true]'), (i) => i.name)"
    )


REFUSED = [
    ("Queries per month", "1,5", "for a decimal, type a point: 1.5"),
    ("Queries per month", "1.000", "could mean 1 or 1000"),
    ("Queries per month", "1e309", "larger than this calculator takes"),
    ("Queries per month", "9" * 400, "too long"),
    ("Horizon in months (1 to 120)", "0", "from 1 to 120"),
    ("Horizon in months (1 to 120)", "12.000", "could mean 12 or 12000"),
]


def check_ambiguous_or_huge_input_is_refused_and_its_field_marked(page: Any) -> None:
    root = page.locator("[data-demo=costs]")
    before = table_rows(page)
    for label, typed, said in REFUSED:
        field = page.get_by_label(label)
        kept = field.input_value()
        field.fill(typed)
        text = recalculate(root)
        assert text.startswith(f"Not recalculated: {label.split(' (')[0]}: "), text
        assert said in text and "JSON" not in text, text
        assert invalid_fields(root) == [field.get_attribute("name")], typed
        assert table_rows(page) == before
        field.fill(kept)
    # Corrected, it calculates, and the mark goes.
    assert recalculate(root).startswith("Recalculated in your browser")
    assert invalid_fields(root) == []


def check_huge_values_name_a_field_and_the_largest_allowed_still_give_a_table(
    page: Any,
) -> None:
    """1e200 everywhere once made products overflow into "Out of range float values
    are not JSON compliant"; now the first such field is named and marked, and the
    largest values taken still give a table."""
    root = page.locator("[data-demo=costs]")
    fill_all = """(n, v) => { for (const i of n.querySelectorAll("input[name]"))
                    if (i.name !== "horizon_months" && !i.name.startsWith("corpus_share"))
                      i.value = v; }"""
    root.evaluate(fill_all, "1e200")
    text = recalculate(root)
    first = next(iter(LABELS))
    assert text.startswith(f'Not recalculated: {LABELS[first]}: "1e200" is larger'), text
    assert "JSON" not in text and invalid_fields(root) == [first]
    root.evaluate(fill_all, "1e15")
    assert recalculate(root).startswith("Recalculated in your browser")
    values = {n: "1e15" for n in LABELS if not n.startswith("corpus_share")}
    rows = table_rows(page)
    assert [r[0] for r in rows] == [r["name"] for r in calculate(**values)["rows"]]
    assert not [c for r in rows for c in r if not c or "NaN" in c or "Infinity" in c]


def test_example_values_during_a_calculation_drops_its_result(
    site_url: str, watched_page: Any
) -> None:
    page, watch = watched_page
    page.goto(site_url + "guide/costs/", wait_until="load")
    root = page.locator("[data-demo=costs]")
    examples = table_rows(page)
    page.get_by_label("Queries per month").fill("1000")
    root.get_by_role("button", name="Run", exact=True).click()
    root.get_by_role("button", name="Reset to the example").click()
    # A call made now runs after the one in flight: once it is back, so is that one.
    page.evaluate("pyBridge.call('demos.costs', 'recalculate', {})")
    status = root.locator("[data-costs-status]").text_content() or ""
    assert status.startswith("Illustrative values restored"), status
    assert table_rows(page) == examples == expected_rows(calculate())
    assert page.get_by_label("Queries per month").input_value() == "100000"
    assert root.get_by_role("button", name="Run", exact=True).is_enabled()
    watch.assert_clean()
