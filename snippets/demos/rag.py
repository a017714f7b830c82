"""Demo glue for the RAG playground (``docs/demos/rag.md``).

What the reader typed arrives as JSON (a question, a group, the documents as
edited on the page); `answer` checks it, builds a `snippets.rag.KnowledgeBase`
from it and asks. `render` turns the result into escaped HTML: the page prints
it at build time (`page`) and the browser gets the same HTML from `ask`, so the
two cannot drift and every value is escaped here, once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from snippets.demos.report import PYODIDE_SIZE, esc, timed
from snippets.demos.tallybird import PUBLIC, demo_documents
from snippets.rag import Document, KnowledgeBase

MAX_DOCUMENTS = 50
MAX_TEXT_CHARS = 50_000
MAX_QUESTION_CHARS = 500
RANKINGS = {"tfidf": "TF-IDF", "bm25": "BM25"}
QUESTION = "How much does the Business plan cost per seat?"
GROUP_FIELD = "Group of the user asking"
# The page's "Things to try", one tap each: what the form is set to before it runs.
PRESETS: tuple[tuple[str, dict[str, str]], ...] = (
    ("The price", {"question": QUESTION, "group": PUBLIC, "ranking": "tfidf"}),
    (
        "Webhooks, as a customer",
        {"question": "What should I do when payment webhooks fail?", "group": PUBLIC},
    ),
    (
        "Webhooks, as engineering",
        {"question": "What should I do when payment webhooks fail?", "group": "engineering"},
    ),
    ("Not in the documents", {"question": "What is the CEO's favourite colour?"}),
    ("The price, by BM25", {"question": QUESTION, "ranking": "bm25"}),
)


def _document_from(item: object, number: int) -> Document:
    """Check one JSON document of the playground and make it a `Document`."""
    where = f"document {number + 1}"
    if not isinstance(item, Mapping):
        raise ValueError(f"{where} must be an object with id, title and text")
    missing = [key for key in ("id", "title", "text") if key not in item]
    if missing:
        raise ValueError(f"{where} is missing {', '.join(missing)}")
    for key in ("id", "title", "text", "source"):
        if not isinstance(item.get(key, ""), str):
            raise ValueError(f"{where}: {key} must be text")
    if not item["id"].strip():
        raise ValueError(f"{where}: id must not be empty")
    if len(item["text"]) > MAX_TEXT_CHARS:
        name = f"The document {item['title'][:80]!r}"
        raise ValueError(f"{name} is longer than {MAX_TEXT_CHARS:,} characters: shorten it.")
    groups = item.get("allowed_groups", [])
    if not isinstance(groups, list) or not all(isinstance(g, str) and g for g in groups):
        raise ValueError(f"{where}: allowed_groups must be a list of group names")
    if PUBLIC in groups:
        raise ValueError(f"{where}: leave allowed_groups empty to make a document public")
    return Document(
        item["id"], item["title"], item["text"], item.get("source", ""), frozenset(groups)
    )


# --8<-- [start:answer]
def answer(
    question: str, group: str, documents: list[dict[str, Any]], ranking: str = "tfidf"
) -> dict[str, Any]:
    """Build a knowledge base from JSON documents and answer one question.

    Args:
        question: The reader's question (1 to 500 characters).
        group: ``"public"`` for a caller in no group, or one group name.
        documents: Up to 50 objects with ``id``, ``title``, ``text``, optional
            ``source`` and ``allowed_groups`` (a list; empty means public).
        ranking: ``"tfidf"`` or ``"bm25"``.

    Returns:
        ``{"question", "group", "answer", "grounded", "citations": [{doc_id,
        title, section, passage, score, source}], "filtered_out",
        "visible_documents", "ranking", "timing": {"index_ms", "ask_ms"}}``.

    Raises:
        ValueError: With a message meant for the reader, on any bad input.

    Examples:
        >>> result = answer("How long is the free trial?", "public", demo_documents()["documents"])
        >>> result["grounded"], "30 days" in result["answer"]
        (True, True)
    """
    if not isinstance(question, str) or not question.strip():
        raise ValueError("Type a question first.")
    if len(question) > MAX_QUESTION_CHARS:
        raise ValueError(f"Keep the question under {MAX_QUESTION_CHARS} characters.")
    if not isinstance(group, str) or not group.strip():
        raise ValueError(f"{GROUP_FIELD}: choose one ('public' for no group).")
    if ranking not in RANKINGS:
        raise ValueError(f"Ranking: choose one of {', '.join(RANKINGS.values())}.")
    if not isinstance(documents, list):
        raise ValueError("documents must be a list")
    if len(documents) > MAX_DOCUMENTS:
        raise ValueError(f"Use at most {MAX_DOCUMENTS} documents.")
    parsed = [_document_from(item, n) for n, item in enumerate(documents)]
    ids = [d.id for d in parsed]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"Two documents share the id {duplicates[0]!r}.")
    caller = frozenset() if group == PUBLIC else frozenset({group})

    start = time.perf_counter()
    kb = KnowledgeBase(parsed, ranking="bm25" if ranking == "bm25" else "tfidf")
    kb.warm(caller)
    indexed = time.perf_counter()
    found = kb.ask(question.strip(), groups=caller)
    done = time.perf_counter()
    return {
        "question": found.question,
        "group": group,
        "answer": found.text,
        "grounded": found.grounded,
        "citations": [
            {
                "doc_id": c.doc_id,
                "title": c.title,
                "section": c.section,
                "passage": c.passage,
                "score": round(c.score, 4),
                "source": c.source,
            }
            for c in found.citations
        ],
        "filtered_out": found.filtered_out,
        "visible_documents": len(parsed) - found.filtered_out,
        "ranking": kb.ranking,
        "timing": {
            "index_ms": round((indexed - start) * 1000, 2),
            "ask_ms": round((done - indexed) * 1000, 2),
        },
    }


# --8<-- [end:answer]


def group_label(group: str) -> str:
    """How the form names a group: ``"a customer (no group)"`` for ``"public"``."""
    return "a customer (no group)" if group == PUBLIC else f"a member of {group}"


def filtered_text(n: int) -> str:
    """The sentence that says how many documents the asker may not read."""
    if n == 0:
        return "No document was filtered out: this user may read all of them."
    if n == 1:
        return "1 document was filtered out before ranking: this user may not read it."
    return f"{n} documents were filtered out before ranking: this user may not read them."


def render(result: Mapping[str, Any], place: str = "in your browser") -> str:
    """A result of `answer` as escaped HTML; ``place`` says where it was computed."""
    asking = f"asking as {group_label(result['group'])}, ranked by {RANKINGS[result['ranking']]}"
    out = [f'<p class="rag-meta demo-note">{esc(f"Computed {place}, {asking}.")}</p>']
    cls = "rag-answer" if result["grounded"] else "rag-answer rag-answer--none"
    out.append(
        f'<p class="{cls}"><strong>Answer:</strong> <span>{esc(result["answer"])}</span></p>'
    )
    out.append(f'<p class="rag-filtered">{esc(filtered_text(result["filtered_out"]))}</p>')
    if result["citations"]:
        out.append('<ol class="rag-citations">')
        for c in result["citations"]:
            meta = [c["section"]] if c["section"] else []
            meta += [f"score {c['score']:.4f}", c["source"]]
            out.append(
                f'<li><span class="rag-cite-title">{esc(c["title"])}</span>'
                f'<span class="rag-cite-meta"> · {esc(" · ".join(meta))}</span>'
                f'<span class="rag-cite-passage">{esc(c["passage"])}</span></li>'
            )
        out.append("</ol>")
    else:
        out.append(
            '<p class="rag-citations-none">No citations: no passage this user may '
            "read scored above the relevance threshold.</p>"
        )
    t = result["timing"]
    took = f"Index built in {t['index_ms']:.2f} ms, question answered in {t['ask_ms']:.2f} ms."
    out.append(f'<p class="rag-timing demo-note">{timed(took)}</p>')
    return "\n".join(out)


def ask(
    question: str, group: str, documents: list[dict[str, Any]], ranking: str = "tfidf"
) -> dict[str, Any]:
    """The browser's entry point: `answer`, rendered by `render`, as ``{"html", "grounded"}``."""
    result = answer(question, group, documents, ranking)
    return {"html": render(result), "grounded": result["grounded"]}


