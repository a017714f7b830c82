"""Copyable, standard-library-only examples for the RAG-or-fine-tuning guide.

Every module here is shown on a page of the guide, runs at build time through
markdown-exec, runs in the reader's browser through Pyodide and is tested by
pytest. Each module names the page that uses it in its own docstring.
"""
