"""TfidfIndex against scikit-learn on the same texts, at 1k and 10k passages.

Goal (issue 3): queries no slower than scikit-learn's ``transform`` plus a sparse
dot product, thanks to the inverted index. Figures are ratios from one run, so
the machine's speed cancels out.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable

from snippets.tfidf import TfidfIndex


def corpus(n: int) -> list[str]:
    """``n`` real passages: paragraphs of CPython's documentation topics, repeated
    with a seeded shuffle of their sentences when more are needed."""
    from pydoc_data.topics import topics

    base = []
    for text in topics.values():
        base += [p.strip() for p in re.split(r"\n\s*\n", text) if len(p.strip()) > 40]
    rng = random.Random(0)
    out = []
    while len(out) < n:
        for p in base:
            words = p.split()
            if len(out) >= len(base):
                rng.shuffle(words)
            out.append(" ".join(words))
            if len(out) == n:
                break
    return out


QUERIES = [
    "for loop over a sequence",
    "exception handling try except",
    "class inheritance method resolution",
    "lambda function expression",
    "import a module from a package",
    "assignment to a name binds an object",
    "the",
    "string formatting with format specifiers",
]


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(n: int) -> str:
    """One table row: build and query times for ``n`` passages."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = corpus(n)
    build_ours = best_of(lambda: TfidfIndex(texts), repeat=3)
    build_sk = best_of(lambda: TfidfVectorizer().fit_transform(texts), repeat=3)
    index = TfidfIndex(texts)
    for q in QUERIES:  # warm the norm cache, as a served index would be
        index.search(q, k=5)
    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform(texts)

    def ours() -> None:
        for q in QUERIES:
            index.search(q, k=5)

    def theirs() -> None:
        for q in QUERIES:
            scores = (matrix @ vectorizer.transform([q]).T).toarray().ravel()
            scores.argsort()[::-1][:5]

    q_ours = best_of(ours) / len(QUERIES) * 1000
    q_sk = best_of(theirs) / len(QUERIES) * 1000
    ratio = q_ours / q_sk
    return (
        f"| {n:,} | {build_ours:.3f} | {build_sk:.3f} | {q_ours:.2f} | {q_sk:.2f} "
        f"| {ratio:.2f} | {'met' if ratio <= 1.0 else 'not met'} |"
    )


def main() -> None:
    print(
        "| passages | build: ours (s) | build: sklearn (s) | query: ours (ms) "
        "| query: sklearn (ms) | query ratio ours/sklearn | goal <= 1.0 |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for n in (1_000, 10_000):
        print(measure(n))
