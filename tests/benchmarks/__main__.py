"""Run every benchmark: ``python -m tests.benchmarks [name ...]`` (what ``make bench`` does).

Each ``tests/benchmarks/bench_*.py`` module has a ``main() -> None`` that prints its
figures as a Markdown table. Nothing is asserted: goals are printed beside the
numbers so a reader sees which are met. pytest does not collect this folder.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(p.stem for p in here.glob("bench_*.py"))
    chosen = [n for n in names if not argv or any(a in n for a in argv)]
    for name in chosen:
        print(f"\n## {name}\n", flush=True)
        start = time.perf_counter()
        importlib.import_module(f"tests.benchmarks.{name}").main()
        print(f"\n({name} ran in {time.perf_counter() - start:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
