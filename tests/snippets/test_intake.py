"""snippets/intake.py: every kind of bad file or row is skipped with a message naming
it, and never costs the good ones; questions files in the shapes spreadsheets and
scripts really write are read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from snippets.intake import (
    BROWSER,
    COMMAND_LINE,
    Intake,
    Limits,
    decode,
    few,
    prepare,
    read_questions,
    text_files,
)
from snippets.retrieval_check import Question, RetrievalCheck

# --- decode ------------------------------------------------------------------------


def test_decode_drops_a_byte_order_mark_and_keeps_the_text() -> None:
    assert decode("\ufeffRéfund".encode()) == "Réfund"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL bytes"),
        ("Refund".encode("utf-16"), "UTF-16"),
        ("Réfund".encode("latin-1"), r"not UTF-8 text \(byte 2"),
        (b"", "empty"),
        (b" \n\t\r\n", "empty"),
    ],
)
def test_decode_says_why_bytes_are_not_text(data: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        decode(data)


@given(st.text().filter(lambda t: t.strip() and "\x00" not in t and not t.startswith("\ufeff")))
def test_decode_reads_back_any_utf8_text(text: str) -> None:
    assert decode(text.encode()) == text


# --- prepare -----------------------------------------------------------------------


def test_prepare_turns_underlined_titles_into_headings_in_order_of_use() -> None:
    text = "Title\n*****\n\nIntro.\n\nPart\n=====\nBody.\n\nSub\n---\nMore.\n\nPart 2\n====\nEnd."
    assert prepare(text).split("\n") == [
        "# Title",
        "",
        "Intro.",
        "",
        "## Part",
        "Body.",
        "",
        "### Sub",
        "More.",
        "",
        "## Part 2",
        "End.",
    ]


def test_prepare_leaves_rules_tables_code_and_atx_headings_alone() -> None:
    text = "Text.\n\n---\n\n| a | b |\n|---|---|\n\n```\ncode\n===\n```\n\n# Heading\n---\nx"
    assert prepare(text) == text


def test_prepare_drops_front_matter_and_windows_line_ends() -> None:
    assert prepare("---\r\ntitle: A\r\nid: a\r\n---\r\nBody\r\nline\r") == "Body\nline\n"


# --- documents ---------------------------------------------------------------------


def test_plan_reads_text_files_in_name_order_and_names_the_others() -> None:
    intake = Intake()
    files = [("b.md", 10), ("logo.png", 5), ("a.TXT", 3), ("notes.markdown", 1), ("x.pdf", 1)]
    assert intake.plan(files) == [2, 0, 3]
    assert intake.problems == ["not .md or .txt, so not read: logo.png, x.pdf"]


def test_plan_stops_at_the_limits_and_names_what_it_left_out() -> None:
    intake = Intake(Limits(files=2, bytes=100, questions=1))
    assert intake.plan([("a.md", 10), ("b.md", 95), ("c.md", 10), ("d.md", 10)]) == [0, 2]
    assert intake.problems == ["over the limit of 2 files or 0 MB, so not read: b.md, d.md"]


def test_read_skips_bad_files_renames_a_second_name_and_notes_copies() -> None:
    intake = Intake()
    assert intake.read("a.md", b"Alpha.") == ("a.md", "Alpha.")
    assert intake.read("bin.md", b"PK\x03\x04\x00") is None
    assert intake.read("a.md", b"Beta.") == ("a.md (2)", "Beta.")
    assert intake.read("c.md", b"\xef\xbb\xbfAlpha.") == ("c.md", "Alpha.")
    assert intake.names == ["a.md", "a.md (2)", "c.md"]
    assert intake.problems == [
        "bin.md: skipped, it contains NUL bytes, so it is not a text file",
        "a.md: a second file of that name, read as 'a.md (2)'",
        "c.md: the same text as a.md (both read)",
    ]
    assert intake.size == len(b"Alpha.") + len(b"Beta.") + len(b"\xef\xbb\xbfAlpha.")


def test_read_enforces_the_limits_whatever_a_plan_said() -> None:
    intake = Intake(Limits(files=1, bytes=10, questions=1))
    assert intake.read("big.md", b"x" * 11) is None
    assert intake.read("a.md", b"ok") is not None
    assert intake.read("b.md", b"ok too") is None
    assert intake.problems == [
        "big.md: not read, over the limit of 1 files or 0 MB",
        "b.md: not read, over the limit of 1 files or 0 MB",
    ]


def test_add_to_indexes_good_files_and_records_the_rest() -> None:
    intake, run = Intake(), RetrievalCheck()
    assert intake.add_to(run, "a.md", b"# Refunds\n\nWithin 30 days.")
    assert not intake.add_to(run, "front.md", b"---\ntitle: Only metadata\n---\n")
    assert not intake.add_to(run, "latin.md", "café".encode("latin-1"))
    assert run.documents == 1
    assert intake.problems == [
        "front.md: skipped, it has no text to index",
        "latin.md: skipped, it is not UTF-8 text (byte 4 cannot be read)",
    ]


def test_text_files_walks_subfolders_and_leaves_hidden_ones_out(tmp_path: Path) -> None:
    (tmp_path / "help" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "help" / "deep" / "b.md").write_text("B")
    (tmp_path / "a.txt").write_text("A")
    (tmp_path / ".git" / "HEAD.md").write_text("ref")
    (tmp_path / ".hidden.md").write_text("h")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    intake = Intake()
    found = text_files(tmp_path, intake)
    assert [name for name, _ in found] == ["a.txt", "help/deep/b.md"]
    assert found[1][1] == tmp_path / "help" / "deep" / "b.md"
    assert intake.problems == ["not .md or .txt, so not read: image.png"]


def test_the_limits_are_the_ones_the_page_states() -> None:
    assert (BROWSER.files, BROWSER.bytes, BROWSER.questions) == (5_000, 20_000_000, 2_000)
    assert COMMAND_LINE.files >= 50_000


def test_few_names_three_then_counts() -> None:
    assert few(["a", "b"]) == "a, b"
    assert few(["a", "b", "c", "d", "e"]) == "a, b, c and 2 more"


# --- questions ---------------------------------------------------------------------


def read(text: str, name: str = "q.csv", limit: int = 100) -> tuple[list[Question], list[str]]:
    return read_questions(name, text.encode(), limit)


def test_a_plain_csv_gives_questions_with_row_ids() -> None:
    questions, problems = read(
        "question,expected,document,unanswerable\n"
        "How long is the trial?,30 days,pricing.md,\n"
        "Who founded it?,,,yes\n"
    )
    assert questions == [
        Question("How long is the trial?", "30 days", "pricing.md", False, "row 2"),
        Question("Who founded it?", "", "", True, "row 3"),
    ]
    assert problems == []


def test_quoted_fields_bom_windows_line_ends_and_other_separators_are_read() -> None:
    quoted = (
        '\ufeffQuestion,Expected\r\n"Can I get a refund, and when?","within\r\n30 days"\r\n'
        '"She said ""hi""",hi\r\n'
    )
    questions, problems = read(quoted)
    assert [q.question for q in questions] == ["Can I get a refund, and when?", 'She said "hi"']
    assert questions[0].expected == "within\r\n30 days" and problems == []
    for separator in (";", "\t"):
        text = f"question{separator}expected\nA, b?{separator}c, d\n"
        assert read(text)[0] == [Question("A, b?", "c, d", id="row 2")]


