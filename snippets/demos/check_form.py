"""The retrieval check's form (``docs/demos/check-your-documents.md``).

`page_form` is the page's markup up to its output element: the drop box, the
questions, k and the ranking, the buttons and the status line that
``docs/assets/js/check-demo.js`` drives. Uses no lesson.
"""

from __future__ import annotations

import urllib.parse

from snippets.demos.check import K_CHOICES, template_csv
from snippets.demos.report import PYODIDE_SIZE


def page_form() -> str:
    """The page's form, ending inside its output element (the page prints the result there).

    The form is markup, not data: it is written here so the page's code block stays a
    few lines and the tests read the same markup the page shows.
    """
    template = urllib.parse.quote(template_csv())
    ks = "".join(f'<option value="{k}"{" selected" * (k == 5)}>{k}</option>' for k in K_CHOICES)
    secondary = 'type="button" class="demo-button demo-button--secondary"'
    return "\n".join(
        [
            '<form class="demo check-demo" data-demo="check" novalidate>',
            '<fieldset class="check-drop" data-drop><legend>Your documents</legend>',
            '<p class="demo-note">Drop files or a whole folder anywhere in this box '
            "(<code>.md</code>, <code>.markdown</code>, <code>.txt</code>), or choose them:</p>",
            '<div class="demo-row">',
            '<div class="demo-field"><label for="check-files">Files</label>'
            '<input type="file" id="check-files" multiple '
            'accept=".md,.markdown,.txt,text/markdown,text/plain"></div>',
            '<div class="demo-field"><label for="check-folder">A folder, with its subfolders'
            '</label><input type="file" id="check-folder" webkitdirectory multiple></div>',
            "</div>",
            '<div class="demo-field"><label for="check-paste">Or paste the text of one document'
            '</label><textarea id="check-paste" rows="3" spellcheck="false"></textarea></div>',
            '<p class="demo-note check-chosen" id="check-chosen">No documents chosen yet.</p>',
            "</fieldset>",
            "<fieldset><legend>Your questions</legend>",
            '<div class="demo-field"><label for="check-questions-file">A CSV or JSON Lines file'
            '</label><input type="file" id="check-questions-file" '
            'accept=".csv,.tsv,.jsonl,.ndjson,.json,.txt,text/csv"></div>',
            '<div class="demo-field"><label for="check-questions-paste">Or paste them</label>'
            '<textarea id="check-questions-paste" rows="4" spellcheck="false" '
            'placeholder="question,expected,document,unanswerable"></textarea></div>',
            '<p class="demo-note">Columns: <code>question</code>, <code>expected</code> (text '
            "a right passage contains), and if you know them <code>document</code> and "
            "<code>unanswerable</code> (<code>yes</code> for a question your documents cannot "
            f'answer). <a href="data:text/csv;charset=utf-8,{template}" '
            'download="questions-template.csv">Download a template</a>.</p>',
            "</fieldset>",
            '<div class="demo-row">',
            '<div class="demo-field"><label for="check-k">Passages per question (k)</label>'
            f'<select id="check-k">{ks}</select></div>',
            '<div class="demo-field"><label for="check-ranking">Ranking</label>'
            '<select id="check-ranking"><option value="bm25">BM25</option>'
            '<option value="tfidf">TF-IDF</option></select></div>',
            "</div>",
            '<div class="demo-actions">',
            '<button type="submit" class="demo-button" data-role="run">Run</button>',
            f'<button {secondary} data-action="demo" data-role="run">Run the example</button>',
            f'<button {secondary} data-action="cancel" hidden>Cancel</button>',
            "</div>",
            '<div class="check-progress" hidden><progress id="check-progress" max="1" value="0" '
            'aria-label="Progress of the check"></progress></div>',
            '<p class="demo-status" data-state="idle" role="status">Python is not loaded yet. '
            f"It starts when you press a button: {PYODIDE_SIZE}, downloaded once "
            "from this site.</p>",
            '<div class="demo-actions check-downloads" hidden>',
            f'<button {secondary} data-download="json">Download the report (JSON)</button>',
            f'<button {secondary} data-download="csv">Download one row per question (CSV)</button>',
            "</div>",
            '<noscript><p class="demo-note">JavaScript is off: below is the result computed '
            "when this page was built. Checking your own files needs JavaScript.</p></noscript>",
            '<div class="demo-output check-output" id="check-output">',
        ]
    )
