"""The retrieval check from the command line: a folder and a questions file in, a summary out.

    python -m snippets.retrieval_check DOCS_DIR QUESTIONS.csv [--k 5] [--ranking bm25]
        [--json report.json] [--csv report.csv]

Reads every ``.md``, ``.markdown`` and ``.txt`` file under ``DOCS_DIR`` (hidden
folders such as ``.git`` left out) and a CSV or JSON Lines file of questions
(`snippets.intake`: a bad file or row is skipped with a message, the rest is
checked), runs `snippets.retrieval_check.RetrievalCheck`, prints a summary and
writes the full report as JSON and one row per question as CSV. A progress bar
goes to stderr, and only when stderr is a terminal.

Imports the lessons ``snippets.retrieval_check`` and ``snippets.intake``;
nothing outside the standard library.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from snippets.intake import COMMAND_LINE, Intake, few, read_questions, text_files
from snippets.retrieval_check import Question, RetrievalCheck

__all__ = ["Progress", "main", "report_csv", "summary"]

CSV_COLUMNS = (
    "id", "question", "expected", "document", "status", "rank", "score", "coverage",
    "document_found", "best_document", "best_section", "note",
)  # fmt: skip


def report_csv(report: dict[str, Any]) -> str:
    """One CSV row per question: what was found, where, with what score."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for r in report["results"]:
        best = r["top"][0] if r["top"] else {"document": "", "section": ""}
        found = {None: "", True: "yes", False: "no"}[r["document_found"]]
        writer.writerow(
            {
                **r,
                "rank": r["rank"] or "",
                "document_found": found,
                "best_document": best["document"],
                "best_section": best["section"],
            }
        )
    return out.getvalue()


def _share(rate: dict[str, Any]) -> str:
    """``0.72 [0.55, 0.84] (23/32)``: a value, its 95% interval, and the counts if any."""
    if rate["value"] is None:
        return "n/a"
    counts = f" ({rate['hits']}/{rate['n']})" if "hits" in rate else ""
    return f"{rate['value']:.2f} [{rate['low']:.2f}, {rate['high']:.2f}]{counts}"


def summary(report: dict[str, Any]) -> str:
    """The report as a few lines of plain text (what the command prints)."""
    k, counts = report["settings"]["k"], report["counts"]
    lines = [
        f"{report['documents']:,} documents, {report['passages']:,} passages, "
        f"{report['questions']:,} questions; ranking {report['settings']['ranking']}, k = {k}",
        "",
        f"{'passage recall@' + str(k):<26} {_share(report['recall'])}",
        f"{'document recall@' + str(k):<26} {_share(report['document_recall'])}",
        f"{'MRR@' + str(k):<26} {_share(report['mrr'])}",
        f"{'passage recall at k':<26} "
        + "  ".join(f"@{n}: {v:.2f}" for n, v in report["recall_at"].items() if v is not None),
        "",
        "  ".join(f"{s}: {counts[s]}" for s in counts),
    ]
    if report["no_passage"]:
        lines.append(f"no passage holds the expected text: {few(report['no_passage'])}")
    for signal, t in report["thresholds"].items():
        if t["value"] is None:
            lines.append(f"decline threshold on {signal}: n/a, {t['reason']}")
        else:
            lines.append(
                f"decline threshold on {signal}: {t['value']:.3g}, chosen on {len(t['dev'])} "
                f"questions (there it answers {t['dev_kept']['value']:.2f}, declines "
                f"{t['dev_declined']['value']:.2f}); on the other {len(t['test'])}: answers "
                f"{_share(t['kept'])} of those with an answer, declines "
                f"{_share(t['declined'])} of the others"
            )
    return "\n".join(lines)


class Progress:
    """A progress bar on ``stream`` (stderr), drawn only when it is a terminal."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label, self.total = label, max(total, 1)
        self.stream = stream or sys.stderr
        self.shown = self.stream.isatty()
        self._last = 0.0

    def update(self, done: int) -> None:
        now = time.monotonic()
        if not self.shown or (now - self._last < 0.1 and done < self.total):
            return
        self._last = now
        filled = round(30 * done / self.total)
        self.stream.write(
            f"\r{self.label:<9} [{'#' * filled}{'.' * (30 - filled)}] {done:,}/{self.total:,}"
        )
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (0, or 2 on unusable input)."""
    parser = argparse.ArgumentParser(
        prog="python -m snippets.retrieval_check",
        description="Would retrieval find the answer? Check a folder of documents "
        "against a list of questions.",
    )
    parser.add_argument("docs", type=Path, help="folder of .md and .txt files (read recursively)")
    parser.add_argument("questions", type=Path, help="CSV or JSON Lines file of questions")
    parser.add_argument("--k", type=int, default=5, help="passages per question (default 5)")
    parser.add_argument("--ranking", choices=("bm25", "tfidf"), default="bm25")
    parser.add_argument("--json", type=Path, help="write the whole report as JSON here")
    parser.add_argument("--csv", type=Path, help="write one row per question as CSV here")
    parser.add_argument("--seed", type=int, default=0, help="seed of the threshold split")
    args = parser.parse_args(argv)
    try:
        if not args.docs.is_dir():
            raise ValueError(f"{args.docs} is not a folder")
        run = RetrievalCheck(k=args.k, ranking=args.ranking)
        questions, problems = read_questions(args.questions.name, args.questions.read_bytes())
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    # The index is millions of small dicts that hold no reference cycles; letting the
    # cycle collector walk them again and again costs about 40% of the indexing time
    # at 20,000 files, so it pauses while this command runs.
    gc.disable()
    try:
        return _run(args, run, questions, problems)
    finally:
        gc.enable()


def _run(
    args: argparse.Namespace, run: RetrievalCheck, questions: list[Question], problems: list[str]
) -> int:
    intake = Intake(COMMAND_LINE)
    files = text_files(args.docs, intake)
    progress = Progress("indexing", len(files))
    for number, (name, path) in enumerate(files, 1):
        intake.add_to(run, name, path.read_bytes())
        progress.update(number)
    if not run.documents or not questions:
        for line in intake.problems + problems:
            print(f"note: {line}", file=sys.stderr)
        missing = "no document" if not run.documents else "no question"
        print(f"error: {missing} could be read, so there is nothing to check", file=sys.stderr)
        return 2
    progress = Progress("checking", len(questions))
    for number, question in enumerate(questions, 1):
        run.ask(question)
        progress.update(number)
    report = run.report(seed=args.seed)
    report["problems"] = intake.problems + problems
    for line in report["problems"]:
        print(f"note: {line}", file=sys.stderr)
    try:
        print(summary(report), flush=True)
    except BrokenPipeError:  # `... | head` closed the pipe: write the files all the same
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.csv:
        args.csv.write_text(report_csv(report), encoding="utf-8", newline="")
    return 0
