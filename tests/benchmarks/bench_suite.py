"""Test-suite time by kind: pytest run once per kind, each in its own process.

Each kind pays for its own fixtures (the site kinds and the browser kind each
build the site once), as it would when run alone; the total is therefore more
than one ``make test``, which builds once. No goal: the figures show where the
suite's time goes. The kinds and their paths are in ``KINDS``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KINDS = {
    "snippets": ["tests/snippets", "snippets"],  # unit, property, oracle; docstring fences
    "docs": ["tests/docs", "docs", "README.md"],  # fence checks; every Python fence in the docs
    "site": ["tests/site"],  # strict build, links, third-party URLs, reproducibility
    "browser": ["tests/browser"],  # every page in Chromium, axe-core, the demos
    "pyodide": ["tests/pyodide"],  # the snippets under real Pyodide (Node)
}


def run(paths: list[str]) -> tuple[float, str]:
    """Seconds and pytest's summary line for one kind."""
    existing = [p for p in paths if (ROOT / p).exists()]
    if not existing:
        return 0.0, "no such folder"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *existing],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    lines = [ln for ln in done.stdout.splitlines() if re.search(r"\d+ (passed|failed|error)", ln)]
    summary = lines[-1].strip("= ") if lines else f"exit {done.returncode}"
    return seconds, summary


def main() -> None:
    print("| kind | paths | seconds | pytest says |")
    print("| --- | --- | ---: | --- |")
    total = 0.0
    for kind, paths in KINDS.items():
        seconds, summary = run(paths)
        total += seconds
        print(f"| {kind} | {' '.join(paths)} | {seconds:.1f} | {summary} |", flush=True)
    print(f"| all kinds, one after another | | {total:.1f} | |")


if __name__ == "__main__":
    main()
