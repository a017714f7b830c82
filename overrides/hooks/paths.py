"""MkDocs hook: make the current ``snippets`` package importable during each build.

markdown-exec runs the page's Python in the MkDocs process, and mkdocstrings
loads ``snippets`` by name. Both need the repository root on ``sys.path``
whichever way ``mkdocs`` was started (``mkdocs serve``, ``python -m mkdocs``).
And ``mkdocs serve`` rebuilds in the same process when a file changes (it
watches ``snippets/``, see ``watch:`` in ``mkdocs.yml``): modules imported by the
previous build would still be the old code, so each build starts without them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def on_startup(command: str, dirty: bool) -> None:
    """Put the repository root first on ``sys.path`` once, when MkDocs starts."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def forget_snippets() -> list[str]:
    """Drop every imported ``snippets`` module, so the next import reads the files."""
    names = [n for n in sys.modules if n == "snippets" or n.startswith("snippets.")]
    for name in names:
        del sys.modules[name]
    return names


def on_config(config: Any) -> None:
    """Each build (the first, and every rebuild of ``mkdocs serve``) imports the
    snippets afresh."""
    forget_snippets()
