"""Would retrieval find the answer? A check on your own documents and questions.

Before you build a RAG system, or decide to fine-tune instead, find out whether
a plain retrieval step brings back, for each real question, a passage that
holds the answer. `RetrievalCheck` cuts documents into passages, ranks them for
each question with BM25 or TF-IDF, and reports:

* **recall@k**, with 95% intervals: the share of questions whose top ``k``
  passages (what a RAG system would give the model) include one that contains
  the expected text, and the share whose top ``k`` passages include one from the
  expected document; and the **MRR**;
* per question, the top passages with their scores and whether each contains
  the expected text (both compared after `normalise`);
* the questions **no passage answers**: a gap in the documents, which no
  retrieval setting and no fine-tune can fix;
* the **scores** of the questions the documents answer (a passage holds the
  expected text) and of the others (marked unanswerable, or no passage holds
  it), and the **decline threshold** that separates them, on two signals: the
  top score, and the top passage's coverage of the question's topic words (what
  `snippets.rag` declines on). Each is chosen on one half of the questions and
  graded on the other (`snippets.threshold`).

From the command line: ``python -m snippets.retrieval_check DOCS_DIR
QUESTIONS.csv`` (``snippets/retrieval_check_cli.py``; ``snippets/intake.py``
reads the files). Used by the page "Check your own documents"
(``docs/demos/check-your-documents.md``).

Builds on the lessons ``snippets.chunking`` (`chunk`), ``snippets.grounding``
(`coverage`), ``snippets.tfidf``,
``snippets.bm25``, ``snippets.evaluate`` (`recall_at_k`), ``snippets.stats``
(`bootstrap`) and ``snippets.threshold``; nothing outside the standard library.
"""

from __future__ import annotations

import statistics
import sys
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Literal

from snippets.bm25 import Bm25Index
from snippets.chunking import Passage, chunk
from snippets.evaluate import recall_at_k
from snippets.grounding import coverage, topic_weights
from snippets.stats import bootstrap
from snippets.tfidf import TfidfIndex
from snippets.threshold import held_out_threshold, rate

__all__ = ["Question", "RetrievalCheck", "check", "normalise"]

Ranking = Literal["bm25", "tfidf"]
DEPTH = 20  # how far down the ranking the check looks for a passage the top k missed
RECALL_AT = (1, 3, 5, 10, 20)  # passage recall is also given at these k
SIGNALS = ("score", "coverage")  # what a decline threshold can be put on


# --8<-- [start:normalise]
_BLANKS = str.maketrans({"*": "", "`": "", "\x00": " "})


