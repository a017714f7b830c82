"""A small retrieval-augmented knowledge base: grounded, cited, permission-aware.

It shows the four things that make retrieval the right tool for knowledge:

* **grounded**: the answer is made of sentences taken from the documents, and
  when no passage is relevant enough the knowledge base says so instead of
  guessing;
* **cited**: every answer lists the passages it came from, with their scores;
* **current**: adding, updating or removing a document changes the index at
  once, at a cost proportional to that document, not to the whole corpus;
* **permission-aware**: documents carry the groups allowed to read them, and a
  question is ranked only against the documents its asker may see.

How permissions stay airtight: ranking statistics (IDF, average passage length)
are themselves information. A forbidden document that contains "salary" would
make the word rarer or commoner and so move every visible score. So each
distinct set of groups gets its own *view*: an index holding only the passages
that set may see. Scores a caller gets are exactly those of a knowledge base
built from their visible documents alone. Views are built on a caller's first
question and then kept up to date by every change (see `KnowledgeBase`).

Copy it with ``snippets/chunking.py``, ``snippets/grounding.py``,
``snippets/tfidf.py`` and ``snippets/bm25.py``: it imports those four and the
standard library.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from snippets.bm25 import Bm25Index
from snippets.chunking import Passage, chunk
from snippets.grounding import compose, coverage, topic_weights
from snippets.tfidf import TfidfIndex

__all__ = ["NO_ANSWER", "Answer", "Citation", "Document", "KnowledgeBase", "Passage"]

NO_ANSWER = "I have no grounded answer in the documents you can see."
Ranking = Literal["tfidf", "bm25"]


# --8<-- [start:document]
@dataclass(frozen=True)
class Document:
    """One document of the knowledge base.

    Args:
        id: A unique, non-empty identifier (``"pricing"``).
        title: The title shown in citations.
        text: The body, in Markdown: ``#`` headings and blank-line paragraphs
            decide how it is cut into passages.
        source: Where the document comes from (a path or URL), shown in citations.
        allowed_groups: The groups that may read it; empty means everyone.

    Raises:
        ValueError: If ``id`` is empty or ``allowed_groups`` is a single string.

    Example:
        ```python
        from snippets.rag import Document

        doc = Document("hr", "Handbook", "Leave is 20 weeks.", "hr.md", frozenset({"hr"}))
        assert doc.visible_to(frozenset({"hr", "engineering"}))
        assert not doc.visible_to(frozenset())
        ```
    """

    id: str
    title: str
    text: str
    source: str = ""
    allowed_groups: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise ValueError(f"document id must be a non-empty string, got {self.id!r}")
        if isinstance(self.allowed_groups, str):  # "hr" would become {"h", "r"}
            raise ValueError("allowed_groups must be a set of group names, not a single string")
        object.__setattr__(self, "allowed_groups", frozenset(self.allowed_groups))

    def visible_to(self, groups: frozenset[str]) -> bool:
        """Whether a caller who belongs to ``groups`` may read this document."""
        return not self.allowed_groups or not self.allowed_groups.isdisjoint(groups)


# --8<-- [end:document]


@dataclass(frozen=True)
class Citation:
    """A passage an answer relies on.

    Args:
        doc_id: The document's id.
        title: The document's title.
        passage: The passage text.
        score: Its ranking score for the question (TF-IDF cosine or BM25).
        source: The document's source.
        section: The heading the passage sits under.
    """

    doc_id: str
    title: str
    passage: str
    score: float
    source: str
    section: str = ""


@dataclass(frozen=True)
class Answer:
    """What `KnowledgeBase.ask` returns.

    Args:
        question: The question as asked.
        text: The extractive answer, or `NO_ANSWER`.
        citations: The passages used, best first (empty when not grounded).
        grounded: Whether a passage was relevant enough to answer from.
        filtered_out: How many documents of the knowledge base the caller may
            not see. It counts all of them, whatever the question, so it
            reveals nothing about what a forbidden document contains.
    """

    question: str
    text: str
    citations: list[Citation]
    grounded: bool
    filtered_out: int


def _caller(groups: Iterable[str]) -> frozenset[str]:
    if isinstance(groups, str):  # "hr" would be read as the groups "h" and "r"
        raise ValueError("groups must be a set of group names, not a single string")
    return frozenset(groups)


# --8<-- [start:kb]
class _View:
    """An index over the passages visible to one set of groups."""

    def __init__(self, index: TfidfIndex | Bm25Index) -> None:
        self.index = index
        self.positions: dict[str, list[int]] = {}  # doc id -> index positions
        self.owner: dict[int, Passage] = {}  # index position -> passage

    def put(self, passages: Sequence[Passage]) -> None:
        for passage in passages:
            position = self.index.add(f"{passage.section}\n{passage.text}")
            self.positions.setdefault(passage.doc_id, []).append(position)
            self.owner[position] = passage

    def drop(self, doc_id: str) -> None:
        for position in self.positions.pop(doc_id, []):
            self.index.remove(position)
            del self.owner[position]


class KnowledgeBase:
    """Documents cut into passages, searched per caller, answered with citations.

    Every distinct set of caller groups gets its own index (a *view*) of only the
    passages it may see, built on that set's first question. A change to a
    document touches only that document's passages, in each view that exists:
    the cost grows with the document and the number of views, never with the
    corpus. At most ``max_views`` views are kept (least recently used go first
    and are rebuilt when needed).

    Args:
        documents: The initial documents.
        ranking: ``"tfidf"`` (cosine, `snippets.tfidf.TfidfIndex`) or
            ``"bm25"`` (`snippets.bm25.Bm25Index`).
        k1: BM25 term-frequency saturation (BM25 only).
        b: BM25 length normalisation (BM25 only).
        max_passage_chars: The size cap of a passage.
        min_coverage: The relevance threshold: the share (0 to 1) of the
            question's topic words, weighted by rarity, that the best passage
            must contain for the answer to count as grounded
            (`snippets.grounding.coverage`). The default, 0.5, is a round value
            inside the range that answers every question the site's pages ask
            of their demo documents right: fitted to those questions, not
            measured on held-out ones. Choose yours on dev questions of your
            own corpus with `snippets.splits.choose`, as
            `snippets.compare.fit_rag` does.
        max_views: How many per-group indexes to keep.

    Raises:
        ValueError: On an unknown ranking, a bad parameter, or two documents
            with the same id.

    Example:
        ```python
        from snippets.rag import Document, KnowledgeBase

        kb = KnowledgeBase([Document("p", "Pricing", "The Team plan costs 14 euros.", "p.md")])
        answer = kb.ask("How much is the Team plan?")
        assert answer.grounded and "14 euros" in answer.text
        assert answer.citations[0].doc_id == "p"
        ```
    """

    def __init__(
        self,
        documents: Iterable[Document] = (),
        *,
        ranking: Ranking = "tfidf",
        k1: float = 1.5,
        b: float = 0.75,
        max_passage_chars: int = 600,
        min_coverage: float = 0.5,
        max_views: int = 16,
    ) -> None:
        if ranking not in ("tfidf", "bm25"):
            raise ValueError(f"ranking must be 'tfidf' or 'bm25', got {ranking!r}")
        if not 0 <= min_coverage <= 1:
            raise ValueError(f"min_coverage must be between 0 and 1, got {min_coverage!r}")
        if isinstance(max_views, bool) or not isinstance(max_views, int) or max_views < 1:
            raise ValueError(f"max_views must be a whole number >= 1, got {max_views!r}")
        Bm25Index(k1=k1, b=b)  # validates k1 and b
        chunk("check", "", max_passage_chars)  # validates the cap
        self.ranking: Ranking = ranking
        self.k1 = k1
        self.b = b
        self.max_passage_chars = max_passage_chars
        self.min_coverage = min_coverage
        self.max_views = max_views
        self._documents: dict[str, Document] = {}
        self._passages: dict[str, list[Passage]] = {}
        self._rank: dict[str, int] = {}  # doc id -> order of first addition
        self._next_rank = 0
        self._views: OrderedDict[frozenset[str], _View] = OrderedDict()
        for document in documents:
            self.add(document)

    @property
    def documents(self) -> tuple[Document, ...]:
        """All documents, in the order they were first added."""
        return tuple(self._documents.values())

    def passages(self, doc_id: str) -> list[Passage]:
        """The passages a document was cut into."""
        if doc_id not in self._passages:
            raise KeyError(f"no document with id {doc_id!r}")
        return list(self._passages[doc_id])

    def add(self, document: Document) -> None:
        """Add a new document; it is searchable at once.

        Raises:
            ValueError: If its id is taken.
        """
        if document.id in self._documents:
            raise ValueError(f"a document with id {document.id!r} exists: use update()")
        self._store(document)

    def update(self, document: Document) -> None:
        """Replace the document with the same id (text, title, groups may change).

        Raises:
            KeyError: If no document has that id.
        """
        if document.id not in self._documents:
            raise KeyError(f"no document with id {document.id!r}: use add()")
        self._store(document)

    def remove(self, doc_id: str) -> None:
        """Remove a document and its passages from every view.

        Raises:
            KeyError: If no document has that id.
        """
        if doc_id not in self._documents:
            raise KeyError(f"no document with id {doc_id!r}")
        del self._documents[doc_id]
        del self._passages[doc_id]
        del self._rank[doc_id]
        for view in self._views.values():
            view.drop(doc_id)

    def _store(self, document: Document) -> None:
        passages = chunk(document.id, document.text, self.max_passage_chars)
        self._documents[document.id] = document
        self._passages[document.id] = passages
        if document.id not in self._rank:
            self._rank[document.id] = self._next_rank
            self._next_rank += 1
        for groups, view in self._views.items():
            view.drop(document.id)
            if document.visible_to(groups):
                view.put(passages)

    def warm(self, groups: Iterable[str] = frozenset()) -> None:
        """Build the view of a set of groups now, instead of on its first question.

        Raises:
            ValueError: If ``groups`` is a single string.
        """
        self._view(_caller(groups))

    def _view(self, groups: frozenset[str]) -> _View:
        view = self._views.get(groups)
        if view is None:
            index = TfidfIndex() if self.ranking == "tfidf" else Bm25Index(k1=self.k1, b=self.b)
            view = _View(index)
            for document in self._documents.values():
                if document.visible_to(groups):
                    view.put(self._passages[document.id])
            self._views[groups] = view
            if len(self._views) > self.max_views:
                self._views.popitem(last=False)
        self._views.move_to_end(groups)
        return view

    # --8<-- [end:kb]

    # --8<-- [start:ask]
    def ask(self, question: str, *, groups: Iterable[str] = frozenset(), k: int = 3) -> Answer:
        """Answer ``question`` from the documents a member of ``groups`` may see.

        The question is ranked only against the caller's view, so nothing of a
        forbidden document (text, title, id, or its effect on a score) can reach
        the answer. The answer is made of the best-matching sentences of the
        best passage; if the best passage covers less than ``min_coverage`` of the
        question's topic words, the answer is `NO_ANSWER`.

        Args:
            question: The question.
            groups: The caller's groups (empty: public documents only).
            k: How many passages to cite at most.

        Returns:
            The answer, with citations best first.

        Raises:
            ValueError: If ``question`` is not a string, ``groups`` is a single
                string, or ``k`` is not a whole number >= 1.
        """
        caller = _caller(groups)
        found = self.search(question, groups=caller, k=k)
        hidden = sum(1 for d in self._documents.values() if not d.visible_to(caller))
        topic = topic_weights(question, self._view(caller).index.idf)
        relevant = [(p, score) for p, score in found if coverage(topic, p) >= self.min_coverage]
        if not relevant:
            return Answer(question, NO_ANSWER, [], False, hidden)
        docs = self._documents
        citations = [
            Citation(
                p.doc_id, docs[p.doc_id].title, p.text, score, docs[p.doc_id].source, p.section
            )
            for p, score in relevant
        ]
        return Answer(question, compose(topic, relevant[0][0]), citations, True, hidden)

    def search(
        self, question: str, *, groups: Iterable[str] = frozenset(), k: int = 3
    ) -> list[tuple[Passage, float]]:
        """Rank the passages a member of ``groups`` may see, without any threshold.

        This is the retrieval step alone: `ask` calls it, then keeps the
        passages that clear the relevance threshold.

        Args:
            question: The question or keywords.
            groups: The caller's groups (empty: public documents only).
            k: How many passages to return at most.

        Returns:
            ``(passage, score)`` pairs, best first; equal scores go by document
            order, then by passage number.

        Raises:
            ValueError: As `ask`.
        """
        if not isinstance(question, str):
            raise ValueError(f"question must be a string, got {type(question).__name__}")
        view = self._view(_caller(groups))
        # The index breaks ties by position, which an update changes; so when the
        # k-th score is shared, fetch more until the tie is whole, then sort.
        n = k
        while True:
            results = view.index.search(question, k=n)
            if len(results) < n or results[-1][1] != results[k - 1][1]:
                break
            n *= 2

        def order(item: tuple[int, float]) -> tuple[float, int, int]:
            passage = view.owner[item[0]]
            return (-item[1], self._rank[passage.doc_id], passage.number)

        return [(view.owner[p], score) for p, score in sorted(results, key=order)[:k]]

    # --8<-- [end:ask]
