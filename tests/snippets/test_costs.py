"""snippets/costs.py: the arithmetic, bad input, and properties of the cost model."""

from __future__ import annotations

import json
import math
from dataclasses import fields, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.costs import (
    INPUT_LABELS,
    MAX_INPUT,
    MILLION,
    CostInputs,
    InputError,
    SetupCost,
    break_even_queries,
    calculate,
    make_inputs,
    payback_months,
    read_number,
    setup_costs,
)

# Prices are zero or at least a billionth of a currency unit: below that, products
# of prices and traffic leave the range of floats and the properties stop meaning much.
money = st.one_of(st.just(0.0), st.floats(min_value=1e-9, max_value=1e6))
traffic = st.floats(min_value=0, max_value=1e8, allow_nan=False, allow_infinity=False)
setups = st.builds(SetupCost, st.just("x"), money, money, money, st.just(0.0))


def test_every_input_has_a_label_and_defaults_are_finite() -> None:
    names = [f.name for f in fields(CostInputs)]
    assert set(names) == set(INPUT_LABELS)
    assert all(math.isfinite(getattr(CostInputs(), n)) for n in names)


def test_prompt_only_cost_is_tokens_times_prices() -> None:
    i = CostInputs(prompt_tokens=1000, output_tokens=500, large_input_price=2, large_output_price=8)
    prompt = setup_costs(i)["prompt"]
    assert prompt.per_query == pytest.approx((1000 * 2 + 500 * 8) / MILLION)
    assert prompt.upfront == 0 and prompt.fixed_per_month == 0
    expected_ms = 1000 / 1000 * i.large_ms_per_1k_input_tokens + 500 * i.large_ms_per_output_token
    assert prompt.latency_ms == pytest.approx(expected_ms)


def test_retrieval_adds_context_tokens_embedding_index_and_latency() -> None:
    i = CostInputs()
    costs = setup_costs(i)
    added = i.passages_per_query * i.tokens_per_passage
    assert costs["rag"].per_query - costs["prompt"].per_query == pytest.approx(
        (added * i.large_input_price + i.prompt_tokens * i.embedding_price) / MILLION
    )
    assert costs["rag"].upfront == pytest.approx(i.corpus_tokens * i.embedding_price / MILLION)
    assert costs["rag"].fixed_per_month == pytest.approx(
        i.index_hosting_per_month
        + i.corpus_tokens * i.corpus_share_changed_per_month * i.embedding_price / MILLION
    )
    assert costs["rag"].latency_ms > costs["prompt"].latency_ms


def test_fine_tuning_upfront_is_data_plus_one_training_run() -> None:
    i = CostInputs(training_examples=1000, tokens_per_example=500, epochs=2, training_price=10)
    run = 1000 * 500 * 2 * 10 / MILLION
    tuned = setup_costs(i)["fine_tuned"]
    assert tuned.upfront == pytest.approx(i.data_preparation_cost + run)
    assert tuned.fixed_per_month == pytest.approx(
        i.small_hosting_per_month + i.retrains_per_year * run / 12
    )


def test_payback_and_break_even_on_round_numbers() -> None:
    base = SetupCost("base", upfront=0, fixed_per_month=0, per_query=0.01, latency_ms=0)
    cand = SetupCost("cand", upfront=1200, fixed_per_month=100, per_query=0.002, latency_ms=0)
    # 100,000 queries: base 1,000 a month, candidate 300: saves 700 a month.
    assert payback_months(base, cand, 100_000) == pytest.approx(1200 / 700)
    # Over 12 months: 1200 + 12 * 100 = 2400 extra; saves 0.008 a query.
    assert break_even_queries(base, cand, 12) == pytest.approx(2400 / (12 * 0.008))
    assert payback_months(base, cand, 10_000) == math.inf  # 100 vs 120 a month: never
    assert break_even_queries(cand, base, 12) == math.inf  # dearer per query: never


def test_break_even_rejects_a_zero_horizon() -> None:
    base = SetupCost("b", 0, 0, 1, 0)
    with pytest.raises(ValueError, match="months must be above 0"):
        break_even_queries(base, base, 0)


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


@settings(max_examples=60, deadline=None)
@given(q1=traffic, q2=traffic)
def test_every_cost_is_monotone_in_traffic(q1: float, q2: float) -> None:
    low, high = sorted((q1, q2))
    for setup in setup_costs(CostInputs()).values():
        assert setup.monthly(low) <= setup.monthly(high)
        assert setup.total(low, 12) <= setup.total(high, 12)


@settings(max_examples=60, deadline=None)
@given(tokens=st.floats(min_value=0, max_value=1e5), extra=st.floats(min_value=0, max_value=1e4))
def test_more_retrieved_context_never_costs_less(tokens: float, extra: float) -> None:
    a = setup_costs(CostInputs(tokens_per_passage=tokens))["rag"]
    b = setup_costs(CostInputs(tokens_per_passage=tokens + extra))["rag"]
    assert b.per_query >= a.per_query and b.latency_ms >= a.latency_ms


@settings(max_examples=100, deadline=None)
@given(base=setups, cand=setups, months=st.floats(min_value=1, max_value=120))
def test_break_even_is_where_the_totals_cross(
    base: SetupCost, cand: SetupCost, months: float
) -> None:
    q = break_even_queries(base, cand, months)
    if math.isinf(q):
        # No traffic from which the candidate stays cheaper: it costs more per
        # query (or the same, with more fixed cost), so past some traffic it is dearer.
        saving = base.per_query - cand.per_query
        extra = (cand.upfront - base.upfront) + months * (
            cand.fixed_per_month - base.fixed_per_month
        )
        if saving > 0:  # cheaper per query by a sliver: the crossing overflows a float
            assert extra > 0 and not math.isfinite(extra / (months * saving))
            return
        assert saving < 0 or (saving == 0 and extra > 0)
        big = 2 * (abs(extra) + 1) / abs(saving) if saving < 0 else 1e6
        # At that traffic the candidate is dearer by at least min(extra, 2); a float
        # total may swallow a difference below its last digit, so allow that much.
        dearer_by = cand.total(big, months) - base.total(big, months)
        assert dearer_by >= -1e-15 * base.total(big, months)
        return
    assert q >= 0
    scale = 1e-9 * (1 + base.total(q, months) + cand.total(q, months))
    assert cand.total(q, months) <= base.total(q, months) + scale
    above = q * 2 + 1
    assert cand.total(above, months) <= base.total(above, months) + scale * (above + 1)


@settings(max_examples=100, deadline=None)
@given(base=setups, cand=setups, q=traffic)
def test_payback_is_consistent_with_monthly_costs(
    base: SetupCost, cand: SetupCost, q: float
) -> None:
    months = payback_months(base, cand, q)
    if cand.upfront <= base.upfront:
        assert months == 0
    elif cand.monthly(q) >= base.monthly(q):
        assert months == math.inf
    else:
        # After `months` months both have spent the same.
        assert cand.total(q, months) == pytest.approx(base.total(q, months), rel=1e-6, abs=1e-6)


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
