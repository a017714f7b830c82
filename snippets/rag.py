"""A small retrieval-augmented knowledge base: grounded, cited, permission-aware.

Used by the walk-through "RAG step by step" (``docs/rag.md``) at build time and
by the playground (``docs/demos/rag.md``) in the reader's browser, where
`playground_ask` and `demo_documents` are called through Pyodide.

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

Copy this file with ``snippets/tfidf.py`` and ``snippets/bm25.py``: it imports
nothing outside the standard library and those two.
"""

from __future__ import annotations

import json
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from snippets.bm25 import Bm25Index
from snippets.tfidf import TfidfIndex, tokenize

__all__ = [
    "NO_ANSWER",
    "Answer",
    "Citation",
    "Document",
    "KnowledgeBase",
    "Passage",
    "chunk",
    "compose",
    "coverage",
    "demo_documents",
    "demo_questions",
    "load_demo_kb",
    "load_document",
    "playground_ask",
    "pricing_versions",
    "topic_weights",
]

DATA = Path(__file__).parent / "data"
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
        ValueError: If a field has the wrong type or ``id`` is empty.

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
        for name in ("id", "title", "text", "source"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise ValueError(f"document {name} must be a string, got {type(value).__name__}")
        if not self.id.strip():
            raise ValueError("document id must not be empty")
        groups = self.allowed_groups
        if isinstance(groups, str) or not isinstance(groups, Iterable):
            raise ValueError("allowed_groups must be a set of group names, not a single string")
        groups = frozenset(groups)
        if not all(isinstance(g, str) and g for g in groups):
            raise ValueError("allowed_groups must contain only non-empty strings")
        object.__setattr__(self, "allowed_groups", groups)

    def visible_to(self, groups: frozenset[str]) -> bool:
        """Whether a caller who belongs to ``groups`` may read this document."""
        return not self.allowed_groups or not self.allowed_groups.isdisjoint(groups)


# --8<-- [end:document]


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

    Example:
        >>> heading("## Refunds ##"), heading("#hashtag"), heading("####### seven")
        ('Refunds', None, None)
    """
    hashes = len(line) - len(line.lstrip("#"))
    if not 1 <= hashes <= 6 or not line[hashes : hashes + 1].isspace():
        return None
    return line[hashes:].strip().rstrip("#").rstrip()


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(`])")


def _pieces(paragraph: str, cap: int) -> list[str]:
    """Cut one paragraph into pieces of at most ``cap`` characters, by sentence
    and, for a sentence longer than ``cap``, by word."""
    if len(paragraph) <= cap:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for sentence in SENTENCE_END.split(paragraph):
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
    same heading are joined while they fit in ``max_chars``;
    a longer paragraph is cut between sentences (and, if need be, words). Every
    passage text is at most ``max_chars`` long and empty passages are dropped.

    Args:
        doc_id: The document id each passage keeps.
        text: The document body.
        max_chars: The size cap of a passage, at least 40 characters.

    Returns:
        The passages in reading order, numbered from 0.

    Raises:
        ValueError: If ``max_chars`` is below 40 or not a whole number.

    Example:
        ```python
        from snippets.rag import chunk

        text = "# Prices\\n\\n## Team\\n\\nThe Team plan costs 14 euros.\\n\\n## Trial\\n30 days."
        assert [(p.section, p.text) for p in chunk("pricing", text)] == [
            ("Team", "The Team plan costs 14 euros."),
            ("Trial", "30 days."),
        ]
        ```
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


# Question words that carry no topic: ignored when picking answer sentences and
# when checking that a passage is relevant enough (the index still sees them).
STOP_WORDS = frozenset(
    tokenize(
        """about an and any are as at be been by can could do does did for from get got
        had has have how if in into is it its many me much my no not of on or our so
        than that the their them then there these they this those to up was we were
        what when where which who whom why will with within would you your"""
    )
)


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
            must contain for the answer to count as grounded.
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
            ValueError: If it is not a `Document` or its id is taken.
        """
        if not isinstance(document, Document):
            raise ValueError(f"expected a Document, got {type(document).__name__}")
        if document.id in self._documents:
            raise ValueError(f"a document with id {document.id!r} exists: use update()")
        self._store(document)

    def update(self, document: Document) -> None:
        """Replace the document with the same id (text, title, groups may change).

        Raises:
            KeyError: If no document has that id.
        """
        if not isinstance(document, Document):
            raise ValueError(f"expected a Document, got {type(document).__name__}")
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
        if isinstance(groups, str):
            raise ValueError("groups must be a set of group names, not a single string")
        self._view(frozenset(groups))

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
        if not isinstance(question, str):
            raise ValueError(f"question must be a string, got {type(question).__name__}")
        if isinstance(groups, str):
            raise ValueError("groups must be a set of group names, not a single string")
        caller = frozenset(groups)
        hidden = sum(1 for d in self._documents.values() if not d.visible_to(caller))
        topic = topic_weights(question, self._view(caller).index.idf)
        relevant = [
            (passage, score)
            for passage, score in self.search(question, groups=caller, k=k)
            if coverage(topic, passage) >= self.min_coverage
        ]
        if not relevant:
            return Answer(question, NO_ANSWER, [], False, hidden)
        citations = [
            Citation(
                doc_id=passage.doc_id,
                title=self._documents[passage.doc_id].title,
                passage=passage.text,
                score=score,
                source=self._documents[passage.doc_id].source,
                section=passage.section,
            )
            for passage, score in relevant
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
        if isinstance(groups, str):
            raise ValueError("groups must be a set of group names, not a single string")
        view = self._view(frozenset(groups))
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


# --8<-- [start:grounding]
def topic_weights(question: str, idf: Callable[[str], float]) -> dict[str, float]:
    """The question's topic words (stop words left out), weighted by rarity.

    A word that no visible passage contains (``idf`` 0) weighs as much as the
    rarest known word: a question about something the documents never mention
    is not covered by any passage, so it is not answered.

    Args:
        question: The question.
        idf: The inverse document frequency of a word in the caller's view.

    Returns:
        ``{word: weight}``, empty if the question has no topic word.
    """
    terms = {t for t in tokenize(question) if t not in STOP_WORDS}
    known = {t: idf(t) for t in terms}
    ceiling = max(known.values(), default=0.0) or 1.0
    return {t: (w if w > 0 else ceiling) for t, w in known.items()}


def coverage(topic: Mapping[str, float], passage: Passage) -> float:
    """The share (0 to 1) of the topic weight whose words ``passage`` contains.

    The heading counts as part of the passage. This is the relevance threshold's
    measure: it means the same for TF-IDF, BM25 and SQLite scores.
    """
    total = sum(topic.values())
    if total == 0:
        return 0.0
    words = set(tokenize(f"{passage.section}\n{passage.text}"))
    return sum(w for t, w in topic.items() if t in words) / total


def compose(topic: Mapping[str, float], passage: Passage) -> str:
    """The answer text: the two best-matching sentences of ``passage``, in reading order.

    A sentence's weight is the topic weight of the words it shares with the
    question; ties go to the earlier sentence. Sentences sharing no topic word
    are left out, unless none shares one (the heading matched): then the first.
    """
    sentences = SENTENCE_END.split(passage.text.replace("\n\n", " "))
    weights = []
    for number, sentence in enumerate(sentences):
        words = set(tokenize(sentence))
        weights.append((-sum(w for t, w in topic.items() if t in words), number))
    best = sorted(n for _, n in sorted(weights)[:2] if weights[n][0] < 0) or [0]
    return " ".join(sentences[n] for n in best) + " [1]"


# --8<-- [end:grounding]


# --8<-- [start:demo]
def _parse(path: Path) -> tuple[dict[str, str], str]:
    """Split a Markdown file into its ``key: value`` front matter and its body."""
    raw = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    if raw.startswith("---\n"):
        head, _, raw = raw[4:].partition("\n---\n")
        for line in head.splitlines():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    return meta, raw


def load_document(path: Path) -> Document:
    """Read one Markdown file with ``id``, ``title`` and ``groups`` front matter.

    ``groups`` is a comma-separated list; empty means public. The source is the
    path relative to ``snippets/data/`` when the file lives there.
    """
    meta, body = _parse(path)
    groups = frozenset(g.strip() for g in meta.get("groups", "").split(",") if g.strip())
    try:
        source = path.relative_to(DATA).as_posix()
    except ValueError:
        source = path.as_posix()
    return Document(meta["id"], meta["title"], body.strip(), source, groups)


def pricing_versions() -> list[str]:
    """The versions of the demo pricing page, oldest first (``"2026-01"``, ...)."""
    return sorted(p.stem for p in (DATA / "pricing").glob("*.md"))


def load_demo_kb(version: str = "2026-10", *, ranking: Ranking = "tfidf") -> KnowledgeBase:
    """The knowledge base of the fictional company Tallybird from ``snippets/data/``.

    Args:
        version: Which pricing page to include (see `pricing_versions`).
        ranking: ``"tfidf"`` or ``"bm25"``.

    Raises:
        ValueError: If there is no pricing page of that version.
    """
    if version not in pricing_versions():
        raise ValueError(f"no pricing version {version!r}; choose one of {pricing_versions()}")
    documents = [load_document(p) for p in sorted((DATA / "kb").glob("*.md"))]
    documents.insert(0, load_document(DATA / "pricing" / f"{version}.md"))
    return KnowledgeBase(documents, ranking=ranking)


# --8<-- [end:demo]


def demo_questions() -> list[dict[str, Any]]:
    """The demo questions of ``snippets/data/questions.json`` with what they expect."""
    data = json.loads((DATA / "questions.json").read_text(encoding="utf-8"))
    questions: list[dict[str, Any]] = data["questions"]
    return questions


PUBLIC = "public"


def demo_documents(version: str = "2026-10") -> dict[str, Any]:
    """The demo corpus as JSON-friendly data, for the browser playground.

    Returns:
        ``{"documents": [{id, title, text, source, allowed_groups}, ...],
        "groups": ["public", "engineering", "hr"]}``; ``allowed_groups`` is a
        sorted list (empty: public) and ``"public"`` in ``groups`` stands for
        a caller in no group.
    """
    kb = load_demo_kb(version)
    documents = [
        {
            "id": d.id,
            "title": d.title,
            "text": d.text,
            "source": d.source,
            "allowed_groups": sorted(d.allowed_groups),
        }
        for d in kb.documents
    ]
    groups = sorted({g for d in kb.documents for g in d.allowed_groups})
    return {"documents": documents, "groups": [PUBLIC, *groups]}


# --8<-- [start:playground]
MAX_DOCUMENTS = 50
MAX_TEXT_CHARS = 50_000
MAX_QUESTION_CHARS = 500


def _document_from(item: object, number: int) -> Document:
    """Check one JSON document of the playground and make it a `Document`."""
    where = f"document {number + 1}"
    if not isinstance(item, Mapping):
        raise ValueError(f"{where} must be an object with id, title and text")
    missing = [key for key in ("id", "title", "text") if key not in item]
    if missing:
        raise ValueError(f"{where} is missing {', '.join(missing)}")
    for key in ("id", "title", "text", "source"):
        if not isinstance(item.get(key, ""), str):
            raise ValueError(f"{where}: {key} must be text")
    if not str(item["id"]).strip():
        raise ValueError(f"{where}: id must not be empty")
    if len(item["text"]) > MAX_TEXT_CHARS:
        name = f"The document {item['title'][:80]!r}"
        raise ValueError(f"{name} is longer than {MAX_TEXT_CHARS:,} characters: shorten it.")
    groups = item.get("allowed_groups", [])
    if not isinstance(groups, list) or not all(isinstance(g, str) and g for g in groups):
        raise ValueError(f"{where}: allowed_groups must be a list of group names")
    if PUBLIC in groups:
        raise ValueError(f"{where}: leave allowed_groups empty to make a document public")
    return Document(
        item["id"], item["title"], item["text"], item.get("source", ""), frozenset(groups)
    )


def playground_ask(
    question: str, group: str, documents: list[dict[str, Any]], ranking: str = "tfidf"
) -> dict[str, Any]:
    """Build a knowledge base from JSON documents and answer one question.

    The browser playground calls this through Pyodide with what the reader typed.

    Args:
        question: The reader's question (1 to 500 characters).
        group: ``"public"`` for a caller in no group, or one group name.
        documents: Up to 50 objects with ``id``, ``title``, ``text``, optional
            ``source`` and ``allowed_groups`` (a list; empty means public).
        ranking: ``"tfidf"`` or ``"bm25"``.

    Returns:
        ``{"question", "answer", "grounded", "citations": [{doc_id, title,
        section, passage, score, source}], "filtered_out", "visible_documents",
        "ranking", "timing": {"index_ms", "ask_ms"}}``.

    Raises:
        ValueError: With a message meant for the reader, on any bad input.

    Example:
        ```python
        from snippets.rag import demo_documents, playground_ask

        demo = demo_documents()
        result = playground_ask("How long is the free trial?", "public", demo["documents"])
        assert result["grounded"] and "30 days" in result["answer"]
        ```
    """
    if not isinstance(question, str) or not question.strip():
        raise ValueError("Type a question first.")
    if len(question) > MAX_QUESTION_CHARS:
        raise ValueError(f"Keep the question under {MAX_QUESTION_CHARS} characters.")
    if not isinstance(group, str) or not group.strip():
        raise ValueError("Choose a group ('public' for no group).")
    if ranking not in ("tfidf", "bm25"):
        raise ValueError(f"ranking must be 'tfidf' or 'bm25', got {ranking!r}")
    if not isinstance(documents, list):
        raise ValueError("documents must be a list")
    if len(documents) > MAX_DOCUMENTS:
        raise ValueError(f"Use at most {MAX_DOCUMENTS} documents.")
    parsed = [_document_from(item, n) for n, item in enumerate(documents)]
    ids = [d.id for d in parsed]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"Two documents share the id {duplicates[0]!r}.")
    caller = frozenset() if group == PUBLIC else frozenset({group})

    start = time.perf_counter()
    kb = KnowledgeBase(parsed, ranking="bm25" if ranking == "bm25" else "tfidf")
    kb.warm(caller)
    indexed = time.perf_counter()
    answer = kb.ask(question.strip(), groups=caller)
    done = time.perf_counter()
    return {
        "question": answer.question,
        "answer": answer.text,
        "grounded": answer.grounded,
        "citations": [
            {
                "doc_id": c.doc_id,
                "title": c.title,
                "section": c.section,
                "passage": c.passage,
                "score": round(c.score, 4),
                "source": c.source,
            }
            for c in answer.citations
        ],
        "filtered_out": answer.filtered_out,
        "visible_documents": len(parsed) - answer.filtered_out,
        "ranking": kb.ranking,
        "timing": {
            "index_ms": round((indexed - start) * 1000, 2),
            "ask_ms": round((done - indexed) * 1000, 2),
        },
    }


# --8<-- [end:playground]
