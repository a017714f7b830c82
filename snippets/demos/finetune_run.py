"""Experiment 3, and the run of all three (``docs/finetune.md``).

`both_experiment` checks tickets that need a current fact and the labels, four
ways; `run` runs the three experiments with one seed, split sizes and set of
changed facts, and `default_run` with the page's settings, once per process.
Uses the lessons ``snippets/pipeline.py`` and ``evaluate.py``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from snippets.demos import evalsets
from snippets.demos.finetune_facts import facts_experiment
from snippets.demos.finetune_tickets import tickets_experiment
from snippets.evaluate import rate
from snippets.pipeline import CHECKS, check, memory_answerer, rag_answerer, reply

DEFAULTS = {"seed": 0, "train": 480, "dev": 120, "test": 200}
Row = dict[str, Any]


def both_experiment(facts: Row, tickets: Row, changed: Sequence[str]) -> Row:
    """Experiment 3: tickets that need a current fact and the labels, four ways."""
    model, threshold, kb = facts["models"]
    labellers = tickets["models"]
    rag, memory = rag_answerer(kb), memory_answerer(model, threshold)
    systems = (
        ("RAG with the schema-constrained prompt", labellers["zero"], rag),
        ("RAG with retrieved labelled examples", labellers["few"], rag),
        ("fine-tuned models alone", labellers["tuned"], memory),
        ("RAG, then the fine-tuned labeller", labellers["tuned"], rag),
    )
    items = evalsets.both_items()
    rows = []
    for name, labeller, answerer in systems:
        counts = dict.fromkeys(CHECKS, 0)
        for item in items:
            parts = check(
                reply(item["text"], labeller, answerer),
                category=item["category"],
                priority=item["priority"],
                expected=evalsets.expected(item["fact"], changed, after=True),
                doc_id=evalsets.facts()[item["fact"]]["doc_id"],
            )
            for part, ok in parts.items():
                counts[part] += ok
        rows.append({"system": name} | {part: rate(counts[part], len(items)) for part in CHECKS})
    return {"systems": rows, "questions": len(items)}


def run(
    seed: int = 0, sizes: dict[str, int] | None = None, changed: Sequence[str] | None = None
) -> Row:
    """All three experiments with one seed, split sizes and set of changed facts."""
    facts = facts_experiment(changed, seed=seed)
    tickets = tickets_experiment(seed, sizes)
    both = both_experiment(facts, tickets, facts["changed"])
    return {
        "facts": facts,
        "tickets": tickets,
        "both": both,
        "settings": {"seed": seed, "sizes": tickets["sizes"], "changed": facts["changed"]},
    }


@functools.cache
def default_run() -> Row:
    """`run` with the page's settings, computed once per process.

    The page's three build-time blocks, and the measure page, share it.
    """
    return run(DEFAULTS["seed"])
