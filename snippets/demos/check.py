"""Demo glue of the page "Check your own documents" (``docs/demos/check-your-documents.md``).

* **Browser entry points**, called through the Pyodide bridge one step at a
  time so the page can show progress and stop between steps: `start`, `plan`,
  `add_files`, `add_questions` (or `load_demo`), `check_questions` in batches,
  then `finish`; `cancel` drops a check. Files arrive as base64 bytes and are
  read by `snippets.intake` exactly as the command line reads them.
* **The one renderer** of a result, `render`, used by the page at build time
  and by the browser: every text from the reader's files is escaped here. A run
  in the browser lists every question and opens its top passages; the build-time
  page (``passages=False``) lists only the questions the search missed.
* **Demo data**: the fictional company's documents and questions
  (`demo_inputs`), the questions template, and a corpus nobody here wrote: the
  topics of CPython's own documentation (`pydoc_inputs`, used at build time).
"""

from __future__ import annotations

import base64
import binascii
import random
import re
import secrets
import statistics
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from snippets.demos.report import PYODIDE_SIZE
from snippets.intake import BROWSER, Intake, few, prepare, read_questions
from snippets.retrieval_check import DEPTH, Question, RetrievalCheck
from snippets.retrieval_check_cli import report_csv

DATA = Path(__file__).resolve().parent.parent / "data"
DEMO_QUESTIONS = DATA / "check" / "tallybird-questions.csv"
RANKINGS = {"bm25": "BM25", "tfidf": "TF-IDF"}
K_CHOICES = (1, 3, 5, 10, 20)


# --- the reader's check, one step per bridge call -----------------------------------


@dataclass
class _Session:
    run: RetrievalCheck
    intake: Intake = field(default_factory=lambda: Intake(BROWSER))
    questions: list[Question] = field(default_factory=list)
    question_problems: list[str] = field(default_factory=list)
    asked: int = 0
    reported: int = 0  # problems already returned to the page
    source: str = "yours"  # whose files: "yours", "demo", or "built" (the page's build)


_SESSIONS: dict[str, _Session] = {}  # the worker's open check (one at a time)


def _session(session: object) -> _Session:
    found = _SESSIONS.get(session) if isinstance(session, str) else None
    if found is None:
        raise ValueError("This check was stopped or has finished; press Check again.")
    return found


def start(k: int = 5, ranking: str = "bm25") -> dict[str, Any]:
    """Open a new check (closing any other) and return its ``session`` id and limits."""
    if ranking not in RANKINGS:
        raise ValueError(f"Choose a ranking: {' or '.join(RANKINGS)}.")
    if k not in K_CHOICES:
        raise ValueError(f"Choose k from {', '.join(map(str, K_CHOICES))}.")
    _SESSIONS.clear()
    session = secrets.token_hex(8)
    _SESSIONS[session] = _Session(RetrievalCheck(k=k, ranking=ranking))  # type: ignore[arg-type]
    limits = {"files": BROWSER.files, "bytes": BROWSER.bytes, "questions": BROWSER.questions}
    return {"session": session, "limits": limits}


def _strip_root(names: Sequence[str]) -> list[str]:
    """Names relative to a dropped folder: its own name, shared by all, is left out."""
    parts = [name.strip("/").split("/") for name in names]
    roots = {p[0] for p in parts if len(p) > 1}
    if len(roots) == 1 and all(len(p) > 1 for p in parts):
        return ["/".join(p[1:]) for p in parts]
    return ["/".join(p) for p in parts]


def plan(session: str, files: list[dict[str, Any]]) -> dict[str, Any]:
    """Which of the chosen ``files`` (``{name, size}``) to read, under which names."""
    state = _session(session)
    if not isinstance(files, list) or not all(
        isinstance(f, dict) and isinstance(f.get("name"), str) and isinstance(f.get("size"), int)
        for f in files
    ):
        raise ValueError("files must be a list of {name, size}")
    names = _strip_root([f["name"] for f in files])
    chosen = state.intake.plan([(name, f["size"]) for name, f in zip(names, files, strict=True)])
    return {"read": [{"position": n, "name": names[n]} for n in chosen], **_news(state)}


