"""The cost calculator's one renderer (``docs/guide/costs.md``).

`render` turns a result of ``costs.calculate`` into the table of set-ups, the
break-even sentences and the break-even `chart`, for the page at build time and
for the browser. Uses the lesson ``snippets/charts.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import Any

from snippets.charts import line_chart
from snippets.demos.report import figure


def _short(value: float) -> str:
    """A count or an amount in a few characters: ``_short(125000) == "125k"``."""
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def _nice_ceiling(value: float) -> float:
    """The next round number at or above ``value`` (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return float(next(step * power for step in (1, 2, 5, 10) if step * power >= value))


def chart(result: dict[str, Any]) -> str:
    """The break-even chart of a `calculate` result, as escaped SVG in a figure: the
    total over the horizon of each set-up against monthly traffic, from none to well
    past the reader's traffic and the break-even points, each crossing marked."""
    inputs = result["inputs"]
    horizon, traffic = inputs["horizon_months"], inputs["queries_per_month"]
    crossings = [
        (pair, pair["break_even_queries_per_month"])
        for pair in result["break_even"]
        if pair["break_even_queries_per_month"] is not None
    ]
    widest = max([traffic, *(x for _, x in crossings)]) * 1.25
    end = _nice_ceiling(widest or 1000)
    xs = [end * k / 5 for k in range(6)]
    rows: dict[str, dict[str, Any]] = {str(row["key"]): row for row in result["rows"]}

    def total(key: str, q: float) -> float:
        row = rows[key]
        return float(row["upfront"] + horizon * (row["fixed_per_month"] + row["per_query"] * q))

    series: dict[str, Sequence[float]] = {
        str(row["name"]): [total(key, x) for x in xs] for key, row in rows.items()
    }
    top = _nice_ceiling(max(max(ys) for ys in series.values()))
    marks = [(x, total(pair["baseline_key"], x), _short(x)) for pair, x in crossings if x <= end]
    svg = line_chart(
        "costs-chart",
        f"Total cost over {horizon:g} months by monthly traffic, for each set-up",
        xs,
        series,
        x_label="queries per month",
        y_label=f"total over {horizon:g} months",
        y_range=(0.0, top),
        y_format=_short,
        x_format=_short,
        marks=marks,
    )
    caption = (
        f"Each line is one set-up's total over {horizon:g} months (paid once, plus "
        "per month); a dashed line and a circle mark the traffic from which a fine-tuned set-up "
        "is the cheaper one. "
        f"Your traffic: {traffic:,.0f} queries a month."
    )
    return str(figure(svg, caption))


def money(value: float | None) -> str:
    """An amount with two decimals and thousands separators; ``"n/a"`` for ``None``."""
    return "n/a" if value is None else f"{value:,.2f}"


def break_even_sentence(pair: dict[str, Any]) -> str:
    """One comparison of `calculate`'s ``break_even``, in words."""
    months = pair["payback_months"]
    volume = pair["break_even_queries_per_month"]
    payback = "never pays back" if months is None else f"pays back after {months:.1f} months"
    crossing = (
        "is never cheaper over the horizon"
        if volume is None
        else f"is cheaper over the horizon from {volume:,.0f} queries a month"
    )
    return f"{pair['candidate']} against {pair['baseline']}: {payback} at this traffic; {crossing}."


def render(result: dict[str, Any]) -> str:
    """The calculator's result as escaped HTML: the table of set-ups, the break-even
    sentences and chart. The page prints it at build time; `recalculate` returns it to
    the browser, which redraws the chart with it."""
    head = "".join(
        f'<th scope="col">{escape(h)}</th>'
        for h in ("set-up", "paid once", "per month", "per 1,000 queries", "total over horizon")
    )
    rows = "".join(
        f'<tr data-key="{escape(row["key"])}"><th scope="row">{escape(row["name"])}</th>'
        f"<td>{money(row['upfront'])}</td><td>{money(row['monthly'])}</td>"
        f"<td>{money(row['per_1000_queries'])}</td><td>{money(row['total'])}</td>"
        f"<td>{row['latency_ms'] / 1000:.1f} s</td></tr>"
        for row in result["rows"]
    )
    items = "".join(f"<li>{escape(break_even_sentence(p))}</li>" for p in result["break_even"])
    return (
        f"<table data-costs-table><thead><tr>{head}"
        f'<th scope="col">latency</th></tr></thead><tbody>{rows}</tbody></table>'
        f"<ul data-costs-break-even>{items}</ul>{chart(result)}"
    )
