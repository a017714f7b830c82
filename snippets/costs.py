"""A cost and latency model for RAG, fine-tuning, and both, with every assumption a parameter.

Used by the page "Costs and latency" (``docs/guide/costs.md``): the page's
tables are computed from this module while the site is built, and the
calculator on that page runs the same functions in the reader's browser
(through Pyodide) when the reader changes a number.

Nothing here is a price list. Prices, speeds and volumes change every few
months and differ between providers, so each one is a field of
`CostInputs`, and the defaults are **example values** chosen only to
make the arithmetic visible. Replace them with your own quotes before you
decide anything.

Four set-ups are compared:

* ``prompt``: a large general model, prompted, no retrieval;
* ``rag``: the same large model with ``k`` retrieved passages added to each prompt;
* ``fine_tuned``: a smaller model fine-tuned for the task, no retrieval;
* ``rag_fine_tuned``: the smaller fine-tuned model with retrieved passages.

Copy this file alone: it imports nothing outside the standard library.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, fields
from typing import Any

# --8<-- [start:inputs]
MILLION = 1_000_000


@dataclass(frozen=True)
class CostInputs:
    """Every assumption of the model. Defaults are EXAMPLE values: replace them.

    Prices are in one currency unit of your choice per million tokens (or per
    month); token counts are per query unless the name says otherwise.
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

INPUT_LABELS: dict[str, str] = {
    "queries_per_month": "Queries per month",
    "prompt_tokens": "Prompt tokens per query (instructions + question)",
    "output_tokens": "Output tokens per answer",
    "passages_per_query": "Passages retrieved per query (k)",
    "tokens_per_passage": "Tokens per passage",
    "embedding_price": "Embedding price per million tokens",
    "corpus_tokens": "Corpus size in tokens",
    "corpus_share_changed_per_month": "Share of the corpus re-embedded per month (0 to 1)",
    "index_hosting_per_month": "Index hosting per month",
    "retrieval_ms": "Retrieval time per query (ms)",
    "large_input_price": "Large model: price per million input tokens",
    "large_output_price": "Large model: price per million output tokens",
    "large_ms_per_1k_input_tokens": "Large model: ms per 1,000 input tokens",
    "large_ms_per_output_token": "Large model: ms per output token",
    "small_input_price": "Small fine-tuned model: price per million input tokens",
    "small_output_price": "Small fine-tuned model: price per million output tokens",
    "small_hosting_per_month": "Small fine-tuned model: hosting per month",
    "small_ms_per_1k_input_tokens": "Small fine-tuned model: ms per 1,000 input tokens",
    "small_ms_per_output_token": "Small fine-tuned model: ms per output token",
    "training_examples": "Fine-tuning examples",
    "tokens_per_example": "Tokens per fine-tuning example",
    "epochs": "Training epochs",
    "training_price": "Training price per million training tokens",
    "data_preparation_cost": "Data preparation and evaluation (one-off, per dataset)",
    "retrains_per_year": "Retraining runs per year",
}

INPUT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Traffic and prompt", ("queries_per_month", "prompt_tokens", "output_tokens")),
    (
        "Retrieval",
        (
            "passages_per_query",
            "tokens_per_passage",
            "embedding_price",
            "corpus_tokens",
            "corpus_share_changed_per_month",
            "index_hosting_per_month",
            "retrieval_ms",
        ),
    ),
    (
        "Large general model",
        (
            "large_input_price",
            "large_output_price",
            "large_ms_per_1k_input_tokens",
            "large_ms_per_output_token",
        ),
    ),
    (
        "Small fine-tuned model",
        (
            "small_input_price",
            "small_output_price",
            "small_hosting_per_month",
            "small_ms_per_1k_input_tokens",
            "small_ms_per_output_token",
        ),
    ),
    (
        "Fine-tuning",
        (
            "training_examples",
            "tokens_per_example",
            "epochs",
            "training_price",
            "data_preparation_cost",
            "retrains_per_year",
        ),
    ),
)
"""The inputs in the groups the calculator's form shows them in."""

SETUP_NAMES: dict[str, str] = {
    "prompt": "Large model, prompt only",
    "rag": "RAG on the large model",
    "fine_tuned": "Fine-tuned small model",
    "rag_fine_tuned": "RAG + fine-tuned small model",
}


MAX_INPUT = 1e15
"""The largest value any input takes, so that every product of inputs stays a finite float."""

# Digits, "," / blank / "_" between groups of three, a decimal point, an exponent.
# Each part has one way to match (the separators are required), so it runs in linear time.
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:[,_ ]\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?")
# One to three digits, ".", three digits: "1.000" is 1 here, 1000 in much of the world.
_DOT_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")
# "." between groups of three, maybe a decimal comma: 1.234.567,5 in much of Europe.
_DOT_GROUPS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_BLANKS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2212": "-"})


