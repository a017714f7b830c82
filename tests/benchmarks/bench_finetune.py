"""The fine-tuning stand-in and the experiment pages: how long they take.

Goals: the page's build-time experiments add little to ``mkdocs build`` (the build
must stay within 2x of a build without them), and the reader's rerun takes seconds
in Pyodide. Printed: CPython timings (median of repeats, two significant figures),
the build's time with the experiment pages' share of it, and the in-browser rerun
(cold: Python boot included; warm: a second run). ``BENCH_SITE=/path/to/site`` reuses
a built site instead of building.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from snippets.compare import median_seconds
from snippets.demos import (
    evalsets,
    finetune_facts,
    finetune_run,
    finetune_tickets,
    measure,
    retrieval,
)
from snippets.demos import finetune as demo
from snippets.finetune import fine_tune, train
from snippets.triage import TicketModel

ROOT = Path(__file__).resolve().parents[2]
REPEATS = 3


def median(action: object) -> float:
    return median_seconds(action, repeats=REPEATS)  # type: ignore[arg-type]


def cpython_rows() -> tuple[list[tuple[str, float, str]], float]:
    data = evalsets.tickets()
    tickets = [(t["text"], t["category"]) for t in data["train"]]
    old, new = (
        evalsets.training_pairs([], after=False),
        evalsets.training_pairs(["team-annual"], after=True),
    )
    base = train(old, epochs=5)

    def pages() -> None:
        finetune_run.default_run.cache_clear()
        measure.report.cache_clear()
        retrieval.report.cache_clear()
        for name in ("facts", "tickets", "both"):
            demo.page_section(name)
        for name in ("current", "own", "stale", "memory"):
            measure.render_condition(name)
        measure.render_behaviour()
        retrieval.render()

    page_seconds = median(pages)
    rows = [
        ("train: 480 tickets, 6 epochs (category)", median(lambda: train(tickets, epochs=6)), ""),
        ("fine_tune: 84 fact pairs, 5 epochs", median(lambda: fine_tune(base, new, epochs=5)), ""),
        (
            "TicketModel.fit: 480 tickets, 2 rates x 6 epochs, chosen on dev",
            median(lambda: TicketModel.fit(data["train"], data["dev"])),
            "",
        ),
        ("experiment 1 (facts, with its dev choices)", median(finetune_facts.facts_experiment), ""),
        (
            "experiment 2 (tickets, with the learning curve)",
            median(finetune_tickets.tickets_experiment),
            "",
        ),
        (
            "retrieval ablation (12 settings)",
            median(lambda: (retrieval.report.cache_clear(), retrieval.report())),
            "",
        ),
        (
            "the experiment pages' build-time blocks (finetune, measure, retrieval)",
            page_seconds,
            "a few seconds at most",
        ),
        ("rerun() with the defaults (the browser's call)", median(demo.rerun), "seconds"),
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
            form.get_by_role("button", name="Run", exact=True).click()
            form.locator(".demo-output section[data-experiment='3'] table").wait_for(
                timeout=300_000
            )
            seconds = time.perf_counter() - start
            note = form.locator(".demo-output p").first.inner_text()
            python = re.search(r"Python took ([\d.]+) (ms|s)\.", note)
            rows.append((f"browser rerun, defaults, {label}", seconds, "seconds"))
            if python:
                value = float(python[1]) / (1000 if python[2] == "ms" else 1)
                rows.append((f"  of which the experiments in Pyodide ({label})", value, ""))
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
                    "  build / build without the experiment pages' blocks",
                    seconds / without,
                    "<= 2 (a ratio, not seconds)",
                )
            )
        rows += browser_rows(site)
    print(f"Medians of {REPEATS} runs, two significant figures.\n")
    print("| what | seconds | goal |")
    print("| --- | ---: | --- |")
    for name, value, goal in rows:
        print(f"| {name} | {float(f'{value:.2g}'):g} | {goal} |")


if __name__ == "__main__":
    main()
