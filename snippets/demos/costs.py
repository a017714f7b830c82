"""Demo glue for "Costs and latency" (``docs/guide/costs.md``): the calculator and its tables.

The page's tables and the calculator run the cost model of ``snippets/costs.py``.
This module reads what a reader types into the calculator's form (`read_number`,
one rule for every field), names each field (`FORM`), and renders the result
as escaped HTML (`render`) for the page at build time and for the browser
(`recalculate`), so the two cannot drift.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, fields
from html import escape
from typing import Any

from snippets.charts import line_chart
from snippets.costs import CostInputs, break_even_queries, payback_months, setup_costs
from snippets.demos.report import figure

# The calculator's fields, in the groups its form shows them in: each input of
# CostInputs named once, with the label a reader sees (a test checks they match).
FORM: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Traffic and prompt",
        (
            ("queries_per_month", "Queries per month"),
            ("prompt_tokens", "Prompt tokens per query (instructions + question)"),
            ("output_tokens", "Output tokens per answer"),
        ),
    ),
    (
        "Retrieval",
        (
            ("passages_per_query", "Passages retrieved per query (k)"),
            ("tokens_per_passage", "Tokens per passage"),
            ("embedding_price", "Embedding price per million tokens"),
            ("corpus_tokens", "Corpus size in tokens"),
            (
                "corpus_share_changed_per_month",
                "Share of the corpus re-embedded per month (0 to 1)",
            ),
            ("index_hosting_per_month", "Index hosting per month"),
            ("retrieval_ms", "Retrieval time per query (ms)"),
        ),
    ),
    (
        "Large general model",
        (
            ("large_input_price", "Large model: price per million input tokens"),
            ("large_output_price", "Large model: price per million output tokens"),
            ("large_ms_per_1k_input_tokens", "Large model: ms per 1,000 input tokens"),
            ("large_ms_per_output_token", "Large model: ms per output token"),
        ),
    ),
    (
        "Small fine-tuned model",
        (
            ("small_input_price", "Small fine-tuned model: price per million input tokens"),
            ("small_output_price", "Small fine-tuned model: price per million output tokens"),
            ("small_hosting_per_month", "Small fine-tuned model: hosting per month"),
            ("small_ms_per_1k_input_tokens", "Small fine-tuned model: ms per 1,000 input tokens"),
            ("small_ms_per_output_token", "Small fine-tuned model: ms per output token"),
        ),
    ),
    (
        "Fine-tuning",
        (
            ("training_examples", "Fine-tuning examples"),
            ("tokens_per_example", "Tokens per fine-tuning example"),
            ("epochs", "Training epochs"),
            ("training_price", "Training price per million training tokens"),
            ("data_preparation_cost", "Data preparation and evaluation (one-off, per dataset)"),
            ("retrains_per_year", "Retraining runs per year"),
        ),
    ),
)
LABELS: dict[str, str] = {name: label for _, group in FORM for name, label in group}
SETUP_NAMES: dict[str, str] = {
    "prompt": "Large model, prompt only",
    "rag": "RAG on the large model",
    "fine_tuned": "Fine-tuned small model",
    "rag_fine_tuned": "RAG + fine-tuned small model",
}
HORIZON = "Horizon in months"


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

    Examples:
        >>> make_inputs(queries_per_month="5,000").queries_per_month
        5000.0
    """
    known = {f.name for f in fields(CostInputs)}
    clean: dict[str, float] = {}
    for name, raw in values.items():
        if name not in known:
            raise ValueError(f"unknown input {name!r}")
        label = LABELS[name]
        try:
            number = read_number(raw, label)
        except ValueError as error:
            raise InputError(name, str(error)) from None
        if name == "corpus_share_changed_per_month" and number > 1:
            raise InputError(name, f"{label}: enter a share between 0 and 1")
        clean[name] = number
    return CostInputs(**clean)


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


def _number(value: float) -> str:
    return f"{value:g}" if value < 1e6 else f"{value:.0f}"


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


def recalculate(horizon_months: object = 12, **values: object) -> dict[str, Any]:
    """The browser's entry point: `calculate` on what the form sent, as ``{"html"}``.

    Raises:
        InputError: As `calculate`; its ``field`` reaches the page, which marks the field.
    """
    return {"html": render(calculate(horizon_months, **values))}


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
