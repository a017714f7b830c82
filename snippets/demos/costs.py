"""The cost calculator's browser entry point (``docs/guide/costs.md``).

`calculate` runs the cost model of ``snippets/costs.py`` on what the form sent
(read by ``costs_input``); `recalculate`, which the browser calls, returns the
result as the HTML of the one renderer, ``costs_render.render``, which the page
also prints at build time, so the two cannot drift. Uses the lesson
``snippets/costs.py``.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from snippets.costs import break_even_queries, payback_months, setup_costs
from snippets.demos.costs_input import HORIZON, InputError, make_inputs, read_number
from snippets.demos.costs_render import render

SETUP_NAMES: dict[str, str] = {
    "prompt": "Large model, prompt only",
    "rag": "RAG on the large model",
    "fine_tuned": "Fine-tuned small model",
    "rag_fine_tuned": "RAG + fine-tuned small model",
}


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def calculate(horizon_months: object = 12, **values: object) -> dict[str, Any]:
    """The calculator: what the form sent in, JSON-friendly numbers out.

    Args:
        horizon_months: Months over which up-front costs are counted (1 to 120).
        **values: Any fields of `CostInputs`, as numbers or numeric strings.

    Returns:
        ``inputs`` (every assumption used), ``rows`` (one per set-up: name,
        up-front, monthly, per 1,000 queries including fixed costs, total over
        the horizon, latency in ms) and ``break_even`` (the fine-tuned small
        model against RAG on the large model, and against the prompted large
        model: payback months at this traffic and break-even monthly traffic
        over the horizon; ``None`` means never).

    Raises:
        InputError: A ``ValueError`` whose message starts with the bad field's
            label and whose ``field`` is its name (``horizon_months`` or an input).

    Examples:
        >>> [row["key"] for row in calculate(queries_per_month="1,000")["rows"]]
        ['prompt', 'rag', 'fine_tuned', 'rag_fine_tuned']
    """
    try:
        horizon = read_number(horizon_months, HORIZON)
    except ValueError as error:
        raise InputError("horizon_months", str(error)) from None
    if not 1 <= horizon <= 120:
        raise InputError("horizon_months", f"{HORIZON}: enter a number from 1 to 120")
    inputs = make_inputs(**values)
    q = inputs.queries_per_month
    setups = setup_costs(inputs)
    rows = []
    for key, setup in setups.items():
        monthly = setup.monthly(q)
        rows.append(
            {
                "key": key,
                "name": SETUP_NAMES[key],
                "upfront": setup.upfront,
                "fixed_per_month": setup.fixed_per_month,
                "per_query": setup.per_query,
                "monthly": monthly,
                "per_1000_queries": _finite(monthly / q * 1000) if q > 0 else None,
                "total": setup.total(q, horizon),
                "latency_ms": setup.latency_ms,
            }
        )
    comparisons = []
    for base_key, cand_key in (("rag", "rag_fine_tuned"), ("prompt", "fine_tuned")):
        base, cand = setups[base_key], setups[cand_key]
        comparisons.append(
            {
                "baseline": SETUP_NAMES[base_key],
                "baseline_key": base_key,
                "candidate": SETUP_NAMES[cand_key],
                "payback_months": _finite(payback_months(base, cand, q)),
                "break_even_queries_per_month": _finite(break_even_queries(base, cand, horizon)),
            }
        )
    return {
        "inputs": {**asdict(inputs), "horizon_months": horizon},
        "rows": rows,
        "break_even": comparisons,
    }


def recalculate(horizon_months: object = 12, **values: object) -> dict[str, Any]:
    """The browser's entry point: `calculate` on what the form sent, as ``{"html"}``.

    Raises:
        InputError: As `calculate`; its ``field`` reaches the page, which marks the field.
    """
    return {"html": render(calculate(horizon_months, **values))}
