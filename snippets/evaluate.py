"""Small evaluation metrics that tell a knowledge gap from a behaviour gap.

Used by the page "Measure before you choose" (``docs/guide/measure.md``),
which runs `demo_report` while the site is built.

* For retrieval (RAG): `recall_at_k` (did the right document come back?)
  and `groundedness` (is every claim of the answer backed by a cited
  passage?).
* For behaviour (fine-tuning): `accuracy` on a held-out set and
  `format_compliance` (is the output valid JSON with the required keys
  and allowed values?).
* `diagnose_gap` reads the four numbers in a fixed order and says which
  gap to work on first.

The metric functions take plain data (lists of ids and strings) and import
nothing but the standard library and ``snippets.tfidf`` (for tokenising).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from snippets.tfidf import tokenize


# --8<-- [start:recall]
def recall_at_k(ranked_ids: Sequence[str], relevant_ids: Collection[str], k: int) -> float:
    """Share of the relevant documents found among the first ``k`` results.

    ``recall@k = |relevant ∩ first k distinct ranked ids| / |relevant|``.
    A result list may name one document several times (one hit per passage);
    each document counts once, at its first position.

    Args:
        ranked_ids: Document ids of the retrieved passages, best first.
        relevant_ids: The ids that answer the question (at least one).
        k: How many distinct documents to look at (1 or more).

    Returns:
        A number from 0.0 to 1.0.

    Raises:
        ValueError: If ``k`` is below 1 or ``relevant_ids`` is empty.

    Example:
        ```python
        from snippets.evaluate import recall_at_k

        assert recall_at_k(["faq", "refunds", "refunds"], {"refunds"}, k=1) == 0.0
        assert recall_at_k(["faq", "refunds", "refunds"], {"refunds"}, k=2) == 1.0
        ```
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a whole number >= 1, got {k!r}")
    relevant = set(relevant_ids)
    if not relevant:
        raise ValueError("recall needs at least one relevant id")
    top = list(dict.fromkeys(ranked_ids))[:k]
    return len(relevant.intersection(top)) / len(relevant)


# --8<-- [end:recall]


# --8<-- [start:groundedness]
# Common function words: they say nothing about a fact.
STOPWORDS = frozenset(
    "a an and are as at be by can do does for from has have how in is it its of on or "  # noqa: SIM905
    "our per so than that the their there this to was we what when where which who will "
    "with you your".split()
)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


# A mark and the blanks before it. (?<!\s) starts a match only where a run of
# blanks starts: without it, a long run not followed by "[" costs quadratic time.
CITATION_MARK = re.compile(r"(?<!\s)\s*\[\d+(?:\s*,\s*\d+)*\]")


def split_claims(text: str) -> list[str]:
    """Split an answer into claims: its sentences, ended by ``.``, ``!`` or ``?``.

    Citation markers such as ``[1]`` or ``[1, 2]`` are removed first: they
    point at passages and claim nothing themselves.
    """
    text = CITATION_MARK.sub("", text).strip()
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def claim_is_supported(claim: str, passages: Iterable[str], min_overlap: float = 0.8) -> bool:
    """Whether one passage backs a claim.

    A passage supports a claim when (1) every number in the claim appears in
    the passage, and (2) at least ``min_overlap`` of the claim's content words
    (words of two or more letters, minus common function words) appear in it.
    Matching is by spelling after lowercasing, so a paraphrase with other words
    counts as unsupported: the measure errs on the strict side.

    Args:
        claim: One sentence of an answer.
        passages: The passages the answer cites.
        min_overlap: Share of content words that must match, from 0 to 1.

    Returns:
        True if at least one passage supports the claim on its own.
    """
    words = {w for w in tokenize(claim) if w not in STOPWORDS and not NUMBER.fullmatch(w)}
    numbers = set(NUMBER.findall(claim))
    for passage in passages:
        if not numbers <= set(NUMBER.findall(passage)):
            continue
        if not words:
            return True
        found = words & set(tokenize(passage))
        if len(found) / len(words) >= min_overlap:
            return True
    return False


