"""The retrieval check's one renderer (``docs/demos/check-your-documents.md``).

`render` writes a report of ``snippets/retrieval_check.py`` as escaped HTML:
the summary cards, the decline chart, the question table (``check_table``) and
what it means (``check_meaning``). The page prints it at build time and the
browser's ``check.finish`` returns it, so the two cannot drift. Uses the lesson
``snippets/retrieval_check.py``.
"""

from __future__ import annotations

import statistics
from html import escape
from typing import Any

from snippets.demos.check_meaning import SIGNAL_NAMES, meaning, number_text, suggested_signal
from snippets.demos.check_table import STATUS, question_table

RANKINGS = {"bm25": "BM25", "tfidf": "TF-IDF"}
SOURCES = {
    "built": "Computed while this page was built, on the demo company's documents and "
    "questions. Run it on your own files above.",
    "demo": "Computed in your browser, on the demo company's documents and questions.",
    "yours": "Computed in your browser, on the files you chose. Nothing was sent anywhere.",
}


def _interval(rate: dict[str, Any]) -> str:
    if rate["value"] is None:
        return "n/a"
    return f"95% interval {rate['low']:.2f} to {rate['high']:.2f}"


def _threshold_sentence(t: dict[str, Any]) -> str:
    kept, declined = t["kept"], t["declined"]
    dev_kept, dev_declined = t["dev_kept"], t["dev_declined"]
    return (
        f"Chosen on {len(t['dev'])} questions, where it answers {dev_kept['hits']} of "
        f"{dev_kept['n']} that have an answer and declines {dev_declined['hits']} of "
        f"{dev_declined['n']} that have none. On the other {len(t['test'])}, which it was not "
        f"chosen on, it answers {kept['hits']} of {kept['n']} ({kept['value']:.2f}, "
        f"{_interval(kept)}) and declines {declined['hits']} of {declined['n']} "
        f"({declined['value']:.2f}, {_interval(declined)})."
    )


def _card(label: str, value: str, detail: str, wide: bool = False) -> str:
    return (
        f'<div class="check-card{" check-card--wide" * wide}">'
        f'<p class="check-card-label">{escape(label)}</p>'
        f'<p class="check-card-value">{escape(value)}</p>'
        f'<p class="check-card-detail">{escape(detail)}</p></div>'
    )


def _summary(report: dict[str, Any], passages: bool = True) -> list[str]:
    k, counts = report["settings"]["k"], report["counts"]
    recall, documents, mrr = report["recall"], report["document_recall"], report["mrr"]
    answerable = report["questions"] - counts["unanswerable"]
    no_passage = counts["gap"] + counts["split"]
    cards = [
        _card(
            f"Passage recall@{k}",
            number_text(recall["value"]),
            f"{_interval(recall)} · {recall['hits']} of {recall['n']} questions with an "
            f"expected text have it in one of the top {k} passages",
        ),
        _card(
            f"Document recall@{k}",
            number_text(documents["value"]),
            f"{_interval(documents)} · {documents['hits']} of {documents['n']} questions "
            "that name a document"
            if documents["n"]
            else "no question names its document",
        ),
        _card(
            f"MRR@{k}",
            number_text(mrr["value"]),
            f"{_interval(mrr)} (bootstrap) · 1 when the passage is always first"
            if mrr["value"] is not None
            else "no question with an expected text",
        ),
        _card(
            "No passage holds the answer",
            f"{no_passage} of {answerable}",
            "questions whose expected text is in no passage: missing from the documents"
            + (f" (in {counts['split']}, cut between two passages)" if counts["split"] else ""),
        ),
    ]
    signal = suggested_signal(report)
    if signal is None:
        t = report["thresholds"]["coverage"]
        cards.append(_card("Decline threshold", "n/a", t["reason"], wide=True))
    else:
        t = report["thresholds"][signal]
        cards.append(
            _card(
                f"Decline below a {SIGNAL_NAMES[signal]} of",
                f"{t['value']:.3g}",
                _threshold_sentence(t),
                wide=True,
            )
        )
    out = [
        '<h3 class="check-heading" id="check-summary" tabindex="-1">Summary</h3>',
        f'<p class="check-inputs">{report["documents"]:,} documents, cut into '
        f"{report['passages']:,} passages; {report['questions']:,} questions; ranked by "
        f"{escape(RANKINGS[report['settings']['ranking']])}, top {k} passages per question.</p>",
    ]
    if report.get("problems"):
        problems = report["problems"]
        shown = "".join(f"<li>{escape(line)}</li>" for line in problems[:50])
        more = (
            f"<p>And {len(problems) - 50:,} more in the JSON report.</p>"
            if len(problems) > 50
            else ""
        )
        out.append(
            f'<details class="check-problems"{" open" if len(problems) <= 5 else ""}>'
            f"<summary>{len(problems):,} note{'s' if len(problems) != 1 else ''} on what was "
            f"read (files or rows skipped or renamed)</summary><ul>{shown}</ul>{more}</details>"
        )
    out.append(f'<div class="check-cards">{"".join(cards)}</div>')
    out.append(
        '<p class="check-counts">'
        + " · ".join(f"{escape(STATUS[s])}: {n}" for s, n in counts.items())
        + "</p>"
    )
    if answerable:
        at = " · ".join(f"{k}: {number_text(v)}" for k, v in report["recall_at"].items())
        out.append(
            f'<p class="check-recall-at">Passage recall had the model been given k passages '
            f"(k: recall): {at}.</p>"
        )
    missing = [r for r in report["results"] if r["status"] in ("gap", "split")]
    if missing and passages:  # the light table lists them anyway
        listed = "".join(
            f"<li>{escape(r['id'])}: {escape(r['question'])} (expected: "
            f"{escape(r['expected'])})</li>"
            for r in missing[:10]
        )
        more = f"<p>And {len(missing) - 10:,} more: sort the table by outcome.</p>" * (
            len(missing) > 10
        )
        out.append(
            '<p class="check-list-title">The questions no passage answers:</p>'
            f'<ul class="check-missing">{listed}</ul>{more}'
        )
    if signal is not None:
        other = "score" if signal == "coverage" else "coverage"
        t = report["thresholds"][other]
        out.append(
            f'<p class="demo-note">On the {SIGNAL_NAMES[other]} instead: decline below '
            f"{t['value']:.3g}. {escape(_threshold_sentence(t))}</p>"
        )
        out.append(_chart(report, signal))
    return out


