"""Demo glue: the evaluation sets of the experiment pages, loaded from ``snippets/data/``.

* Support tickets (``tickets.json``): train, dev and test, built from disjoint
  templates by ``tests/snippets/make_tickets.py``; `tickets` draws a seeded
  subset of each split.
* Questions about Tallybird's facts (``fact_questions.json``): training
  paraphrases, dev and test questions in the documents' words and in the
  asker's own words, facts the tuned model is never trained on, and questions
  no document answers; `questions` returns them as `snippets.compare.Question`.
* The change of prices: the January pricing page with chosen facts moved to
  their October values (`changed_pricing`).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from snippets.compare import Question
from snippets.demos.tallybird import load_demo_kb, load_document, pricing_versions
from snippets.rag import Document

DATA = Path(__file__).resolve().parents[1] / "data"
SPLITS = ("train", "dev", "test")


@functools.cache
def _json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def all_tickets(split: str) -> list[dict[str, str]]:
    """Every ticket of one split, in file order."""
    return [t for t in _json("tickets.json")["tickets"] if t["split"] == split]


def tickets(seed: int = 0, sizes: dict[str, int] | None = None) -> dict[str, list[dict[str, str]]]:
    """A seeded draw of ``sizes[split]`` tickets from each split (default: all, shuffled).

    The order matters for training prefixes (the learning curve trains on the
    first 10, 20, ... of the training list), so even the full set is shuffled
    by the seed.
    """
    rng = random.Random(seed)
    drawn = {}
    for split in SPLITS:
        pool = all_tickets(split)
        size = len(pool) if sizes is None else sizes[split]
        drawn[split] = rng.sample(pool, size)
    return drawn


def versions() -> tuple[str, str]:
    """The first and last pricing versions: the change runs from one to the other."""
    names = pricing_versions()
    return names[0], names[-1]


def facts() -> dict[str, dict[str, Any]]:
    """Fact id to ``{"doc_id", "groups", "expected", "trained"}``."""
    found: dict[str, dict[str, Any]] = _json("fact_questions.json")["facts"]
    return found


def changing_facts() -> list[str]:
    """Ids of the facts whose answer differs between the first and last pricing versions."""
    first, last = versions()
    return [
        fid
        for fid, fact in facts().items()
        if isinstance(fact["expected"], dict) and fact["expected"][first] != fact["expected"][last]
    ]


def check_changed(changed: Sequence[str]) -> list[str]:
    """``changed`` as a list, or ``ValueError`` naming the first unknown fact id."""
    choices = changing_facts()
    for fid in changed:
        if fid not in choices:
            raise ValueError(f"unknown fact {fid!r}; choose from {', '.join(choices)}")
    return list(changed)


def expected(fid: str, changed: Sequence[str], after: bool) -> str:
    """The text a right answer about fact ``fid`` contains, before or after the change."""
    expected = facts()[fid]["expected"]
    if not isinstance(expected, dict):
        return str(expected)
    first, last = versions()
    return str(expected[last if after and fid in changed else first])


def questions(split: str, changed: Sequence[str] = ()) -> list[Question]:
    """The questions of one split; answers move to October for the ``changed`` facts."""
    check_changed(changed)
    found = []
    for item in _json("fact_questions.json")["items"]:
        if item["split"] != split:
            continue
        fid = item["fact"]
        fact = facts().get(fid) if fid else None
        found.append(
            Question(
                text=item["question"],
                fact=fid,
                doc_id=fact["doc_id"] if fact else None,
                groups=tuple(fact["groups"]) if fact else (),
                before=expected(fid, changed, False) if fid else None,
                after=expected(fid, changed, True) if fid else None,
                trained=bool(fact and fact["trained"]),
                wording=item["wording"],
            )
        )
    return found


def training_pairs(changed: Sequence[str] = (), *, after: bool) -> list[tuple[str, str]]:
    """(question, answer) pairs the tuned model learns from, before or after the change."""
    return [(q.text, str(q.after if after else q.before)) for q in questions("train", changed)]


def fact_change(fid: str) -> dict[str, str]:
    """A changing fact's test question in the documents' words, with its old and new answers."""
    check_changed([fid])
    question = next(q for q in questions("test") if q.fact == fid and q.wording == "documents")
    return {
        "id": fid,
        "question": question.text,
        "old": expected(fid, [], False),
        "new": expected(fid, [fid], True),
    }


def changed_pricing(changed: Sequence[str]) -> Document:
    """The January pricing page with the chosen facts set to their October values."""
    first, _ = versions()
    page = load_document(DATA / "pricing" / f"{first}.md")
    text = page.text
    for fid in check_changed(changed):
        old, new = expected(fid, [], False), expected(fid, [fid], True)
        if text.count(old) != 1:  # pragma: no cover - a data error the tests catch
            raise ValueError(f"{old!r} must appear once in the pricing page")
        text = text.replace(old, new)
    return dataclasses.replace(page, text=text)


def documents_before() -> list[Document]:
    """The demo knowledge base's documents with January's pricing page."""
    first, _ = versions()
    return list(load_demo_kb(first).documents)


def both_items() -> list[dict[str, str]]:
    """Tickets that need a current fact and the labels.

    Each is ``{"text", "fact", "category", "priority"}``.
    """
    items: list[dict[str, str]] = _json("fact_questions.json")["both"]
    return items
