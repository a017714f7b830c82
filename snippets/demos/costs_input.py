"""Reads the numbers typed into the cost calculator (``docs/guide/costs.md``).

`FORM` names each input of ``snippets/costs.py``'s `CostInputs` with the label a
reader sees; `read_number` reads a typed number by one rule for every field, and
`make_inputs` builds the inputs or raises `InputError`, naming the bad field.
Uses the lesson ``snippets/costs.py``.
"""

from __future__ import annotations

import math
import re
from dataclasses import fields

from snippets.costs import CostInputs

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
