"""Lighthouse (npm ``lighthouse``, pinned in package.json) on every page of the nav
(read from ``mkdocs.yml``) and two lesson pages of the Snippets API, with its mobile
and desktop presets.

Goals (issue 14): accessibility, best practices and SEO 100; performance 100 on
desktop and >= 98 on mobile. ``BENCH_PAGES=guide/costs/,finetune/`` measures only
those pages. The site is built with ``site_url`` set to the
loopback server and served gzip-compressed by :func:`bench_weight.serve_gzip`, as
a static host would. Lighthouse drives Debian's Chromium (``CHROME_PATH``); it
downloads no browser. Mobile scores use Lighthouse's simulated slow 4G and 4x CPU
slowdown, so a loaded machine lowers them: the TBT column shows when it did.

Mobile CPU throttling is relative to the machine. Lighthouse slows the CPU by 4x, a
factor its documentation (docs/throttling.md, "Calibrating the CPU slowdown") gives
for a host in the high-end desktop bracket, ``benchmarkIndex`` 1500-2000, and it
advises a higher factor on a faster host and a lower one on a slower host. Each row
shows the ``benchmarkIndex`` Lighthouse measured, and a line under the table gives
the factor that would bring this machine to the middle of that bracket (4 x index /
1750: our linear reading of that advice, not a Lighthouse formula).
``BENCH_CPU_SLOWDOWN=6.5`` runs the mobile preset with that factor instead of 4, so
figures from machines of different speeds can be compared.

A single Lighthouse run varies by several points (its documentation on variability:
the median of five runs is about twice as stable as one run), so each mobile figure
is the median run of ``BENCH_RUNS`` runs (default 3), chosen by Lighthouse's own
``computeMedianRun``; desktop runs once (``BENCH_DESKTOP_RUNS``): its scores vary less.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tests.benchmarks.bench_weight import (
    CHROMIUM_ARGS,
    ROOT,
    bench_port,
    built_site,
    chromium,
    nav_paths,
    serve_gzip,
)

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"


def lighthouse(url: str, preset: str) -> dict[str, Any]:
    """One Lighthouse run; its JSON report."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        command = [
            "node",
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(CHROMIUM_ARGS)}",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        elif slowdown() != LIGHTHOUSE_SLOWDOWN:
            command.append(f"--throttling.cpuSlowdownMultiplier={slowdown()}")
        subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": chromium(), "TMPDIR": tmp},
            check=True,
            capture_output=True,
            timeout=300,
        )
        report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return report


LIGHTHOUSE_SLOWDOWN = 4.0  # Lighthouse's mobile CPU slowdown
BRACKET_MIDDLE = 1750  # benchmarkIndex for which Lighthouse's docs give 4x


def slowdown() -> float:
    """The mobile CPU slowdown (``BENCH_CPU_SLOWDOWN``; Lighthouse's 4 by default)."""
    return float(os.environ.get("BENCH_CPU_SLOWDOWN", LIGHTHOUSE_SLOWDOWN))


def runs(preset: str) -> int:
    """How many runs a figure is the median of (``BENCH_RUNS``, ``BENCH_DESKTOP_RUNS``)."""
    name, default = ("BENCH_DESKTOP_RUNS", 1) if preset == "desktop" else ("BENCH_RUNS", 3)
    return max(1, int(os.environ.get(name, default)))


MEDIAN_RUN = ROOT / "node_modules" / "lighthouse" / "core" / "lib" / "median-run.js"


def median_run(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The representative run, chosen by Lighthouse's own ``computeMedianRun`` (the
    run nearest the median first contentful paint and time to interactive)."""
    if len(reports) == 1:
        return reports[0]
    script = (
        f"import {{computeMedianRun}} from {json.dumps(MEDIAN_RUN.as_uri())};"
        "import {readFileSync} from 'node:fs';"
        "const runs = JSON.parse(readFileSync(0, 'utf8'));"
        "console.log(runs.indexOf(computeMedianRun(runs)));"
    )
    found = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps(reports),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return reports[int(found.stdout.strip())]


def row(name: str, preset: str, report: dict[str, Any], count: int = 1) -> str:
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    audits = report["audits"]
    lcp = audits["largest-contentful-paint"]["numericValue"] / 1000
    tbt = audits["total-blocking-time"]["numericValue"]
    cls = audits["cumulative-layout-shift"]["numericValue"]
    kb = audits["total-byte-weight"]["numericValue"] / 1024
    index = report["environment"]["benchmarkIndex"]
    perf_goal = 100 if preset == "desktop" else 98
    met = scores["performance"] >= perf_goal and all(
        scores[c] == 100 for c in ("accessibility", "best-practices", "seo")
    )
    failing = sorted(
        audit_id
        for c in ("accessibility", "best-practices", "seo")
        for ref in report["categories"][c]["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"])
        and audits[audit_id]["score"] is not None
        and audits[audit_id]["score"] < 1
    )
    return (
        f"| {name} | {preset} | {count} | {scores['performance']} | {scores['accessibility']} "
        f"| {scores['best-practices']} | {scores['seo']} | {lcp:.2f} s | {tbt:.0f} ms "
        f"| {cls:.3f} | {kb:.0f} | {index:.0f} | {'met' if met else 'not met'} "
        f"| {', '.join(failing) or '-'} |"
    )


def main() -> None:
    port = bench_port()
    site = built_site(port)
    print(f"Mobile CPU slowdown: {slowdown():g}x (Lighthouse's own: {LIGHTHOUSE_SLOWDOWN:g}x).\n")
    print(
        "| page | preset | runs | performance | accessibility | best practices | SEO | LCP | TBT "
        "| CLS | KB | benchmarkIndex | goal: 100/100/100, perf 100 desktop, >= 98 mobile "
        "| failing audits |"
    )
    print(
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- "
        "| --- |"
    )
    indexes: list[float] = []
    with serve_gzip(site, port) as base:
        for path in nav_paths():
            name = f"/{path}"
            for preset in ("mobile", "desktop"):
                try:
                    count = runs(preset)
                    reports = [lighthouse(base + path, preset) for _ in range(count)]
                    indexes += [r["environment"]["benchmarkIndex"] for r in reports]
                    print(row(name, preset, median_run(reports), count), flush=True)
                except (subprocess.SubprocessError, KeyError, json.JSONDecodeError) as exc:
                    print(f"| {name} | {preset} | Lighthouse failed: {exc} |", flush=True)
    if indexes:
        index = statistics.median(indexes)
        print(
            f"\nThis machine: benchmarkIndex {index:.0f} (median of {len(indexes)} runs). "
            f"Lighthouse's docs give {LIGHTHOUSE_SLOWDOWN:g}x for 1500-2000; the middle of "
            f"that bracket is reached here with about "
            f"{LIGHTHOUSE_SLOWDOWN * index / BRACKET_MIDDLE:.1f}x (BENCH_CPU_SLOWDOWN)."
        )


if __name__ == "__main__":
    main()