def page() -> str:
    """The playground as the page shows it: the form, the documents to edit, and the
    answer to the sample question computed while the page is built."""
    demo = demo_documents()
    result = answer(QUESTION, PUBLIC, demo["documents"])
    options = "".join(
        f'<option value="{esc(g)}">{esc(group_label(g))}</option>' for g in demo["groups"]
    )
    rankings = "".join(f'<option value="{k}">{esc(v)}</option>' for k, v in RANKINGS.items())
    out = [
        '<form class="demo rag-demo" data-demo="rag" novalidate>',
        '<div class="demo-row">',
        '<div class="demo-field demo-field--wide"><label for="rag-question">Question</label>'
        f'<input id="rag-question" name="question" type="text" maxlength="{MAX_QUESTION_CHARS}" '
        f'autocomplete="off" spellcheck="false" value="{esc(QUESTION)}"></div>',
        f'<div class="demo-field"><label for="rag-group">{GROUP_FIELD}</label>'
        f'<select id="rag-group" name="group">{options}</select></div>',
        '<div class="demo-field"><label for="rag-ranking">Ranking</label>'
        f'<select id="rag-ranking" name="ranking">{rankings}</select></div>',
        "</div>",
        '<div class="demo-actions"><button type="submit" class="demo-button" data-role="run">'
        'Run</button><button type="reset" class="demo-button demo-button--secondary">'
        "Reset to the example</button></div>",
        '<div class="demo-presets" role="group" aria-labelledby="rag-presets">'
        '<span id="rag-presets">Try:</span>'
        + "".join(
            f'<button type="button" class="demo-preset" data-preset="{esc(json.dumps(v))}">'
            f"{esc(name)}</button>"
            for name, v in PRESETS
        )
        + "</div>",
        '<p class="demo-status" data-state="idle" role="status">Python is not loaded yet. '
        f"It starts when you press Run: {PYODIDE_SIZE}, downloaded once from this site.</p>",
        '<noscript><p class="demo-note">JavaScript is off: the answer below is the one '
        "computed when this page was built. Asking again needs JavaScript.</p></noscript>",
        '<div class="demo-output" id="rag-output" aria-live="polite">',
        render(result, "while this page was built"),
        "</div>",
        '<details class="demo-group rag-documents" open><summary>The documents it searches '
        '(edit them)</summary><div class="rag-document-list">',
    ]
    for doc in demo["documents"]:
        who = ", ".join(doc["allowed_groups"]) or "everyone"
        meta = {k: doc[k] for k in ("id", "title", "source", "allowed_groups")}
        rows = min(14, doc["text"].count("\n") + 2)
        field = f"rag-doc-{esc(doc['id'])}"
        out.append(
            f'<div class="demo-field rag-document"><label for="{field}">{esc(doc["title"])}</label>'
            f'<span class="demo-note">{esc(doc["source"])} · readable by {esc(who)}</span>'
            f'<textarea id="{field}" rows="{rows}" spellcheck="false" '
            f'data-document="{esc(json.dumps(meta))}">{esc(doc["text"])}</textarea></div>'
        )
    out += ["</div></details>", "</form>"]
    return "\n".join(out)
