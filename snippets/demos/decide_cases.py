"""Demo glue for the worked cases: every verdict on the case pages comes from `diagnose`.

Each case (``snippets/data/scenarios.json`` for ``docs/decide/scenarios.md``,
``snippets/data/quick_test_cases.json`` for ``docs/guide/quick-test.md``) is a
situation and the answers it gives. Everything a page states about a case (the
answers, the verdict, the quiz link) is rendered here from those answers by
``snippets.decide.diagnose``, so a page cannot state a verdict the table does not
give. Each rendered verdict carries ``data-case``, ``data-outcome`` and
``data-answers``, which the tests read back from the built pages.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import NamedTuple

from snippets.decide import Table, Verdict, default_table, diagnose
from snippets.demos.decide import markdown_links, quiz_href, section_href, to_query

esc = html.escape
DATA = Path(__file__).resolve().parent.parent / "data"
FILES = {"scenarios": "scenarios.json", "quick_test": "quick_test_cases.json"}
PAGES = {"scenarios": "decide/scenarios.md", "quick_test": "guide/quick-test.md"}


class Case(NamedTuple):
    """A worked case: a situation, its answers, and why (Markdown, links under ``docs/``)."""

    id: str
    title: str
    situation: str
    answers: dict[str, str]
    why: str
    group: str


def load_cases(name: str) -> list[Case]:
    """The cases of ``name`` (``"scenarios"`` or ``"quick_test"``), in file order.

    Raises:
        ValueError: If a case lacks a field, repeats an id, or its answers are not a
            complete route through the table (the message names the case).

    Examples:
        >>> [c.id for c in load_cases("scenarios")][:2]
        ['prices-weekly', 'cite-policy']
    """
    cases: list[Case] = []
    for number, raw in enumerate(json.loads((DATA / FILES[name]).read_text(encoding="utf-8")), 1):
        try:
            case = Case(
                raw["id"], raw["title"], raw["situation"], dict(raw["answers"]), raw["why"],
                raw.get("group", ""),
            )  # fmt: skip
            diagnose(case.answers)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{FILES[name]}, case {number}: {error}") from None
        if case.id in {c.id for c in cases}:
            raise ValueError(f"{FILES[name]}, case {number}: id {case.id!r} is used twice")
        cases.append(case)
    return cases


def verdict_html(case: Case, from_page: str, verdict: Verdict | None = None) -> str:
    """The verdict on a case, its guide section and a link that opens the quiz at it."""
    verdict = verdict or diagnose(case.answers)
    o = verdict.outcome
    return (
        f'<span class="decide-verdict decide-kind--{o.kind}" data-case="{esc(case.id)}" '
        f'data-outcome="{o.id}" data-answers="{esc(to_query(verdict.path))}">'
        f'<a href="{esc(section_href(o.section, from_page))}"><strong>{esc(o.title)}</strong></a>'
        f' <a class="decide-open" href="{esc(quiz_href(verdict.path, from_page))}">'
        "Open in the quiz</a></span>"
    )


def quick_test_table(group: str, from_page: str = PAGES["quick_test"]) -> str:
    """One group of the quick test's cases as a table: the situation, the answer to the
    quick test, the verdict and why. On a phone each row becomes a card, labelled by
    ``data-label``."""
    table = default_table()
    first = table.questions[table.start]
    heads = ("Situation", first.short, "Verdict", "Why")
    labels = [h if h.endswith("?") else f"{h}:" for h in heads]
    rows = []
    for case in (c for c in load_cases("quick_test") if c.group == group):
        verdict = diagnose(case.answers)
        answer = next(c for c in first.choices if c.id == verdict.path[0][1])
        cells = (
            esc(case.situation),
            f'<strong data-answer="{answer.id}">{esc(answer.short.capitalize())}</strong>',
            verdict_html(case, from_page, verdict),
            _inline(markdown_links(case.why, from_page)),
        )
        row = "".join(
            f'<td data-label="{esc(h)}">{c}</td>' for h, c in zip(labels, cells, strict=True)
        )
        rows.append(f"<tr>{row}</tr>")
    head = "".join(f"<th>{esc(h)}</th>" for h in heads)
    return (
        f'<div class="decide-cases"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _inline(markdown: str) -> str:
    """The little Markdown a case's text uses (``[text](url)`` and ``*em*``) as HTML."""
    text = esc(markdown, quote=False)
    text = re.sub(r"\[([^\[\]]+)\]\(([^()\s]+)\)", r'<a href="\2">\1</a>', text)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", text)


def scenarios_markdown(from_page: str = PAGES["scenarios"]) -> str:
    """The scenarios page's body: a table of every scenario and its verdict, then one
    section per scenario with its situation, its answers, its verdict and why."""
    table = default_table()
    cases = load_cases("scenarios")
    out = [
        "## At a glance { #all-twelve-at-a-glance }",
        "",
        "| scenario | verdict |",
        "| --- | --- |",
    ]
    out += [f"| [{c.title}](#{c.id}) | {diagnose(c.answers).outcome.title} |" for c in cases]
    for case in cases:
        verdict = diagnose(case.answers)
        steps = " · ".join(
            f"{esc(table.questions[q].tag)}: <strong>{esc(_short(table, q, a))}</strong>"
            for q, a in verdict.path
        )
        out += [
            "",
            f"## {case.title} {{ #{case.id} }}",
            "",
            case.situation,
            "",
            f'<p class="decide-route">{steps}</p>',
            "",
            f'<p class="decide-says">{verdict_html(case, from_page, verdict)}</p>',
            "",
            markdown_links(case.why, from_page),
        ]
    return "\n".join(out) + "\n"


def _short(table: Table, question: str, answer: str) -> str:
    return next(c.short for c in table.questions[question].choices if c.id == answer)
