"""Demo glue: the documents and questions of Tallybird, the fictional company the pages ask.

Tallybird's knowledge base is eight Markdown files under ``snippets/data/``:
seven in ``kb/`` and a pricing page in three versions under ``pricing/``
(prices change). Each file starts with ``id``, ``title`` and ``groups`` front
matter; ``groups`` lists who may read it (empty: everyone). The questions the
pages ask of it, with what each answer must contain, are
``snippets/data/questions.json``.

Used by the RAG walk-through, the playground and the experiment pages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from snippets.rag import Document, KnowledgeBase, Ranking

DATA = Path(__file__).resolve().parent.parent / "data"
PUBLIC = "public"  # the playground's name for a caller in no group
LATEST = "2026-10"


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
        source = path.resolve().relative_to(DATA).as_posix()
    except ValueError:
        source = path.as_posix()
    return Document(meta["id"], meta["title"], body.strip(), source, groups)


def pricing_versions() -> list[str]:
    """The versions of the pricing page, oldest first.

    >>> pricing_versions()
    ['2026-01', '2026-05', '2026-10']
    """
    return sorted(p.stem for p in (DATA / "pricing").glob("*.md"))


def documents(version: str = LATEST) -> list[Document]:
    """Tallybird's documents, the pricing page of ``version`` first.

    Raises:
        ValueError: If there is no pricing page of that version.
    """
    if version not in pricing_versions():
        raise ValueError(f"no pricing version {version!r}; choose one of {pricing_versions()}")
    found = [load_document(p) for p in sorted((DATA / "kb").glob("*.md"))]
    return [load_document(DATA / "pricing" / f"{version}.md"), *found]


def load_demo_kb(version: str = LATEST, *, ranking: Ranking = "tfidf") -> KnowledgeBase:
    """Tallybird's knowledge base with the pricing page of ``version``.

    >>> kb = load_demo_kb("2026-05")
    >>> kb.ask("What does the Business plan cost per seat billed annually?").citations[0].doc_id
    'pricing'
    """
    return KnowledgeBase(documents(version), ranking=ranking)


def demo_questions() -> list[dict[str, Any]]:
    """The questions of ``snippets/data/questions.json`` with what they expect."""
    data = json.loads((DATA / "questions.json").read_text(encoding="utf-8"))
    questions: list[dict[str, Any]] = data["questions"]
    return questions


def demo_documents(version: str = LATEST) -> dict[str, Any]:
    """The documents as JSON-friendly data, for the browser playground.

    Returns:
        ``{"documents": [{id, title, text, source, allowed_groups}, ...],
        "groups": ["public", "engineering", "hr"]}``; ``allowed_groups`` is a
        sorted list (empty: public) and ``"public"`` in ``groups`` stands for
        a caller in no group.
    """
    docs = documents(version)
    rows = [
        {
            "id": d.id,
            "title": d.title,
            "text": d.text,
            "source": d.source,
            "allowed_groups": sorted(d.allowed_groups),
        }
        for d in docs
    ]
    groups = sorted({g for d in docs for g in d.allowed_groups})
    return {"documents": rows, "groups": [PUBLIC, *groups]}
