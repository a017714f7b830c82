"""snippets/demos/costs*.py: reading what a reader types, the calculator and its one renderer."""

from __future__ import annotations

import json
import math
import re
from dataclasses import fields, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.costs import CostInputs, setup_costs
from snippets.demos.costs import calculate, recalculate
from snippets.demos.costs_input import FORM, LABELS, MAX_INPUT, InputError, make_inputs, read_number
from snippets.demos.costs_page import break_even_table, example_table, page
from snippets.demos.costs_render import render

money = st.one_of(st.just(0.0), st.floats(min_value=1e-9, max_value=1e6))


def test_the_form_names_every_input_once_and_defaults_are_finite() -> None:
    names = [f.name for f in fields(CostInputs)]
    in_form = [name for _, group in FORM for name, _ in group]
    assert sorted(in_form) == sorted(names) and len(set(in_form)) == len(in_form)
    assert len(set(LABELS.values())) == len(LABELS)
    assert all(math.isfinite(getattr(CostInputs(), n)) for n in names)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"queries_per_month": "lots"}, 'Queries per month: "lots" is not a number'),
        ({"queries_per_month": -1}, "Queries per month: enter a number of 0 or more"),
        ({"epochs": float("inf")}, "Training epochs: inf is larger than this calculator takes"),
        ({"epochs": 10**400}, "Training epochs: inf is larger than this calculator takes"),
        ({"epochs": float("nan")}, "Training epochs: enter a number"),
        ({"epochs": None}, "Training epochs: enter a number"),
        ({"epochs": True}, "Training epochs: enter a number"),
        ({"corpus_share_changed_per_month": 1.5}, "between 0 and 1"),
        ({"price_of_tea": 1}, "unknown input 'price_of_tea'"),
    ],
)
def test_bad_input_is_a_clear_value_error(values: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")) as raised:
        make_inputs(**values)
    if "unknown" not in message:
        assert isinstance(raised.value, InputError)
        assert raised.value.field == next(iter(values))


@pytest.mark.parametrize("horizon", ["soon", 0, 121, True, "1,5", "1e309"])
def test_bad_horizon_is_a_clear_value_error_that_names_the_field(horizon: object) -> None:
    with pytest.raises(InputError, match=r"^Horizon in months: ") as raised:
        calculate(horizon_months=horizon)
    assert raised.value.field == "horizon_months"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1234.5", 1234.5),
        ("1,234.5", 1234.5),
        ("1,234,567", 1_234_567),
        ("1 234 567", 1_234_567),
        ("1\u00a0234", 1234),  # a no-break space, as French typing gives
        ("1_000", 1000),
        ("100,000", 100_000),
        ("0.025", 0.025),
        ("1234.500", 1234.5),
        (".5", 0.5),
        ("2.5e3", 2500),
        ("  12 ", 12),
        ("1e15", 1e15),
        (7, 7),
        (0.5, 0.5),
    ],
)
def test_read_number_reads_what_the_rule_says(text: object, number: float) -> None:
    assert read_number(text, "Field") == number


@pytest.mark.parametrize(
    ("text", "understood"),
    [
        ("1,5", "for a decimal, type a point: 1.5"),
        ("1234,5", "for a decimal, type a point: 1234.5"),
        ("1.000", "could mean 1 or 1000"),
        ("12.500", "could mean 12.5 or 12500"),
        ("1.234.567", "type it as 1234567"),
        ("1.234,5", "type it as 1234.5"),
        ("1e309", "larger than this calculator takes"),
        ("9" * 400, "400 characters is too long"),
        ("2e15", "larger than this calculator takes"),
        ("1\u200b000", "invisible character (U+200B)"),
        ("1\u202e000", "invisible character (U+202E)"),
        ("5.", "is not a number"),
        ("nan", "is not a number"),
        ("inf", "is not a number"),
        ("", "enter a number"),
        ("-3", "enter a number of 0 or more"),
    ],
)
def test_read_number_refuses_what_it_cannot_read_for_sure(text: str, understood: str) -> None:
    with pytest.raises(ValueError) as raised:
        read_number(text, "Queries per month")
    message = str(raised.value)
    assert message.startswith("Queries per month: ")
    assert understood in message
    assert len(message) < 200


overflowing = st.floats(min_value=0, max_value=MAX_INPUT, allow_nan=False) | st.sampled_from(
    [0.0, 5e-324, 1e-300, MAX_INPUT]
)


@settings(max_examples=200, deadline=None)
@given(
    values=st.fixed_dictionaries({f.name: overflowing for f in fields(CostInputs)}),
    share=st.floats(0, 1),
    horizon=st.floats(1, 120),
)
def test_any_accepted_inputs_give_json_without_infinities(
    values: dict[str, float], share: float, horizon: float
) -> None:
    """The cap on every input keeps products finite: the browser always gets JSON."""
    values["corpus_share_changed_per_month"] = share
    result = calculate(horizon_months=horizon, **values)
    json.dumps(result, allow_nan=False)


