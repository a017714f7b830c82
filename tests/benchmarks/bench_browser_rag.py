"""The RAG playground in Chromium: cold click-to-first-answer against a bare Pyodide boot.

Goals (issue 3): the first answer after a cold click within 1.3x of a bare Pyodide
boot measured on the same page in the same run (so the bridge, the snippets wheel
and the first query add little), and a warm query under 50 ms for the demo corpus.
Also printed: the bytes the reader downloads for Python.

Each cold run uses a fresh browser context (empty cache) on a loopback server of
the built site; the two kinds of run alternate so that machine load hits both.
``BENCH_SITE=/path/to/site`` reuses a built site instead of building one.
"""

from __future__ import annotations

import functools
import os
import statistics
import tempfile
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from tests.conftest import CHROMIUM_ARGS, _Handler, build_site, find_chromium, serving

RUNS = 4
WARM_QUERIES = 15
SETTLE_MS = 1500  # let Material's search worker index the site before timing either

# The reference: a module worker that only boots Pyodide from the site's own copy.
# It is served by the benchmark's server (not part of the site) as a same-origin file,
# like py-worker.mjs; a worker made from a Blob URL boots markedly slower in Chromium
# (about 2x here), which would flatter the playground.
BARE_WORKER_PATH = "/__bench/bare-worker.mjs"
BARE_WORKER = b"""
const dir = new URL("../assets/pyodide/", import.meta.url).href;
const { loadPyodide } = await import(dir + "pyodide.mjs");
await loadPyodide({ indexURL: dir });
postMessage("ready");
"""

BARE_BOOT = """async (path) => {
  const started = performance.now();
  const worker = new Worker(new URL(path, location.href), { type: "module" });
  await new Promise((resolve) => (worker.onmessage = resolve));
  worker.terminate();
  return performance.now() - started;
}"""

WATCH_ANSWER = """() => {
  window.__answers = [];
  document.querySelector("button[type=submit]").addEventListener(
    "click", () => (window.__clicked = performance.now()), true);
  new MutationObserver(() => {
    const meta = document.querySelector("#rag-output .rag-meta");
    if (meta && meta.textContent.startsWith("Computed in your browser")) {
      window.__answers.push(performance.now() - window.__clicked);
    }
  }).observe(document.querySelector("#rag-output"), { childList: true });
}"""


class _BenchHandler(_Handler):
    def do_GET(self) -> None:
        if self.path != BARE_WORKER_PATH:
            super().do_GET()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript")
        self.send_header("Content-Length", str(len(BARE_WORKER)))
        self.end_headers()
        self.wfile.write(BARE_WORKER)


def serve(site: Path) -> AbstractContextManager[str]:
    return serving(functools.partial(_BenchHandler, directory=str(site)))


def bare_boot(browser: Any, url: str) -> float:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url + "demos/rag/", wait_until="load")
        page.wait_for_timeout(SETTLE_MS)
        return float(page.evaluate(BARE_BOOT, BARE_WORKER_PATH))
    finally:
        context.close()


def playground(browser: Any, url: str, site: Path) -> tuple[float, list[float], int]:
    """Cold click-to-first-answer (ms), warm click-to-answer times, bytes for Python."""
    context = browser.new_context()
    loaded: list[str] = []
    try:
        page = context.new_page()
        page.on("requestfinished", lambda request: loaded.append(request.url))
        page.goto(url + "demos/rag/", wait_until="load")
        page.wait_for_timeout(SETTLE_MS)
        page.evaluate(WATCH_ANSWER)
        button = page.get_by_role("button", name="Run", exact=True)
        for n in range(1 + WARM_QUERIES):
            button.click()
            page.wait_for_function(f"window.__answers.length > {n}", timeout=120_000)
        times = page.evaluate("window.__answers")
    finally:
        context.close()
    python = [u for u in loaded if "/assets/pyodide/" in u or u.endswith("py-worker.mjs")]
    size = sum((site / u.removeprefix(url).split("?")[0]).stat().st_size for u in python)
    return times[0], times[1:], size


def measure(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    bare: list[float] = []
    cold: list[float] = []
    warm: list[float] = []
    size = 0
    with serve(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            for run in range(RUNS):
                if run % 2:  # alternate the order, so neither kind always goes first
                    bare.append(bare_boot(browser, url))
                first, later, size = playground(browser, url, site)
                cold.append(first)
                warm += later
                if not run % 2:
                    bare.append(bare_boot(browser, url))
        finally:
            browser.close()
    b, c, w = statistics.median(bare), statistics.median(cold), statistics.median(warm)
    print(f"Median of {RUNS} cold runs each (fresh browser context), {len(warm)} warm queries.")
    print(
        f"Cold runs, ms: bare {[round(x) for x in bare]}, playground {[round(x) for x in cold]}\n"
    )
    print("| measure | value | goal |")
    print("| --- | ---: | --- |")
    print(f"| bare Pyodide boot in a module worker (cold cache) | {b:.0f} ms | reference |")
    print(f"| playground: click Ask to first answer (cold cache) | {c:.0f} ms | |")
    print(f"| ratio first answer / bare boot | {c / b:.2f}x | <= 1.3x |")
    print(f"| warm query, click to answer rendered (median) | {w:.1f} ms | < 50 ms |")
    print(f"| warm query, slowest | {max(warm):.1f} ms | |")
    print(f"| bytes downloaded for Python (runtime, stdlib, wheel, worker) | {size:,} | |")


def main() -> None:
    given = os.environ.get("BENCH_SITE")
    if given:
        measure(Path(given))
        return
    with tempfile.TemporaryDirectory() as tmp:
        build_site(Path(tmp))
        measure(Path(tmp))


if __name__ == "__main__":
    main()
