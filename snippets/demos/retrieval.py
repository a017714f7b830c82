"""Demo glue for "How retrieval finds passages" (``docs/retrieval.md``): the ablation.

Runs `snippets.ablation.ablate` on the demo knowledge base (October's
documents) with the fact questions of ``snippets/data/fact_questions.json``:
the dev questions choose the best setting, the test questions are split by
wording (the documents' words, the asker's own words). Renders the result as
escaped HTML for the page's build-time block.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from snippets.ablation import Probe, Retriever, Setting, ablate, recall
from snippets.compare import Question
from snippets.demos import evalsets
from snippets.demos.report import Html, paragraph, rate_text, table
from snippets.rag import Document

TESTS = {"documents": "the documents' words", "own": "the asker's own words"}


def probes(questions: Sequence[Question]) -> list[Probe]:
    """The answerable questions as probes, with October's answers."""
    return [
        Probe(q.text, str(q.doc_id), str(q.after), q.groups)
        for q in questions
        if q.fact is not None
    ]


def corpus() -> list[Document]:
    """The demo documents after the October change."""
    changed = evalsets.changing_facts()
    documents = evalsets.documents_before()
    page = evalsets.changed_pricing(changed)
    return [page if d.id == page.id else d for d in documents]


@functools.cache
def report() -> dict[str, Any]:
    """The ablation, with document-level recall of the baseline beside passage-level."""
    changed = evalsets.changing_facts()
    dev = probes(evalsets.questions("dev", changed))
    test = evalsets.questions("test", changed)
    tests = {name: probes([q for q in test if q.wording == name]) for name in TESTS}
    result = ablate(corpus(), dev, tests)
    baseline = Retriever(corpus(), Setting())
    result["document_level"] = {
        name: recall(baseline, probes_, level="document") for name, probes_ in tests.items()
    }
    result["sizes"] = {"dev": len(dev)} | {name: len(p) for name, p in tests.items()}
    return result


def render() -> Html:
    """The ablation table and what it shows, as HTML."""
    result = report()
    sizes = result["sizes"]

    def label(row: dict[str, Any]) -> str:
        setting: Setting = row["setting"]
        if row["change"] in ("baseline", "best on dev"):
            return f"{row['change']}: {setting.describe()}"
        return setting.describe(only=row["change"])

    rows = [[label(row), row["dev"], row["documents"], row["own"]] for row in result["rows"]]
    doc = result["document_level"]
    return Html(
        table(
            "Right passage among the first 3 (passage recall@3); 95% interval below each",
            [
                "setting (one change from the baseline)",
                f"dev ({sizes['dev']})",
                f"test, documents' words ({sizes['documents']})",
                f"test, own words ({sizes['own']})",
            ],
            rows,
            numeric=(1, 2, 3),
        )
        + paragraph(
            "The same baseline at document level (the right document among the first 3 "
            f"passages): {rate_text(doc['documents'])} with the documents' words, "
            f"{rate_text(doc['own'])} with the asker's own words."
        )
    )
