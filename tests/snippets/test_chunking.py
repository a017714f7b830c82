"""snippets/chunking.py: passages by heading and paragraph, the cap, headings in linear time."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.chunking import chunk, heading, sentences


def test_chunk_splits_by_heading_and_keeps_position() -> None:
    text = "# Title\n\nIntro line.\n\n## One\n\nFirst para.\nSame para.\n\nSecond para.\n\n## Two\n"
    passages = chunk("d", text)
    assert [(p.doc_id, p.number, p.section) for p in passages] == [
        ("d", 0, "Title"),
        ("d", 1, "One"),
    ]
    assert passages[1].text == "First para. Same para.\n\nSecond para."


def test_chunk_caps_long_sections_by_paragraph_then_sentence_then_word() -> None:
    sentence = "Refunds take ten business days to arrive. "
    text = "## Long\n\n" + sentence * 30 + "\n\n" + "x" * 130 + "\n\nshort tail"
    passages = chunk("d", text, max_chars=100)
    assert all(len(p.text) <= 100 for p in passages)
    assert all(p.section == "Long" for p in passages)
    assert [p.number for p in passages] == list(range(len(passages)))
    assert "".join("".join(p.text for p in passages).split()) == "".join(
        (sentence * 30 + "x" * 130 + "short tail").split()
    )


def test_chunk_leaves_comments_in_code_blocks_alone() -> None:
    text = "## Replay\n\nRun this:\n```sh\n# replay the events\ntally-ops replay\n```\n"
    (passage,) = chunk("runbook", text)
    assert passage.section == "Replay"
    assert "# replay the events" in passage.text


@pytest.mark.parametrize("cap", [39, 0, 1.5, True])
def test_chunk_rejects_a_bad_cap(cap: object) -> None:
    with pytest.raises(ValueError, match="max_chars must be a whole number >= 40"):
        chunk("d", "text", max_chars=cap)  # type: ignore[arg-type]


markdown_text = st.lists(
    st.one_of(
        st.text(alphabet="abc xyz.!?\n", max_size=300),
        st.sampled_from(["\n# Head\n", "\n## Sub section\n", "\n\n", "Word. Other word! "]),
    ),
    max_size=20,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=markdown_text, cap=st.integers(40, 200))
def test_chunk_properties(text: str, cap: int) -> None:
    """Every passage fits the cap, is not empty, and no character is lost or reordered."""
    passages = chunk("d", text, max_chars=cap)
    assert all(0 < len(p.text) <= cap for p in passages)
    assert [p.number for p in passages] == list(range(len(passages)))
    body = "".join(line for line in text.splitlines() if heading(line) is None)
    assert "".join("".join(p.text for p in passages).split()) == "".join(body.split())


# The pattern rag.py used to read headings with: right, but cubic on many blanks.
BACKTRACKING_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


@settings(max_examples=500, deadline=None)
@given(line=st.text(alphabet="#  \t\u00a0\x0bab", max_size=24))
def test_heading_reads_lines_as_the_backtracking_pattern_did(line: str) -> None:
    """On short lines (where its cost is small) the old pattern is the oracle."""
    match = BACKTRACKING_HEADING.match(line)
    assert heading(line) == (match.group(1) if match else None)


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("# Prices", "Prices"),
        ("###### Six", "Six"),
        ("####### Seven", None),
        ("#tag", None),
        ("#", None),
        ("## Closed ##  ", "Closed"),
        ("#\tTabbed", "Tabbed"),
        ("# ", ""),
        ("# a" + " \t" * 50_000 + "b", "a" + " \t" * 50_000 + "b"),
        ("# a" + " \t" * 50_000, "a"),
    ],
    ids=lambda x: repr(x)[:24],
)
def test_heading(line: str, title: str | None) -> None:
    assert heading(line) == title


def test_sentences_split_only_before_a_capital_digit_quote_or_bracket() -> None:
    assert sentences("One. Two! 3 more? (Four.) e.g. five") == [
        "One.",
        "Two!",
        "3 more?",
        "(Four.) e.g. five",
    ]
