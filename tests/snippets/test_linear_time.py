"""No regular expression in ``snippets/`` backtracks super-linearly on hostile text.

Readers paste documents and questions into the demos, and copy these files into
services that read untrusted text, so a pattern that backtracks in quadratic or
cubic time is a denial of service: one 4 KB line once kept the browser's Python
busy for two minutes. Each pattern found in the source (by reading the code, so
a new one is checked without editing this file) runs every method a caller
might use on inputs of 100,000 characters built to make backtracking patterns
blow up. A linear pattern does all of it in well under a second; a quadratic
one needs hours. The limit is the timeout of a child process (the regex engine
cannot be interrupted from inside), far above the linear cost, so load on the
machine cannot make it fail.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIMIT_S = 30  # linear patterns take milliseconds; the old heading pattern took days here
RE_FUNCTIONS = {"compile", "match", "fullmatch", "search", "split", "findall", "finditer", "sub"}

# Runs of the characters patterns tend to be ambiguous about: blanks, separators,
# digits, brackets; each 100,000 characters long, some ending in a character
# that makes the match fail at the very end (the worst case for backtracking).
HOSTILE = [
    " \t" * 50_000,
    "# a" + " \t" * 50_000 + "b",
    "# a" + " \t" * 50_000 + "#b",
    " " * 100_000 + "x",
    "." + " " * 100_000 + "x",
    ". " * 50_000 + "x",
    "1." * 50_000 + "x",
    "1," * 50_000,
    "a-" * 50_000 + "-",
    "a'" * 50_000,
    "[1, " * 25_000,
    "[1" + " ," * 50_000,
    "a" * 100_000 + "!",
    "\u00a0\n" * 50_000,
]


def patterns() -> list[tuple[str, str, int]]:
    """(where, pattern, flags) of every literal pattern passed to ``re`` in snippets/."""
    found = []
    for path in sorted((ROOT / "snippets").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in RE_FUNCTIONS
                and node.args
            ):
                continue
            first = node.args[0]
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                f"{path.name}:{node.lineno}: a pattern built at run time cannot be checked here"
            )
            flag_nodes = [k.value for k in node.keywords if k.arg == "flags"]
            flag_nodes += node.args[3 if node.func.attr == "sub" else 2 :][:1]
            flags = int(eval(ast.unparse(flag_nodes[0]), {"re": re})) if flag_nodes else 0
            where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
            found.append((where, first.value, flags))
    return found


RUN_ALL_METHODS = textwrap.dedent(
    """
    import json, re, sys
    pattern, flags, texts = json.loads(sys.stdin.read())
    p = re.compile(pattern, flags)
    for text in texts:
        p.search(text); p.match(text); p.fullmatch(text)
        p.findall(text); p.split(text); p.sub("", text)
    """
)


def run_within(code: str, stdin: str = "") -> None:
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            input=stdin,
            text=True,
            cwd=ROOT,
            check=False,
            capture_output=True,
            timeout=LIMIT_S,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"did not finish within {LIMIT_S} s on 100,000-character inputs")
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_scan_finds_the_patterns() -> None:
    found = patterns()
    assert len(found) >= 6
    assert any(where.startswith("snippets/tfidf.py") for where, _, _ in found)


@pytest.mark.parametrize(("where", "pattern", "flags"), patterns(), ids=lambda x: str(x)[:40])
def test_pattern_runs_in_linear_time_on_hostile_text(where: str, pattern: str, flags: int) -> None:
    run_within(RUN_ALL_METHODS, json.dumps([pattern, flags, HOSTILE]))


def test_entry_points_that_read_reader_text_finish_on_hostile_text() -> None:
    """The demos' own entry points, on the line that froze the playground (and worse)."""
    code = textwrap.dedent(
        """
        from snippets.evaluate import claim_is_supported, split_claims
        from snippets.pipeline import question_part
        from snippets.finetune import features
        from snippets.chunking import chunk
        from snippets.demos.rag import answer
        from tests.snippets.test_linear_time import HOSTILE

        for text in HOSTILE:
            chunk("d", text)
            document = {"id": "d", "title": "D", "text": text[:50_000]}  # the playground's cap
            answer("How much? " + text[:400], "public", [document])
            split_claims(text)
            claim_is_supported(text, [text])
            question_part(text)
            features(text)
        """
    )
    run_within(code)
