"""snippets/retrieval_check.py: every outcome on documents built to produce it, the
report against numbers recomputed by hand (recall, intervals, MRR, the document level
through evaluate.recall_at_k), and the check against a brute-force oracle on random
corpora."""

from __future__ import annotations

import itertools
import json
import statistics
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.bm25 import Bm25Index
from snippets.chunking import chunk
from snippets.evaluate import recall_at_k
from snippets.retrieval_check import (
    DEPTH,
    Question,
    RetrievalCheck,
    _Haystack,
    check,
    normalise,
)
from snippets.stats import bootstrap, wilson
from snippets.tfidf import TfidfIndex
from snippets.threshold import held_out_threshold

REFUNDS = (
    "# Refunds\n\n## Annual plans\n\nAnnual plans are refunded in full within 30 days.\n\n"
    "## Monthly plans\n\nMonthly plans are not refunded for the current month."
)
PRICES = (
    "# Prices\n\n## Team\n\nThe Team plan costs 14 euros per seat.\n\n## Trial\n\n30 days free."
)


def small() -> RetrievalCheck:
    run = RetrievalCheck(k=1)
    run.add("help/refunds.md", REFUNDS)
    run.add("help/prices.md", PRICES)
    return run


# --- normalise ---------------------------------------------------------------------


def test_normalise_folds_case_width_whitespace_and_markdown_marks() -> None:
    assert normalise("Within\u00a0**30**\r\n  DAYS") == "within 30 days"
    assert normalise("`tally-ops`  Webhooks") == "tally-ops webhooks"
    assert normalise("\uff21\uff25\uff33\uff0d\uff12\uff15\uff16") == "aes-256"  # full width
    assert normalise("Straße") == normalise("STRASSE")  # case folding, not lower()
    assert normalise("a\x00b") == "a b"  # never a match across two joined texts


