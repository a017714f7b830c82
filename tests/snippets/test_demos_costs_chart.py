"""The break-even chart on guide/costs.md (``snippets.demos.costs_render.chart``): drawn by
``render``, so the page at build time and the calculator in the browser show the same
chart; each set-up is a line of its total over the horizon against monthly traffic,
and each traffic from which a fine-tune is the cheaper set-up is marked."""

from __future__ import annotations

import re

from snippets.costs import break_even_queries, setup_costs
from snippets.demos.costs import SETUP_NAMES, calculate
from snippets.demos.costs_input import make_inputs
from snippets.demos.costs_render import _nice_ceiling, _short, chart, render


def test_the_chart_is_part_of_the_one_renderer() -> None:
    result = calculate()
    html = render(result)
    assert html.count("<svg") == 1 and 'id="costs-chart-title"' in html
    assert chart(result) in html
    for name in SETUP_NAMES.values():
        assert f"{name}: " in html  # a line per set-up, described in words


def test_each_break_even_is_marked_where_the_two_totals_cross() -> None:
    result = calculate(queries_per_month="100000", horizon_months="12")
    svg = chart(result)
    setups = setup_costs(make_inputs(queries_per_month="100000"))
    marked = 0
    for base, cand in (("rag", "rag_fine_tuned"), ("prompt", "fine_tuned")):
        x = break_even_queries(setups[base], setups[cand], 12)
        y_base, y_cand = setups[base].total(x, 12), setups[cand].total(x, 12)
        assert abs(y_base - y_cand) < 1e-6 * max(1.0, y_base)  # the lines do cross there
        assert f"{_short(x)} ({_short(x)}, {_short(y_base)})" in svg
        marked += 1
    assert svg.count('stroke-dasharray="3 3"') == marked
    assert "total over 12 months" in svg and "Your traffic: 100,000 queries a month." in svg


def test_no_crossing_no_mark_and_the_horizon_is_named() -> None:
    result = calculate(horizon_months="24", small_input_price="1000", small_output_price="1000")
    assert all(p["break_even_queries_per_month"] is None for p in result["break_even"])
    svg = chart(result)
    assert 'stroke-dasharray="3 3"' not in svg and "over 24 months" in svg
    ticks = re.findall(r'text-anchor="middle" fill="currentColor">([^<]+)</text>', svg)
    assert "0" in ticks  # the traffic axis starts at no traffic


def test_short_numbers_and_round_ceilings() -> None:
    assert [_short(v) for v in (12, 125_000, 2_500_000, 1.5e9)] == ["12", "125k", "2.5M", "1.5G"]
    assert [_nice_ceiling(v) for v in (0, 130, 1000, 4100)] == [1.0, 200.0, 1000.0, 5000.0]