def _news(state: _Session) -> dict[str, Any]:
    """Counts so far and the problems not yet shown."""
    problems = state.intake.problems + state.question_problems
    new, state.reported = problems[state.reported :], len(problems)
    return {
        "documents": state.run.documents,
        "passages": state.run.passages,
        "questions": len(state.questions),
        "problems": new,
    }


def add_files(session: str, files: list[dict[str, Any]]) -> dict[str, Any]:
    """Read and index a batch of ``{name, data}`` files (``data``: base64 of the bytes)."""
    state = _session(session)
    for item in files:
        name, data = item.get("name"), item.get("data")
        if not isinstance(name, str) or not isinstance(data, str):
            raise ValueError("each file needs a name and its data")
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            state.intake.problems.append(f"{name}: skipped, its data could not be read")
            continue
        state.intake.add_to(state.run, name, raw)
    return _news(state)


def add_questions(
    session: str, name: str, data: str | None = None, text: str | None = None
) -> dict[str, Any]:
    """Read the questions: a file's base64 ``data``, or pasted ``text``."""
    state = _session(session)
    if data is not None:
        try:
            raw = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"{name}: its data could not be read") from None
    elif isinstance(text, str) and text.strip():
        raw = text.encode("utf-8")
    else:
        raise ValueError("Add your questions: choose a file or paste them.")
    questions, problems = read_questions(name, raw, BROWSER.questions)
    if not questions:
        raise ValueError(f"{name}: no question could be read ({few(problems) or 'no rows'}).")
    state.questions, state.question_problems = questions, problems
    return _news(state)


def demo_inputs() -> tuple[list[tuple[str, bytes]], tuple[str, bytes]]:
    """The demo company's documents as files, and its questions CSV."""
    files = [(p.name, p.read_bytes()) for p in sorted((DATA / "kb").glob("*.md"))]
    files.append(("pricing.md", (DATA / "pricing" / "2026-10.md").read_bytes()))
    return sorted(files), (DEMO_QUESTIONS.name, DEMO_QUESTIONS.read_bytes())


def load_demo(session: str) -> dict[str, Any]:
    """Read the demo company's documents and questions into the check."""
    _load(session, *demo_inputs())
    state = _session(session)
    state.source = "demo"
    return _news(state)


def check_questions(session: str, count: int = 50) -> dict[str, Any]:
    """Check the next ``count`` questions; returns ``{done, total}``."""
    state = _session(session)
    if not state.questions:
        raise ValueError("Add your questions: choose a file or paste them.")
    if not state.run.documents:
        raise ValueError("No document could be read, so there is nothing to check.")
    for question in state.questions[state.asked : state.asked + max(1, int(count))]:
        state.run.ask(question)
        state.asked += 1
    return {"done": state.asked, "total": len(state.questions)}


def finish(session: str) -> dict[str, Any]:
    """The report (as data, HTML and CSV) once every question is checked; closes the check."""
    state = _session(session)
    if state.asked < len(state.questions):
        raise ValueError("Some questions are not checked yet.")
    report = _full_report(state)
    del _SESSIONS[session]
    html = render(report, state.source, passages=state.source != "built")
    return {"html": html, "report": report, "csv": report_csv(report)}


def _full_report(state: _Session) -> dict[str, Any]:
    """The lesson's report with every note on what was read."""
    report = state.run.report()
    report["problems"] = state.intake.problems + state.question_problems
    return report


def cancel(session: str) -> dict[str, Any]:
    """Drop a check and everything it read."""
    return {"cancelled": _SESSIONS.pop(session, None) is not None}


def _load(session: str, files: Sequence[tuple[str, bytes]], questions: tuple[str, bytes]) -> None:
    """What the page does with chosen files, through the same entry points."""
    chosen = plan(session, [{"name": n, "size": len(d)} for n, d in files])["read"]
    encoded = [
        {"name": c["name"], "data": base64.b64encode(files[c["position"]][1]).decode()}
        for c in chosen
    ]
    add_files(session, encoded)
    add_questions(session, questions[0], data=base64.b64encode(questions[1]).decode())


