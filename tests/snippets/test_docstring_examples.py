"""Every example in a ``snippets/`` docstring runs and shows what it says.

pytest-markdown-docs does not see these (an indented fence under ``Examples:``
is not a fence to a Markdown parser), so ``tests/snippets/examples.py`` finds
them: ``>>>`` sessions run by :mod:`doctest`, fenced ``python`` blocks run as
scripts. ``tests/pyodide`` runs the same list inside Pyodide.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.snippets.examples import Example, examples, run

EXAMPLES = examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.id)
def test_docstring_example_runs(example: Example) -> None:
    run(example)


def test_examples_are_found_in_lessons_and_glue() -> None:
    modules = {e.module for e in EXAMPLES}
    assert {"snippets.rag", "snippets.tfidf", "snippets.demos.rag"} <= modules
    assert {e.kind for e in EXAMPLES} == {"doctest", "fence"}


def test_a_wrong_example_of_either_kind_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "fakesnips"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text(
        '"""A module.\n\nExamples:\n    >>> double(2)\n    5\n"""\n\n\n'
        "def double(x):\n"
        '    """Twice ``x``.\n\n    Example:\n        ```python\n'
        "        from fakesnips.mod import double\n\n"
        "        assert double(3) == 7\n        ```\n"
        '    """\n    return 2 * x\n\n\n'
        "def fine():\n"
        '    """Fine.\n\n    >>> fine()\n    1\n    """\n    return 1\n',
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    found = examples(package)
    assert [(e.module, e.name, e.kind) for e in found] == [
        ("fakesnips.mod", "", "doctest"),
        ("fakesnips.mod", "double", "fence"),
        ("fakesnips.mod", "fine", "doctest"),
    ]
    with pytest.raises(AssertionError, match="Expected:\n    5\nGot:\n    4"):
        run(found[0])
    with pytest.raises(AssertionError):
        run(found[1])
    run(found[2])
