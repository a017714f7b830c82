"""The retrieval check's question-by-question table (``docs/demos/check-your-documents.md``).

`question_table` lists each question's outcome and scores, sortable, and in the
browser opens its top passages; every text from the reader's files is escaped.
A part of ``check_render.render``, the result's one renderer. Uses the lesson
``snippets/retrieval_check.py``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from snippets.retrieval_check import DEPTH

STATUS = {
    "found": "Found",
    "missed": "Missed",
    "split": "Cut by chunking",
    "gap": "No passage",
    "unanswerable": "Unanswerable",
}


def _outcome(r: dict[str, Any], k: int) -> str:
    if r["status"] == "missed":
        return f"Missed: rank {r['rank']}" if r["rank"] else f"Missed: below rank {DEPTH}"
    return f"Found at rank {r['rank']}" if r["status"] == "found" else STATUS[r["status"]]


def _question_details(r: dict[str, Any], k: int) -> str:
    facts = []
    if r["expected"]:
        facts.append(f"<dt>Expected text</dt><dd>{escape(r['expected'])}</dd>")
        facts.append(f"<dt>Passages that contain it</dt><dd>{r['passages_with_answer']:,}</dd>")
    if r["document"]:
        where = {
            True: f"one of the top {k} passages is from it",
            False: f"not in the top {k}",
            None: "",
        }[r["document_found"]]
        note = f" ({r['note']})" if r["note"] else ""
        facts.append(
            f"<dt>Document</dt><dd>{escape(r['document'])}: {escape(where)}{escape(note)}</dd>"
        )
    passages = []
    for rank, p in enumerate(r["top"], 1):
        mark = " · contains the expected text" if p["contains"] else ""
        section = f" \u203a {p['section']}" if p["section"] else ""
        passages.append(
            f'<li class="check-passage{" check-passage--hit" if p["contains"] else ""}">'
            f'<p class="check-passage-meta">{rank}. {escape(p["document"] + section)} · passage '
            f"{p['passage'] + 1} · score {p['score']:.3f}{escape(mark)}</p>"
            f'<p class="check-passage-text">{escape(p["text"])}</p></li>'
        )
    listing = (
        f'<ol class="check-passages">{"".join(passages)}</ol>'
        if passages
        else ("<p>No passage shares a word with this question.</p>")
    )
    return f'<dl class="check-facts">{"".join(facts)}</dl>{listing}'


ASCENDING = ' aria-sort="ascending"'
MISSES = ("missed", "split", "gap")  # the build-time table lists only these


def question_table(report: dict[str, Any], passages: bool) -> str:
    k = report["settings"]["k"]
    order = {s: n for n, s in enumerate(STATUS)}
    heads = [
        ("order", "#"),
        ("question", "Question"),
        ("outcome", "Outcome"),
        ("score", "Top score"),
        ("coverage", "Coverage"),
    ]
    head = "".join(
        f'<th scope="col"{ASCENDING if key == "order" else ""}>'
        f'<button type="button" class="check-sort" data-sort="{key}">{label}</button></th>'
        for key, label in heads
    )
    body = []
    for n, r in enumerate(report["results"]):
        if not passages and r["status"] not in MISSES:
            continue
        outcome = order[r["status"]] * 100 + (r["rank"] or DEPTH + 1)  # by kind, then rank
        question = escape(r["question"])
        if passages:
            question = f"<details><summary>{question}</summary>{_question_details(r, k)}</details>"
        body.append(
            f'<tr data-order="{n}" data-outcome="{outcome}" '
            f'data-score="{r["score"]}" data-coverage="{r["coverage"]}" '
            f'data-question="{escape(r["question"].casefold())}">'
            f'<td data-label="#">{escape(r["id"])}</td>'
            f'<td data-label="Question">{question}</td>'
            f'<td data-label="Outcome"><span class="check-status check-status--{r["status"]}">'
            f"{escape(_outcome(r, k))}</span></td>"
            f'<td data-label="Top score">{r["score"]:.3f}</td>'
            f'<td data-label="Coverage">{r["coverage"]:.2f}</td></tr>'
        )
    caption = (
        f"Every question in the order of the file. Sort by a column; open a question to see "
        f"its top {k} passages."
        if passages
        else f"The {len(body)} questions the search missed, of {len(report['results'])}. Sort "
        f"by a column; run the check above to see every question and its top {k} passages."
    )
    return (
        '<h3 class="check-heading" id="check-questions">Question by question</h3>'
        '<div class="check-scroll check-table-wrap"><table data-check-table>'
        f"<caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
