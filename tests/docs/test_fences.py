"""Every Python fence in ``docs/`` and ``README.md`` either runs under
pytest-markdown-docs or says, with a reason, why it does not.

pytest-markdown-docs reads Markdown as CommonMark (markdown-it) and runs only
top-level fences whose language is ``py``, ``python`` or ``python3``. MkDocs
(Python-Markdown with pymdownx.superfences) also renders fences that markdown-it
never sees as fences, so those are shown to readers but silently never run:

- a fence indented inside an admonition (``!!! note``), a content tab
  (``=== "Tab"``) or a list item: CommonMark reads it as an indented code block;
- a fence in another Python language (``pycon``, ``pyodide``, ``py3``...).

This test finds Python fences the way MkDocs sees them (any indentation), asks
pytest-markdown-docs' own parser which of them it runs, and fails on any other
fence unless it is written
```` ```{.python notest data-notest="the reason"} ```` with a non-empty reason.
It also fails on a ``notest`` without a reason, on a fence that pulls code in
with ``--8<--`` but is not ``notest`` (pytest-markdown-docs does not expand
includes), and on ``exec="on"`` fences that share state through ``session=``
(pytest-markdown-docs ignores sessions, and a reader copies one fence at a time).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pytest_markdown_docs.plugin import FenceSyntax, extract_fence_tests

ROOT = Path(__file__).resolve().parents[2]
PYTHON_LANGS = {"py", "python", "python3", "py3", "pycon", "pyodide", "ipython", "python-repl"}
OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")


@dataclass(frozen=True)
class Fence:
    """One fenced block as MkDocs sees it."""

    line: int  # 1-based line of the opening fence
    lang: str
    options: dict[str, str]  # data-notest, exec, session, ...
    flags: frozenset[str]  # notest, ...
    indented: bool
    body: str


def parse_info(info: str) -> tuple[str, dict[str, str], frozenset[str]]:
    """Language, ``key=value`` options and bare flags of a fence's info string.

    Accepts both ```` ```python exec="on" ```` and superfences'
    ```` ```{.python notest data-notest="why"} ````.
    """
    info = info.strip()
    braced = info.startswith("{") and info.endswith("}")
    if braced:
        info = info[1:-1]
    try:
        words = shlex.split(info)
    except ValueError:
        words = info.split()
    lang = ""
    options: dict[str, str] = {}
    flags: set[str] = set()
    for i, word in enumerate(words):
        if braced and word.startswith(".") and not lang:
            lang = word[1:]
        elif not braced and i == 0:
            lang = word
        elif "=" in word:
            key, _, value = word.partition("=")
            options[key] = value
        else:
            flags.add(word)
    return lang.lower(), options, frozenset(flags)


def find_fences(text: str) -> list[Fence]:
    """Every fenced block at any indentation (admonitions, tabs, lists included)."""
    lines = text.splitlines()
    fences: list[Fence] = []
    i = 0
    while i < len(lines):
        match = OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence = match["indent"], match["fence"]
        close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = i + 1
        while end < len(lines) and not close.match(lines[end]):
            end += 1
        lang, options, flags = parse_info(match["info"])
        body = "\n".join(lines[i + 1 : end])
        fences.append(Fence(i + 1, lang, options, flags, len(indent.expandtabs(4)) >= 4, body))
        i = end + 1
    return fences


def collected_lines(text: str, path: Path) -> set[int]:
    """1-based opening-fence lines of the fences pytest-markdown-docs runs, asked of
    its own parser with the options pyproject.toml gives it (superfences syntax)."""
    tests = extract_fence_tests(
        MarkdownIt("commonmark"), text, 0, path, fence_syntax=FenceSyntax.superfences
    )
    return {test.start_line for test in tests}  # start_line: 0-based line after the fence


def fence_problems(text: str, path: Path) -> list[str]:
    """Why each Python fence in ``text`` is neither run nor properly marked."""
    runs = collected_lines(text, path)
    problems = []
    for fence in find_fences(text):
        if fence.lang not in PYTHON_LANGS:
            continue
        where = f"{path}:{fence.line}"
        marked = "notest" in fence.flags
        reason = fence.options.get("data-notest", "").strip()
        if marked and not reason:
            problems.append(f'{where}: notest fence without data-notest="reason"')
        if marked:
            continue
        if "--8<--" in fence.body:
            problems.append(
                f"{where}: includes code with --8<--, which pytest-markdown-docs does not "
                'expand: write {.python notest data-notest="included from snippets/x.py, '
                'tested by tests/..."}'
            )
        if "session" in fence.options:
            problems.append(f"{where}: exec fence with session=: each fence must run alone")
        if fence.line not in runs:
            why = (
                "indented (admonition, tab or list), so CommonMark reads it as plain code"
                if fence.indented
                else f"language {fence.lang!r} is not one it runs (py, python, python3)"
            )
            problems.append(
                f"{where}: pytest-markdown-docs skips this fence ({why}); move it to the top "
                'level or mark it {.python notest data-notest="reason"}'
            )
    return problems


def markdown_files() -> list[Path]:
    return [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_python_fence_runs_or_says_why_not(path: Path) -> None:
    problems = fence_problems(path.read_text(encoding="utf-8"), path.relative_to(ROOT))
    assert problems == [], "\n".join(problems)


def test_the_docs_have_python_fences_that_run() -> None:
    runnable = sum(len(collected_lines(p.read_text(encoding="utf-8"), p)) for p in markdown_files())
    assert runnable >= 2, "no runnable Python fence found: is the parser still reading them?"


# -- the checker itself ---------------------------------------------------------------

FAKE = """\
# Page

```python
print("runs")
```

```python exec="on" result="markdown"
print("runs at build time and under pytest")
```

```{.python notest data-notest="included from snippets/x.py, tested by tests/x"}
--8<-- "snippets/x.py:part"
```

!!! note

    ```python
    print("shown, never run")
    ```

```pycon
>>> 1 + 1
2
```

```{.python notest}
print("no reason given")
```

```python
--8<-- "snippets/x.py:part"
```

```python exec="on" session="a"
x = 1
```

```bash
echo "not Python, not checked"
```
"""


def test_checker_flags_each_kind_of_problem() -> None:
    problems = fence_problems(FAKE, Path("page.md"))
    assert [p.split(":")[1] for p in problems] == ["17", "21", "26", "30", "34"]
    assert "indented" in problems[0]
    assert "'pycon'" in problems[1]
    assert "without data-notest" in problems[2]
    assert "--8<--" in problems[3]
    assert "session=" in problems[4]


def test_parse_info_reads_both_syntaxes() -> None:
    assert parse_info('python exec="on" result="markdown"') == (
        "python",
        {"exec": "on", "result": "markdown"},
        frozenset(),
    )
    assert parse_info('{.python notest data-notest="a reason" title="x.py"}') == (
        "python",
        {"data-notest": "a reason", "title": "x.py"},
        frozenset({"notest"}),
    )
