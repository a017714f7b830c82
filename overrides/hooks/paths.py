"""MkDocs hook: make the ``snippets`` package importable during the build.

markdown-exec runs the page's Python in the MkDocs process, and mkdocstrings
loads ``snippets`` by name. Both need the repository root on ``sys.path``
whichever way ``mkdocs`` was started (``mkdocs serve``, ``python -m mkdocs``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def on_startup(command: str, dirty: bool) -> None:
    """Put the repository root first on ``sys.path`` once, when MkDocs starts."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
