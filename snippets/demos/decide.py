"""Demo glue for the decision table: the quiz, the flowchart, the outcome list, links into the quiz.

Renders the table that ``snippets/decide.py`` loads for ``docs/decide/index.md``,
as escaped HTML with links built the way MkDocs serves pages (markdown-exec
output is not rewritten, so every link here is a built URL relative to the page
it goes on). The quiz itself (``docs/assets/js/decide.js``) walks the JSON of
`quiz_html`; `to_mermaid` writes the same table for other documentation tools.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from typing import Any

from snippets.decide import Section, Table, default_table

esc = html.escape
QUIZ_PAGE = "decide/index.md"


def href(ref: str, from_page: str) -> str:
    """The URL of ``ref`` (a page under ``docs/``, maybe with ``#anchor``) from ``from_page``.

    MkDocs serves ``guide/knowledge.md`` at ``guide/knowledge/`` and
    ``decide/index.md`` at ``decide/``. Outside links and bare anchors are kept.

    Examples:
        >>> href("guide/knowledge.md#citations", "decide/index.md")
        '../guide/knowledge/#citations'
        >>> href("evidence.md#li-2024", "decide/scenarios.md")
        '../../evidence/#li-2024'
        >>> href("decide/index.md", "decide/scenarios.md"), href("#x", "a.md")
        ('../', '#x')
        >>> href("https://example.org/", "decide/index.md")
        'https://example.org/'
    """
    if ref.startswith(("http://", "https://", "#")):
        return ref
    page, _, anchor = ref.partition("#")
    relative = posixpath.relpath(_url_dir(page) or ".", _url_dir(from_page) or ".")
    url = "" if relative == "." else relative + "/"
    return f"{url or './'}#{anchor}" if anchor else url or "./"


def _url_dir(page: str) -> str:
    stem = page.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index")


def section_href(section: Section, from_page: str) -> str:
    """The built URL of a guide section, relative to ``from_page``."""
    return href(f"{section.page}#{section.anchor}", from_page)


def markdown_links(text: str, from_page: str) -> str:
    """Rewrite ``[text](page.md#anchor)`` links (paths under ``docs/``) to built URLs.

    Examples:
        >>> markdown_links("See [RAG](rag.md).", "guide/quick-test.md")
        'See [RAG](../../rag/).'
    """
    return re.sub(r"\]\(([^)\s]+)\)", lambda m: f"]({href(m.group(1), from_page)})", text)


def to_query(answers: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """Answers as the quiz keeps them in its address: ``q1:a1,q2:a2``.

    Examples:
        >>> to_query({"quick_test": "no", "defined": "yes"})
        'quick_test:no,defined:yes'
    """
    pairs = answers.items() if isinstance(answers, Mapping) else answers
    return ",".join(f"{q}:{a}" for q, a in pairs)


def parse_query(text: str) -> dict[str, str]:
    """Read answers written by `to_query`; `snippets.decide.diagnose` then checks them.

    Raises:
        ValueError: If a part is not ``question:answer`` or a question appears twice.

    Examples:
        >>> parse_query("quick_test:no,defined:yes")
        {'quick_test': 'no', 'defined': 'yes'}
        >>> parse_query("quick_test:no,quick_test:yes")
        Traceback (most recent call last):
        ValueError: question 'quick_test' is answered twice
    """
    answers: dict[str, str] = {}
    for part in filter(None, text.split(",")):
        question_id, sep, answer = part.partition(":")
        if not sep or not question_id or not answer:
            raise ValueError(f"{part!r} is not of the form question:answer")
        if question_id in answers:
            raise ValueError(f"question {question_id!r} is answered twice")
        answers[question_id] = answer
    return answers


def quiz_href(answers: Mapping[str, str] | Iterable[tuple[str, str]], from_page: str) -> str:
    """A URL, relative to ``from_page``, that opens the quiz with these answers.

    Examples:
        >>> quiz_href({"quick_test": "yes", "sources": "no"}, "decide/scenarios.md")
        '../?answers=quick_test:yes,sources:no#quick-test'
    """
    return f"{href(QUIZ_PAGE, from_page)}?answers={to_query(answers)}#quick-test"


def quiz_data(from_page: str = QUIZ_PAGE, table: Table | None = None) -> dict[str, Any]:
    """The table as the quiz reads it, with every link built for ``from_page``."""
    t = table or default_table()

    def link(section: Section) -> dict[str, str]:
        return {"href": section_href(section, from_page), "title": section.title}

    return {
        "start": t.start,
        "questions": {
            q.id: {
                "text": q.text,
                "help": q.help,
                "section": link(q.section),
                "choices": [
                    {"id": c.id, "label": c.label, "next": c.next, "reason": c.reason}
                    for c in q.choices
                ],
            }
            for q in t.questions.values()
        },
        "outcomes": {
            o.id: {
                "title": o.title,
                "kind": o.kind,
                "summary": o.summary,
                "next_steps": list(o.next_steps),
                "section": link(o.section),
                "sources": [{"title": s, "href": href(h, from_page)} for s, h in o.sources],
            }
            for o in t.outcomes.values()
        },
    }


def quiz_html(from_page: str = QUIZ_PAGE, table: Table | None = None) -> str:
    """The quiz's container: the table as JSON in ``data-table`` (not in a ``<script>``,
    which Material's instant navigation would run as JavaScript), and the first
    question drawn as ``decide.js`` draws it, so nothing below moves when the script
    takes over. Without JavaScript the answer buttons are hidden (CSS ``scripting``)
    and a ``<noscript>`` message points to the flowchart."""
    t = table or default_table()
    first = t.questions[t.start]
    data = esc(json.dumps(quiz_data(from_page, t), ensure_ascii=False))
    choices = "".join(
        f'<button type="button" class="decide-choice">{esc(c.label)}</button>'
        for c in first.choices
    )
    link = f'<a href="{esc(section_href(first.section, from_page))}">{esc(first.section.title)}</a>'
    controls = '<button type="button" disabled>Back</button>'
    controls += '<button type="button" disabled>Start again</button>'
    return (
        f'<div class="decide-quiz" data-demo="decide" data-table="{data}">'
        '<div class="decide-app decide-app--static"><div class="decide-stage">'
        '<section class="decide-step"><p class="decide-progress">Question 1</p>'
        f'<h3 class="decide-title">{esc(first.text)}</h3>'
        f'<p class="decide-help">{esc(first.help)}</p>'
        f'<p class="decide-read">Explained in: {link}</p>'
        f'<div class="decide-choices">{choices}</div>'
        f'<div class="decide-controls">{controls}</div></section></div></div>'
        '<noscript><p class="decide-nojs">The interactive quick test needs JavaScript. The '
        '<a href="#flowchart">flowchart</a> asks the same questions in the same order, '
        "and every box in it links to the guide.</p></noscript></div>"
    )


def _node(node: str, from_page: str, t: Table) -> str:
    if node in t.outcomes:
        o = t.outcomes[node]
        link = esc(section_href(o.section, from_page))
        return (
            f'<a class="decide-node decide-o decide-kind--{o.kind}" href="{link}" '
            f'data-node="{node}">{esc(o.title)}</a>'
        )
    q = t.questions[node]
    branches = "".join(
        f'<li><span class="decide-edge">{esc(c.short)}</span> {_node(c.next, from_page, t)}</li>'
        for c in q.choices
    )
    link = esc(section_href(q.section, from_page))
    return (
        f'<a class="decide-node decide-q" href="{link}" data-node="{node}">{esc(q.short)}</a>'
        f'<ul class="decide-branches">{branches}</ul>'
    )


def flowchart_html(from_page: str = QUIZ_PAGE, table: Table | None = None) -> str:
    """The table as a flowchart that reads top to bottom: nested lists of links, one
    box per question and outcome, each answer on the line that leads on, and a
    legend for the outcome colours. Being HTML, it reflows to any width, and every
    box is an ordinary link for keyboards, crawlers and Material's instant navigation.

    Examples:
        >>> chart = flowchart_html()
        >>> chart.count('class="decide-node decide-o'), chart.count('class="decide-edge"')
        (17, 28)
    """
    t = table or default_table()
    legend = "".join(
        f'<li class="decide-kind--{kind}"><span class="decide-swatch"></span>{esc(label)}</li>'
        for kind, label in t.kinds.items()
    )
    return (
        f'<div class="decide-flow"><ul class="decide-legend" aria-label="Outcome colours">'
        f'{legend}</ul><ul class="decide-tree" aria-label="The quick test as a flowchart">'
        f"<li>{_node(t.start, from_page, t)}</li></ul></div>"
    )


def outcomes_html(from_page: str = QUIZ_PAGE, table: Table | None = None) -> str:
    """Every outcome: its colour, its guide section, what to do, and what it rests on."""
    t = table or default_table()
    items = []
    for o in t.outcomes.values():
        based = ", ".join(f'<a href="{esc(href(h, from_page))}">{esc(s)}</a>' for s, h in o.sources)
        items.append(
            f'<li class="decide-kind--{o.kind}" data-outcome="{o.id}">'
            f'<a href="{esc(section_href(o.section, from_page))}">'
            f"<strong>{esc(o.title)}</strong></a>"
            f': {esc(o.summary)} <span class="decide-based">Based on {based}.</span></li>'
        )
    return f'<ul class="decide-outcomes">{"".join(items)}</ul>'


def to_mermaid(table: Table | None = None) -> str:
    """The table as a Mermaid flowchart, for documentation that renders Mermaid.

    Outcomes are drawn once per arrow that reaches them, as ``<question>_<answer>``,
    so the chart stays a tree.

    Examples:
        >>> chart = to_mermaid()
        >>> chart.splitlines()[0], 'quick_test -->|"an edit"| sources' in chart
        ('flowchart TD', True)
    """
    t = table or default_table()

    def label(text: str) -> str:
        return text.replace('"', "#quot;")

    lines = ["flowchart TD"]
    lines += [f'    {q.id}["{label(q.short)}"]' for q in t.questions.values()]
    for q in t.questions.values():
        for c in q.choices:
            target = c.next
            if target in t.outcomes:
                target = f"{q.id}_{c.id}"
                lines.append(f'    {target}(["{label(t.outcomes[c.next].title)}"])')
            lines.append(f'    {q.id} -->|"{label(c.short)}"| {target}')
    return "\n".join(lines) + "\n"