def run_files(
    files: Sequence[tuple[str, bytes]],
    questions: tuple[str, bytes],
    *,
    k: int = 5,
    ranking: str = "bm25",
    source: str = "yours",
) -> dict[str, Any]:
    """The whole browser sequence in one call: what the page returns for these files."""
    session = start(k, ranking)["session"]
    _load(session, files, questions)
    _SESSIONS[session].source = source
    check_questions(session, len(_SESSIONS[session].questions))
    return finish(session)


def demo_result(k: int = 5, ranking: str = "bm25", source: str = "built") -> dict[str, Any]:
    """The page's result (``html``, ``report``, ``csv``) on the demo company's files."""
    files, questions = demo_inputs()
    return run_files(files, questions, k=k, ranking=ranking, source=source)


def template_csv() -> str:
    """A questions file to start from: the columns and four rows of the demo questions."""
    lines = DEMO_QUESTIONS.read_text(encoding="utf-8").splitlines()
    picked = [lines[0]] + [line for line in lines if line.startswith(("How long is", '"Can I'))]
    picked += [line for line in lines if line.endswith(",yes")][:1]
    picked += [line for line in lines if line.startswith("How much does extra")]
    return "\r\n".join(picked) + "\r\n"


# --- a corpus nobody here wrote: CPython's documentation topics ----------------------

_HEADING = re.compile(r"^#{1,6} (.+)$")
_TEMPLATES = ("What is {}?", "How does {} work?", "Tell me about {}.", "{}: what should I know?")


def pydoc_inputs(
    held_out: float = 0.2, seed: int = 0
) -> tuple[list[tuple[str, str]], list[Question]]:
    """CPython's ``pydoc_data.topics`` as documents, with questions from their headings.

    Each heading becomes a question (one of four phrasings, seeded), whose expected
    text is the first six words of the paragraph under it. A seeded fifth of the
    topics is left out of the documents, so their questions have no document,
    unless another topic repeats the same words.
    """
    from pydoc_data.topics import topics

    names = sorted(topics)
    rng = random.Random(seed)
    left_out = set(rng.sample(names, round(len(names) * held_out)))
    documents = [(f"{name}.txt", topics[name]) for name in names if name not in left_out]
    questions = []
    for name in names:
        lines = prepare(topics[name]).split("\n")
        for number, line in enumerate(lines):
            heading = _HEADING.match(line)
            body = _first_paragraph(lines[number + 1 :]) if heading else ""
            if heading and body:
                words = " ".join(body.split()[:6])
                asked = rng.choice(_TEMPLATES).format(heading.group(1))
                questions.append(
                    Question(asked, words, f"{name}.txt", id=f"{name}: {heading.group(1)}")
                )
    return documents, questions


def _first_paragraph(lines: Sequence[str]) -> str:
    """The first unindented paragraph before the next heading ("" if none)."""
    body: list[str] = []
    for line in lines:
        if _HEADING.match(line) or (body and (not line.strip() or line.startswith(" "))):
            break
        if line.strip() and not line.startswith(" "):
            body.append(line.strip())
    return " ".join(body)


def pydoc_report(ranking: str = "bm25", k: int = 5) -> dict[str, Any]:
    """The check on CPython's documentation topics (see `pydoc_inputs`)."""
    documents, questions = pydoc_inputs()
    run = RetrievalCheck(k=k, ranking=ranking)  # type: ignore[arg-type]
    for name, text in documents:
        run.add(name, prepare(text))
    for question in questions:
        run.ask(question)
    return run.report()


# --- the one renderer ---------------------------------------------------------------

STATUS = {
    "found": "Found",
    "missed": "Missed",
    "split": "Cut by chunking",
    "gap": "No passage",
    "unanswerable": "Unanswerable",
}
SOURCES = {
    "built": "Computed while this page was built, on the demo company's documents and "
    "questions. Run it on your own files above.",
    "demo": "Computed in your browser, on the demo company's documents and questions.",
    "yours": "Computed in your browser, on the files you chose. Nothing was sent anywhere.",
}
SIGNAL_NAMES = {"score": "top score", "coverage": "coverage"}
GUIDE = "../../guide/"  # the page's URL is demos/check-your-documents/
LINKS = {  # where "what it means" sends the reader: (URL, the section's title)
    "missing": (GUIDE + "knowledge/#what-retrieval-does-not-fix", "What retrieval does not fix"),
    "which": (
        GUIDE + "knowledge/#how-to-tell-which-one-you-have",
        "How to tell which one you have",
    ),
    "memory": (
        GUIDE + "knowledge/#your-documents-not-the-models-memory",
        "Your documents, not the model's memory",
    ),
    "order": (GUIDE + "measure/#read-the-numbers-in-order", "Read the numbers in order"),
    "set": (GUIDE + "measure/#build-a-small-evaluation-set", "Build a small evaluation set"),
    "grounded": (GUIDE + "measure/#for-rag-groundedness", "For RAG: groundedness"),
    "decline": ("../../rag/#when-the-documents-do-not-say", "When the documents do not say"),
    "misses": ("../../rag/#when-retrieval-misses", "When retrieval misses"),
}


