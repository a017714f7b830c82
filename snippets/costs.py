"""A cost and latency model for RAG, fine-tuning, and both, with every assumption a parameter.

Nothing here is a price list. Prices, speeds and volumes change every few
months and differ between providers, so each one is a field of `CostInputs`,
and the defaults are **illustrative**: round values chosen only to make the
arithmetic visible. Replace them with your own quotes before you decide
anything.

Four set-ups are compared (`setup_costs`):

* ``prompt``: a large general model, prompted, no retrieval;
* ``rag``: the same large model with ``k`` retrieved passages added to each prompt;
* ``fine_tuned``: a smaller model fine-tuned for the task, no retrieval;
* ``rag_fine_tuned``: the smaller fine-tuned model with retrieved passages.

`payback_months` and `break_even_queries` say when a set-up that costs more up
front pays for itself.

Copy this file alone: it imports nothing outside the standard library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "MILLION",
    "CostInputs",
    "SetupCost",
    "break_even_queries",
    "payback_months",
    "setup_costs",
]

# --8<-- [start:inputs]
MILLION = 1_000_000


@dataclass(frozen=True)
class CostInputs:
    """Every assumption of the model. The defaults are illustrative: replace them.

    Prices are in one currency unit of your choice per million tokens (or per
    month); token counts are per query unless the name says otherwise.

    Examples:
        >>> CostInputs(queries_per_month=5_000).queries_per_month
        5000
    """

    # Traffic and prompt shape
    queries_per_month: float = 100_000
    prompt_tokens: float = 400  # instructions + question
    output_tokens: float = 250
    # Retrieval
    passages_per_query: float = 4  # k
    tokens_per_passage: float = 300
    embedding_price: float = 0.02  # per million tokens embedded
    corpus_tokens: float = 5_000_000
    corpus_share_changed_per_month: float = 0.2  # re-embedded each month
    index_hosting_per_month: float = 70.0  # search / vector database
    retrieval_ms: float = 40.0
    # The large general model (pay per token)
    large_input_price: float = 2.50  # per million input tokens
    large_output_price: float = 10.00  # per million output tokens
    large_ms_per_1k_input_tokens: float = 120.0
    large_ms_per_output_token: float = 20.0
    # The smaller fine-tuned model
    small_input_price: float = 0.30
    small_output_price: float = 1.20
    small_hosting_per_month: float = 400.0  # dedicated serving, if any
    small_ms_per_1k_input_tokens: float = 40.0
    small_ms_per_output_token: float = 8.0
    # Fine-tuning
    training_examples: float = 2_000
    tokens_per_example: float = 700
    epochs: float = 3
    training_price: float = 8.00  # per million training tokens
    data_preparation_cost: float = 6_000.0  # people's time: write, check, evaluate
    retrains_per_year: float = 2


# --8<-- [end:inputs]


# --8<-- [start:setups]
@dataclass(frozen=True)
class SetupCost:
    """What one set-up costs: once, every month, and per query; and how long a query takes.

    Attributes:
        key: Short name (``prompt``, ``rag``, ``fine_tuned``, ``rag_fine_tuned``).
        upfront: One-off cost before the first query (indexing, data, training).
        fixed_per_month: Monthly cost that does not depend on traffic.
        per_query: Cost of one query (tokens in and out, query embedding).
        latency_ms: Estimated time to a full answer for one query.
    """

    key: str
    upfront: float
    fixed_per_month: float
    per_query: float
    latency_ms: float

    def monthly(self, queries_per_month: float) -> float:
        """Running cost of a month with ``queries_per_month`` queries."""
        return self.fixed_per_month + self.per_query * queries_per_month

    def total(self, queries_per_month: float, months: float) -> float:
        """Up-front cost plus ``months`` months of running cost."""
        return self.upfront + months * self.monthly(queries_per_month)


def setup_costs(inputs: CostInputs) -> dict[str, SetupCost]:
    """Cost and latency of the four set-ups under one set of assumptions.

    The model, stated plainly:

    * a query costs its input tokens times the input price plus its output
      tokens times the output price;
    * retrieval adds ``passages_per_query * tokens_per_passage`` input tokens,
      one embedding of the prompt, ``retrieval_ms`` of latency, a monthly index
      bill, and re-embedding the changed share of the corpus each month; the
      first full embedding of the corpus is paid up front;
    * fine-tuning costs ``data_preparation_cost`` plus one training run up
      front (examples x tokens x epochs x training price); each retraining run
      per year costs another training run, spread over the months;
    * latency is the time to read the input plus the time to write the output.

    Args:
        inputs: The assumptions.

    Returns:
        One `SetupCost` per set-up: ``prompt``, ``rag``, ``fine_tuned`` and
        ``rag_fine_tuned``.
    """
    i = inputs
    context = i.passages_per_query * i.tokens_per_passage
    index_upfront = i.corpus_tokens * i.embedding_price / MILLION
    index_monthly = (
        i.index_hosting_per_month
        + i.corpus_tokens * i.corpus_share_changed_per_month * i.embedding_price / MILLION
    )
    query_embedding = i.prompt_tokens * i.embedding_price / MILLION
    training_run = (
        i.training_examples * i.tokens_per_example * i.epochs * i.training_price / MILLION
    )
    tuning_upfront = i.data_preparation_cost + training_run
    tuning_monthly = i.small_hosting_per_month + i.retrains_per_year * training_run / 12

    def tokens_cost(input_tokens: float, in_price: float, out_price: float) -> float:
        return (input_tokens * in_price + i.output_tokens * out_price) / MILLION

    def large_ms(input_tokens: float) -> float:
        return (
            input_tokens / 1000 * i.large_ms_per_1k_input_tokens
            + i.output_tokens * i.large_ms_per_output_token
        )

    def small_ms(input_tokens: float) -> float:
        return (
            input_tokens / 1000 * i.small_ms_per_1k_input_tokens
            + i.output_tokens * i.small_ms_per_output_token
        )

    with_context = i.prompt_tokens + context
    large = (i.large_input_price, i.large_output_price)
    small = (i.small_input_price, i.small_output_price)
    return {
        "prompt": SetupCost(
            "prompt", 0.0, 0.0, tokens_cost(i.prompt_tokens, *large), large_ms(i.prompt_tokens)
        ),
        "rag": SetupCost(
            "rag",
            index_upfront,
            index_monthly,
            tokens_cost(with_context, *large) + query_embedding,
            i.retrieval_ms + large_ms(with_context),
        ),
        "fine_tuned": SetupCost(
            "fine_tuned",
            tuning_upfront,
            tuning_monthly,
            tokens_cost(i.prompt_tokens, *small),
            small_ms(i.prompt_tokens),
        ),
        "rag_fine_tuned": SetupCost(
            "rag_fine_tuned",
            index_upfront + tuning_upfront,
            index_monthly + tuning_monthly,
            tokens_cost(with_context, *small) + query_embedding,
            i.retrieval_ms + small_ms(with_context),
        ),
    }


# --8<-- [end:setups]


# --8<-- [start:break_even]
def payback_months(baseline: SetupCost, candidate: SetupCost, queries_per_month: float) -> float:
    """Months until the candidate's extra up-front cost is paid back by lower running costs.

    Args:
        baseline: The set-up you would otherwise run.
        candidate: The set-up that costs more up front (for example a fine-tune).
        queries_per_month: Traffic.

    Returns:
        ``0.0`` if the candidate costs no more up front; ``math.inf`` if it
        costs more up front and its monthly cost is not lower (it never pays
        back); otherwise the extra up-front cost divided by the monthly saving.
    """
    extra = candidate.upfront - baseline.upfront
    saving = baseline.monthly(queries_per_month) - candidate.monthly(queries_per_month)
    if extra <= 0:
        return 0.0
    if saving <= 0:
        return math.inf
    return extra / saving


def break_even_queries(baseline: SetupCost, candidate: SetupCost, months: float) -> float:
    """Monthly traffic above which the candidate is cheaper over ``months`` months.

    Both totals are straight lines in the traffic ``q``:
    ``total(q) = upfront + months * (fixed + q * per_query)``. They cross at
    ``q* = (dU + months * dF) / (months * (p_baseline - p_candidate))``, where
    ``dU`` and ``dF`` are the candidate's extra up-front and fixed monthly costs.

    Args:
        baseline: The set-up you would otherwise run.
        candidate: The set-up with the lower cost per query.
        months: The horizon over which the up-front cost must pay back (> 0).

    Returns:
        The lowest traffic from which the candidate costs no more than the
        baseline at that traffic and every higher one: ``q*`` (or ``0.0`` when
        the candidate is never dearer). ``math.inf`` when no such traffic
        exists, because the candidate's cost per query is higher, or equal with
        a higher fixed cost, or lower by so little that the crossing lies beyond
        any number a float can hold.

    Raises:
        ValueError: If ``months`` is not above 0.
    """
    if not months > 0:
        raise ValueError("months must be above 0")
    extra = (candidate.upfront - baseline.upfront) + months * (
        candidate.fixed_per_month - baseline.fixed_per_month
    )
    per_query_saving = baseline.per_query - candidate.per_query
    if per_query_saving < 0 or (per_query_saving == 0 and extra > 0):
        return math.inf
    if extra <= 0:
        return 0.0
    crossing = extra / (months * per_query_saving)
    return crossing if math.isfinite(crossing) else math.inf  # a saving too small to count


# --8<-- [end:break_even]
