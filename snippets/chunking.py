"""Cut Markdown documents into passages: the unit a retriever indexes, ranks and cites.

A passage is what a search returns and what a model is given, so its size
decides what an answer can see: too small and a fact loses its context, too
large and one passage drowns the question in unrelated text. `chunk` cuts at
headings and blank-line paragraphs, joins the paragraphs under one heading
while they fit in ``max_chars``, and cuts a longer paragraph between
sentences (and, for a sentence longer than the cap, between words). Each
passage keeps its heading, its document id and its position for citations.

Used by `snippets.rag` (the knowledge base) and `snippets.retrieval_check`.

Copy this file alone: it imports nothing outside the standard library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Passage", "chunk", "heading", "sentences"]


# --8<-- [start:chunk]
@dataclass(frozen=True)
class Passage:
    """A piece of a document: the unit that is indexed, ranked and cited.

    Args:
        doc_id: The document it belongs to.
        number: Its position in that document (0, 1, ...).
        section: The heading it sits under ("" before the first heading).
        text: The passage text, without the heading.
    """

    doc_id: str
    number: int
    section: str
    text: str


def heading(line: str) -> str | None:
    """The title of a Markdown heading line such as ``## Refunds ##``, or None.

    One to six ``#`` and a blank start a heading; blanks and closing ``#`` at
    the end are dropped. String methods, not a regular expression: the work
    grows with the line's length and no faster. (The pattern
    ``^#{1,6}\\s+(.*?)\\s*#*\\s*$`` reads the same lines but backtracks in
    cubic time on a line of many blanks: a 4 KB one kept Pyodide busy for two
    minutes.)

    Examples:
        >>> heading("## Refunds ##"), heading("#hashtag"), heading("####### seven")
        ('Refunds', None, None)
    """
    hashes = len(line) - len(line.lstrip("#"))
    if not 1 <= hashes <= 6 or not line[hashes : hashes + 1].isspace():
        return None
    return line[hashes:].strip().rstrip("#").rstrip()


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(`])")


def sentences(text: str) -> list[str]:
    """Split ``text`` after ``.``, ``!`` or ``?`` followed by a blank and a capital,
    digit, quote or bracket (so ``e.g. this`` stays whole).

    Examples:
        >>> sentences("Refunds take 10 days. Ask support! e.g. by mail.")
        ['Refunds take 10 days.', 'Ask support! e.g. by mail.']
    """
    return SENTENCE_END.split(text)


def _pieces(paragraph: str, cap: int) -> list[str]:
    """Cut one paragraph into pieces of at most ``cap`` characters, by sentence
    and, for a sentence longer than ``cap``, by word."""
    if len(paragraph) <= cap:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for sentence in sentences(paragraph):
        words = sentence.split() if len(sentence) > cap else [sentence]
        for word in words:
            for start in range(0, len(word), cap):  # a "word" longer than cap
                part = word[start : start + cap]
                joined = f"{current} {part}" if current else part
                if len(joined) <= cap:
                    current = joined
                else:
                    pieces.append(current)
                    current = part
    if current:
        pieces.append(current)
    return pieces


def chunk(doc_id: str, text: str, max_chars: int = 600) -> list[Passage]:
    """Cut a Markdown text into passages by heading and paragraph.

    Headings inside fenced code blocks are left as text. Paragraphs under the
    same heading are joined while they fit in ``max_chars``; a longer paragraph
    is cut between sentences (and, if need be, words). Every passage text is at
    most ``max_chars`` long and empty passages are dropped.

    Args:
        doc_id: The document id each passage keeps.
        text: The document body.
        max_chars: The size cap of a passage, at least 40 characters.

    Returns:
        The passages in reading order, numbered from 0.

    Raises:
        ValueError: If ``max_chars`` is below 40 or not a whole number.

    Examples:
        >>> text = "# Prices\\n\\n## Team\\n\\nTeam costs 14 euros.\\n\\n## Trial\\n30 days."
        >>> [(p.section, p.text) for p in chunk("pricing", text)]
        [('Team', 'Team costs 14 euros.'), ('Trial', '30 days.')]
    """
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 40:
        raise ValueError(f"max_chars must be a whole number >= 40, got {max_chars!r}")
    sections: list[tuple[str, list[str]]] = [("", [])]
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            sections[-1][1].append(" ".join(paragraph))
            paragraph.clear()

    fenced = False  # inside a ``` code block, "# text" is a comment, not a heading
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        title = None if fenced else heading(line)
        if title is not None:
            end_paragraph()
            sections.append((title, []))
        elif line.strip():
            paragraph.append(line.strip())
        else:
            end_paragraph()
    end_paragraph()

    passages: list[Passage] = []
    for section, paragraphs in sections:
        current = ""
        for piece in (p for para in paragraphs for p in _pieces(para, max_chars)):
            joined = f"{current}\n\n{piece}" if current else piece
            if len(joined) <= max_chars:
                current = joined
            else:
                passages.append(Passage(doc_id, len(passages), section, current))
                current = piece
        if current:
            passages.append(Passage(doc_id, len(passages), section, current))
    return passages


# --8<-- [end:chunk]
