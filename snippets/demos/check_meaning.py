"""What the retrieval check's numbers mean (``docs/demos/check-your-documents.md``).

`meaning` reads a report of ``snippets/retrieval_check.py`` into advice, each
item linked to the guide's section on it; `suggested_signal` picks the decline
signal the page leads with. Uses the lesson ``snippets/retrieval_check.py``.
"""

from __future__ import annotations

from typing import Any

from snippets.retrieval_check import DEPTH

SIGNAL_NAMES = {"score": "top score", "coverage": "coverage"}
GUIDE = "../../guide/"  # the page's URL is demos/check-your-documents/
LINKS = {  # where "what it means" sends the reader: (URL, the section's title)
    "missing": (GUIDE + "knowledge/#what-retrieval-does-not-fix", "What retrieval does not fix"),
    "which": (
        GUIDE + "knowledge/#how-to-tell-which-one-you-have",
        "How to tell which one you have",
    ),
    "memory": (
        GUIDE + "knowledge/#your-documents-not-the-models-memory",
        "Your documents, not the model's memory",
    ),
    "order": (GUIDE + "measure/#read-the-numbers-in-order", "Read the numbers in order"),
    "set": (GUIDE + "measure/#build-a-small-evaluation-set", "Build a small evaluation set"),
    "grounded": (GUIDE + "measure/#for-rag-groundedness", "For RAG: groundedness"),
    "decline": ("../../rag/#when-the-documents-do-not-say", "When the documents do not say"),
    "misses": ("../../rag/#when-retrieval-misses", "When retrieval misses"),
}


def number_text(value: float | None, digits: int = 2) -> str:
    """``value`` with ``digits`` decimals, or ``"n/a"`` when it was not measured."""
    return "n/a" if value is None else f"{value:.{digits}f}"


def suggested_signal(report: dict[str, Any]) -> str | None:
    """The decline signal with the better balanced accuracy on the half it was chosen on."""
    merits: dict[str, float] = {}
    for signal, t in report["thresholds"].items():
        if t["value"] is not None:
            merits[signal] = (t["dev_kept"]["value"] + t["dev_declined"]["value"]) / 2
    if not merits:
        return None
    return max(sorted(merits), key=lambda s: merits[s])  # a tie goes to "coverage"


def meaning(report: dict[str, Any]) -> list[tuple[str, str, tuple[str, str]]]:
    """What the numbers mean for the RAG-or-fine-tuning choice: ``(kind, text, link)`` items.

    ``link`` is ``(url, title)`` of the guide's section on it.

    The cut-offs (0.8 and 0.5 for the lower end of the recall interval, 30
    questions) are rules of thumb, not measured constants: the page says so.
    """
    counts, recall, k = report["counts"], report["recall"], report["settings"]["k"]
    answerable = report["questions"] - counts["unanswerable"]
    items: list[tuple[str, str, tuple[str, str]]] = []
    missing = counts["gap"] + counts["split"]
    if missing:
        items.append(
            (
                "missing",
                f"{missing} of {answerable} questions have no passage with "
                "the expected text. That is missing content: no ranking, no k and no "
                "fine-tune adds it. Write or find those documents first.",
                LINKS["missing"],
            )
        )
    if counts["split"]:
        items.append(
            (
                "chunking",
                f"In {counts['split']} of them the text is in a document but "
                "cut between two passages: change how the documents are split.",
                LINKS["which"],
            )
        )
    if counts["missed"]:
        deeper = report["recall_at"][str(DEPTH)]
        items.append(
            (
                "retrieval",
                f"{counts['missed']} questions have a passage with the answer "
                f"that the top {k} missed (passage recall reaches {number_text(deeper)} at "
                f"k = {DEPTH}). That is a retrieval problem: try the other ranking, a "
                "larger k, or documents in your users' words, before touching the model.",
                LINKS["misses"],
            )
        )
    if recall["value"] is not None and recall["low"] >= 0.8:
        items.append(
            (
                "found",
                "Retrieval finds the passage for most of these questions: the "
                "knowledge is in your documents and findable, so a RAG system can ground its "
                "answers in them; fine-tuning the same facts in would add cost, not "
                "knowledge. Whatever is still wrong is likely behaviour (format, tone).",
                LINKS["memory"],
            )
        )
    elif recall["value"] is not None and recall["low"] < 0.5:
        items.append(
            (
                "fix-first",
                "Retrieval misses the passage for many questions. Fix the "
                "documents and the search first: a model, fine-tuned or not, cannot answer "
                "from passages it is never given.",
                LINKS["order"],
            )
        )
    signal = suggested_signal(report)
    if signal is None:
        items.append(
            (
                "no-threshold",
                "Add questions your documents cannot answer (mark them "
                "unanswerable) to see whether a system could decline them.",
                LINKS["set"],
            )
        )
    else:
        t = report["thresholds"][signal]
        if t["kept"]["value"] >= 0.8 and t["declined"]["value"] >= 0.8:
            items.append(
                (
                    "declines",
                    f"A threshold on the {SIGNAL_NAMES[signal]} separates the "
                    "questions your documents answer from the others on questions it was "
                    "not chosen on. Check it again on new questions before relying on it.",
                    LINKS["decline"],
                )
            )
        else:
            items.append(
                (
                    "overlap",
                    f"No threshold on the {SIGNAL_NAMES[signal]} separates the "
                    "two kinds of question well: a system would answer some it should "
                    "decline, or decline some it could answer. Check each answer against "
                    "its passages (groundedness) instead of trusting the score.",
                    LINKS["grounded"],
                )
            )
    if answerable < 30:
        items.append(
            (
                "small",
                f"With {answerable} questions that have an answer, the intervals "
                "are wide; 30 to 100 real questions give a steadier reading.",
                LINKS["set"],
            )
        )
    return items
