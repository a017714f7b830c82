"""Full ``mkdocs build`` time, and the same build with code execution turned off.

Goal (issue 7): the full build within 2x of the build without execution, measured
in one run (so the machine's speed cancels out). Execution is turned off with
markdown-exec's own plugin option: ``languages: []`` registers no executable fence,
so ``exec="on"`` fences render as plain code (mkdocstrings, includes, hooks and the
theme still run). The two builds alternate, ``RUNS`` times each, and the best time
of each counts. Both are non-strict: without execution, pages whose headings or
links come from executed output may warn, and that is not what is timed. The
strict ``mkdocs build --strict`` CLI build is timed once too, for the record.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 2

# A build through MkDocs' API, so that markdown-exec's option can be set on the
# loaded config without a second mkdocs.yml. argv: site_dir, "on" | "off".
BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config = load_config("mkdocs.yml", site_dir=sys.argv[1], strict=False)
if sys.argv[2] == "off":
    config.plugins["markdown-exec"].config.languages = []
config.plugins.on_startup(command="build", dirty=False)
try:
    build(config)
finally:
    config.plugins.on_shutdown()
"""


def timed(command: list[str], *, check: bool = True) -> float:
    """Seconds ``command`` took; NaN if it failed and ``check`` is off."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, check=check, capture_output=True)
    return time.perf_counter() - start if done.returncode == 0 else float("nan")


def build_seconds(execution: str, dest: Path) -> float:
    return timed([sys.executable, "-c", BUILD, str(dest), execution])


def tables(site: Path) -> int:
    """HTML tables in the site: executed fences print most of them, so the 'off'
    build having fewer shows execution really was off."""
    return sum(p.read_text(encoding="utf-8").count("<table") for p in site.rglob("*.html"))


def main() -> None:
    times: dict[str, list[float]] = {"on": [], "off": []}
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        for _ in range(RUNS):
            for execution in ("off", "on"):
                times[execution].append(build_seconds(execution, Path(tmp) / execution))
        counted = {execution: tables(Path(tmp) / execution) for execution in times}
        strict = timed(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", f"{tmp}/strict"],
            check=False,  # a warning fails it; the timing above does not depend on it
        )
    on, off = min(times["on"]), min(times["off"])
    ratio = on / off
    print("| build | best of | seconds | HTML tables in the site |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| full (code execution on) | {RUNS} | {on:.1f} | {counted['on']} |")
    print(
        f"| code execution off (markdown-exec `languages: []`) | {RUNS} | {off:.1f} "
        f"| {counted['off']} |"
    )
    shown = "failed (warnings)" if strict != strict else f"{strict:.1f}"
    print(f"| `mkdocs build --strict` (CLI) | 1 | {shown} | |")
    print(
        f"\nRatio full / no execution: **{ratio:.2f}x** "
        f"({'met' if ratio < 2 else 'not met'}: goal < 2x)."
    )


if __name__ == "__main__":
    main()