def test_column_names_are_matched_loosely_and_unknown_ones_are_named() -> None:
    questions, problems = read("Query,Must_Contain,Expected Document,Notes\nq?,x,a.md,hello\n")
    assert questions == [Question("q?", "x", "a.md", id="row 2")]
    assert problems == ["q.csv: column 'Notes' not used"]


def test_an_id_column_names_the_questions() -> None:
    questions, _ = read("id,question,expected\nrefund-1,q?,x\n,r?,y\n")
    assert [q.id for q in questions] == ["refund-1", "row 3"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("question,answer_text\nq,x\n", r"no expected column \(the header row has: 'question'"),
        ("text,doc\nq,x\n", "no question or expected column"),
    ],
)
def test_a_file_without_the_needed_columns_is_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read(text)


def test_bad_rows_are_skipped_with_their_row_number_and_good_rows_kept() -> None:
    questions, problems = read(
        "question,expected,unanswerable\n"
        "good?,yes it is,\n"
        "too,many,values,here\n"
        "no expected?,,\n"
        ",,\n"
        "both?,x,yes\n"
        "maybe?,,perhaps\n"
        "short?\n"
        "last?,fine,no\n"
    )
    assert [q.question for q in questions] == ["good?", "last?"]
    assert problems == [
        "q.csv: row 3 skipped, 4 values for 3 columns (a comma outside quotes?)",
        "q.csv: row 4 skipped, no expected text: give the text a right passage contains, "
        "or mark the question unanswerable",
        "q.csv: row 6 skipped, it is marked unanswerable but has expected text",
        "q.csv: row 7 skipped, unanswerable must be yes or no, not 'perhaps'",
        "q.csv: row 8 skipped, no expected text: give the text a right passage contains, "
        "or mark the question unanswerable",
    ]


def test_only_the_first_questions_up_to_the_limit_are_read() -> None:
    rows = "".join(f"q{n}?,x\n" for n in range(5))
    questions, problems = read("question,expected\n" + rows, limit=3)
    assert [q.question for q in questions] == ["q0?", "q1?", "q2?"]
    assert problems == [
        "q.csv: only the first 3 questions are checked; row 5 and the rest were not read"
    ]


def test_json_lines_are_read_with_line_numbers_and_bad_lines_named() -> None:
    lines = [
        json.dumps({"question": "q?", "expected": "x", "document": "a.md"}),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"question": "u?", "unanswerable": True, "topic": "misc"}),
        json.dumps({"question": "n?", "expected": 5}),
    ]
    questions, problems = read("\n".join(lines), "q.jsonl")
    assert questions == [
        Question("q?", "x", "a.md", id="line 1"),
        Question("u?", unanswerable=True, id="line 5"),
    ]
    assert problems[0].startswith("q.jsonl: line 3 skipped, not JSON (")
    assert problems[1:] == [
        "q.jsonl: line 4 skipped, not a JSON object",
        "q.jsonl: column 'topic' not used",
        "q.jsonl: line 6 skipped, question, expected, document and id must be text",
    ]


def test_a_questions_file_that_is_not_text_is_refused_with_its_name() -> None:
    with pytest.raises(ValueError, match=r"q\.csv: it is UTF-16 text"):
        read_questions("q.csv", "question,expected\n".encode("utf-16"))
