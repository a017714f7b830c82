"""Bm25Index against bm25s, and what a knowledge-base update costs, at 1k and 10k passages.

Goals (issue 3): queries no slower than the reference library thanks to the
inverted index; an update whose cost does not grow with the corpus. Figures are
ratios from one run, so the machine's speed cancels out. bm25s gets our tokens
(the same tokenizer for both), and the time to make them counts in its build.
"""

from __future__ import annotations

import time

from snippets.bm25 import Bm25Index
from snippets.rag import Document, KnowledgeBase
from snippets.tfidf import tokenize
from tests.benchmarks.bench_retrieval import QUERIES, best_of, corpus


def bm25_row(n: int) -> str:
    """One row: build and query times of ours and bm25s for ``n`` passages."""
    import bm25s
    import numpy as np

    texts = corpus(n)

    def build_theirs() -> bm25s.BM25:
        retriever = bm25s.BM25(method="lucene", k1=1.5, b=0.75)
        retriever.index([tokenize(t) for t in texts], show_progress=False)
        return retriever

    build_ours = best_of(lambda: Bm25Index(texts), repeat=3)
    build_bm25s = best_of(build_theirs, repeat=3)
    index, retriever = Bm25Index(texts), build_theirs()
    vocabulary = set(retriever.vocab_dict)

    def ours() -> None:
        for q in QUERIES:
            index.search(q, k=5)

    def theirs() -> None:
        for q in QUERIES:
            scores = retriever.get_scores([t for t in tokenize(q) if t in vocabulary])
            top = np.argpartition(-scores, 5)[:5]
            top[np.argsort(-scores[top])]

    q_ours = best_of(ours) / len(QUERIES) * 1000
    q_bm25s = best_of(theirs) / len(QUERIES) * 1000
    ratio = q_ours / q_bm25s
    return (
        f"| {n:,} | {build_ours:.3f} | {build_bm25s:.3f} | {q_ours:.2f} | {q_bm25s:.2f} "
        f"| {ratio:.2f} | {'met' if ratio <= 1.0 else 'not met'} |"
    )


def update_row(n: int) -> tuple[int, float, float]:
    """Time to update one document in a knowledge base of ``n`` one-passage documents
    with two live views, against a rebuild from scratch."""
    texts = corpus(n)
    documents = [Document(f"d{i}", f"Doc {i}", text) for i, text in enumerate(texts)]
    kb = KnowledgeBase(documents)
    kb.warm()
    kb.warm({"hr"})
    changed = Document("d7", "Doc 7", texts[7] + " Prices rise in October.")
    start = time.perf_counter()
    kb.update(changed)
    update_ms = (time.perf_counter() - start) * 1000

    def rebuild() -> None:
        fresh = KnowledgeBase(documents)
        fresh.warm()
        fresh.warm({"hr"})

    rebuild_ms = best_of(rebuild, repeat=1) * 1000
    return n, update_ms, rebuild_ms


def main() -> None:
    print(
        "| passages | build: ours (s) | build: bm25s (s) | query: ours (ms) "
        "| query: bm25s (ms) | query ratio ours/bm25s | goal <= 1.0 |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for n in (1_000, 10_000):
        print(bm25_row(n))
    print()
    print("| documents | update one (ms) | rebuild all (ms) | rebuild / update |")
    print("| ---: | ---: | ---: | ---: |")
    rows = [update_row(n) for n in (1_000, 10_000)]
    for n, update_ms, rebuild_ms in rows:
        print(f"| {n:,} | {update_ms:.3f} | {rebuild_ms:.0f} | {rebuild_ms / update_ms:,.0f}x |")
    growth = rows[1][1] / rows[0][1]
    print(
        f"\nUpdate time grew {growth:.1f}x for 10x the documents "
        f"(goal: about 1x, the cost follows the changed document)."
    )


if __name__ == "__main__":
    main()