def groundedness(answer: str, passages: Sequence[str], min_overlap: float = 0.8) -> float:
    """Share of an answer's claims that its cited passages support.

    ``groundedness = supported claims / claims``, where the claims are the
    answer's sentences (`split_claims`) and a claim is supported as
    `claim_is_supported` defines it. An answer with no claims (empty
    text) scores 1.0: it asserts nothing unsupported. Measure abstentions
    separately.

    Args:
        answer: The answer text.
        passages: The passages the answer cites (none: every claim is unsupported).
        min_overlap: Passed to `claim_is_supported`.

    Returns:
        A number from 0.0 to 1.0.

    Raises:
        ValueError: If ``min_overlap`` is outside 0 to 1.

    Example:
        ```python
        from snippets.evaluate import groundedness

        cited = ["Annual plans can be refunded within 30 days of purchase."]
        answer = "Annual plans can be refunded within 30 days. Refunds take one hour."
        assert groundedness(answer, cited) == 0.5
        ```
    """
    if not 0.0 <= min_overlap <= 1.0:
        raise ValueError(f"min_overlap must be between 0 and 1, got {min_overlap!r}")
    claims = split_claims(answer)
    if not claims:
        return 1.0
    supported = sum(claim_is_supported(c, passages, min_overlap) for c in claims)
    return supported / len(claims)


# --8<-- [end:groundedness]


# --8<-- [start:behaviour]
def normalise(text: str) -> str:
    """Lowercase and collapse white space, for comparing answers."""
    return " ".join(text.casefold().split())


def accuracy(
    predictions: Sequence[object], expected: Sequence[object], *, match: str = "exact"
) -> float:
    """Share of predictions that match the expected answers of a held-out set.

    Args:
        predictions: One prediction per item (``None`` counts as wrong).
        expected: The labelled answer per item, same length.
        match: ``"exact"`` (equal after `normalise` for strings, ``==``
            otherwise) or ``"contains"`` (the expected string appears in the
            prediction after normalising; for free-text answers).

    Returns:
        A number from 0.0 to 1.0.

    Raises:
        ValueError: If the lengths differ, the set is empty or ``match`` is unknown.
    """
    if len(predictions) != len(expected):
        raise ValueError(f"{len(predictions)} predictions for {len(expected)} expected answers")
    if not expected:
        raise ValueError("accuracy needs at least one item")
    if match not in ("exact", "contains"):
        raise ValueError(f"match must be 'exact' or 'contains', got {match!r}")

    def right(got: object, want: object) -> bool:
        if got is None:
            return False
        if isinstance(got, str) and isinstance(want, str):
            if match == "contains":
                return normalise(want) in normalise(got)
            return normalise(got) == normalise(want)
        return got == want

    return sum(right(p, e) for p, e in zip(predictions, expected, strict=True)) / len(expected)


def format_problems(output: str, allowed: Mapping[str, Collection[str] | None]) -> list[str]:
    """What is wrong with one output that must be a JSON object of a fixed shape.

    Args:
        output: The raw text the model produced.
        allowed: Required keys; each maps to its allowed values, or ``None``
            when any string is fine. Keys not listed are a problem too.

    Returns:
        Problems in plain words; an empty list means the output complies.

    Example:
        ```python
        from snippets.evaluate import format_problems

        shape = {"category": {"billing", "bug"}, "priority": {"low", "high"}}
        assert format_problems('{"category": "bug", "priority": "high"}', shape) == []
        assert format_problems("Category: bug", shape) == ["not valid JSON"]
        ```
    """
    try:
        data = json.loads(output)
    except (ValueError, TypeError):
        return ["not valid JSON"]
    if not isinstance(data, dict):
        return ["not a JSON object"]
    problems = [f"missing key {key!r}" for key in allowed if key not in data]
    problems += [f"unexpected key {key!r}" for key in data if key not in allowed]
    for key, values in allowed.items():
        if key in data:
            value = data[key]
            if not isinstance(value, str):
                problems.append(f"{key!r} is not a string")
            elif values is not None and value not in values:
                problems.append(f"{key!r} has a value outside the allowed set: {value!r}")
    return problems


def format_compliance(
    outputs: Sequence[str], allowed: Mapping[str, Collection[str] | None]
) -> float:
    """Share of outputs with no `format_problems`.

    Raises:
        ValueError: If ``outputs`` is empty.
    """
    if not outputs:
        raise ValueError("format compliance needs at least one output")
    return sum(not format_problems(o, allowed) for o in outputs) / len(outputs)


# --8<-- [end:behaviour]


