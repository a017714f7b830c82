"""Read the files and question lists a reader hands you, and skip the bad ones with a reason.

A folder of documents or a questions file from a real team always holds
something unexpected: an image, a file saved as UTF-16, an empty draft, two
files of the same name, a spreadsheet export with a byte-order mark, Windows
line ends, ``;`` as the separator or line breaks inside quoted cells. None of
that should stop the check or cost the reader the good files. `Intake` picks,
decodes and indexes documents, `read_questions` reads a CSV or JSON Lines list
of questions, and every file or row left out gets one message that names it
and says why.

The questions file has a header row with the columns ``question`` and
``expected`` (the text a right passage contains), and optionally ``document``
(the file that holds the answer) and ``unanswerable`` (``yes`` when the
documents cannot answer it; ``expected`` stays empty then). JSON Lines has one
object per line with the same keys.

Used by the retrieval check's command line (``snippets/retrieval_check_cli.py``)
and by the page "Check your own documents" for the files a reader drops, so the
page and the command read input the same way. Imports the lesson
``snippets.retrieval_check`` (`Question`, `RetrievalCheck`); nothing outside
the standard library.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from snippets.retrieval_check import Question, RetrievalCheck

__all__ = ["BROWSER", "COMMAND_LINE", "Intake", "Limits", "decode", "prepare", "read_questions"]

EXTENSIONS = (".md", ".markdown", ".txt")


@dataclass(frozen=True)
class Limits:
    """How much one check reads: files, bytes of text, questions."""

    files: int
    bytes: int
    questions: int


BROWSER = Limits(files=5_000, bytes=20_000_000, questions=2_000)
COMMAND_LINE = Limits(files=200_000, bytes=2_000_000_000, questions=100_000)


# --8<-- [start:decode]
def decode(data: bytes) -> str:
    """The text of a file's bytes, or a ``ValueError`` that says why it is not text.

    Examples:
        >>> decode(b"\\xef\\xbb\\xbfTitle\\r\\n")
        'Title\\r\\n'
        >>> decode(b"PK\\x03\\x04\\x00\\x00")
        Traceback (most recent call last):
        ValueError: it contains NUL bytes, so it is not a text file
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("it is UTF-16 text: save it as UTF-8")
    if b"\x00" in data:
        raise ValueError("it contains NUL bytes, so it is not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"it is not UTF-8 text (byte {error.start + 1} cannot be read)") from None
    if not text.strip():
        raise ValueError("it is empty")
    return text


# --8<-- [end:decode]

_UNDERLINE = re.compile(r"([=\-*~^+#])\1{2,}\s*")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def prepare(text: str) -> str:
    """Text ready for `snippets.chunking.chunk`: Windows line ends, front matter, underlined titles.

    YAML front matter is dropped. Titles underlined with ``===``, ``---``,
    ``***`` and the like (Markdown setext headings, reStructuredText) become
    ``#`` headings, levels in order of first use, so passages keep their heading.

    Examples:
        >>> prepare("Title\\r\\n=====\\r\\nText.")
        '# Title\\nText.'
    """
    text = _FRONT_MATTER.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    levels: dict[str, int] = {}
    fenced = False
    out: list[str] = []
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        title = out[-1].strip() if out else ""
        if not fenced and title and not title.startswith("#") and _UNDERLINE.fullmatch(line):
            out[-1] = f"{'#' * levels.setdefault(line[0], min(len(levels) + 1, 6))} {title}"
        else:
            out.append(line)
    return "\n".join(out)


def few(names: Sequence[str]) -> str:
    """Up to three names, then how many more: ``"a.md, b.md, c.md and 2 more"``."""
    shown = ", ".join(names[:3])
    return shown if len(names) <= 3 else f"{shown} and {len(names) - 3:,} more"


@dataclass
class Intake:
    """Documents read so far, with a message for every file that was not.

    `plan` picks which files to read from their names and sizes (text files,
    sorted by name, within the limits); `read` decodes one. Each problem is one
    line in ``problems`` naming the file.
    """

    limits: Limits = COMMAND_LINE
    names: list[str] = field(default_factory=list)  # of the documents read, in order
    problems: list[str] = field(default_factory=list)
    size: int = 0  # bytes read
    _hashes: dict[str, str] = field(default_factory=dict)  # text digest -> first name
    _taken: set[str] = field(default_factory=set)

    def plan(self, files: Sequence[tuple[str, int]]) -> list[int]:
        """Positions of the ``(name, size)`` files to read, in name order."""
        order = sorted(range(len(files)), key=lambda n: files[n][0])
        other = [files[n][0] for n in order if not files[n][0].lower().endswith(EXTENSIONS)]
        if other:
            self.problems.append(f"not .md or .txt, so not read: {few(other)}")
        chosen, over = [], []
        planned, size = len(self.names), self.size
        for n in (n for n in order if files[n][0].lower().endswith(EXTENSIONS)):
            if planned < self.limits.files and size + files[n][1] <= self.limits.bytes:
                chosen.append(n)
                planned, size = planned + 1, size + files[n][1]
            else:
                over.append(files[n][0])
        if over:
            self.problems.append(f"{self._over()}, so not read: {few(over)}")
        return chosen

    def _over(self) -> str:
        return f"over the limit of {self.limits.files:,} files or {self.limits.bytes / 1e6:,.0f} MB"

    def read(self, name: str, data: bytes) -> tuple[str, str] | None:
        """Decode one file and keep it, or record why not; returns ``(name, text)``."""
        if len(self.names) >= self.limits.files or self.size + len(data) > self.limits.bytes:
            self.problems.append(f"{name}: not read, {self._over()}")
            return None
        try:
            text = prepare(decode(data))
        except ValueError as error:
            self.problems.append(f"{name}: skipped, {error}")
            return None
        unique, copy = name, 1
        while unique in self._taken:
            copy += 1
            unique = f"{name} ({copy})"
        if unique != name:
            self.problems.append(f"{name}: a second file of that name, read as {unique!r}")
        digest = hashlib.sha256(text.encode()).hexdigest()
        if digest in self._hashes:
            self.problems.append(f"{unique}: the same text as {self._hashes[digest]} (both read)")
        self._hashes.setdefault(digest, unique)
        self._taken.add(unique)
        self.names.append(unique)
        self.size += len(data)
        return unique, text

    def add_to(self, check: RetrievalCheck, name: str, data: bytes) -> bool:
        """Read one file and index it in ``check``; False (with a message) if it was not."""
        read = self.read(name, data)
        if read is None:
            return False
        try:
            check.add(*read)
        except ValueError as error:
            self.problems.append(f"{read[0]}: skipped, {error}")
            return False
        return True


def text_files(folder: Path, intake: Intake) -> list[tuple[str, Path]]:
    """The files under ``folder`` that ``intake`` plans to read: ``(name, path)``.

    Names are relative to ``folder``, with ``/``; hidden files and folders
    (``.git``) are left out without a message.
    """
    paths = [
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    files = [(p.relative_to(folder).as_posix(), p.stat().st_size) for p in paths]
    return [(files[n][0], paths[n]) for n in intake.plan(files)]


COLUMNS = {
    "question": ("question", "questions", "query"),
    "expected": ("expected", "expected text", "must contain", "answer"),
    "document": ("document", "expected document", "doc", "file", "source"),
    "unanswerable": ("unanswerable", "no answer"),
    "id": ("id",),
}
YES, NO = {"yes", "y", "true", "1", "x", "unanswerable"}, {"", "no", "n", "false", "0"}


def _question(row: dict[str, Any], where: str) -> Question:
    flag = row.get("unanswerable", "")
    flag = ("yes" if flag else "no") if isinstance(flag, bool) else str(flag).strip().lower()
    if flag not in YES | NO:
        raise ValueError(f"unanswerable must be yes or no, not {flag!r}")
    text = {key: row.get(key, "") for key in ("question", "expected", "document", "id")}
    if not all(isinstance(value, str) for value in text.values()):
        raise ValueError("question, expected, document and id must be text")
    return Question(
        text["question"].strip(),
        text["expected"].strip(),
        text["document"].strip(),
        flag in YES,
        text["id"].strip() or where,
    )


def _columns(header: Sequence[str], problems: list[str], name: str) -> dict[int, str]:
    """Which known column each header position is; missing ones raise, unknown ones warn."""
    known = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
    found: dict[int, str] = {}
    for n, title in enumerate(header):
        key = known.get(" ".join(title.replace("_", " ").lower().split()))
        if key and key not in found.values():
            found[n] = key
    missing = [key for key in ("question", "expected") if key not in found.values()]
    if missing:
        raise ValueError(
            f"{name}: no {' or '.join(missing)} column (the header row has: "
            f"{', '.join(repr(h) for h in header) or 'nothing'})"
        )
    ignored = [repr(h) for n, h in enumerate(header) if n not in found]
    if ignored:
        problems.append(f"{name}: column {', '.join(ignored)} not used")
    return found


def read_questions(
    name: str, data: bytes, limit: int = COMMAND_LINE.questions
) -> tuple[list[Question], list[str]]:
    """Read a CSV (``,`` ``;`` or tab) or JSON Lines file of questions.

    Returns:
        The questions, and one message per row that was skipped or changed.

    Raises:
        ValueError: If the file is not text, or lacks the question or expected column.
    """
    try:
        text = decode(data)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None
    rows: list[tuple[str, dict[str, Any]]] = []
    problems: list[str] = []
    if text.lstrip().startswith("{"):
        keys: set[str] = set()
        for number, line in enumerate(text.splitlines(), 1):
            try:
                item = json.loads(line) if line.strip() else None
            except json.JSONDecodeError as error:
                problems.append(f"{name}: line {number} skipped, not JSON ({error.msg})")
                continue
            if item is not None and not isinstance(item, dict):
                problems.append(f"{name}: line {number} skipped, not a JSON object")
            elif item is not None:
                keys.update(item)
                rows.append((f"line {number}", item))
        header = sorted(keys)
        rename = {header[n]: key for n, key in _columns(header, problems, name).items()}
        rows = [(w, {rename[k]: v for k, v in r.items() if k in rename}) for w, r in rows]
    else:
        first = text.splitlines()[0]
        separator = max(",;\t", key=first.count)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
        header = next(reader)
        columns = _columns(header, problems, name)
        for number, values in enumerate(reader, 2):
            where = f"row {number}"
            if len(values) > len(header):
                problems.append(
                    f"{name}: {where} skipped, {len(values)} values for {len(header)} "
                    "columns (a comma outside quotes?)"
                )
            elif any(v.strip() for v in values):
                rows.append((where, {columns[n]: v for n, v in enumerate(values) if n in columns}))
    questions: list[Question] = []
    for where, row in rows:
        if len(questions) == limit:
            problems.append(
                f"{name}: only the first {limit:,} questions are checked; "
                f"{where} and the rest were not read"
            )
            break
        try:
            questions.append(_question(row, where))
        except ValueError as error:
            problems.append(f"{name}: {where} skipped, {error}")
    return questions, problems
