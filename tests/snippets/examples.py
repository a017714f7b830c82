"""Every example in a docstring under ``snippets/``, found and run the same way on
CPython (``tests/snippets/test_docstring_examples.py``) and inside Pyodide
(``tests/pyodide/inside/check_snippets.py``).

Two styles are examples: ``>>>`` sessions (run by :mod:`doctest`, which compares
each printed result with the line below it) and fenced ```` ```python ````
blocks (run as a script in a fresh namespace, as a reader copies them; they
check themselves with ``assert``). Discovery reads the source with :mod:`ast`,
so a module that fails to import still has its examples listed, and fails.

Standard library only: this file is imported inside Pyodide too.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "snippets"
FENCE = re.compile(r"^([ \t]*)```(?:python|py)[^\n]*\n(.*?)^\1```[ \t]*$", re.M | re.S)


@dataclass(frozen=True)
class Example:
    """One example: where it is and the code it runs."""

    module: str  # "snippets.rag"
    name: str  # "KnowledgeBase.ask", or "" for the module docstring
    line: int  # line of the docstring in the file
    kind: str  # "doctest" or "fence"
    code: str  # the fence's code, or the whole docstring for a doctest

    @property
    def id(self) -> str:
        where = f"{self.module}.{self.name}" if self.name else self.module
        return f"{where}:{self.line}:{self.kind}"


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _docstrings(tree: ast.Module) -> list[tuple[str, int, str]]:
    """(qualified name, line, docstring) of the module and every class and function."""
    found: list[tuple[str, int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                doc = ast.get_docstring(child, clean=True)
                if doc:
                    found.append((name, child.body[0].lineno, doc))
                visit(child, f"{name}.")

    doc = ast.get_docstring(tree, clean=True)
    if doc:
        found.append(("", 1, doc))
    visit(tree, "")
    return found


def examples(package: Path = PACKAGE) -> list[Example]:
    """Every docstring example of every module under ``package``, in file order."""
    found: list[Example] = []
    for path in sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts):
        module = module_name(path, package)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, line, doc in _docstrings(tree):
            if ">>>" in doc:
                found.append(Example(module, name, line, "doctest", doc))
            for match in FENCE.finditer(doc):
                found.append(Example(module, name, line, "fence", textwrap.dedent(match[2])))
    return found


def run(example: Example) -> None:
    """Run one example; raise ``AssertionError`` (with doctest's report) when it fails."""
    module = importlib.import_module(example.module)
    if example.kind == "fence":
        code = compile(example.code, f"<{example.id}>", "exec")
        exec(code, {"__name__": "__example__"})  # a fresh namespace, as a reader has
        return
    test = doctest.DocTestParser().get_doctest(
        example.code, dict(vars(module)), example.id, module.__file__, example.line
    )
    output: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test, out=output.append)
    if runner.failures:
        raise AssertionError("".join(output))