class InputError(ValueError):
    """A value the reader typed that cannot be used; ``field`` names the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def read_number(raw: object, label: str) -> float:
    """Read a number as a reader types it into a form, or say what is wrong with it.

    The rule, the same for every field: ``.`` is the decimal point; ``,``, a
    blank or ``_`` may separate thousands, in groups of three; ``1e6`` is a
    million. Input another convention would read differently is refused rather
    than guessed: a comma that is not a thousands separator (``1,5``), a lone
    ``.`` before exactly three digits (``1.000``: one, or a thousand?), two
    points (``1.234.567``), invisible characters, more than 40 characters, and
    values that are not finite or above `MAX_INPUT`. Each message starts with
    ``label``, says how the text was read and what to type instead.

    Args:
        raw: What the form sent (text), or a number.
        label: The field's name as the reader sees it.

    Returns:
        The number.

    Raises:
        ValueError: With a message for the reader.

    Example:
        >>> read_number("12,500.5", "Queries"), read_number("1 000", "Queries")
        (12500.5, 1000.0)
        >>> read_number("1,5", "Queries")
        Traceback (most recent call last):
        ValueError: Queries: "1,5" is not a number here: "," only separates thousands (1,500); for a decimal, type a point: 1.5
    """  # noqa: E501
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise ValueError(f"{label}: enter a number")
    if isinstance(raw, str):
        text = raw.translate(_BLANKS).strip()
        text = "0" + text if text.startswith(".") else text  # ".5" is 0.5
        shown = f'"{text}"'
        most = f"a number up to {MAX_INPUT:,.0f}"
        if not text:
            raise ValueError(f"{label}: enter a number")
        if len(text) > 40:
            raise ValueError(f"{label}: {len(text)} characters is too long; type {most}")
        hidden = next((c for c in text if not c.isprintable()), None)
        if hidden is not None:
            code = f"U+{ord(hidden):04X}"
            raise ValueError(f"{label}: the text has an invisible character ({code}); retype it")
        if not _NUMBER.fullmatch(text):
            if _DOT_GROUPS.fullmatch(text):  # the other convention: say how it reads
                other = text.replace(".", "").replace(",", ".")
                raise ValueError(
                    f'{label}: {shown} uses "." between thousands (and "," for decimals); '
                    f"here, type it as {other}"
                )
            if "," in text and _NUMBER.fullmatch(text.replace(",", ".", 1)):
                raise ValueError(
                    f'{label}: {shown} is not a number here: "," only separates thousands '
                    f"(1,500); for a decimal, type a point: {text.replace(',', '.', 1)}"
                )
            raise ValueError(f"{label}: {shown} is not a number; type digits, e.g. 1500 or 2.5")
        if _DOT_THOUSANDS.fullmatch(text):
            one, other = f"{float(text):g}", text.replace(".", "")
            raise ValueError(
                f"{label}: {shown} could mean {one} or {other}; type {one} or {other}, "
                "without a thousands separator"
            )
        number = float(text.replace(",", "").replace(" ", "").replace("_", ""))
    else:
        try:
            number = float(raw)
        except OverflowError:  # an int beyond any float
            number = math.inf
        shown = f"{number:g}"
    if math.isnan(number):
        raise ValueError(f"{label}: enter a number")
    if number < 0:
        raise ValueError(f"{label}: enter a number of 0 or more")
    if number > MAX_INPUT:
        raise ValueError(
            f"{label}: {shown} is larger than this calculator takes "
            f"(at most {MAX_INPUT:,.0f}); type a smaller number"
        )
    return number


def make_inputs(**values: object) -> CostInputs:
    """Build `CostInputs` from loose values, with a clear message for bad ones.

    Each value is read by `read_number`; numbers given as strings (as a web
    form sends them) are accepted. A bad value raises `InputError`, whose
    ``field`` is the input's name and whose message starts with its label.

    Args:
        **values: Any subset of the fields of `CostInputs`.

    Returns:
        The inputs, with defaults for the fields not given.

    Raises:
        ValueError: If a name is unknown; `InputError` (a ``ValueError``) if a
            value is not a number from 0 to `MAX_INPUT`, or a share above 1.

    Example:
        ```python
        from snippets.costs import make_inputs

        assert make_inputs(queries_per_month="5,000").queries_per_month == 5000
        ```
    """
    known = {f.name for f in fields(CostInputs)}
    clean: dict[str, float] = {}
    for name, raw in values.items():
        if name not in known:
            raise ValueError(f"unknown input {name!r}")
        label = INPUT_LABELS[name]
        try:
            number = read_number(raw, label)
        except ValueError as error:
            raise InputError(name, str(error)) from None
        if name == "corpus_share_changed_per_month" and number > 1:
            raise InputError(name, f"{label}: enter a share between 0 and 1")
        clean[name] = number
    return CostInputs(**clean)


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
        One `SetupCost` per set-up, keyed as in ``SETUP_NAMES``.
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


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


# --8<-- [start:calculate]
def calculate(horizon_months: object = 12, **values: object) -> dict[str, Any]:
    """The calculator: JSON in, JSON out, for the page and for the browser.

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

    Example:
        ```python
        from snippets.costs import calculate

        result = calculate(queries_per_month=1_000)
        assert [row["key"] for row in result["rows"]][0] == "prompt"
        ```
    """
    try:
        horizon = read_number(horizon_months, "Horizon in months")
    except ValueError as error:
        raise InputError("horizon_months", str(error)) from None
    if not 1 <= horizon <= 120:
        raise InputError("horizon_months", "Horizon in months: enter a number from 1 to 120")
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


# --8<-- [end:calculate]
