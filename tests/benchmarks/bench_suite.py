"""Test-suite time by kind, then the whole suite as ``make test`` runs it.

Each kind runs in its own pytest process, one test at a time, and pays for its
own fixtures as it would when run alone: the docs, site and browser kinds each
build the shared site once (the site kind also builds the reproducibility check's
second site, the sub-path site and the contributor loop's copy). The sum of the
kinds is therefore more than one ``make test``. The last row is one run of
everything on every core (``-n auto --dist worksteal``, as ``make test`` without
coverage), whose "passed in" figure is the one held under 5 minutes. No goal is
asserted: the figures show where the suite's time goes. The kinds and their
paths are in ``KINDS``.
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


def run(paths: list[str], *options: str) -> tuple[float, str]:
    """Seconds and pytest's summary line for one kind."""
    existing = [p for p in paths if (ROOT / p).exists()]
    if not existing:
        return 0.0, "no such folder"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options, *existing],
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
    everything = [p for paths in KINDS.values() for p in paths]
    seconds, summary = run(everything, "-n", "auto", "--dist", "worksteal")
    print(f"| everything, on every core | -n auto --dist worksteal | {seconds:.1f} | {summary} |")


if __name__ == "__main__":
    main()
