"""A decision table: RAG, fine-tuning, both, or something else, and the walk through it.

The table is data, ``snippets/data/decide.json``: questions with stable ids,
their answers, and where each answer leads (another question or an outcome).
`load_table` reads and checks it, and refuses a table that could mislead with a
message naming the id at fault: a choice that leads nowhere, a question or an
outcome that no route reaches, a route that loops, an outcome without a guide
section. Then:

* `diagnose` turns a reader's answers into a `Verdict`;
* `paths` lists every route from the first question to an outcome.

Used by ``docs/decide/`` and ``docs/guide/quick-test.md``, through the demo glue
in ``snippets/demos/decide.py`` (quiz, flowchart) and
``snippets/demos/decide_cases.py`` (worked cases). Imports no other snippet: copy
this file with the JSON file and edit the questions for your organisation.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

TABLE_FILE = Path(__file__).parent / "data" / "decide.json"
_ID = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Section:
    """The guide section that explains a question or an outcome (``page`` under ``docs/``)."""

    page: str
    anchor: str
    title: str


@dataclass(frozen=True)
class Choice:
    """One answer to a question: ``next`` is the id of a question or an outcome."""

    id: str
    label: str
    short: str
    next: str
    reason: str


@dataclass(frozen=True)
class Question:
    """A question, with its answers in display order; ``tag`` names it in a word or two."""

    id: str
    tag: str
    text: str
    short: str
    help: str
    section: Section
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Outcome:
    """Where a route ends: what to do, why it works (``sources``: title and link), next steps."""

    id: str
    title: str
    kind: str
    summary: str
    next_steps: tuple[str, ...]
    section: Section
    sources: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """A checked decision table (see `load_table`)."""

    start: str
    kinds: Mapping[str, str]
    questions: Mapping[str, Question]
    outcomes: Mapping[str, Outcome]


@dataclass(frozen=True)
class Verdict:
    """What `diagnose` returns: the outcome, one reason per answer, and the route walked."""

    outcome: Outcome
    reasons: tuple[str, ...]
    path: tuple[tuple[str, str], ...]


class Route(NamedTuple):
    """One complete route: the ``(question, answer)`` pairs and the outcome they reach."""

    answers: tuple[tuple[str, str], ...]
    outcome: str


class TableError(ValueError):
    """The decision table is malformed; the message names the id at fault."""


def _get(item: Any, key: str, where: str) -> Any:
    if not isinstance(item, Mapping) or key not in item:
        raise TableError(f"{where}: missing {key!r}")
    return item[key]


def _text(item: Any, key: str, where: str) -> str:
    value = _get(item, key, where)
    if not isinstance(value, str) or not value.strip():
        raise TableError(f"{where}: {key!r} must be non-empty text")
    return value


def _section(item: Any, where: str) -> Section:
    raw = item.get("section") if isinstance(item, Mapping) else None
    if not raw:
        raise TableError(f"{where} has no guide section")
    where = f"{where}, section"
    return Section(
        _text(raw, "page", where), _text(raw, "anchor", where), _text(raw, "title", where)
    )


def _id(item: Any, where: str, seen: set[str]) -> str:
    value = _text(item, "id", where)
    if not _ID.fullmatch(value):
        raise TableError(f"{where}: id {value!r} must be lower case letters, digits and _")
    if value in seen:
        raise TableError(f"{where}: id {value!r} is used twice")
    seen.add(value)
    return value


def _question(raw: Any, number: int, seen: set[str]) -> Question:
    qid = _id(raw, f"question {number}", seen)
    choices: list[Choice] = []
    choice_ids: set[str] = set()
    for item in _get(raw, "choices", qid):
        cid = _id(item, f"a choice of {qid}", choice_ids)
        where = f"{qid}:{cid}"
        label, short = _text(item, "label", where), _text(item, "short", where)
        choices.append(
            Choice(cid, label, short, _text(item, "next", where), _text(item, "reason", where))
        )
    if len(choices) < 2:
        raise TableError(f"{qid} offers fewer than two choices")
    tag, text, short, help_ = (_text(raw, key, qid) for key in ("tag", "text", "short", "help"))
    return Question(qid, tag, text, short, help_, _section(raw, qid), tuple(choices))


def _outcome(raw: Any, number: int, seen: set[str], kinds: Mapping[str, str]) -> Outcome:
    oid = _id(raw, f"outcome {number}", seen)
    kind = _text(raw, "kind", oid)
    if kind not in kinds:
        raise TableError(f"{oid}: kind {kind!r} is not one of the table's kinds")
    sources = tuple((_text(s, "title", oid), _text(s, "href", oid)) for s in raw.get("sources", ()))
    steps = tuple(str(step) for step in _get(raw, "next_steps", oid))
    title, summary = _text(raw, "title", oid), _text(raw, "summary", oid)
    return Outcome(oid, title, kind, summary, steps, _section(raw, oid), sources)


# --8<-- [start:check]
def _check_routes(table: Table) -> None:
    """Every target exists, no route loops, every question and outcome is reached."""
    reached: set[str] = set()

    def walk(node: str, route: tuple[str, ...]) -> None:
        if node in route:
            raise TableError(f"cycle: {' -> '.join((*route[route.index(node) :], node))}")
        reached.add(node)
        if node in table.outcomes:
            return
        for choice in table.questions[node].choices:
            if choice.next not in table.questions and choice.next not in table.outcomes:
                raise TableError(f"{node}:{choice.id} leads to unknown target {choice.next!r}")
            walk(choice.next, (*route, node))

    walk(table.start, ())
    for name, items in (("question", table.questions), ("outcome", table.outcomes)):
        if missing := [i for i in items if i not in reached]:
            raise TableError(f"unreachable {name}: {', '.join(missing)} (no route leads there)")


# --8<-- [end:check]


def load_table(data: Mapping[str, Any] | None = None) -> Table:
    """Read a decision table (``snippets/data/decide.json`` when ``data`` is None) and check it.

    Raises:
        TableError: If a field is missing, an id is repeated, a choice leads to an
            unknown target, a question or outcome is unreachable, a route loops, or
            a question or outcome has no guide section.

    Examples:
        >>> table = load_table()
        >>> table.start, len(table.outcomes)
        ('quick_test', 11)
        >>> q = {"id": "q", "tag": "Q", "text": "?", "short": "?", "help": "?",
        ...      "section": {"page": "p.md", "anchor": "a", "title": "t"},
        ...      "choices": [{"id": c, "label": c, "short": c, "next": "nowhere", "reason": c}
        ...                  for c in ("yes", "no")]}
        >>> load_table({"start": "q", "kinds": {}, "questions": [q], "outcomes": []})
        Traceback (most recent call last):
        snippets.decide.TableError: q:yes leads to unknown target 'nowhere'
    """
    if data is None:
        data = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
    kinds = _get(data, "kinds", "table")
    seen: set[str] = set()
    questions = [
        _question(raw, n, seen) for n, raw in enumerate(_get(data, "questions", "table"), 1)
    ]
    outcomes = [
        _outcome(raw, n, seen, kinds) for n, raw in enumerate(_get(data, "outcomes", "table"), 1)
    ]
    start = _text(data, "start", "table")
    if start not in {q.id for q in questions}:
        raise TableError(f"the start {start!r} is not a question")
    table = Table(
        start,
        MappingProxyType(dict(kinds)),
        MappingProxyType({q.id: q for q in questions}),
        MappingProxyType({o.id: o for o in outcomes}),
    )
    _check_routes(table)
    return table


@functools.cache
def default_table() -> Table:
    """The site's table, ``snippets/data/decide.json``, read once."""
    return load_table()


