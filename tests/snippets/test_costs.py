"""snippets/costs.py: the arithmetic of the cost model and its properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.costs import (
    MILLION,
    CostInputs,
    SetupCost,
    break_even_queries,
    payback_months,
    setup_costs,
)

# Prices are zero or at least a billionth of a currency unit: below that, products
# of prices and traffic leave the range of floats and the properties stop meaning much.
money = st.one_of(st.just(0.0), st.floats(min_value=1e-9, max_value=1e6))
traffic = st.floats(min_value=0, max_value=1e8, allow_nan=False, allow_infinity=False)
setups = st.builds(SetupCost, st.just("x"), money, money, money, st.just(0.0))


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
    elif months == math.inf:
        # A saving per month so small that the months overflow a float: never, in
        # practice (hypothesis found 1.0 up front against 2e-311 a month).
        assert (cand.upfront - base.upfront) / (base.monthly(q) - cand.monthly(q)) == math.inf
    else:
        # After `months` months both have spent the same.
        assert cand.total(q, months) == pytest.approx(base.total(q, months), rel=1e-6, abs=1e-6)
