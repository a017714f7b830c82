"""The command line (``python -m snippets.retrieval_check``) on a temporary folder with
the bad files a real folder holds: the good files are checked, each bad one is named,
and the JSON and CSV it writes are the lesson's own report."""

from __future__ import annotations

import csv
import io
import json
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from snippets.intake import prepare
from snippets.retrieval_check import Question, RetrievalCheck
from snippets.retrieval_check_cli import CSV_COLUMNS, Progress, main, report_csv, summary
from tests.conftest import ROOT

QUESTIONS = (
    "question,expected,document,unanswerable\r\n"
    '"Can I get a refund, and within how many days?",within 30 days,refunds.md,\r\n'
    "How much is a Team seat?,14 euros,help/prices.md,\r\n"
    "Is there a student discount?,student discount,,\r\n"
    "Who founded the company?,,,yes\r\n"
    "What is the office wifi password?,,,yes\r\n"
    "bad row,with,too,many,values\r\n"
)


def folder(tmp_path: Path) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    (docs / "help").mkdir(parents=True)
    (docs / ".git").mkdir()
    (docs / "refunds.md").write_text(
        "---\ntitle: Refunds\n---\nRefunds\n=======\n\nAnnual plans are refunded within 30 "
        "days.\r\n",
        encoding="utf-8",
    )
    (docs / "help" / "prices.md").write_text("# Prices\n\nA Team seat costs 14 euros.")
    (docs / "help" / "copy.txt").write_text("# Prices\n\nA Team seat costs 14 euros.")
    (docs / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (docs / "binary.md").write_bytes(b"PK\x03\x04\x00\x00")
    (docs / "latin.md").write_bytes("Résumé".encode("latin-1"))
    (docs / "utf16.txt").write_bytes("Refunds".encode("utf-16"))
    (docs / "empty.md").write_text("  \n")
    (docs / ".git" / "config.md").write_text("not a document")
    questions = tmp_path / "questions.csv"
    questions.write_bytes(b"\xef\xbb\xbf" + QUESTIONS.encode())
    return docs, questions


def test_the_command_checks_the_good_files_and_names_each_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, questions = folder(tmp_path)
    out_json, out_csv = tmp_path / "report.json", tmp_path / "report.csv"
    code = main(
        [str(docs), str(questions), "--k", "2", "--json", str(out_json), "--csv", str(out_csv)]
    )
    captured = capsys.readouterr()
    assert code == 0
    notes = [line for line in captured.err.splitlines() if line.startswith("note: ")]
    assert notes == [
        "note: not .md or .txt, so not read: logo.png",
        "note: binary.md: skipped, it contains NUL bytes, so it is not a text file",
        "note: empty.md: skipped, it is empty",
        "note: help/prices.md: the same text as help/copy.txt (both read)",
        "note: latin.md: skipped, it is not UTF-8 text (byte 2 cannot be read)",
        "note: utf16.txt: skipped, it is UTF-16 text: save it as UTF-8",
        "note: questions.csv: row 7 skipped, 5 values for 4 columns (a comma outside quotes?)",
    ]
    assert "[" not in captured.err  # not a terminal: no progress bar

    report = json.loads(out_json.read_text(encoding="utf-8"))
    assert report["documents"] == 3 and report["questions"] == 5
    assert report["problems"] == [line.removeprefix("note: ") for line in notes]
    assert report["counts"] == {"found": 2, "missed": 0, "split": 0, "gap": 1, "unanswerable": 2}
    first = report["results"][0]
    assert first["id"] == "row 2" and first["top"][0]["section"] == "Refunds"

    # The same report as the lesson gives on the same texts, read the same way.
    run = RetrievalCheck(k=2)
    for name in ("help/copy.txt", "help/prices.md", "refunds.md"):
        run.add(name, prepare((docs / name).read_text(encoding="utf-8")))
    for row in list(csv.DictReader(io.StringIO(QUESTIONS)))[:5]:
        run.ask(
            Question(
                row["question"],
                row["expected"],
                row["document"],
                row["unanswerable"] == "yes",
                f"row {len(run.results) + 2}",
            )
        )
    expected = run.report()
    expected["problems"] = report["problems"]
    assert report == json.loads(json.dumps(expected))

    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == [r["id"] for r in report["results"]]
    assert rows[0]["status"] == "found" and rows[0]["document_found"] == "yes"
    assert rows[2]["status"] == "gap" and rows[2]["rank"] == ""
    assert tuple(rows[0]) == CSV_COLUMNS

    assert "passage recall@2" in captured.out and "(2/3)" in captured.out
    assert "no passage holds the expected text: row 4" in captured.out


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("not-a-folder", "is not a folder"),
        ("no-questions-file", "No such file"),
        ("missing-column", "no expected column"),
        ("no-documents", "no document could be read"),
        ("no-questions", "no question could be read"),
    ],
)
def test_unusable_input_exits_2_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str, message: str
) -> None:
    docs, questions = folder(tmp_path)
    if setup == "not-a-folder":
        docs = questions
    elif setup == "no-questions-file":
        questions = tmp_path / "missing.csv"
    elif setup == "missing-column":
        questions.write_text("question,answer_text\nq?,x\n")
    elif setup == "no-documents":
        docs = tmp_path / "empty"
        docs.mkdir()
        (docs / "a.png").write_bytes(b"\x00")
    else:
        questions.write_text("question,expected\nq?,\n")
    assert main([str(docs), str(questions)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_python_dash_m_runs_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, questions = folder(tmp_path)
    monkeypatch.setattr(sys, "argv", ["retrieval_check", str(docs), str(questions)])
    monkeypatch.delitem(sys.modules, "snippets.retrieval_check")  # as a fresh `python -m`
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("snippets.retrieval_check", run_name="__main__")
    assert exit_.value.code == 0
    assert "passage recall@5" in capsys.readouterr().out


def test_the_module_runs_as_a_real_process_from_a_fresh_interpreter(tmp_path: Path) -> None:
    docs, questions = folder(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "snippets.retrieval_check",
            str(docs),
            str(questions),
            "--ranking",
            "tfidf",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "ranking tfidf, k = 5" in result.stdout


def test_a_closed_pipe_is_no_traceback_and_the_report_is_still_written(tmp_path: Path) -> None:
    docs, questions = folder(tmp_path)
    out = tmp_path / "report.json"
    command = [sys.executable, "-m", "snippets.retrieval_check", str(docs), str(questions)]
    process = subprocess.Popen(
        [*command, "--json", str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    process.stdout.close()  # like `| head -0`: nobody reads the summary
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0 and b"Traceback" not in err
    assert json.loads(out.read_text(encoding="utf-8"))["documents"] == 3


class ClosedPipe(io.StringIO):
    """A stdout whose reader has gone: writing raises, as a closed pipe does."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def write(self, text: str) -> int:
        raise BrokenPipeError

    def fileno(self) -> int:
        return self.fd


def test_a_closed_pipe_in_process_is_replaced_by_devnull(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, questions = folder(tmp_path)
    with (tmp_path / "stdout").open("w") as target:
        monkeypatch.setattr(sys, "stdout", ClosedPipe(target.fileno()))
        assert main([str(docs), str(questions), "--json", str(tmp_path / "r.json")]) == 0
    assert (tmp_path / "r.json").is_file()


class Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_the_progress_bar_is_drawn_only_on_a_terminal_and_ends_the_line() -> None:
    screen = Terminal(True)
    bar = Progress("indexing", 4, screen)
    bar.update(1)
    bar.update(2)  # within 0.1 s of the last: not redrawn
    bar.update(4)
    text = screen.getvalue()
    assert text.count("\r") == 2 and text.endswith("4/4\n")
    assert "[" + "#" * 30 + "]" in text
    pipe = Terminal(False)
    Progress("checking", 4, pipe).update(4)
    assert pipe.getvalue() == ""


def test_summary_and_csv_of_a_report_without_thresholds() -> None:
    run = RetrievalCheck(k=1)
    run.add("a.md", "Refunds take 30 days.")
    run.ask(Question("refunds?", "30 days", "a.md"))
    run.ask(Question("zebras?", "stripes"))
    report = run.report()
    text = summary(report)
    assert "decline threshold on score: n/a, each half needs questions of both kinds" in text
    assert "MRR@1" in text and "@20: 0.50" in text
    rows = list(csv.reader(io.StringIO(report_csv(report))))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[2][CSV_COLUMNS.index("best_document")] == ""  # no passage shares a word
    empty = RetrievalCheck().report()
    assert "n/a" in summary(empty)
