"""snippets/pipeline.py: a ticket reply from any labeller and answerer, and its checks."""

from __future__ import annotations

import json

from snippets.finetune import train
from snippets.pipeline import check, memory_answerer, question_part, rag_answerer, reply
from snippets.rag import Document, KnowledgeBase

KB = KnowledgeBase(
    [Document("prices", "Prices", "# Team\n\nThe Team plan costs 14 euros.", "p.md")]
)


def labels(category: str, priority: str) -> str:
    return json.dumps({"category": category, "priority": priority})


def test_question_part_keeps_the_questions() -> None:
    assert (
        question_part("Hi. What is the price? Is VAT in? Thanks!")
        == "What is the price? Is VAT in?"
    )
    assert question_part("No question here.") == "No question here."


def test_a_reply_from_retrieval_is_current_and_cited() -> None:
    got = reply(
        "Hello. How much is the Team plan?", lambda _: labels("billing", "low"), rag_answerer(KB)
    )
    assert (got.category, got.priority, got.source) == ("billing", "low", "prices")
    parts = check(got, category="billing", priority="low", expected="14 euros", doc_id="prices")
    assert parts == {
        "labels_right": True,
        "answer_current": True,
        "source_given": True,
        "all_right": True,
    }


def test_a_reply_from_memory_has_no_source() -> None:
    model = train(
        [("How much is the Team plan?", "12 euros"), ("Trial length?", "14 days")], epochs=3
    )
    got = reply(
        "How much is the Team plan?",
        lambda _: labels("billing", "low"),
        memory_answerer(model, 0.0),
    )
    parts = check(got, category="billing", priority="low", expected="14 euros", doc_id="prices")
    assert got.answer == "12 euros" and got.source is None
    assert not parts["answer_current"] and not parts["source_given"] and not parts["all_right"]
    declined = reply("x", lambda _: labels("bug", "low"), memory_answerer(model, 1.0))
    assert declined.answer is None


def test_a_broken_labeller_or_an_unanswered_question_counts_as_wrong() -> None:
    for broken in ("not json", '["billing", "low"]'):
        got = reply("Who founded you?", lambda _, out=broken: out, rag_answerer(KB))
        assert (got.category, got.priority, got.answer, got.source) == ("", "", None, None)
        assert not any(
            check(got, category="billing", priority="low", expected="x", doc_id="p").values()
        )