def _chart(report: dict[str, Any], signal: str) -> str:
    """Each question as a mark on the ``signal`` axis, in two rows, with the threshold."""
    rows = report["results"]
    cut_value = report["thresholds"][signal]["value"]
    values = [r[signal] for r in rows] + [cut_value]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    width, left, right = 360, 8, 8

    def x(value: float) -> float:
        return float(left + (width - left - right) * (value - low) / span)

    groups = {True: [r[signal] for r in rows if r["passages_with_answer"]],
              False: [r[signal] for r in rows if not r["passages_with_answer"]]}  # fmt: skip
    marks = [f'<circle cx="{x(v):.1f}" cy="32" r="4" class="check-dot-yes"/>' for v in groups[True]]
    marks += [
        f'<rect x="{x(v) - 3.5:.1f}" y="72.5" width="7" height="7" class="check-dot-no"/>'
        for v in groups[False]
    ]
    cut = x(cut_value)
    name = SIGNAL_NAMES[signal]
    medians = {kind: number_text(statistics.median(v) if v else None) for kind, v in groups.items()}
    desc = (
        f"The {name} of the best passage for each question: {len(groups[True])} questions "
        f"whose answer is in a passage (circles, median {medians[True]}) and "
        f"{len(groups[False])} without one (squares, median {medians[False]}); the threshold "
        f"is {cut_value:.3g}."
    )
    anchor = "start" if cut < 70 else "end" if cut > width - 70 else "middle"
    return (
        f'<figure class="check-chart"><svg viewBox="0 0 {width} 136" width="{width}" '
        'height="136" role="img" aria-labelledby="check-chart-title check-chart-desc">'
        f'<title id="check-chart-title">{escape(name.capitalize())} of each question\'s best '
        f'passage</title><desc id="check-chart-desc">{escape(desc)}</desc>'
        f'<text x="{left}" y="16" class="check-chart-label">answer in a passage</text>'
        f'<text x="{left}" y="62" class="check-chart-label">no passage</text>'
        f'<line x1="{left}" x2="{width - right}" y1="96" y2="96" class="check-axis"/>'
        f'<text x="{left}" y="113" class="check-chart-label">{low:.2f}</text>'
        f'<text x="{width - right}" y="113" text-anchor="end" class="check-chart-label">'
        f"{high:.2f}</text>"
        + "".join(marks)
        + f'<line x1="{cut:.1f}" x2="{cut:.1f}" y1="22" y2="100" class="check-cut"/>'
        f'<text x="{cut:.1f}" y="131" text-anchor="{anchor}" class="check-chart-label">'
        f"threshold {cut_value:.3g}</text></svg>"
        f"<figcaption>The {escape(name)} of each question's best passage: circles have the "
        "answer in a passage, squares do not; the line is the threshold.</figcaption></figure>"
    )


def render(report: dict[str, Any], source: str = "yours", *, passages: bool = True) -> str:
    """The result as HTML: summary, question table, what it means. Everything is escaped.

    With ``passages=False`` (the build-time page) the table lists only the questions
    the search missed, with their outcome and scores but not their passages, which
    a run in the browser shows for every question.
    """
    out = [f'<p class="check-meta demo-note">{escape(SOURCES[source])}</p>']
    out += _summary(report, passages)
    out.append(question_table(report, passages))
    items = "".join(
        f'<li data-meaning="{kind}">{escape(text)} See <a href="{url}">{escape(title)}</a>.</li>'
        for kind, text, (url, title) in meaning(report)
    )
    out.append(
        '<h3 class="check-heading" id="check-meaning">What it means for RAG or fine-tuning</h3>'
        f'<ul class="check-meaning">{items}</ul>'
    )
    return "\n".join(out)