# --8<-- [start:diagnose]
@dataclass(frozen=True)
class Diagnosis:
    """Which gap to work on first, and why.

    Attributes:
        gap: ``"retrieval"``, ``"grounding"``, ``"documents"``, ``"behaviour"``
            or ``"none"``.
        advice: One sentence on what to do next.
        failing: The metrics below target, in the order they were checked.
    """

    gap: str
    advice: str
    failing: tuple[str, ...]


ADVICE = {
    "retrieval": (
        "The right passages do not reach the model: a knowledge gap the pipeline has not "
        "closed. Fix chunking, the index or the query before anything else; fine-tuning "
        "cannot supply facts the model never sees."
    ),
    "grounding": (
        "The passages arrive but answers say more than they do. Tighten the prompt (answer "
        "only from the passages, cite, say when they do not answer); if that fails, train "
        "on grounded answers."
    ),
    "documents": (
        "The right passages arrive and the answers stay within them, yet the answers are "
        "wrong: the documents themselves are out of date or wrong. Update them and re-index; "
        "this is a knowledge problem, and retraining would not fix it."
    ),
    "behaviour": (
        "The output has the wrong shape or the task is done wrong, with the facts not in "
        "question: a behaviour gap. Try clear instructions and examples in the prompt first; "
        "fine-tune when that stops improving."
    ),
    "none": "Every measured metric meets its target. Keep the set and rerun it on each change.",
}


def diagnose_gap(
    *,
    recall: float | None = None,
    groundedness: float | None = None,
    accuracy: float | None = None,
    format_compliance: float | None = None,
    target: float = 0.9,
) -> Diagnosis:
    """Read the metrics in order: retrieval, then grounding, then behaviour.

    The order matters: a model cannot ground an answer in a passage it never
    received, and a format fix is worth little while the facts are wrong. A
    metric left as ``None`` was not measured and is skipped.

    Low accuracy means different things in the two settings: with retrieval
    measured (``recall`` given) and passing, wrong answers that stay within the
    passages point at the documents (``"documents"``); without retrieval (a
    task such as classification) they point at the model's behaviour.

    Args:
        recall: Mean recall@k over answerable questions.
        groundedness: Mean groundedness of the answers.
        accuracy: Held-out accuracy of the task or the answers.
        format_compliance: Share of outputs in the required format.
        target: The level each metric must reach (0 to 1).

    Returns:
        The first gap found and the advice for it.

    Example:
        ```python
        from snippets.evaluate import diagnose_gap

        assert diagnose_gap(recall=0.6, format_compliance=0.5).gap == "retrieval"
        assert diagnose_gap(recall=1.0, format_compliance=0.5).gap == "behaviour"
        ```
    """
    checks = {
        "recall": (recall, "retrieval"),
        "groundedness": (groundedness, "grounding"),
        "accuracy": (accuracy, "behaviour" if recall is None else "documents"),
        "format_compliance": (format_compliance, "behaviour"),
    }
    failing = tuple(
        name for name, (value, _) in checks.items() if value is not None and value < target
    )
    gap = checks[failing[0]][1] if failing else "none"
    return Diagnosis(gap, ADVICE[gap], failing)


# --8<-- [end:diagnose]


# --8<-- [start:demo]
TRIAGE_SHAPE: dict[str, Collection[str] | None] = {
    "category": {"billing", "bug", "account", "feature-request", "security"},
    "priority": {"low", "normal", "high", "urgent"},
}

# A held-out set for a ticket-triage task, with outputs of two systems WRITTEN BY
# HAND to show each kind of failure the metrics catch. They are not produced by a
# model; the measured comparison lives on the page "Fine-tuning vs RAG, measured".
TRIAGE_EXAMPLES: tuple[tuple[str, dict[str, str], str, str], ...] = (
    (
        "We were charged twice for March.",
        {"category": "billing", "priority": "high"},
        'Sure! Here is the JSON: {"category": "billing", "priority": "high"}',
        '{"category": "billing", "priority": "high"}',
    ),
    (
        "The PDF export cuts off the last line of long invoices.",
        {"category": "bug", "priority": "normal"},
        '{"category": "bug", "priority": "medium"}',
        '{"category": "bug", "priority": "normal"}',
    ),
    (
        "A former employee can still log in to our workspace.",
        {"category": "security", "priority": "urgent"},
        '{"category": "security", "priority": "urgent"}',
        '{"category": "security", "priority": "urgent"}',
    ),
    (
        "Could you add a dark mode to the invoice editor?",
        {"category": "feature-request", "priority": "low"},
        '{"category": "Feature request", "priority": "low"}',
        '{"category": "feature-request", "priority": "low"}',
    ),
    (
        "How do I change the email address on my account?",
        {"category": "account", "priority": "low"},
        '{"category": "account", "priority": "low", "reason": "simple how-to"}',
        '{"category": "account", "priority": "normal"}',
    ),
    (
        "Our webhook endpoint stopped receiving payment events.",
        {"category": "bug", "priority": "high"},
        '{"category": "bug", "priority": "high"}',
        '{"category": "bug", "priority": "high"}',
    ),
    (
        "Please refund the seat we removed yesterday.",
        {"category": "billing", "priority": "normal"},
        "category: billing, priority: normal",
        '{"category": "billing", "priority": "normal"}',
    ),
    (
        "Is single sign-on available on the Team plan?",
        {"category": "account", "priority": "low"},
        '{"category": "account", "priority": "low"}',
        '{"category": "security", "priority": "low"}',
    ),
)


