"""The cost calculator's form and tables (``docs/guide/costs.md``).

`page` prints the form with the illustrative values and their result at build
time; `example_table` and `break_even_table` are the page's Markdown tables of
those values. Uses the lesson ``snippets/costs.py``.
"""

from __future__ import annotations

from html import escape

from snippets.costs import CostInputs
from snippets.demos.costs import SETUP_NAMES, calculate
from snippets.demos.costs_input import FORM, HORIZON
from snippets.demos.costs_render import money, render


def _number(value: float) -> str:
    return f"{value:g}" if value < 1e6 else f"{value:.0f}"


def _field(name: str, label: str, value: str) -> str:
    return (
        f'<div class="demo-field"><label for="costs-{name}">{escape(label)}</label>'
        f'<input id="costs-{name}" name="{name}" type="text" inputmode="decimal" '
        f'value="{value}" autocomplete="off"></div>'
    )


def page() -> str:
    """The calculator as the page shows it (the demo kit's form, buttons, status line
    and result card): the form with the illustrative values, and their result
    computed while the page is built."""
    defaults = CostInputs()
    parts = [
        '<div class="demo costs-calculator" data-demo="costs">',
        "<form data-costs-form novalidate>",
        '<div class="demo-row">',
        _field("horizon_months", f"{HORIZON} (1 to 120)", "12"),
        "</div>",
    ]
    for index, (legend, group) in enumerate(FORM):
        parts.append(
            f'<details class="demo-group"{" open" if index == 0 else ""}>'
            f"<summary>{escape(legend)}</summary>"
        )
        parts.append('<div class="demo-row">')
        for name, label in group:
            parts.append(_field(name, label, _number(getattr(defaults, name))))
        parts.append("</div></details>")
    parts.append(
        '<div class="demo-actions"><button type="submit" class="demo-button" data-role="run">'
        'Run</button><button type="reset" class="demo-button demo-button--secondary">'
        "Reset to the example</button></div>"
    )
    parts.append("</form>")
    parts.append(
        '<p class="demo-status" data-costs-status data-state="idle" role="status">'
        "Results for the illustrative values.</p>"
    )
    parts.append(
        f'<div class="demo-output" data-costs-output aria-live="polite">{render(calculate())}'
        "</div></div>"
    )
    return "".join(parts)


def example_table() -> str:
    """The illustrative defaults computed, as a Markdown table for the page."""
    result = calculate()
    q, months = result["inputs"]["queries_per_month"], result["inputs"]["horizon_months"]
    lines = [
        f"Traffic: {q:,.0f} queries a month; totals over {months:.0f} months.",
        "",
        "| set-up | paid once | per month | per 1,000 queries | total | latency |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {row['name']} | {money(row['upfront'])} | {money(row['monthly'])} "
        f"| {money(row['per_1000_queries'])} | {money(row['total'])} "
        f"| {row['latency_ms'] / 1000:.1f} s |"
        for row in result["rows"]
    ]
    return "\n".join(lines)


VOLUMES = (10_000, 50_000, 100_000, 200_000, 500_000, 1_000_000)


def break_even_table(volumes: tuple[int, ...] = VOLUMES) -> str:
    """RAG on the large model against RAG on the fine-tuned small one, as Markdown: the
    payback at the illustrative traffic, the break-even traffic, and totals by traffic."""
    result = calculate()
    pair = result["break_even"][0]
    q = result["inputs"]["queries_per_month"]
    lines = [
        f"- At {q:,.0f} queries a month the fine-tune pays back after "
        f"**{pair['payback_months']:.0f} months**.",
        f"- Over 12 months it is cheaper from **{pair['break_even_queries_per_month']:,.0f} "
        "queries a month** upwards.",
        "",
        "| queries per month | RAG, large model | RAG + fine-tuned small model "
        "| cheaper over 12 months |",
        "| ---: | ---: | ---: | --- |",
    ]
    for volume in volumes:
        rows = {row["key"]: row for row in calculate(queries_per_month=volume)["rows"]}
        rag, both = rows["rag"]["total"], rows["rag_fine_tuned"]["total"]
        cheaper = SETUP_NAMES["rag_fine_tuned"] if both < rag else "RAG, large model"
        lines.append(f"| {volume:,} | {rag:,.0f} | {both:,.0f} | {cheaper} |")
    return "\n".join(lines)