# --8<-- [start:diagnose]
def diagnose(answers: Mapping[str, str], table: Table | None = None) -> Verdict:
    """Walk the table with a reader's answers and return the verdict.

    Args:
        answers: Question id to answer id. Exactly the questions on the route must
            be answered; their order does not matter.
        table: A table from `load_table`; the site's table by default.

    Raises:
        ValueError: For an unknown question, an answer the question does not offer,
            a question on the route left unanswered, or an answer to a question the
            route never reaches.

    Examples:
        >>> verdict = diagnose({"quick_test": "no", "defined": "no"})
        >>> verdict.outcome.id, len(verdict.reasons)
        ('neither', 2)
        >>> diagnose({"quick_test": "maybe"})
        Traceback (most recent call last):
        ValueError: 'maybe' is not an answer to 'quick_test'; answer one of: yes, no
    """
    table = table or default_table()
    if unknown := [q for q in answers if q not in table.questions]:
        raise ValueError(
            f"unknown question {unknown[0]!r}; the questions are: {', '.join(table.questions)}"
        )
    path: list[tuple[str, str]] = []
    reasons: list[str] = []
    node = table.start
    while node in table.questions:
        asked = table.questions[node]
        offered = ", ".join(c.id for c in asked.choices)
        if node not in answers:
            raise ValueError(f"missing answer to {node!r} ({asked.text}); answer one of: {offered}")
        chosen = next((c for c in asked.choices if c.id == answers[node]), None)
        if chosen is None:
            raise ValueError(
                f"{answers[node]!r} is not an answer to {node!r}; answer one of: {offered}"
            )
        path.append((node, chosen.id))
        reasons.append(chosen.reason)
        node = chosen.next
    if stray := [q for q in answers if q not in dict(path)]:
        walked = ", ".join(f"{q}:{a}" for q, a in path)
        raise ValueError(f"impossible path: {stray[0]!r} is never asked after {walked}")
    return Verdict(table.outcomes[node], tuple(reasons), tuple(path))


# --8<-- [end:diagnose]


def paths(table: Table | None = None) -> list[Route]:
    """Every route from the first question to an outcome, depth first in choice order.

    Examples:
        >>> routes = paths()
        >>> all(diagnose(dict(r.answers)).outcome.id == r.outcome for r in routes)
        True
        >>> routes[0].outcome, [answer for _, answer in routes[0].answers]
        ('lookup', ['yes', 'yes', 'records'])
    """
    table = table or default_table()
    routes: list[Route] = []

    def walk(node: str, so_far: tuple[tuple[str, str], ...]) -> None:
        if node in table.outcomes:
            routes.append(Route(so_far, node))
            return
        for choice in table.questions[node].choices:
            walk(choice.next, (*so_far, (node, choice.id)))

    walk(table.start, ())
    return routes
