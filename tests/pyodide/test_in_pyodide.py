"""The snippets under real Pyodide: Node runs the npm package's runtime, offline.

``run_pytest.mjs`` boots Pyodide from ``node_modules/pyodide``, mounts this checkout
and a folder of pure-Python test tools (pytest and what it imports, copied from the
virtualenv), and runs ``tests/pyodide/inside/check_snippets.py`` with pytest inside
Pyodide. Those checks recompute ``tests/pyodide/cases.py`` and compare with the
results CPython gives here, so the browser's Python and the build's agree.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pyodide.cases import CASES, run_cases
from tests.snippets.examples import examples

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "pyodide" / "run_pytest.mjs"
# Pure-Python modules pytest needs, taken from the test virtualenv, and their
# distributions (pytest asks importlib.metadata for pluggy's version).
TOOLS = ("pytest", "_pytest", "pluggy", "iniconfig", "packaging", "pygments", "py")
DISTRIBUTIONS = ("pytest", "pluggy", "iniconfig", "packaging", "pygments")


def copy_tools(dest: Path) -> None:
    for name in TOOLS:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, f"{name} is not installed"
        origin = Path(spec.origin)
        if spec.submodule_search_locations:
            shutil.copytree(origin.parent, dest / name, ignore=shutil.ignore_patterns("*.pyc"))
        else:
            shutil.copy2(origin, dest / origin.name)
    for name in DISTRIBUTIONS:
        metadata = importlib.metadata.distribution(name).read_text("METADATA")
        assert metadata is not None, name
        version = importlib.metadata.version(name)
        info = dest / f"{name}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(metadata, encoding="utf-8")


def test_snippets_give_the_same_results_under_pyodide(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: install Node.js >= 20, then run make setup", pytrace=False)
    if not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").is_file():
        pytest.fail("node_modules/pyodide is missing: run make setup", pytrace=False)
    copy_tools(tmp_path)
    (tmp_path / "expected.json").write_text(json.dumps(run_cases()), encoding="utf-8")

    result = subprocess.run(
        [
            node,
            str(RUNNER),
            str(ROOT),
            str(tmp_path),
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "-o",
            "python_files=check_*.py",
            "-c",
            "/repo/pyproject.toml",
            "--rootdir=/repo",
            "-v",
            "/repo/tests/pyodide/inside/check_snippets.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    print(output)
    assert result.returncode == 0, output
    assert re.search(r"^Python 3\.1[4-9]\.\d+ on emscripten$", output, re.MULTILINE), output
    summary = re.search(r"(\d+) passed", output)
    # Every case (rag_sqlite has a test of its own), every docstring example, and the
    # checks written out in check_snippets.py ran and passed.
    assert summary and int(summary.group(1)) >= len(CASES) + len(examples()) + 5, output
    assert "failed" not in output.splitlines()[-1] and "error" not in output.splitlines()[-1]
