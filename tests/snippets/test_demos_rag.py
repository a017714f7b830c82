"""snippets/demos/rag.py: the playground's reader-input checks, its answers and its one renderer."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from snippets.demos.rag import answer, ask, page, render
from snippets.demos.tallybird import demo_documents, demo_questions, load_demo_kb


@pytest.mark.parametrize("ranking", ["tfidf", "bm25"])
def test_playground_gives_the_same_answers_as_the_knowledge_base(ranking: str) -> None:
    documents = demo_documents()["documents"]
    kb = load_demo_kb(ranking=ranking)  # type: ignore[arg-type]
    for question in demo_questions():
        for group, groups in [("public", frozenset()), ("hr", frozenset({"hr"}))]:
            result = answer(question["question"], group, documents, ranking)
            assert json.loads(json.dumps(result)) == result
            found = kb.ask(question["question"], groups=groups)
            assert result["answer"] == found.text and result["grounded"] == found.grounded
            assert result["filtered_out"] == found.filtered_out
            assert result["visible_documents"] == len(documents) - found.filtered_out
            assert [c["doc_id"] for c in result["citations"]] == [c.doc_id for c in found.citations]
            assert result["ranking"] == ranking
            assert set(result["timing"]) == {"index_ms", "ask_ms"}
            assert all(v >= 0 for v in result["timing"].values())


def test_playground_sees_edited_documents_and_keeps_reader_text_as_is() -> None:
    documents = demo_documents()["documents"]
    evil = "<img src=x onerror=alert(1)>"
    documents[0] = {**documents[0], "text": f"## Team\n\nThe Team plan costs 99 euros. {evil}"}
    result = answer("What does the Team plan cost?", "public", documents)
    assert "99 euros" in result["answer"]
    assert evil in result["citations"][0]["passage"]  # the data keeps it as text
    html = render(result)
    assert evil not in html and html.count("&lt;img src=x onerror=alert(1)&gt;") == 2


VALID = [{"id": "a", "title": "A", "text": "Team costs 14 euros."}]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"question": "  "}, "Type a question first"),
        ({"question": None}, "Type a question first"),
        ({"question": "x" * 501}, "under 500 characters"),
        ({"group": ""}, "^Group of the user asking: choose one"),
        ({"group": 3}, "^Group of the user asking: choose one"),
        ({"ranking": "vector"}, "^Ranking: choose one of TF-IDF, BM25"),
        ({"documents": "nope"}, "documents must be a list"),
        ({"documents": VALID * 51}, "at most 50 documents"),
        ({"documents": ["text"]}, "document 1 must be an object"),
        ({"documents": [{"id": "a"}]}, "document 1 is missing title, text"),
        ({"documents": [{"id": "a", "title": "A", "text": 5}]}, "document 1: text must be text"),
        ({"documents": [{"id": " ", "title": "A", "text": ""}]}, "id must not be empty"),
        (
            {"documents": [{**VALID[0], "text": "x" * 50_001}]},
            "The document 'A' is longer than 50,000 characters: shorten it",
        ),
        ({"documents": [{**VALID[0], "allowed_groups": "hr"}]}, "must be a list of group"),
        ({"documents": [{**VALID[0], "allowed_groups": [""]}]}, "must be a list of group"),
        ({"documents": [{**VALID[0], "allowed_groups": ["public"]}]}, "leave allowed_groups empty"),
        ({"documents": VALID * 2}, "Two documents share the id 'a'"),
    ],
)
def test_playground_rejects_bad_input_clearly(arguments: dict[str, Any], message: str) -> None:
    call = {"question": "Team cost?", "group": "public", "documents": VALID, **arguments}
    with pytest.raises(ValueError, match=message):
        answer(**call)


def test_the_browser_gets_the_html_the_page_was_built_with() -> None:
    """One renderer: the build-time block and the browser's call produce the same
    result HTML for the same input, apart from where it was computed and how long
    it took."""
    documents = demo_documents()["documents"]
    built = page()
    from_browser = ask("How much does the Business plan cost per seat?", "public", documents)
    timing = re.compile(r"<span data-timing>[^<]*</span>")

    def result_of(html: str) -> str:
        return timing.sub("", html.split("</p>", 1)[1])  # the meta line says where

    output = built.split('<div class="demo-output" id="rag-output" aria-live="polite">')[1]
    assert result_of(output.split("</div>", 1)[0].strip()) == result_of(from_browser["html"])
    assert from_browser["grounded"] is True
    assert (
        "Computed in your browser, asking as a customer (no group), ranked by TF-IDF."
        in (from_browser["html"])
    )
    assert "Computed while this page was built" in built


def test_the_page_names_every_field_and_lists_every_document() -> None:
    html = page()
    documents = demo_documents()
    ids = re.findall(r'<(?:input|select|textarea) id="([^"]+)"', html)
    assert ids[:3] == ["rag-question", "rag-group", "rag-ranking"]
    assert ids[3:] == [f"rag-doc-{d['id']}" for d in documents["documents"]]
    assert all(f'<label for="{i}">' in html for i in ids)
    options = re.findall(r'<option value="([^"]+)">', html)
    assert options == [*documents["groups"], "tfidf", "bm25"]
    settings = [
        json.loads(m.replace("&quot;", '"')) for m in re.findall(r'data-document="([^"]+)"', html)
    ]
    assert [s["id"] for s in settings] == [d["id"] for d in documents["documents"]]
    assert "<span data-pyodide-size>" in html  # the build writes the download size there


@pytest.mark.parametrize(
    ("filtered", "words"),
    [(0, "No document was"), (1, "1 document was"), (2, "2 documents were")],
)
def test_the_filtered_count_reads_right_for_any_number(filtered: int, words: str) -> None:
    result = answer("Who founded the company?", "public", VALID)
    html = render({**result, "filtered_out": filtered}, "here")
    assert f'<p class="rag-filtered">{words} filtered out' in html
    assert '<p class="rag-citations-none">' in html and "rag-answer--none" in html