def normalise(text: str) -> str:
    """The form in which expected text and passages are compared.

    Examples:
        >>> normalise("  Within\\r\\n30 **DAYS** ")
        'within 30 days'
        >>> normalise("ﬁle №5") == normalise("file No5")
        True
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.translate(_BLANKS).split())


# --8<-- [end:normalise]


@dataclass(frozen=True)
class Question:
    """One question to check.

    Args:
        question: The question, as a user would ask it.
        expected: Text that a passage answering it must contain ("" when
            ``unanswerable``).
        document: The name of the document that holds the answer, if known.
        unanswerable: True when the documents are known not to answer it.
        id: A label for reports and messages (a row number, say).

    Raises:
        ValueError: If the question is empty, an answerable question has no
            expected text, or an unanswerable one has some.
    """

    question: str
    expected: str = ""
    document: str = ""
    unanswerable: bool = False
    id: str = ""

    def __post_init__(self) -> None:
        for name in ("question", "expected", "document", "id"):
            if not isinstance(getattr(self, name), str):
                raise ValueError(f"{name} must be text")
        if not self.question.strip():
            raise ValueError("the question is empty")
        if self.unanswerable and self.expected.strip():
            raise ValueError("it is marked unanswerable but has expected text")
        if not self.unanswerable and not normalise(self.expected):
            raise ValueError(
                "no expected text: give the text a right passage contains, "
                "or mark the question unanswerable"
            )


class _Haystack:
    """Normalised texts joined into one string, so one fast ``str.find`` scans them all."""

    def __init__(self) -> None:
        self._new: list[str] = []  # added since the last search
        self._starts: list[int] = []
        self._text = ""

    def add(self, part: str) -> None:
        self._new.append(part)

    def _joined(self) -> str:
        if self._new:
            before = [self._text] if self._starts else []
            offset = len(self._text) + 1 if self._starts else 0
            for part in self._new:
                self._starts.append(offset)
                offset += len(part) + 1
            self._text, self._new = "\x00".join(before + self._new), []
        return self._text

    def holders(self, needle: str) -> list[int]:
        """Numbers of the texts that contain ``needle``, in order."""
        text, found = self._joined(), []
        at = text.find(needle)
        while at >= 0:
            found.append(bisect_right(self._starts, at) - 1)
            if found[-1] + 1 == len(self._starts):
                break
            at = text.find(needle, self._starts[found[-1] + 1])
        return found


class RetrievalCheck:
    """Documents indexed once, questions checked one by one, then one report.

    Args:
        k: How many passages a RAG system would give the model (1 to 20).
        ranking: ``"bm25"`` (`snippets.bm25.Bm25Index`) or ``"tfidf"``.
        max_chars: The passage size cap of `snippets.chunking.chunk`.

    Raises:
        ValueError: On a bad ``k``, ranking or size cap.

    Examples:
        >>> check = RetrievalCheck(k=1)
        >>> check.add("refunds.md", "# Refunds\\n\\nAnnual plans are refunded within 30 days.")
        1
        >>> check.ask(Question("Are annual plans refunded?", "within 30 days"))["status"]
        'found'
    """

    def __init__(self, *, k: int = 5, ranking: Ranking = "bm25", max_chars: int = 600) -> None:
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= DEPTH:
            raise ValueError(f"k must be a whole number from 1 to {DEPTH}, got {k!r}")
        if ranking not in ("bm25", "tfidf"):
            raise ValueError(f"ranking must be 'bm25' or 'tfidf', got {ranking!r}")
        chunk("x", "", max_chars)  # checks the size cap
        self.k, self.ranking, self.max_chars = k, ranking, max_chars
        self._index = Bm25Index() if ranking == "bm25" else TfidfIndex()
        self._passages: list[Passage] = []
        self._names: dict[str, int] = {}  # document name -> number
        self._aliases: dict[str, list[str]] | None = None  # for `resolve`
        self._passage_text, self._document_text = _Haystack(), _Haystack()
        self.results: list[dict[str, Any]] = []

    @property
    def documents(self) -> int:
        return len(self._names)

    @property
    def passages(self) -> int:
        return len(self._passages)

    def add(self, name: str, text: str) -> int:
        """Cut a document into passages and index them; return how many.

        Raises:
            ValueError: If the name is taken or the text has nothing to index.
        """
        if name in self._names:
            raise ValueError(f"two documents are named {name!r}")
        passages = chunk(name, text, self.max_chars)
        if not passages:
            raise ValueError("it has no text to index")
        self._names[name] = len(self._names)
        self._aliases = None
        for passage in passages:
            self._index.add(f"{passage.section}\n{passage.text}")
            self._passages.append(passage)
            self._passage_text.add(normalise(f"{passage.section} {passage.text}"))
        self._document_text.add(normalise(text))
        return len(passages)

    def ask(self, question: Question) -> dict[str, Any]:
        """Rank the passages for one question, record and return what was found.

        The result's ``status`` is ``"found"`` (a passage in the top ``k``
        contains the expected text), ``"missed"`` (one exists but ranks lower;
        ``rank`` says where, within the first 20), ``"split"`` (no passage holds
        it whole, but a document does: chunking cut it), ``"gap"`` (no
        document holds it) or ``"unanswerable"``.
        """
        ranked = self._index.search(question.question, k=DEPTH)
        needle = normalise(question.expected)
        holding = set() if question.unanswerable else set(self._passage_text.holders(needle))
        rank = next((r for r, (p, _) in enumerate(ranked, 1) if p in holding), None)
        if question.unanswerable:
            status = "unanswerable"
        elif holding:
            status = "found" if rank is not None and rank <= self.k else "missed"
        else:
            status = "split" if self._document_text.holders(needle) else "gap"
        document, note = question.document, ""
        if document and document not in self._names:
            try:
                document = self.resolve(document)
            except ValueError as error:
                note = str(error)
        names = [self._passages[p].doc_id for p, _ in ranked[: self.k]]  # what a model is given
        top = ranked[0][0] if ranked else None
        topic = topic_weights(question.question, self._index.idf)
        result = {
            "id": question.id or f"question {len(self.results) + 1}",
            "question": question.question,
            "expected": question.expected,
            "document": question.document,
            "status": status,
            "rank": rank,
            "passages_with_answer": len(holding),
            "document_found": None
            if not document or question.unanswerable
            else (not note and recall_at_k(names, {document}, self.k) == 1.0),
            "note": note,
            "score": round(ranked[0][1], 6) if ranked else 0.0,
            "coverage": round(coverage(topic, self._passages[top]), 6) if top is not None else 0.0,
            "top": [
                {
                    "document": self._passages[p].doc_id,
                    "passage": self._passages[p].number,
                    "section": self._passages[p].section,
                    "text": self._passages[p].text,
                    "score": round(score, 6),
                    "contains": p in holding,
                }
                for p, score in ranked[: self.k]
            ],
        }
        self.results.append(result)
        return result

    def resolve(self, name: str) -> str:
        """The document a question names: its exact name, else the one whose path ends
        in ``/name``, or whose file name without extension is ``name``.

        Raises:
            ValueError: If no document, or more than one, fits.
        """
        if name in self._names:
            return name
        if self._aliases is None:  # built on the first lookup after the last add
            self._aliases = {}
            for document in self._names:
                parts = document.split("/")
                for alias in {"/".join(parts[n:]) for n in range(1, len(parts))} | {
                    document.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                }:
                    self._aliases.setdefault(alias, []).append(document)
        found = self._aliases.get(name, [])
        if len(found) > 1:
            raise ValueError(f"{name!r} could be {', '.join(found[:3])}: give the full name")
        if not found:
            raise ValueError(f"no document is named {name!r}")
        return found[0]

    def report(self, *, seed: int = 0) -> dict[str, Any]:
        """Everything measured so far: recall, MRR, gaps, scores and thresholds."""
        rows = self.results
        answerable = [r for r in rows if r["status"] != "unanswerable"]
        with_document = [r for r in answerable if r["document_found"] is not None]
        reciprocal = [1 / r["rank"] if r["status"] == "found" else 0.0 for r in answerable]
        n = len(answerable)
        has_answer = [r for r in rows if r["passages_with_answer"]]
        no_answer = [r for r in rows if not r["passages_with_answer"]]
        return {
            "settings": {"k": self.k, "ranking": self.ranking, "max_chars": self.max_chars},
            "documents": self.documents,
            "passages": self.passages,
            "questions": len(rows),
            "counts": {s: sum(r["status"] == s for r in rows) for s in _STATUSES},
            "recall": rate(sum(r["status"] == "found" for r in answerable), n),
            "document_recall": rate(
                sum(r["document_found"] for r in with_document), len(with_document)
            ),
            "mrr": _mean(reciprocal, seed),
            "recall_at": {  # passage recall had the model been given k passages
                str(k): rate(sum((r["rank"] or DEPTH + 1) <= k for r in answerable), n)["value"]
                for k in RECALL_AT
            },
            "no_passage": [r["id"] for r in rows if r["status"] in ("gap", "split")],
            "scores": {
                "answered": _spread([r["score"] for r in has_answer]),
                "not_answered": _spread([r["score"] for r in no_answer]),
            },
            "thresholds": {s: _threshold(rows, s, seed) for s in SIGNALS},
            "results": rows,
        }


_STATUSES = ("found", "missed", "split", "gap", "unanswerable")


def _mean(values: list[float], seed: int) -> dict[str, Any]:
    """A mean with a seeded bootstrap 95% interval."""
    if not values:
        return {"value": None, "low": None, "high": None, "n": 0}
    low, high = bootstrap(values, statistics.fmean, resamples=1000, seed=seed)
    return {"value": statistics.fmean(values), "low": low, "high": high, "n": len(values)}


def _spread(values: list[float]) -> dict[str, Any]:
    """Smallest, quartiles and largest of some scores."""
    if not values:
        return {"n": 0}
    quartiles = statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else []
    q1, median, q3 = quartiles or [values[0]] * 3
    keys = ("n", "min", "q1", "median", "q3", "max")
    return dict(zip(keys, (len(values), min(values), q1, median, q3, max(values)), strict=True))


def _threshold(rows: list[dict[str, Any]], signal: str, seed: int) -> dict[str, Any]:
    """A decline threshold on ``signal``, chosen on one half of the questions."""
    held = held_out_threshold(
        [r[signal] for r in rows], [bool(r["passages_with_answer"]) for r in rows], seed=seed
    )
    return {
        **held,
        "signal": signal,
        "dev": [rows[n]["id"] for n in held["dev"]],
        "test": [rows[n]["id"] for n in held["test"]],
    }


def check(
    documents: list[tuple[str, str]],
    questions: list[Question],
    *,
    k: int = 5,
    ranking: Ranking = "bm25",
    seed: int = 0,
) -> dict[str, Any]:
    """Index ``(name, text)`` documents, ask every question, return the report.

    Examples:
        >>> report = check([("a.md", "Refunds take 30 days.")], [Question("refunds?", "30 days")])
        >>> report["recall"]["value"], report["counts"]["found"]
        (1.0, 1)
    """
    run = RetrievalCheck(k=k, ranking=ranking)
    for name, text in documents:
        run.add(name, text)
    for question in questions:
        run.ask(question)
    return run.report(seed=seed)


if __name__ == "__main__":  # python -m snippets.retrieval_check DOCS_DIR QUESTIONS.csv
    from snippets.retrieval_check_cli import main

    sys.exit(main())
