"""Pre-processing for mkdocs-llmstxt: keep ``llms-full.txt`` to the guide's words.

The plugin turns each listed page's HTML into Markdown. Two kinds of block are
whole source files rather than prose, and are left out (each page still links to
the raw files):

* mkdocstrings' "Source code in snippets/x.py" boxes on the Snippets API page;
* the "The whole file" boxes on "Copy the snippets" (class ``snippet-file``).

Configured as ``preprocess:`` of the ``llmstxt`` plugin in ``mkdocs.yml``.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

DROP = "details.mkdocstrings-source, details.snippet-file"


def preprocess(soup: BeautifulSoup, output: str) -> None:
    """Remove whole-file source listings from the page before it becomes Markdown."""
    for tag in soup.select(DROP):
        tag.decompose()
