"""A seeded, generated corpus with questions, for the retrieval check's tests and benchmark.

``corpus(documents=..., megabytes=..., questions=..., seed=...)`` writes nothing: it
returns ``(files, rows)``, where ``files`` maps a relative path (``"area-3/doc-0042.md"``)
to Markdown text and ``rows`` are question rows as the CSV reader expects them
(``question``, ``expected``, ``document``, ``unanswerable``). The mix is chosen to
exercise every outcome of the check, not to flatter it:

- most questions reuse a few words of the sentence that answers them (found, or
  missed when other passages share those words);
- some ask in words the documents never use (a vocabulary gap: missed or worse);
- some expect a sentence that was left out of every document (a gap);
- some are marked unanswerable and use words from a vocabulary no document uses,
  mixed with common ones (so their best score is not always low).

``write_corpus(folder, ...)`` writes the files and a ``questions.csv``.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
from pathlib import Path

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ten",
    "sor",
    "val",
    "ri",
    "pen",
    "dor",
    "ul",
    "bra",
    "cin",
    "fe",
    "gam",
    "hu",
    "jo",
    "ny",
    "qua",
    "ste",
    "vi",
    "wex",
    "zo",
    "tar",
    "mel",
]
COMMON = "the a of to and in is for on with as by at from that this it be are was can".split()  # noqa: SIM905
QUESTION_WORDS = ["how", "what", "when", "where", "which", "why", "does", "can"]


def _words(rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set()
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def corpus(
    *, documents: int = 40, megabytes: float = 0.2, questions: int = 60, seed: int = 7
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Documents of about ``megabytes`` in total and ``questions`` question rows."""
    rng = random.Random(seed)
    vocabulary = _words(rng, 6000)
    used, foreign = vocabulary[:5000], vocabulary[5000:]
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(used))))  # Zipf
    per_document = int(megabytes * 1_000_000 / documents)

    def sentence() -> str:
        picked = rng.choices(used, cum_weights=cumulative, k=rng.randint(8, 16))
        for slot in rng.sample(range(len(picked)), k=len(picked) // 3):
            picked[slot] = rng.choice(COMMON)
        return " ".join(picked).capitalize() + "."

    files: dict[str, str] = {}
    sentences: list[tuple[str, str]] = []  # (path, sentence) candidates for questions
    for number in range(documents):
        path = f"area-{number % 7}/doc-{number:04d}.md"
        parts = [f"# {' '.join(rng.sample(used[:800], 3)).title()}"]
        size = 0
        while size < per_document:
            parts.append(f"## {' '.join(rng.sample(used[:1500], 2)).title()}")
            for _ in range(rng.randint(1, 4)):
                paragraph = " ".join(sentence() for _ in range(rng.randint(2, 6)))
                parts.append(paragraph)
                size += len(paragraph) + 2
                sentences.append((path, paragraph.split(". ")[0].rstrip(".")))
        files[path] = "\n\n".join(parts) + "\n"

    rows: list[dict[str, str]] = []
    removed: set[str] = set()
    for number in range(questions):
        kind = rng.random()
        path, text = rng.choice(sentences)
        words = text.split()
        start = rng.randrange(max(1, len(words) - 3))
        expected = " ".join(words[start : start + 3])
        content = [w for w in words if w.lower() not in COMMON]
        if kind < 0.15:  # unanswerable: foreign words and a couple of common ones
            asked = rng.sample(foreign, 3) + rng.sample(content, min(1, len(content)))
            rows.append(_row(rng, asked, "", "", "yes"))
            continue
        asked = rng.sample(content, min(len(content), rng.randint(2, 5)))
        if kind < 0.25:  # in other words: half the question words replaced
            asked = [rng.choice(used) if rng.random() < 0.5 else w for w in asked]
        if 0.25 <= kind < 0.3:  # the answer is taken out of every document below
            removed.add(text)
            expected = f"{text.split()[0]} {' '.join(rng.sample(foreign, 2))}"
        document = path if number % 3 else ""
        rows.append(_row(rng, asked, expected, document, ""))
    for path, text in files.items():
        for sentence_text in removed:
            text = text.replace(sentence_text, "Removed")
        files[path] = text
    return files, rows


def _row(
    rng: random.Random, asked: list[str], expected: str, document: str, unanswerable: str
) -> dict[str, str]:
    question = f"{rng.choice(QUESTION_WORDS).capitalize()} {' '.join(asked).lower()}?"
    return {
        "question": question,
        "expected": expected,
        "document": document,
        "unanswerable": unanswerable,
    }


def questions_csv(rows: list[dict[str, str]]) -> str:
    """The rows as the CSV a reader would upload."""
    out = io.StringIO()
    writer = csv.DictWriter(
        out, ["question", "expected", "document", "unanswerable"], lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_corpus(folder: Path, **options: object) -> tuple[Path, Path]:
    """Write the documents under ``folder/docs`` and ``folder/questions.csv``."""
    files, rows = corpus(**options)  # type: ignore[arg-type]
    docs = folder / "docs"
    for path, text in files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    questions = folder / "questions.csv"
    questions.write_text(questions_csv(rows), encoding="utf-8")
    return docs, questions