def test_form_strings_are_accepted() -> None:
    assert make_inputs(queries_per_month=" 12,500 ").queries_per_month == 12_500


def test_calculate_is_json_friendly_and_matches_setup_costs() -> None:
    result = calculate(queries_per_month="20000", horizon_months="6")
    assert json.loads(json.dumps(result)) == result
    costs = setup_costs(make_inputs(queries_per_month=20_000))
    for row in result["rows"]:
        setup = costs[row["key"]]
        assert row["monthly"] == pytest.approx(setup.monthly(20_000))
        assert row["total"] == pytest.approx(setup.total(20_000, 6))
        assert row["per_1000_queries"] == pytest.approx(setup.monthly(20_000) / 20)
    assert result["inputs"]["horizon_months"] == 6


def test_zero_traffic_has_no_cost_per_thousand() -> None:
    assert all(row["per_1000_queries"] is None for row in calculate(queries_per_month=0)["rows"])


def test_page_claims_hold_for_the_example_defaults() -> None:
    """docs/guide/costs.md: with the example values, retrieval's added context is
    the biggest per-query cost, the fine-tune pays back within the horizon only
    above the break-even traffic, and the small model answers faster."""
    result = calculate()
    rows = {row["key"]: row for row in result["rows"]}
    assert rows["rag"]["monthly"] > rows["prompt"]["monthly"]
    assert rows["fine_tuned"]["latency_ms"] < rows["prompt"]["latency_ms"] / 2
    assert rows["rag_fine_tuned"]["latency_ms"] < rows["rag"]["latency_ms"] / 2
    (rag_pair, prompt_pair) = result["break_even"]
    q = CostInputs().queries_per_month
    assert rag_pair["break_even_queries_per_month"] > q  # not paid back in a year at this traffic
    assert rag_pair["payback_months"] > 12
    assert prompt_pair["payback_months"] is None  # the small model never pays back vs prompting
    assert rows["rag_fine_tuned"]["total"] > rows["rag"]["total"]
    # At ten times the traffic the picture flips.
    busy = {r["key"]: r for r in calculate(queries_per_month=q * 10)["rows"]}
    assert busy["rag_fine_tuned"]["total"] < busy["rag"]["total"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([f.name for f in fields(CostInputs)]), money)
def test_any_valid_single_change_gives_finite_rows(name: str, value: float) -> None:
    if name == "corpus_share_changed_per_month":
        value = min(value, 1.0)
    result = calculate(**{name: value})
    for row in result["rows"]:
        assert math.isfinite(row["monthly"]) and row["monthly"] >= 0
        assert math.isfinite(row["latency_ms"]) and row["latency_ms"] >= 0
    assert replace(CostInputs(), **{name: value}) == make_inputs(**{name: value})


def test_the_browser_gets_the_html_the_page_was_built_with() -> None:
    html = page()
    assert render(calculate()) in html
    assert recalculate() == {"html": render(calculate())}
    changed = recalculate(horizon_months="24", queries_per_month="250,000")["html"]
    assert changed == render(calculate(horizon_months=24, queries_per_month=250_000))
    assert changed != render(calculate())


def test_the_form_shows_every_field_with_its_label_and_illustrative_value() -> None:
    html = page()
    ids = re.findall(r'<input id="costs-([a-z0-9_]+)"', html)
    assert ids == ["horizon_months", *[name for _, group in FORM for name, _ in group]]
    for name, label in LABELS.items():
        assert f'<label for="costs-{name}">{label}</label>' in html.replace("&#x27;", "'")
    assert 'name="queries_per_month" type="text" inputmode="decimal" value="100000"' in html
    assert ">Reset to the example</button>" in html
    assert html.count("<details") == len(FORM) and html.count(" open>") == 1


def test_rendered_text_is_escaped() -> None:
    result = calculate()
    result["rows"][0]["name"] = "<b>x</b>"
    result["break_even"][0]["candidate"] = "<script>"
    html = render(result)
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "&lt;script&gt;" in html


def test_the_pages_tables_are_the_calculators_numbers() -> None:
    rows = calculate()["rows"]
    table = example_table()
    assert table.startswith("Traffic: 100,000 queries a month; totals over 12 months.")
    for row in rows:
        assert f"| {row['name']} | {row['upfront']:,.2f} | {row['monthly']:,.2f} " in table
    pair = calculate()["break_even"][0]
    text = break_even_table((10_000, 1_000_000))
    assert f"**{pair['payback_months']:.0f} months**" in text
    assert f"**{pair['break_even_queries_per_month']:,.0f} queries a month**" in text
    assert text.splitlines()[-2].endswith("| RAG, large model |")
    assert text.splitlines()[-1].endswith("| RAG + fine-tuned small model |")
