"""The retrieval check ("Check your own documents"): the browser against CPython, and the CLI.

Goals (issue 16): on 1,000 documents (5 MB of text) and 500 questions, reading and
indexing plus checking in the browser within 3x of CPython on the same input, and
under 15 s; the command line at 50,000 documents, with its time and peak memory.

- CPython runs the page's own steps (snippets.demos.check.run_files: plan, read,
  index, check, report, HTML), median of three runs.
- The browser gets the same folder through the page's folder input, after Python has
  started (the demo runs first, and its boot time is printed apart). Phases are read
  from the page's status line: from the click to "Checking questions" (reading the
  files, sending them to the worker, indexing), then to the result on the page
  (checking, the report, rendering). Median of two runs.
- The command line runs as a fresh process on 50,000 generated files of about 1 KB
  (50 MB); peak memory is its maximum resident set size.

``BENCH_SITE=/path/to/site`` reuses a built site instead of building one.
"""

from __future__ import annotations

import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.conftest import CHROMIUM_ARGS, ROOT, _Handler, build_site, find_chromium, serving
from tests.snippets.make_corpus import write_corpus

DOCUMENTS, MEGABYTES, QUESTIONS = 1_000, 5.0, 500
CLI_DOCUMENTS, CLI_MEGABYTES = 50_000, 50.0
WATCH = """() => {
  window.__phases = {};
  const status = document.querySelector('.demo-status');
  new MutationObserver(() => {
    const text = status.textContent;
    const phases = window.__phases;
    const now = performance.now();
    if (text.startsWith('Reading and indexing') && !phases.reading) phases.reading = now;
    if (text.startsWith('Checking questions') && !phases.checking) phases.checking = now;
    if (text.startsWith('Done in')) phases.done = now;
  }).observe(status, { childList: true, characterData: true, subtree: true });
  document.querySelector('button[type=submit]').addEventListener(
    'click', () => (window.__phases.clicked = performance.now()), true);
}"""
DONE = "() => document.querySelector('.demo-status').textContent.startsWith('Done in')"


def files_of(folder: Path) -> list[tuple[str, bytes]]:
    return sorted(
        (f"{folder.name}/{p.relative_to(folder).as_posix()}", p.read_bytes())
        for p in folder.rglob("*")
        if p.is_file()
    )


def cpython(docs: Path, questions: Path) -> tuple[float, float]:
    """Median seconds of the page's Python steps: (read + index, check + report + HTML)."""
    files, asked = files_of(docs), ("questions.csv", questions.read_bytes())
    from snippets.demos import check

    phases = []
    for _ in range(3):
        session = check.start()["session"]
        started = time.perf_counter()
        check._load(session, files, asked)
        indexed = time.perf_counter()
        check.check_questions(session, QUESTIONS + 1)
        check.finish(session)
        phases.append((indexed - started, time.perf_counter() - indexed))
    return statistics.median(p[0] for p in phases), statistics.median(p[1] for p in phases)


def browser(site: Path, docs: Path, questions: Path) -> tuple[float, list[tuple[float, float]]]:
    """Python's boot (ms) and, per run, (read + index, check + render) in seconds."""
    from playwright.sync_api import sync_playwright

    runs = []
    with serving(functools.partial(_Handler, directory=str(site))) as url, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            context = chromium.new_context()
            page = context.new_page()
            page.goto(url + "demos/check-your-documents/", wait_until="load")
            page.get_by_role("button", name="Run the example").click()
            page.wait_for_function(DONE, timeout=300_000)
            boot = float(page.evaluate("pyBridge.status().bootMs"))
            page.get_by_label("A folder, with its subfolders").set_input_files(str(docs))
            page.get_by_label("A CSV or JSON Lines file").set_input_files(str(questions))
            for _ in range(2):
                page.evaluate(WATCH)
                page.get_by_role("button", name="Run", exact=True).click()
                page.wait_for_function(DONE, timeout=600_000)
                p = page.evaluate("window.__phases")
                runs.append(
                    ((p["checking"] - p["clicked"]) / 1000, (p["done"] - p["checking"]) / 1000)
                )
            context.close()
        finally:
            chromium.close()
    return boot, runs


MEASURE_CHILD = """
import resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(result.returncode, elapsed, peak)
print(result.stdout.splitlines()[0] if result.stdout else result.stderr[-500:])
"""


def command_line(folder: Path) -> tuple[int, float, int, str]:
    """(exit status, seconds, peak resident KB, first summary line) of one CLI run."""
    docs, questions = write_corpus(
        folder, documents=CLI_DOCUMENTS, megabytes=CLI_MEGABYTES, questions=QUESTIONS
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURE_CHILD,
            sys.executable,
            "-m",
            "snippets.retrieval_check",
            str(docs),
            str(questions),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    first, second = result.stdout.splitlines()[:2]
    code, seconds, peak = first.split()
    return int(code), float(seconds), int(peak), second


def measure(site: Path, work: Path) -> None:
    docs, questions = write_corpus(
        work / "browser", documents=DOCUMENTS, megabytes=MEGABYTES, questions=QUESTIONS
    )
    size = sum(p.stat().st_size for p in docs.rglob("*") if p.is_file())
    py_index, py_check = cpython(docs, questions)
    boot, runs = browser(site, docs, questions)
    web_index = statistics.median(r[0] for r in runs)
    web_check = statistics.median(r[1] for r in runs)
    py_total, web_total = py_index + py_check, web_index + web_check
    print(f"{DOCUMENTS:,} documents, {size / 1e6:.1f} MB, {QUESTIONS} questions, BM25, k = 5.")
    print(
        f"Browser runs, s: {[(round(a, 1), round(b, 1)) for a, b in runs]}; "
        f"Python boot before them: {boot / 1000:.1f} s\n"
    )
    print("| phase | CPython | browser | browser / CPython | goal |")
    print("| --- | ---: | ---: | ---: | --- |")
    print(
        f"| read and index | {py_index:.1f} s | {web_index:.1f} s | {web_index / py_index:.1f}x | |"
    )
    print(
        f"| check, report, HTML | {py_check:.1f} s | {web_check:.1f} s | "
        f"{web_check / py_check:.1f}x | |"
    )
    ratio = web_total / py_total
    print(
        f"| total | {py_total:.1f} s | {web_total:.1f} s | {ratio:.1f}x | <= 3x "
        f"({'met' if ratio <= 3 else 'not met'}); browser < 15 s "
        f"({'met' if web_total < 15 else 'not met'}) |"
    )

    code, seconds, peak, line = command_line(work / "cli")
    print(f"\nCommand line (fresh process, exit {code}): {line}\n")
    print("| command line | documents | text | time | peak memory |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(
        f"| python -m snippets.retrieval_check | {CLI_DOCUMENTS:,} | {CLI_MEGABYTES:.0f} MB | "
        f"{seconds:.0f} s | {peak / 1e6:.2f} GB |"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        given = os.environ.get("BENCH_SITE")
        site = Path(given) if given else work / "site"
        if not given:
            build_site(site)
        measure(site, work)


if __name__ == "__main__":
    main()
