"""The fine-tuning stand-in and the comparison of docs/finetune.md: how long they take.

Goals (issue 6): training and the whole comparison fast enough that the page's
build-time experiments add little to ``mkdocs build`` (the build must stay within
2x of a build without them), and that the reader's rerun takes seconds in Pyodide.
Printed: CPython timings (best of a few runs), the build's time with the page's
share of it, and the in-browser rerun (cold: Python boot included; warm: a
second run). ``BENCH_SITE=/path/to/site`` reuses a built site instead of building.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from snippets.compare import (
    behaviour_experiment,
    both_experiment,
    fact_pairs,
    facts_experiment,
    load_tickets,
    run_all,
)
from snippets.finetune import fine_tune, train
from tests.benchmarks.bench_retrieval import best_of as best_of_five

best_of = functools.partial(best_of_five, repeat=3)

ROOT = Path(__file__).resolve().parents[2]


def cpython_rows() -> tuple[list[tuple[str, float, str]], float]:
    train_set, _ = load_tickets()
    tickets = [(t["text"], t["category"]) for t in train_set]
    old, new = fact_pairs([], after=False), fact_pairs(["team-annual"], after=True)
    base = train(old, epochs=5)

    def page() -> None:
        facts_experiment()
        behaviour_experiment()
        both_experiment()

    page_seconds = best_of(page)
    rows = [
        ("train: 480 tickets, 5 epochs (category)", best_of(lambda: train(tickets, epochs=5)), ""),
        ("fine_tune: 84 fact pairs, 5 epochs", best_of(lambda: fine_tune(base, new, epochs=5)), ""),
        ("experiment 1 (facts)", best_of(facts_experiment), ""),
        ("experiment 2 (tickets, with learning curve)", best_of(behaviour_experiment), ""),
        ("experiment 3 (both)", best_of(both_experiment), ""),
        ("the page's three build-time blocks", page_seconds, "a few seconds at most"),
        ("run_all() with the defaults (the browser's call)", best_of(run_all), ""),
    ]
    return rows, page_seconds


def build(dest: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(dest)],
        cwd=ROOT,
        capture_output=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return time.perf_counter() - start


def browser_rows(site: Path) -> list[tuple[str, float, str]]:
    from playwright.sync_api import sync_playwright

    from tests.benchmarks.bench_browser_rag import serve
    from tests.conftest import CHROMIUM_ARGS, find_chromium

    rows = []
    with serve(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_context().new_page()
        page.goto(url + "finetune/", wait_until="load")
        form = page.locator("[data-demo=finetune]")
        for label in ("cold (Python boot included)", "warm (second run)"):
            form.locator(".demo-output").evaluate("node => node.replaceChildren()")
            start = time.perf_counter()
            form.get_by_role("button", name="Run the experiments").click()
            form.locator(".demo-output table").first.wait_for(timeout=300_000)
            seconds = time.perf_counter() - start
            note = form.locator(".demo-output p").first.inner_text()
            python_ms = re.search(r"\((\d+) ms in Python\)", note)
            rows.append((f"browser rerun, defaults, {label}", seconds, "seconds"))
            if python_ms:
                rows.append(
                    (f"  of which run_all in Pyodide ({label})", int(python_ms[1]) / 1000, "")
                )
        browser.close()
    return rows


def main() -> None:
    rows, page_seconds = cpython_rows()
    given = os.environ.get("BENCH_SITE")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(given) if given else Path(tmp) / "site"
        if not given:
            seconds = build(site)
            without = seconds - page_seconds
            rows.append(("mkdocs build (whole site)", seconds, ""))
            rows.append(
                (
                    "  build / build without this page's blocks",
                    seconds / without,
                    "<= 2 (a ratio, not seconds)",
                )
            )
        rows += browser_rows(site)
    print("| what | seconds | goal |")
    print("| --- | ---: | --- |")
    for name, value, goal in rows:
        print(f"| {name} | {value:.3f} | {goal} |")


if __name__ == "__main__":
    main()
