"""The RAG knowledge base on SQLite FTS5: a real, embedded search engine.

Used by the walk-through "RAG step by step" (``docs/rag.md``) as the step after
the in-memory index of `snippets.rag`. It has the same interface
(``add``, ``update``, ``remove``, ``documents``, ``ask``) and returns the same
`snippets.rag.Answer`, but the passages live in SQLite, which ships
with Python: FTS5 keeps the inverted index on disk (or in memory) and ranks
with its built-in ``bm25()``.

Safety in the SQL:

* every value goes in as a ``?`` parameter, never into the SQL text;
* the reader's question never reaches FTS5's query language as typed: it is
  cut into words by `snippets.tfidf.tokenize` and each word is quoted as
  a phrase, so ``"``, ``AND``, ``NEAR`` or ``*`` are plain words;
* the permission check is part of the ranking query itself (a ``WHERE`` on the
  document's groups), and, as in `snippets.rag`, each distinct set of
  caller groups ranks in its own FTS5 table of only the passages it may see,
  because FTS5's ``bm25()`` takes its statistics from the whole table.

FTS5 is compiled into the SQLite of CPython's official builds, of most Linux
distributions and of Pyodide's standard library (so this file runs in the
browser too); `fts5_available` checks.

Copy it with ``snippets/rag.py`` and the four files that one needs
(``snippets/chunking.py``, ``snippets/grounding.py``, ``snippets/tfidf.py``,
``snippets/bm25.py``).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable

from snippets.chunking import Passage, chunk
from snippets.grounding import compose, coverage, topic_weights
from snippets.rag import NO_ANSWER, Answer, Citation, Document
from snippets.tfidf import tokenize

__all__ = ["SqliteKnowledgeBase", "fts5_available", "fts_query"]


def _json(groups: frozenset[str]) -> str:
    return json.dumps(sorted(groups))


def fts5_available() -> bool:
    """Whether the ``sqlite3`` module's SQLite was built with FTS5."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()
    return True


# --8<-- [start:query]
def fts_query(text: str) -> str:
    """Turn reader text into a safe FTS5 query: quoted words joined by ``OR``.

    Args:
        text: Anything a reader typed.

    Returns:
        An FTS5 ``MATCH`` expression, or ``""`` when the text has no word.

    Example:
        ```python
        from snippets.rag_sqlite import fts_query

        assert fts_query('refund AND "annual" NEAR(x*') == '"refund" OR "and" OR "annual" OR "near"'
        ```
    """
    words = dict.fromkeys(tokenize(text))  # unique, in order
    return " OR ".join('"' + word.replace('"', '""') + '"' for word in words)


# --8<-- [end:query]

SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL,
    source TEXT NOT NULL, rank INTEGER NOT NULL
);
CREATE TABLE allowed (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    grp TEXT NOT NULL
);
CREATE TABLE passages (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL, section TEXT NOT NULL, text TEXT NOT NULL
);
"""

# A document is visible when it has no allowed group or shares one with the
# caller, whose groups come in as one parameter: a JSON array of names.
VISIBLE = """(
    NOT EXISTS (SELECT 1 FROM allowed a WHERE a.doc_id = {doc})
    OR EXISTS (SELECT 1 FROM allowed a WHERE a.doc_id = {doc}
               AND a.grp IN (SELECT value FROM json_each(?)))
)"""


class SqliteKnowledgeBase:
    """Documents in SQLite, passages in FTS5, answers as in `snippets.rag`.

    Args:
        documents: The initial documents.
        path: The database file; ``":memory:"`` (the default) keeps it in memory.
        max_passage_chars: The size cap of a passage.
        min_coverage: The relevance threshold (see `snippets.rag.KnowledgeBase`).
        max_views: How many per-group FTS5 tables to keep.

    Raises:
        RuntimeError: If this SQLite was built without FTS5.
        ValueError: On a bad parameter or two documents with the same id.

    Example:
        ```python
        from snippets.rag import Document
        from snippets.rag_sqlite import SqliteKnowledgeBase

        with SqliteKnowledgeBase([Document("p", "Pricing", "Team costs 14 euros.")]) as kb:
            assert "14 euros" in kb.ask("What does Team cost?").text
        ```
    """

    def __init__(
        self,
        documents: Iterable[Document] = (),
        *,
        path: str = ":memory:",
        max_passage_chars: int = 600,
        min_coverage: float = 0.5,
        max_views: int = 16,
    ) -> None:
        if not fts5_available():
            raise RuntimeError("this Python's SQLite has no FTS5; use snippets.rag instead")
        if not 0 <= min_coverage <= 1:
            raise ValueError(f"min_coverage must be between 0 and 1, got {min_coverage!r}")
        if isinstance(max_views, bool) or not isinstance(max_views, int) or max_views < 1:
            raise ValueError(f"max_views must be a whole number >= 1, got {max_views!r}")
        chunk("check", "", max_passage_chars)  # validates the cap
        self.max_passage_chars = max_passage_chars
        self.min_coverage = min_coverage
        self.max_views = max_views
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA foreign_keys = ON")
        self._db.executescript(SCHEMA)
        self._views: OrderedDict[frozenset[str], str] = OrderedDict()  # groups -> table
        self._next_view = 0
        for document in documents:
            self.add(document)

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> SqliteKnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def documents(self) -> tuple[Document, ...]:
        """All documents, in the order they were first added."""
        rows = self._db.execute("SELECT id, title, text, source FROM documents ORDER BY rank")
        return tuple(Document(i, t, x, s, self._groups_of(i)) for i, t, x, s in rows.fetchall())

    def _groups_of(self, doc_id: str) -> frozenset[str]:
        rows = self._db.execute("SELECT grp FROM allowed WHERE doc_id = ?", (doc_id,))
        return frozenset(g for (g,) in rows)

    def _exists(self, doc_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None

    def add(self, document: Document) -> None:
        """Add a new document; it is searchable at once.

        Raises:
            ValueError: If it is not a `snippets.rag.Document` or its id is taken.
        """
        if not isinstance(document, Document):
            raise ValueError(f"expected a Document, got {type(document).__name__}")
        if self._exists(document.id):
            raise ValueError(f"a document with id {document.id!r} exists: use update()")
        self._store(document)

    def update(self, document: Document) -> None:
        """Replace the document with the same id.

        Raises:
            KeyError: If no document has that id.
        """
        if not isinstance(document, Document):
            raise ValueError(f"expected a Document, got {type(document).__name__}")
        if not self._exists(document.id):
            raise KeyError(f"no document with id {document.id!r}: use add()")
        self._store(document)

    def remove(self, doc_id: str) -> None:
        """Remove a document and its passages.

        Raises:
            KeyError: If no document has that id.
        """
        if not self._exists(doc_id):
            raise KeyError(f"no document with id {doc_id!r}")
        with self._db:
            for table in self._views.values():
                self._db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
            self._db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def _store(self, document: Document) -> None:
        passages = chunk(document.id, document.text, self.max_passage_chars)
        with self._db:  # one transaction: readers never see half a change
            row = self._db.execute("SELECT rank FROM documents WHERE id = ?", (document.id,))
            old = row.fetchone()
            if old is None:
                rank = self._db.execute("SELECT coalesce(max(rank), -1) + 1 FROM documents")
                position = rank.fetchone()[0]
            else:
                position = old[0]
            self._db.execute("DELETE FROM documents WHERE id = ?", (document.id,))
            self._db.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?)",
                (document.id, document.title, document.text, document.source, position),
            )
            self._db.executemany(
                "INSERT INTO allowed VALUES (?, ?)",
                [(document.id, g) for g in sorted(document.allowed_groups)],
            )
            self._db.executemany(
                "INSERT INTO passages VALUES (?, ?, ?, ?)",
                [(p.doc_id, p.number, p.section, p.text) for p in passages],
            )
            for groups, table in self._views.items():
                self._db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (document.id,))
                if document.visible_to(groups):
                    self._fill(table, groups, document.id)

    def _fill(self, table: str, groups: frozenset[str], doc_id: str | None = None) -> None:
        """Copy the passages ``groups`` may see (of one document, or all) into ``table``."""
        only = "AND p.doc_id = ?" if doc_id is not None else ""
        self._db.execute(
            f"INSERT INTO {table} (doc_id, number, section, text) "
            f"SELECT p.doc_id, p.number, p.section, p.text FROM passages p "
            f"JOIN documents d ON d.id = p.doc_id "
            f"WHERE {VISIBLE.format(doc='p.doc_id')} {only} ORDER BY d.rank, p.number",
            (_json(groups), doc_id) if doc_id is not None else (_json(groups),),
        )

    def _view(self, groups: frozenset[str]) -> str:
        table = self._views.get(groups)
        if table is None:
            table = f"view_{self._next_view}"  # our own counter: no reader text in SQL
            self._next_view += 1
            with self._db:
                self._db.execute(
                    f"CREATE VIRTUAL TABLE {table} USING fts5("
                    "section, text, doc_id UNINDEXED, number UNINDEXED)"
                )
                self._fill(table, groups)
            self._views[groups] = table
            if len(self._views) > self.max_views:
                _, dropped = self._views.popitem(last=False)
                self._db.execute(f"DROP TABLE {dropped}")
        self._views.move_to_end(groups)
        return table

    def _idf(self, table: str, word: str) -> float:
        """BM25's idf of ``word`` in one view (0.0 if no passage has it)."""
        n = self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        df = self._db.execute(
            f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", (fts_query(word),)
        ).fetchone()[0]
        return math.log(1 + (n - df + 0.5) / (df + 0.5)) if df else 0.0

    # --8<-- [start:ask]
    def ask(self, question: str, *, groups: Iterable[str] = frozenset(), k: int = 3) -> Answer:
        """Answer ``question`` from the documents a member of ``groups`` may see.

        Same contract as `snippets.rag.KnowledgeBase.ask`; scores are
        FTS5's ``bm25()`` with the sign flipped, so higher is better.
        """
        if not isinstance(question, str):
            raise ValueError(f"question must be a string, got {type(question).__name__}")
        if isinstance(groups, str):
            raise ValueError("groups must be a set of group names, not a single string")
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be a whole number >= 1, got {k!r}")
        caller = frozenset(groups)
        table = self._view(caller)
        hidden = self._db.execute(
            f"SELECT count(*) FROM documents d WHERE NOT {VISIBLE.format(doc='d.id')}",
            (_json(caller),),
        ).fetchone()[0]
        match = fts_query(question)
        rows = []
        if match:
            rows = self._db.execute(
                f"SELECT v.doc_id, v.number, v.section, v.text, -bm25({table}) AS score,"
                f" d.title, d.source FROM {table} v JOIN documents d ON d.id = v.doc_id"
                f" WHERE {table} MATCH ? AND {VISIBLE.format(doc='v.doc_id')}"
                f" ORDER BY bm25({table}), d.rank, v.number LIMIT ?",
                (match, _json(caller), k),
            ).fetchall()
        topic = topic_weights(question, lambda word: self._idf(table, word))
        relevant = []
        for doc_id, number, section, text, score, title, source in rows:
            passage = Passage(doc_id, number, section, text)
            if coverage(topic, passage) >= self.min_coverage:
                relevant.append((passage, Citation(doc_id, title, text, score, source, section)))
        if not relevant:
            return Answer(question, NO_ANSWER, [], False, hidden)
        text = compose(topic, relevant[0][0])
        return Answer(question, text, [c for _, c in relevant], True, hidden)

    # --8<-- [end:ask]
