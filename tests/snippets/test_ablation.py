"""snippets/ablation.py: the retriever matches the knowledge base's own search at the
baseline, recall is counted at document and passage level, and the ablation's
choice is made on dev only."""

from __future__ import annotations

import pytest

from snippets.ablation import Probe, Retriever, Setting, ablate, grid, recall, variations
from snippets.demos.tallybird import load_demo_kb
from snippets.rag import Document

DOCS = [
    Document(
        "prices",
        "Prices",
        "# Team\n\nThe Team plan costs 14 euros.\n\n# Trial\n\nThe trial lasts 30 days.",
        "p.md",
    ),
    Document("hr", "HR", "# Leave\n\nParental leave is 20 weeks.", "hr.md", frozenset({"hr"})),
]
PRICE = Probe("What does the Team plan cost?", "prices", "14 euros")
TRIAL = Probe("How long is the trial?", "prices", "30 days")
LEAVE = Probe("How long is parental leave?", "hr", "20 weeks", ("hr",))


def test_the_baseline_ranks_exactly_as_the_knowledge_base_searches() -> None:
    kb = load_demo_kb("2026-10")
    retriever = Retriever(kb.documents, Setting())
    questions = [
        "How much does the Team plan cost per seat per month when billed annually?",
        "Which command replays missed payment webhook events?",
        "Where is customer data stored?",
        "the of and",
    ]
    for question in questions:
        for groups in ((), ("hr",), ("engineering",)):
            ours = [(p.doc_id, p.number) for p in retriever.search(question, groups, k=5)]
            theirs = [(p.doc_id, p.number) for p, _ in kb.search(question, groups=groups, k=5)]
            assert ours == theirs, (question, groups)


def test_recall_at_document_and_passage_level_and_permissions() -> None:
    retriever = Retriever(DOCS, Setting())
    assert retriever.holding(TRIAL) == {"prices#1"}
    assert recall(retriever, [PRICE, TRIAL], k=1).hits == 2
    assert recall(retriever, [PRICE, TRIAL], k=1, level="document").hits == 2
    assert recall(retriever, [LEAVE]).hits == 1
    outsider = Probe(LEAVE.text, "hr", "20 weeks")
    assert recall(retriever, [outsider]).hits == 0  # the HR page is not in a public reader's view
    whole = Retriever(DOCS, Setting(passage_chars=1200))
    assert recall(whole, [TRIAL], k=1, level="document").hits == 1


def test_dropping_stop_words_changes_what_is_indexed() -> None:
    kept, dropped = Retriever(DOCS, Setting()), Retriever(DOCS, Setting(stop_words=False))
    assert kept.search("the", k=3) and not dropped.search("the", k=3)
    assert (
        Setting("bm25", 200, False).describe() == "BM25, 200-character passages, stop words dropped"
    )
    assert Setting("bm25", 200, False).describe(only="passage size") == "200-character passages"


def test_variations_change_one_setting_each_and_the_grid_holds_them_all() -> None:
    base = Setting()
    for change, setting in variations(base):
        differences = [
            f
            for f in ("ranking", "passage_chars", "stop_words")
            if getattr(setting, f) != getattr(base, f)
        ]
        assert len(differences) == 1, change
        assert setting in grid()
    assert variations(Setting("bm25"))[0][1].ranking == "tfidf"
    assert len(grid()) == len(set(grid())) == 12


def test_the_best_setting_is_chosen_on_dev_alone() -> None:
    dev = [PRICE, TRIAL]
    tests = {"a": [LEAVE], "b": [Probe("qqq", "hr", "20 weeks")]}
    result = ablate(DOCS, dev, tests)
    rows = result["rows"]
    assert rows[0]["change"] == "baseline" and rows[-1]["change"] == "best on dev"
    assert rows[-1]["setting"] == result["best"]
    changed_tests = {"a": [Probe("qqq", "hr", "20 weeks")], "b": [LEAVE]}
    assert ablate(DOCS, dev, changed_tests)["best"] == result["best"]
    assert result["best_dev"] == pytest.approx(rows[-1]["dev"].value)
