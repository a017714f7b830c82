"""What moves retrieval quality? Recall@k of retrieval settings, one change at a time.

Used by the page "How retrieval finds passages" (``docs/retrieval.md``). A
retrieval pipeline has settings that are easy to argue about and cheap to
measure: the ranking function (TF-IDF or BM25), the passage size, whether
common words are dropped before indexing. `Retriever` builds the index for one
`Setting` (per group of readers, as ``snippets/rag.py`` does), `recall`
measures how often the document, or the passage, holding each answer comes
back among the first ``k``, and `ablate` changes one setting at a time from a
baseline, on dev and test questions, and picks the best setting on dev.

Imports ``snippets/chunking.py`` (``chunk``), ``snippets/grounding.py``
(``STOP_WORDS``), ``snippets/rag.py`` (``Document``),
``snippets/tfidf.py``, ``snippets/bm25.py``, ``snippets/evaluate.py`` (``rate``,
``recall_at_k``) and ``snippets/splits.py`` (``choose``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from snippets.bm25 import Bm25Index
from snippets.chunking import Passage, chunk
from snippets.evaluate import Rate, rate, recall_at_k
from snippets.grounding import STOP_WORDS
from snippets.rag import Document
from snippets.splits import choose
from snippets.tfidf import TfidfIndex, tokenize


@dataclass(frozen=True)
class Setting:
    """One retrieval configuration.

    Attributes:
        ranking: ``"tfidf"`` or ``"bm25"``.
        passage_chars: The passage size cap given to `snippets.chunking.chunk`.
        stop_words: Keep common words in the index (``True``) or drop them.
    """

    ranking: str = "tfidf"
    passage_chars: int = 600
    stop_words: bool = True

    def describe(self, only: str | None = None) -> str:
        """The setting in words: ``"TF-IDF, 600-character passages, stop words kept"``,
        or one part of it (``only="ranking"``, ``"passage size"`` or ``"stop words"``)."""
        parts = {
            "ranking": {"tfidf": "TF-IDF", "bm25": "BM25"}[self.ranking],
            "passage size": f"{self.passage_chars}-character passages",
            "stop words": f"stop words {'kept' if self.stop_words else 'dropped'}",
        }
        return parts[only] if only else ", ".join(parts.values())


@dataclass(frozen=True)
class Probe:
    """A question with where its answer lives: the document and the text the passage holds."""

    text: str
    doc_id: str
    answer: str
    groups: tuple[str, ...] = ()


def _terms(text: str, stop_words: bool) -> str:
    return " ".join(t for t in tokenize(text) if stop_words or t not in STOP_WORDS)


class Retriever:
    """The passages of ``documents`` under one `Setting`, searchable per set of reader groups."""

    def __init__(self, documents: Iterable[Document], setting: Setting) -> None:
        self.setting = setting
        self.documents = list(documents)
        self.passages = {d.id: chunk(d.id, d.text, setting.passage_chars) for d in self.documents}
        self._views: dict[frozenset[str], tuple[TfidfIndex | Bm25Index, list[Passage]]] = {}

    def _view(self, groups: frozenset[str]) -> tuple[TfidfIndex | Bm25Index, list[Passage]]:
        if groups not in self._views:
            visible = [
                p for d in self.documents if d.visible_to(groups) for p in self.passages[d.id]
            ]
            index = TfidfIndex() if self.setting.ranking == "tfidf" else Bm25Index()
            for passage in visible:
                index.add(_terms(f"{passage.section}\n{passage.text}", self.setting.stop_words))
            self._views[groups] = (index, visible)
        return self._views[groups]

    def search(self, question: str, groups: Iterable[str] = (), k: int = 3) -> list[Passage]:
        """The ``k`` best passages a member of ``groups`` may see, best first."""
        index, visible = self._view(frozenset(groups))
        query = _terms(question, self.setting.stop_words)
        return [visible[p] for p, _ in index.search(query, k=k)]

    def holding(self, probe: Probe) -> set[str]:
        """Ids (``doc#number``) of the passages of the probe's document that hold its answer."""
        return {
            f"{p.doc_id}#{p.number}" for p in self.passages[probe.doc_id] if probe.answer in p.text
        }


def recall(
    retriever: Retriever, probes: Sequence[Probe], *, k: int = 3, level: str = "passage"
) -> Rate:
    """Share of ``probes`` whose document (``level="document"``) or answer-holding passage
    (``"passage"``) is among the first ``k`` results, with its 95% interval."""
    hits = 0
    for probe in probes:
        found = retriever.search(probe.text, probe.groups, k)
        if level == "document":
            hits += recall_at_k([p.doc_id for p in found], {probe.doc_id}, k) == 1.0
        else:
            ids = [f"{p.doc_id}#{p.number}" for p in found]
            hits += recall_at_k(ids, retriever.holding(probe), k) > 0.0
    return rate(hits, len(probes))


def variations(baseline: Setting) -> list[tuple[str, Setting]]:
    """The one-change-at-a-time settings around ``baseline``, each with what changed."""
    other = "bm25" if baseline.ranking == "tfidf" else "tfidf"
    changes = [("ranking", dataclasses.replace(baseline, ranking=other))]
    for chars in (200, 1200):
        changes.append(("passage size", dataclasses.replace(baseline, passage_chars=chars)))
    changes.append(
        ("stop words", dataclasses.replace(baseline, stop_words=not baseline.stop_words))
    )
    return changes


def grid() -> list[Setting]:
    """Every combination of the settings `variations` tries, simplest first."""
    return [
        Setting(ranking, chars, stop_words)
        for ranking in ("tfidf", "bm25")
        for chars in (200, 600, 1200)
        for stop_words in (True, False)
    ]


def ablate(
    documents: Sequence[Document],
    dev: Sequence[Probe],
    tests: Mapping[str, Sequence[Probe]],
    *,
    baseline: Setting | None = None,
    k: int = 3,
) -> dict[str, object]:
    """Passage recall@k of the baseline, each one-change variation and the best setting on dev.

    Args:
        documents: The corpus.
        dev: Questions the best setting is chosen on.
        tests: Named test question sets (``{"documents' words": [...], ...}``).
        baseline: The starting setting (default `Setting()`).
        k: Passages looked at.

    Returns:
        ``{"rows": [...], "best": Setting, "best_dev": float}``: each row holds
        ``change``, ``setting``, ``dev`` and a Rate per test set, named as in
        ``tests``; the last row is the best on dev.
    """
    base = baseline or Setting()
    cache: dict[Setting, Retriever] = {}

    def retriever(setting: Setting) -> Retriever:
        if setting not in cache:
            cache[setting] = Retriever(documents, setting)
        return cache[setting]

    def row(change: str, setting: Setting) -> dict[str, object]:
        found: dict[str, object] = {"change": change, "setting": setting}
        found["dev"] = recall(retriever(setting), dev, k=k)
        for name, probes in tests.items():
            found[name] = recall(retriever(setting), probes, k=k)
        return found

    best = choose(grid(), lambda s: recall(retriever(s), dev, k=k).value or 0.0)
    rows = [row("baseline", base)] + [row(change, s) for change, s in variations(base)]
    rows.append(row("best on dev", best.setting))
    return {"rows": rows, "best": best.setting, "best_dev": best.dev_score}