def parse_label(output: str) -> dict[str, str] | None:
    """The labels of one triage output, or ``None`` if it breaks the format."""
    if format_problems(output, TRIAGE_SHAPE):
        return None
    labels: dict[str, str] = json.loads(output)
    return labels


def behaviour_report() -> list[dict[str, Any]]:
    """Held-out accuracy and format compliance of the two hand-written output sets.

    An output that breaks the format counts as wrong for accuracy too: a
    program downstream cannot read it.
    """
    expected = [labels for _, labels, _, _ in TRIAGE_EXAMPLES]
    rows = []
    for name, column in (("prompted general model", 2), ("fine-tuned model", 3)):
        outputs = [str(example[column]) for example in TRIAGE_EXAMPLES]
        rows.append(
            {
                "system": name,
                "items": len(outputs),
                "format_compliance": format_compliance(outputs, TRIAGE_SHAPE),
                "accuracy": accuracy([parse_label(o) for o in outputs], expected),
                "problems": [p for o in outputs for p in format_problems(o, TRIAGE_SHAPE)],
            }
        )
    return rows


def knowledge_report(
    version: str = "2026-10", *, facts: str | None = None, k: int = 3
) -> dict[str, Any]:
    """Recall@k, groundedness and accuracy of the RAG demo on its question set.

    Each question of ``snippets/data/questions.json`` is asked by a member of
    the groups it names, against the demo knowledge base with the pricing page
    of ``version``. For answerable questions: recall@k of the cited documents,
    groundedness of the answer in the cited passages, and whether the answer
    contains the expected text. For unanswerable ones: whether the system
    declined.

    Args:
        version: Which pricing page the knowledge base holds.
        facts: Which pricing version is true now (default: ``version``). A
            knowledge base older than the facts gives stale answers.
        k: Passages cited at most per answer.

    Returns:
        ``rows`` (one per question) and the means in ``summary``.
    """
    from snippets.rag import demo_questions, load_demo_kb

    kb = load_demo_kb(version)
    rows = []
    for q in demo_questions():
        answer = kb.ask(q["question"], groups=frozenset(q["groups"]), k=k)
        expected = (
            q["expected"][facts or version] if isinstance(q["expected"], dict) else q["expected"]
        )
        passages = [c.passage for c in answer.citations]
        row: dict[str, Any] = {"id": q["id"], "answerable": q["doc_id"] is not None}
        if q["doc_id"] is None:
            row["declined"] = not answer.grounded
        else:
            row["recall"] = recall_at_k([c.doc_id for c in answer.citations], {q["doc_id"]}, k)
            row["groundedness"] = groundedness(answer.text, passages) if answer.grounded else 0.0
            row["correct"] = accuracy([answer.text], [expected], match="contains") == 1.0
        rows.append(row)
    answerable = [r for r in rows if r["answerable"]]
    others = [r for r in rows if not r["answerable"]]
    summary = {
        "questions": len(rows),
        "answerable": len(answerable),
        "recall": sum(r["recall"] for r in answerable) / len(answerable),
        "groundedness": sum(r["groundedness"] for r in answerable) / len(answerable),
        "accuracy": sum(r["correct"] for r in answerable) / len(answerable),
        "declined_unanswerable": sum(r["declined"] for r in others) / len(others),
    }
    return {"rows": rows, "summary": summary}


# --8<-- [end:demo]