def _number(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _interval(rate: dict[str, Any]) -> str:
    if rate["value"] is None:
        return "n/a"
    return f"95% interval {rate['low']:.2f} to {rate['high']:.2f}"


def suggested_signal(report: dict[str, Any]) -> str | None:
    """The decline signal with the better balanced accuracy on the half it was chosen on."""
    merits: dict[str, float] = {}
    for signal, t in report["thresholds"].items():
        if t["value"] is not None:
            merits[signal] = (t["dev_kept"]["value"] + t["dev_declined"]["value"]) / 2
    if not merits:
        return None
    return max(sorted(merits), key=lambda s: merits[s])  # a tie goes to "coverage"


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
            _number(recall["value"]),
            f"{_interval(recall)} · {recall['hits']} of {recall['n']} questions with an "
            f"expected text have it in one of the top {k} passages",
        ),
        _card(
            f"Document recall@{k}",
            _number(documents["value"]),
            f"{_interval(documents)} · {documents['hits']} of {documents['n']} questions "
            "that name a document"
            if documents["n"]
            else "no question names its document",
        ),
        _card(
            f"MRR@{k}",
            _number(mrr["value"]),
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
        at = " · ".join(f"{k}: {_number(v)}" for k, v in report["recall_at"].items())
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
    medians = {kind: _number(statistics.median(v) if v else None) for kind, v in groups.items()}
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


def _table(report: dict[str, Any], passages: bool) -> str:
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


def meaning(report: dict[str, Any]) -> list[tuple[str, str, tuple[str, str]]]:
    """What the numbers mean for the RAG-or-fine-tuning choice: ``(kind, text, link)`` items.

    ``link`` is ``(url, title)`` of the guide's section on it.

    The cut-offs (0.8 and 0.5 for the lower end of the recall interval, 30
    questions) are rules of thumb, not measured constants: the page says so.
    """
    counts, recall, k = report["counts"], report["recall"], report["settings"]["k"]
    answerable = report["questions"] - counts["unanswerable"]
    items: list[tuple[str, str, tuple[str, str]]] = []
    missing = counts["gap"] + counts["split"]
    if missing:
        items.append(
            (
                "missing",
                f"{missing} of {answerable} questions have no passage with "
                "the expected text. That is missing content: no ranking, no k and no "
                "fine-tune adds it. Write or find those documents first.",
                LINKS["missing"],
            )
        )
    if counts["split"]:
        items.append(
            (
                "chunking",
                f"In {counts['split']} of them the text is in a document but "
                "cut between two passages: change how the documents are split.",
                LINKS["which"],
            )
        )
    if counts["missed"]:
        deeper = report["recall_at"][str(DEPTH)]
        items.append(
            (
                "retrieval",
                f"{counts['missed']} questions have a passage with the answer "
                f"that the top {k} missed (passage recall reaches {_number(deeper)} at "
                f"k = {DEPTH}). That is a retrieval problem: try the other ranking, a "
                "larger k, or documents in your users' words, before touching the model.",
                LINKS["misses"],
            )
        )
    if recall["value"] is not None and recall["low"] >= 0.8:
        items.append(
            (
                "found",
                "Retrieval finds the passage for most of these questions: the "
                "knowledge is in your documents and findable, so a RAG system can ground its "
                "answers in them; fine-tuning the same facts in would add cost, not "
                "knowledge. Whatever is still wrong is likely behaviour (format, tone).",
                LINKS["memory"],
            )
        )
    elif recall["value"] is not None and recall["low"] < 0.5:
        items.append(
            (
                "fix-first",
                "Retrieval misses the passage for many questions. Fix the "
                "documents and the search first: a model, fine-tuned or not, cannot answer "
                "from passages it is never given.",
                LINKS["order"],
            )
        )
    signal = suggested_signal(report)
    if signal is None:
        items.append(
            (
                "no-threshold",
                "Add questions your documents cannot answer (mark them "
                "unanswerable) to see whether a system could decline them.",
                LINKS["set"],
            )
        )
    else:
        t = report["thresholds"][signal]
        if t["kept"]["value"] >= 0.8 and t["declined"]["value"] >= 0.8:
            items.append(
                (
                    "declines",
                    f"A threshold on the {SIGNAL_NAMES[signal]} separates the "
                    "questions your documents answer from the others on questions it was "
                    "not chosen on. Check it again on new questions before relying on it.",
                    LINKS["decline"],
                )
            )
        else:
            items.append(
                (
                    "overlap",
                    f"No threshold on the {SIGNAL_NAMES[signal]} separates the "
                    "two kinds of question well: a system would answer some it should "
                    "decline, or decline some it could answer. Check each answer against "
                    "its passages (groundedness) instead of trusting the score.",
                    LINKS["grounded"],
                )
            )
    if answerable < 30:
        items.append(
            (
                "small",
                f"With {answerable} questions that have an answer, the intervals "
                "are wide; 30 to 100 real questions give a steadier reading.",
                LINKS["set"],
            )
        )
    return items


def render(report: dict[str, Any], source: str = "yours", *, passages: bool = True) -> str:
    """The result as HTML: summary, question table, what it means. Everything is escaped.

    With ``passages=False`` (the build-time page) the table lists only the questions
    the search missed, with their outcome and scores but not their passages, which
    a run in the browser shows for every question.
    """
    out = [f'<p class="check-meta demo-note">{escape(SOURCES[source])}</p>']
    out += _summary(report, passages)
    out.append(_table(report, passages))
    items = "".join(
        f'<li data-meaning="{kind}">{escape(text)} See <a href="{url}">{escape(title)}</a>.</li>'
        for kind, text, (url, title) in meaning(report)
    )
    out.append(
        '<h3 class="check-heading" id="check-meaning">What it means for RAG or fine-tuning</h3>'
        f'<ul class="check-meaning">{items}</ul>'
    )
    return "\n".join(out)


def page_form() -> str:
    """The page's form, ending inside its output element (the page prints the result there).

    The form is markup, not data: it is written here so the page's code block stays a
    few lines and the tests read the same markup the page shows.
    """
    template = urllib.parse.quote(template_csv())
    ks = "".join(f'<option value="{k}"{" selected" * (k == 5)}>{k}</option>' for k in K_CHOICES)
    secondary = 'type="button" class="demo-button demo-button--secondary"'
    return "\n".join(
        [
            '<form class="demo check-demo" data-demo="check" novalidate>',
            '<fieldset class="check-drop" data-drop><legend>Your documents</legend>',
            '<p class="demo-note">Drop files or a whole folder anywhere in this box '
            "(<code>.md</code>, <code>.markdown</code>, <code>.txt</code>), or choose them:</p>",
            '<div class="demo-row">',
            '<div class="demo-field"><label for="check-files">Files</label>'
            '<input type="file" id="check-files" multiple '
            'accept=".md,.markdown,.txt,text/markdown,text/plain"></div>',
            '<div class="demo-field"><label for="check-folder">A folder, with its subfolders'
            '</label><input type="file" id="check-folder" webkitdirectory multiple></div>',
            "</div>",
            '<div class="demo-field"><label for="check-paste">Or paste the text of one document'
            '</label><textarea id="check-paste" rows="3" spellcheck="false"></textarea></div>',
            '<p class="demo-note check-chosen" id="check-chosen">No documents chosen yet.</p>',
            "</fieldset>",
            "<fieldset><legend>Your questions</legend>",
            '<div class="demo-field"><label for="check-questions-file">A CSV or JSON Lines file'
            '</label><input type="file" id="check-questions-file" '
            'accept=".csv,.tsv,.jsonl,.ndjson,.json,.txt,text/csv"></div>',
            '<div class="demo-field"><label for="check-questions-paste">Or paste them</label>'
            '<textarea id="check-questions-paste" rows="4" spellcheck="false" '
            'placeholder="question,expected,document,unanswerable"></textarea></div>',
            '<p class="demo-note">Columns: <code>question</code>, <code>expected</code> (text '
            "a right passage contains), and if you know them <code>document</code> and "
            "<code>unanswerable</code> (<code>yes</code> for a question your documents cannot "
            f'answer). <a href="data:text/csv;charset=utf-8,{template}" '
            'download="questions-template.csv">Download a template</a>.</p>',
            "</fieldset>",
            '<div class="demo-row">',
            '<div class="demo-field"><label for="check-k">Passages per question (k)</label>'
            f'<select id="check-k">{ks}</select></div>',
            '<div class="demo-field"><label for="check-ranking">Ranking</label>'
            '<select id="check-ranking"><option value="bm25">BM25</option>'
            '<option value="tfidf">TF-IDF</option></select></div>',
            "</div>",
            '<div class="demo-actions">',
            '<button type="submit" class="demo-button" data-role="run">Run</button>',
            f'<button {secondary} data-action="demo" data-role="run">Run the example</button>',
            f'<button {secondary} data-action="cancel" hidden>Cancel</button>',
            "</div>",
            '<div class="check-progress" hidden><progress id="check-progress" max="1" value="0" '
            'aria-label="Progress of the check"></progress></div>',
            '<p class="demo-status" data-state="idle" role="status">Python is not loaded yet. '
            f"It starts when you press a button: {PYODIDE_SIZE}, downloaded once "
            "from this site.</p>",
            '<div class="demo-actions check-downloads" hidden>',
            f'<button {secondary} data-download="json">Download the report (JSON)</button>',
            f'<button {secondary} data-download="csv">Download one row per question (CSV)</button>',
            "</div>",
            '<noscript><p class="demo-note">JavaScript is off: below is the result computed '
            "when this page was built. Checking your own files needs JavaScript.</p></noscript>",
            '<div class="demo-output check-output" id="check-output">',
        ]
    )


def _cell(rate: dict[str, Any]) -> str:
    if rate["value"] is None:
        return "n/a"
    return f"{rate['value']:.2f} ({rate['low']:.2f} to {rate['high']:.2f})"


def pydoc_table() -> str:
    """The check on CPython's documentation topics with both rankings, as Markdown."""
    documents, questions = pydoc_inputs()
    indexed = {name for name, _ in documents}
    topics = {q.document for q in questions}
    reports = {ranking: pydoc_report(ranking) for ranking in RANKINGS}
    cells: dict[str, list[str]] = {}
    for report in reports.values():
        signal = suggested_signal(report) or "coverage"
        t = report["thresholds"][signal]
        for label, value in (
            ("passage recall@5", _cell(report["recall"])),
            ("document recall@5", _cell(report["document_recall"])),
            ("MRR@5", _cell(report["mrr"])),
            (
                "questions no passage answers",
                str(report["counts"]["gap"] + report["counts"]["split"]),
            ),
            (
                "decline threshold, chosen on half the questions",
                f"{SIGNAL_NAMES[signal]} {t['value']:.3g}",
            ),
            (
                "on that half: answers, declines",
                f"{_number(t['dev_kept']['value'])}, {_number(t['dev_declined']['value'])}",
            ),
            ("on the other half, it answers", _cell(t["kept"])),
            ("and declines", _cell(t["declined"])),
        ):
            cells.setdefault(label, []).append(value)
    left_out = [r for r in reports["bm25"]["results"] if r["document"] not in indexed]
    elsewhere = sum(bool(r["passages_with_answer"]) for r in left_out)
    return "\n".join(
        [
            f"{len(indexed)} of {len(topics)} topics indexed, {len(questions)} questions from "
            f"their headings, k = 5, intervals 95%. Of the {len(left_out)} questions about the "
            f"{len(topics) - len(indexed)} topics left out, {elsewhere} still find their "
            "expected text in another topic.",
            "",
            f"| measure | {' | '.join(RANKINGS.values())} |",
            "| --- | --- | --- |",
            *(f"| {label} | {' | '.join(values)} |" for label, values in cells.items()),
        ]
    )
