"""Retrieval for the fact, a labeller for the format: a ticket reply that needs both.

Used by the page "Fine-tuning vs RAG, measured" (``docs/finetune.md``),
experiment 3. A reply to a support ticket that asks about a fact must be
``{"category", "priority", "answer", "source"}``: the right labels, an answer
that states the current fact, and the document it comes from. `reply` builds
one from any labeller (a prompt, few-shot examples, a fine-tuned model) and
any answerer (RAG, or a model answering from memory); `check` says which of
the four parts are right.

Imports ``snippets/rag.py`` (``KnowledgeBase``) and ``snippets/finetune.py``
(``predict_confident``, for a model that answers from memory).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from snippets.finetune import Model, predict_confident
from snippets.rag import KnowledgeBase

Answerer = Callable[[str], tuple[str | None, str | None]]  # question -> (answer, source)
CHECKS = ("labels_right", "answer_current", "source_given", "all_right")


def question_part(text: str) -> str:
    """The sentences of a ticket that end with a question mark (what to retrieve with).

    >>> question_part("Hi. What is the price? Thanks!")
    'What is the price?'
    >>> question_part("No question here.")
    'No question here.'
    """
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    asked = [s for s in sentences if s.endswith("?")]
    return " ".join(asked) if asked else text


def rag_answerer(kb: KnowledgeBase) -> Answerer:
    """Answer from the knowledge base: the answer text and the first cited document."""

    def answer(question: str) -> tuple[str | None, str | None]:
        found = kb.ask(question)
        if not found.grounded:
            return None, None
        return found.text, found.citations[0].doc_id

    return answer


def memory_answerer(model: Model, threshold: float) -> Answerer:
    """Answer from a fine-tuned model's weights: no source, declines below ``threshold``."""

    def answer(question: str) -> tuple[str | None, str | None]:
        return predict_confident(model, question, threshold), None

    return answer


@dataclass(frozen=True)
class Reply:
    """A ticket reply: the two labels, the answer (``None``: declined) and its source."""

    category: str
    priority: str
    answer: str | None
    source: str | None


def reply(text: str, labeller: Callable[[str], str], answerer: Answerer) -> Reply:
    """Label the ticket with ``labeller`` (JSON text) and answer its question with ``answerer``.

    An output of the labeller that is not a JSON object with both labels
    gives empty labels, which `check` counts as wrong.
    """
    try:
        labels = json.loads(labeller(text))
    except ValueError:
        labels = {}
    if not isinstance(labels, dict):
        labels = {}
    answer, source = answerer(question_part(text))
    return Reply(str(labels.get("category", "")), str(labels.get("priority", "")), answer, source)


def check(
    got: Reply, *, category: str, priority: str, expected: str, doc_id: str
) -> dict[str, bool]:
    """Which parts of a reply are right: labels, a current answer, the source, and all of them."""
    parts = {
        "labels_right": got.category == category and got.priority == priority,
        "answer_current": got.answer is not None and expected in got.answer,
        "source_given": got.source == doc_id,
    }
    parts["all_right"] = all(parts.values())
    return parts