@given(st.text())
def test_normalise_is_idempotent_and_has_no_edge_spaces(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert once == once.strip() and "  " not in once
    assert unicodedata.normalize("NFKC", once) == once


# --- questions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"question": "  ", "expected": "x"}, "the question is empty"),
        ({"question": "q?", "expected": " "}, "no expected text"),
        ({"question": "q?", "expected": "**"}, "no expected text"),
        ({"question": "q?", "expected": "x", "unanswerable": True}, "marked unanswerable"),
        ({"question": "q?", "expected": 5}, "expected must be text"),
    ],
)
def test_a_question_that_cannot_be_checked_says_why(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Question(**kwargs)


def test_an_unanswerable_question_needs_no_expected_text() -> None:
    assert Question("Who founded it?", unanswerable=True).expected == ""


# --- settings and documents --------------------------------------------------------


@pytest.mark.parametrize("k", [0, DEPTH + 1, 2.0, True])
def test_k_must_be_a_whole_number_from_1_to_the_depth(k: object) -> None:
    with pytest.raises(ValueError, match="k must be"):
        RetrievalCheck(k=k)  # type: ignore[arg-type]


def test_bad_ranking_and_passage_size_are_refused() -> None:
    with pytest.raises(ValueError, match="ranking"):
        RetrievalCheck(ranking="dense")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_chars"):
        RetrievalCheck(max_chars=10)


def test_a_document_name_is_used_once_and_an_empty_text_is_refused() -> None:
    run = small()
    with pytest.raises(ValueError, match="two documents are named"):
        run.add("help/prices.md", "other")
    with pytest.raises(ValueError, match="no text"):
        run.add("empty.md", "\n\n   \n")
    assert (run.documents, run.passages) == (2, 4)


# --- every outcome -----------------------------------------------------------------


def test_found_names_the_rank_and_marks_the_passage_that_contains_the_text() -> None:
    run = small()
    result = run.ask(Question("Are annual plans refunded?", "WITHIN 30 days", "refunds.md"))
    assert result["status"] == "found" and result["rank"] == 1
    assert result["passages_with_answer"] == 1
    assert result["document_found"] is True and result["note"] == ""
    [top] = result["top"]
    assert top["document"] == "help/refunds.md" and top["section"] == "Annual plans"
    assert top["contains"] is True and top["passage"] == 0
    assert json.loads(json.dumps(result)) == result  # plain data, as the browser receives it


def test_missed_means_a_passage_has_it_below_k() -> None:
    run = small()  # k = 1: the trial passage holds "30 days" but the refund passage wins
    result = run.ask(Question("Are annual plans refunded within 30 days?", "30 days free"))
    assert result["status"] == "missed" and result["rank"] == 3
    assert [t["contains"] for t in result["top"]] == [False]
    assert result["top"][0]["section"] == "Annual plans"


def test_missed_below_the_depth_has_no_rank() -> None:
    run = RetrievalCheck(k=1)
    for n in range(DEPTH + 5):
        run.add(f"doc-{n:02d}.md", f"Refunds are described in note {n}. Refunds refunds.")
    run.add("z.md", "The answer is purple elephants; refunds.")
    result = run.ask(Question("refunds?", "purple elephants"))
    assert result["status"] == "missed" and result["rank"] is None
    assert result["passages_with_answer"] == 1


def test_split_means_the_document_has_it_but_no_passage_does() -> None:
    run = RetrievalCheck(k=3, max_chars=40)
    run.add("long.md", "First part of the sentence ends here.\n\nAnd the second part begins now.")
    result = run.ask(Question("sentence part?", "ends here. and the second"))
    assert result["status"] == "split" and result["passages_with_answer"] == 0


def test_gap_means_no_document_has_it() -> None:
    result = small().ask(Question("Is there a student discount?", "student discount"))
    assert result["status"] == "gap" and result["rank"] is None
    assert result["passages_with_answer"] == 0


def test_unanswerable_questions_are_ranked_but_never_contain_anything() -> None:
    result = small().ask(Question("Who founded the refund team?", unanswerable=True))
    assert result["status"] == "unanswerable"
    assert result["top"] and not any(t["contains"] for t in result["top"])
    assert result["score"] > 0 and result["document_found"] is None


def test_a_question_sharing_no_word_has_no_passages_and_zero_scores() -> None:
    result = small().ask(Question("Zebras?", "zebra"))
    assert result["top"] == [] and result["score"] == 0.0 and result["coverage"] == 0.0


# --- the expected document ---------------------------------------------------------


def test_documents_are_found_by_full_name_path_ending_or_stem() -> None:
    run = small()
    assert run.resolve("help/prices.md") == "help/prices.md"
    assert run.resolve("prices.md") == "help/prices.md"
    assert run.resolve("prices") == "help/prices.md"
    with pytest.raises(ValueError, match=r"no document is named 'nope\.md'"):
        run.resolve("nope.md")
    run.add("archive/prices.md", "Old prices.")
    with pytest.raises(ValueError, match=r"could be help/prices\.md, archive/prices\.md"):
        run.resolve("prices.md")


def test_a_question_naming_a_missing_document_counts_as_a_document_miss() -> None:
    result = small().ask(Question("Are annual plans refunded?", "within 30 days", "faq.md"))
    assert result["status"] == "found"
    assert result["document_found"] is False and "no document is named" in result["note"]


def test_document_recall_looks_at_the_top_k_passages_only() -> None:
    run = small()  # k = 1
    result = run.ask(Question("Team plan price? refunded", "14 euros", "refunds.md"))
    names = [t["document"] for t in result["top"]]
    assert result["document_found"] == (recall_at_k(names, {"help/refunds.md"}, 1) == 1.0)


# --- the report --------------------------------------------------------------------


def demo_check(ranking: str = "bm25") -> RetrievalCheck:
    run = RetrievalCheck(k=2, ranking=ranking)  # type: ignore[arg-type]
    run.add("refunds.md", REFUNDS)
    run.add("prices.md", PRICES)
    questions = [
        Question("Are annual plans refunded?", "within 30 days", "refunds.md"),
        Question("How much is the Team plan?", "14 euros", "prices.md"),
        Question("Are monthly plans refunded?", "not refunded", "refunds"),
        Question("How long is the trial?", "30 days free"),
        Question("Student discount?", "student discount", "prices.md"),
        Question("Who founded the company?", unanswerable=True),
        Question("What is the office wifi password?", unanswerable=True),
        Question("Team plan seats in the refund month?", unanswerable=True),
    ]
    for question in questions:
        run.ask(question)
    return run


@pytest.mark.parametrize("ranking", ["bm25", "tfidf"])
def test_the_report_recomputes_from_the_results(ranking: str) -> None:
    run = demo_check(ranking)
    report = run.report(seed=4)
    rows = report["results"]
    assert report["settings"] == {"k": 2, "ranking": ranking, "max_chars": 600}
    assert (report["documents"], report["passages"], report["questions"]) == (2, 4, 8)
    assert sum(report["counts"].values()) == 8
    answerable = [r for r in rows if r["status"] != "unanswerable"]
    hits = sum(r["status"] == "found" for r in answerable)
    low, high = wilson(hits, len(answerable))
    assert report["recall"] == {
        "value": hits / len(answerable),
        "low": low,
        "high": high,
        "hits": hits,
        "n": len(answerable),
    }
    named = [r for r in answerable if r["document"]]
    assert report["document_recall"]["n"] == len(named)
    assert report["document_recall"]["hits"] == sum(r["document_found"] for r in named)
    reciprocal = [1 / r["rank"] if r["status"] == "found" else 0.0 for r in answerable]
    assert report["mrr"]["value"] == pytest.approx(statistics.fmean(reciprocal))
    assert (report["mrr"]["low"], report["mrr"]["high"]) == bootstrap(
        reciprocal, statistics.fmean, resamples=1000, seed=4
    )
    recall_at = report["recall_at"]
    assert list(recall_at) == ["1", "3", "5", "10", "20"]
    assert all(a <= b for a, b in itertools.pairwise(recall_at.values()))
    assert report["no_passage"] == [r["id"] for r in rows if r["status"] in ("gap", "split")]
    for signal in ("score", "coverage"):
        t = report["thresholds"][signal]
        expected = held_out_threshold(
            [r[signal] for r in rows], [bool(r["passages_with_answer"]) for r in rows], seed=4
        )
        assert t["value"] == expected["value"] and t["signal"] == signal
        assert t["dev"] == [rows[n]["id"] for n in expected["dev"]]
    assert report["scores"]["answered"]["n"] + report["scores"]["not_answered"]["n"] == 8
    assert json.loads(json.dumps(report, allow_nan=False)) == report


def test_an_empty_check_reports_nothing_measured() -> None:
    report = RetrievalCheck().report()
    assert report["recall"]["value"] is None and report["mrr"]["value"] is None
    assert report["scores"] == {"answered": {"n": 0}, "not_answered": {"n": 0}}
    assert report["thresholds"]["score"]["value"] is None
    assert "both kinds" in report["thresholds"]["score"]["reason"]


def test_one_score_has_a_spread_of_one_value() -> None:
    run = small()
    run.ask(Question("Are annual plans refunded?", "within 30 days"))
    spread = run.report()["scores"]["answered"]
    assert spread == {
        "n": 1,
        "min": spread["max"],
        "q1": spread["max"],
        "median": spread["max"],
        "q3": spread["max"],
        "max": spread["max"],
    }


def test_check_in_one_call_equals_the_step_by_step_run() -> None:
    run = demo_check()
    documents = [("refunds.md", REFUNDS), ("prices.md", PRICES)]
    questions = [
        Question(r["question"], r["expected"], r["document"], r["status"] == "unanswerable")
        for r in run.results
    ]
    assert check(documents, questions, k=2, seed=0) == run.report(seed=0)


def test_unnamed_questions_are_numbered() -> None:
    run = small()
    run.ask(Question("a refund?", "30 days"))
    run.ask(Question("prices?", "14 euros", id="row 9"))
    assert [r["id"] for r in run.results] == ["question 1", "row 9"]


# --- against a brute-force oracle --------------------------------------------------

WORDS = ["refund", "plan", "seat", "team", "price", "trial", "days", "month", "invoice", "euro"]
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(words, min_size=1, max_size=4), min_size=1, max_size=6),
    st.lists(
        st.tuples(words, st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)),
        min_size=1,
        max_size=6,
    ),
    st.integers(1, 4),
    st.sampled_from(["bm25", "tfidf"]),
)
def test_every_outcome_matches_a_brute_force_check(
    docs: list[list[str]], asked: list[tuple[str, list[str]]], k: int, ranking: str
) -> None:
    texts = ["\n\n".join(paragraphs) for paragraphs in docs]
    run = RetrievalCheck(k=k, ranking=ranking, max_chars=40)  # type: ignore[arg-type]
    passages = []
    for n, text in enumerate(texts):
        run.add(f"d{n}.md", text)
        passages += chunk(f"d{n}.md", text, 40)
    index = Bm25Index() if ranking == "bm25" else TfidfIndex()
    for p in passages:
        index.add(f"{p.section}\n{p.text}")
    for question, expected_words in asked:
        expected = " ".join(expected_words)
        result = run.ask(Question(question, expected))
        ranked = index.search(question, k=DEPTH)
        holders = [
            n for n, p in enumerate(passages) if expected in normalise(f"{p.section} {p.text}")
        ]
        rank = next((r for r, (p, _) in enumerate(ranked, 1) if p in holders), None)
        assert result["passages_with_answer"] == len(holders)
        assert result["rank"] == rank
        if holders:
            assert result["status"] == ("found" if rank is not None and rank <= k else "missed")
        else:
            in_doc = any(expected in normalise(t) for t in texts)
            assert result["status"] == ("split" if in_doc else "gap")
        assert [t["contains"] for t in result["top"]] == [p in holders for p, _ in ranked[:k]]


@given(
    st.lists(st.text(alphabet="ab \x00", max_size=8), max_size=8),
    st.text("ab", min_size=1, max_size=3),
)
def test_the_haystack_finds_exactly_the_texts_that_contain_a_needle(
    parts: list[str], needle: str
) -> None:
    hay = _Haystack()
    half = len(parts) // 2
    for part in parts[:half]:
        hay.add(part.replace("\x00", " "))
    hay.holders(needle)  # a search between two batches of additions
    for part in parts[half:]:
        hay.add(part.replace("\x00", " "))
    cleaned = [p.replace("\x00", " ") for p in parts]
    assert hay.holders(needle) == [n for n, p in enumerate(cleaned) if needle in p]
