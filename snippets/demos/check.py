"""The retrieval check's browser steps (``docs/demos/check-your-documents.md``).

Called through the Pyodide bridge one step at a time, so the page can show
progress and stop between steps: `start`, `plan`, `add_files`, `add_questions`
(or `load_demo`), `check_questions` in batches, then `finish`; `cancel` drops a
check. Files arrive as base64 bytes and are read by ``snippets/intake.py``
exactly as the command line reads them; `finish` returns the HTML of the one
renderer, ``check_render.render``. Also the demo company's files
(`demo_inputs`) and the questions template. Uses the lessons
``snippets/intake.py``, ``retrieval_check.py`` and ``retrieval_check_cli.py``.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from snippets.demos.check_render import RANKINGS, render
from snippets.intake import BROWSER, Intake, few, read_questions
from snippets.retrieval_check import Question, RetrievalCheck
from snippets.retrieval_check_cli import report_csv

DATA = Path(__file__).resolve().parent.parent / "data"
DEMO_QUESTIONS = DATA / "check" / "tallybird-questions.csv"
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
