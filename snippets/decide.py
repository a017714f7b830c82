"""The decision table behind "Decide for your project": RAG, fine-tuning, both, or neither.

Used by ``docs/decide/index.md`` (the flowchart, the same tree as text, and the
interactive quick test, which walks the JSON this module exports) and by
``docs/decide/scenarios.md`` (every worked scenario is diagnosed by
`diagnose` while the site is built).

The table is data: questions with stable ids, their answers, and where each
answer leads (another question or an outcome). Everything else is generated
from it, so the flowchart, the quiz and the tests cannot disagree:

* `diagnose` turns a set of answers into a `Verdict`;
* `paths` lists every route from the first question to an outcome;
* `to_json`, `to_svg`, `to_mermaid` and `text_tree`
  export the same table for a browser, a page, a diagram tool and a screen reader.

The criteria follow the guide: a knowledge problem (facts that change, answers
that must cite or respect permissions) points to retrieval; a behaviour problem
(format, tone, a narrow task at volume) that survives careful prompting points
to fine-tuning; and missing sources or an undefined task point to neither.

Copy this file alone: it imports nothing outside the standard library.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

# --8<-- [start:model]


@dataclass(frozen=True)
class Section:
    """A section of the guide that explains a question or an outcome.

    Args:
        page: The page's source path under ``docs/``, e.g. ``"guide/knowledge.md"``.
        anchor: The id of the heading on that page.
        title: Link text for the section.
    """

    page: str
    anchor: str
    title: str

    @property
    def ref(self) -> str:
        """The page and anchor as ``page.md#anchor``."""
        return f"{self.page}#{self.anchor}"

    def href(self, from_page: str) -> str:
        """The built URL relative to another page, with MkDocs directory URLs.

        ``guide/knowledge.md`` is served at ``guide/knowledge/`` and
        ``decide/index.md`` at ``decide/``. Build-time output uses these URLs, not
        ``.md`` paths: MkDocs does not rewrite links inside markdown-exec output.

        Example:
            ```python
            from snippets.decide import Section

            s = Section("guide/knowledge.md", "citations", "Citations")
            assert s.href("decide/index.md") == "../guide/knowledge/#citations"
            assert s.href("decide/scenarios.md") == "../../guide/knowledge/#citations"
            ```
        """
        target = _url_dir(self.page)
        start = _url_dir(from_page)
        relative = posixpath.relpath(target or ".", start or ".")
        relative = "" if relative == "." else relative + "/"
        return f"{relative}#{self.anchor}"


def _url_dir(page: str) -> str:
    """The directory URL MkDocs serves a source page at (``""`` for the home page)."""
    stem = page.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index")


@dataclass(frozen=True)
class Choice:
    """One answer to a question, and where it leads.

    Args:
        id: Stable id used in answers and URLs (``"yes"``, ``"no"``, ...).
        label: The answer as the reader sees it.
        short: A word or two for the flowchart's arrow.
        goto: The id of the next question or of an outcome.
        reason: Why this answer leads there; becomes one line of the verdict.
    """

    id: str
    label: str
    short: str
    goto: str
    reason: str


@dataclass(frozen=True)
class Question:
    """A question of the quick test.

    Args:
        id: Stable id used in answers and URLs.
        text: The question in full.
        short: The question in a few words, for the flowchart.
        help: What to consider before answering.
        section: The guide section that explains it.
        choices: The possible answers, in display order.
    """

    id: str
    text: str
    short: str
    help: str
    section: Section
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Outcome:
    """Where a path ends: an approach to take, with next steps.

    Args:
        id: Stable id (``"rag"``, ``"fine_tune"``, ``"both"``, ``"prompting"``, ``"neither"``).
        title: The outcome as a heading.
        summary: One or two sentences on what to do.
        next_steps: Concrete steps, in order.
        section: The guide section that explains it.
    """

    id: str
    title: str
    summary: str
    next_steps: tuple[str, ...]
    section: Section


@dataclass(frozen=True)
class Verdict:
    """The result of `diagnose`.

    Attributes:
        outcome: The outcome's id.
        title: The outcome's title.
        summary: What to do, in a sentence or two.
        reasons: One reason per answer on the path, in order.
        next_steps: The outcome's next steps.
        path: The ``(question id, answer id)`` pairs walked, in order.
        sections: The guide sections of every question on the path and of the
            outcome, without repeats.
    """

    outcome: str
    title: str
    summary: str
    reasons: tuple[str, ...]
    next_steps: tuple[str, ...]
    path: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]


class Route(NamedTuple):
    """One complete path through the table: the answers given and the outcome reached."""

    answers: tuple[tuple[str, str], ...]
    outcome: str


# --8<-- [end:model]

# The guide sections the table points to (page + heading id).
QUICK_TEST = Section("guide/quick-test.md", "the-question-to-ask", "The question to ask")
DOCUMENTS = Section(
    "guide/knowledge.md",
    "your-documents-not-the-models-memory",
    "Your documents, not the model's memory",
)
CITATIONS = Section("guide/knowledge.md", "citations", "Citations")
SOURCES = Section(
    "guide/knowledge.md", "what-retrieval-does-not-fix", "What retrieval does not fix"
)
WHICH_ONE = Section(
    "guide/knowledge.md", "how-to-tell-which-one-you-have", "How to tell which one you have"
)
FORMAT = Section("guide/behaviour.md", "output-format-and-structure", "Output format and structure")
HIGH_VOLUME = Section(
    "guide/behaviour.md", "a-narrow-task-at-high-volume", "A narrow task at high volume"
)
FT_COSTS = Section("guide/behaviour.md", "what-a-fine-tune-costs-you", "What a fine-tune costs you")
FT_WASTED = Section(
    "guide/behaviour.md", "when-fine-tuning-is-wasted", "When fine-tuning is wasted"
)
CHEAP_FIRST = Section(
    "guide/both.md", "prompting-and-retrieval-first", "Prompting and retrieval first"
)
ADD_FT = Section("guide/both.md", "when-to-add-a-fine-tune", "When to add a fine-tune")
EVAL_SET = Section(
    "guide/measure.md", "build-a-small-evaluation-set", "Build a small evaluation set"
)
MEASURE_FIRST = Section("guide/measure.md", "why-measure-first", "Why measure first")

# --8<-- [start:table]
START = "quick_test"

QUESTIONS: tuple[Question, ...] = (
    Question(
        id="quick_test",
        text=(
            "If the facts behind a correct answer changed tomorrow, would the model "
            "have to be retrained to give the new answer?"
        ),
        short="Would new facts tomorrow need retraining?",
        help=(
            "Pick a question your users ask and imagine its correct answer changes "
            "overnight: a new price, a revised policy, a discontinued product. If the "
            "model could only learn the change by training, the answers depend on facts "
            "it must be given, which is a knowledge problem. If the facts arrive with "
            "each request or are common knowledge, what needs fixing is how it answers."
        ),
        section=QUICK_TEST,
        choices=(
            Choice(
                "yes",
                "Yes: the model would have to be retrained",
                "yes",
                "sources",
                "The answers depend on facts the model has to be given and that can "
                "change, so this is a knowledge problem: facts belong in retrieval, "
                "where an edit takes effect at once, not in the weights.",
            ),
            Choice(
                "no",
                "No: the facts come with the request or never change",
                "no",
                "trust",
                "The facts are stable or arrive with each request, so what fails is "
                "more likely how the model answers than what it knows.",
            ),
        ),
    ),
    Question(
        id="sources",
        text=(
            "Do you have documents or data that contain the correct answers, and are "
            "they accurate and kept current?"
        ),
        short="Do trustworthy sources hold the answers?",
        help=(
            "Retrieval hands the model what your sources say, nothing more. If the "
            "answer is missing from them, if they contradict each other, or if nobody "
            "keeps them up to date, neither approach can produce it: a fine-tuned model "
            "would learn the same gaps and errors, and keep them after you fix the text."
        ),
        section=SOURCES,
        choices=(
            Choice(
                "yes",
                "Yes: the answers are written down and someone keeps them correct",
                "yes",
                "shape",
                "Sources you trust hold the answers, so retrieval has something correct to find.",
            ),
            Choice(
                "no",
                "No: the answers are missing, outdated or contradictory",
                "no",
                "neither",
                "The correct answers are not written down anywhere reliable, and no "
                "change to the model can supply them.",
            ),
        ),
    ),
    Question(
        id="shape",
        text=(
            "When you paste the passages that hold the answer into the prompt by hand, "
            "does the model reply in the format and tone you need?"
        ),
        short="With the right passages pasted in, is the reply usable?",
        help=(
            "This separates the two problems before you build anything. Take five to "
            "ten real questions, paste in the passages that answer them, and read the "
            "replies. Right and well shaped: retrieval is the whole job. Right but in "
            "the wrong format or voice: part of the problem is behaviour."
        ),
        section=WHICH_ONE,
        choices=(
            Choice(
                "yes",
                "Yes: given the right passages, the replies are usable",
                "yes",
                "rag",
                "With the right passages in front of it the model already answers well, "
                "so finding those passages is the whole job.",
            ),
            Choice(
                "no",
                "No: the facts are right but the format, tone or task is off",
                "no",
                "prompt_fix",
                "Even with the facts in hand the replies have the wrong shape, so part "
                "of the problem is behaviour.",
            ),
        ),
    ),
    Question(
        id="prompt_fix",
        text=(
            "Do precise instructions and two or three example replies in the prompt fix "
            "the format and tone?"
        ),
        short="Do instructions and examples fix the shape?",
        help=(
            "Most format and tone problems give way to an exact instruction and a few "
            "worked examples. Try that before training anything: it takes an afternoon, "
            "and if you do fine-tune later you will need those examples anyway."
        ),
        section=FORMAT,
        choices=(
            Choice(
                "yes",
                "Yes: with instructions and examples the replies come out right",
                "yes",
                "rag",
                "Instructions and examples in the prompt close the remaining gap, so no "
                "behaviour gap is left for training to fix.",
            ),
            Choice(
                "no",
                "No: we measured it and the shape is still wrong too often",
                "no",
                "both",
                "A measured behaviour gap remains after retrieval and careful prompting: "
                "the case where fine-tuning on top of retrieval earns its cost.",
            ),
        ),
    ),
    Question(
        id="trust",
        text=(
            "Must each answer cite the document it came from, or may different users "
            "see only the documents they are allowed to see?"
        ),
        short="Citations or per-user permissions needed?",
        help=(
            "A fine-tuned model cannot say which document taught it a fact, and it "
            "cannot hide a fact from one user while showing it to another. Retrieval "
            "can do both: it knows which passages it handed over, and it can filter "
            "them by the reader's permissions before the model sees them."
        ),
        section=CITATIONS,
        choices=(
            Choice(
                "yes",
                "Yes: answers must cite sources or respect permissions",
                "yes",
                "rag",
                "Citations and permission checks need to know where each fact came "
                "from, and only retrieval keeps that link.",
            ),
            Choice(
                "no",
                "No: neither matters for this use",
                "no",
                "defined",
                "Nothing has to be traced back to a source, so the model's behaviour is "
                "what to examine.",
            ),
        ),
    ),
    Question(
        id="defined",
        text=(
            "Can you show what a good answer looks like, as written rules or as real "
            "inputs paired with their correct outputs?"
        ),
        short="Can you show what a good answer looks like?",
        help=(
            "Prompting and fine-tuning both steer a model toward a target. If the team "
            "cannot agree on the target, write it down first: a one-page definition and "
            "a few dozen graded examples. Without them no one can tell whether a change "
            "helped."
        ),
        section=EVAL_SET,
        choices=(
            Choice(
                "yes",
                "Yes: we have written rules or graded examples",
                "yes",
                "prompt_result",
                "The target is written down, so any change to the prompt or the model "
                "can be checked against it.",
            ),
            Choice(
                "no",
                "No: people disagree on what a good answer is",
                "no",
                "neither",
                "Nobody can say what a correct answer is yet, so the work is defining "
                "the task, not choosing a technique.",
            ),
        ),
    ),
    Question(
        id="prompt_result",
        text=(
            "With precise instructions and a few examples in the prompt, how does the "
            "model do on a sample of real inputs?"
        ),
        short="How does a careful prompt do on real inputs?",
        help=(
            "Run a careful prompt on fifty or more real inputs and count the failures "
            "against your definition of a good answer. Note the latency and the cost "
            "per request while you are at it."
        ),
        section=CHEAP_FIRST,
        choices=(
            Choice(
                "untried",
                "We have not tried that yet",
                "untried",
                "prompting",
                "No one has measured a careful prompt yet; it is the cheapest thing to "
                "try and often enough on its own.",
            ),
            Choice(
                "works",
                "It does the job, at a cost and speed we accept",
                "works",
                "prompting",
                "A prompt already meets the bar, so training a model would add cost and "
                "upkeep for no gain.",
            ),
            Choice(
                "costly",
                "It does the job, but it is too slow or too expensive at our volume",
                "costly",
                "volume",
                "The quality is there but the latency or the cost per request is not; a "
                "smaller model trained on this one task may deliver both.",
            ),
            Choice(
                "fails",
                "It still gets the format, tone or task wrong too often",
                "fails",
                "examples",
                "A careful prompt was tried and measured, and a behaviour gap remains.",
            ),
        ),
    ),
    Question(
        id="volume",
        text=(
            "Is the task narrow and stable, with enough traffic that a smaller trained "
            "model would repay the cost of building and maintaining it?"
        ),
        short="Narrow, stable task at high volume?",
        help=(
            "Replacing a large general model with a small trained one pays when the task "
            "stays the same for months and runs constantly: classifying, extracting, "
            "routing. Multiply the saving per request by the volume, and compare it with "
            "the cost of a training set, training runs, and a new run whenever the task "
            "changes."
        ),
        section=HIGH_VOLUME,
        choices=(
            Choice(
                "yes",
                "Yes: a stable task that runs at high volume",
                "yes",
                "fine_tune",
                "A stable task at high volume is where a small fine-tuned model beats a "
                "large general one on cost and latency.",
            ),
            Choice(
                "no",
                "No: the volume is modest or the task still changes",
                "no",
                "prompting",
                "At this volume, or with a task that still moves, training and "
                "retraining would cost more than they save; a cheaper general model "
                "with the same prompt is the next thing to try.",
            ),
        ),
    ),
    Question(
        id="examples",
        text=(
            "Is the required behaviour stable, and can you collect a few hundred "
            "correct examples of it?"
        ),
        short="Stable behaviour, hundreds of good examples?",
        help=(
            "Fine-tuning learns from examples, so it needs many good ones, and it must "
            "be repeated when the required output changes. If the format changes every "
            "few weeks, or the examples do not exist, a training run fixes in place a "
            "target that is about to move."
        ),
        section=FT_WASTED,
        choices=(
            Choice(
                "yes",
                "Yes: the behaviour is settled and we have or can make the examples",
                "yes",
                "fine_tune",
                "A settled behaviour, a gap measured after careful prompting, and "
                "examples to learn from: the conditions under which fine-tuning pays.",
            ),
            Choice(
                "no",
                "No: the target keeps moving or the examples do not exist",
                "no",
                "neither",
                "Without a settled target and examples to learn from, training cannot "
                "close the gap; the work is pinning down the task and collecting data.",
            ),
        ),
    ),
)

OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        id="rag",
        title="RAG",
        summary=(
            "Retrieve the relevant passages when a question arrives and give them to "
            "the model with the question. Leave the model as it is."
        ),
        next_steps=(
            "Gather the documents that hold the answers and give each one an owner who "
            "keeps it current.",
            "Build retrieval over them and test it on real questions first: does the "
            "passage with the answer come back among the top few?",
            "Tell the model to answer only from the passages and to cite them; score the "
            "answers on a fixed set of questions.",
            "Edit a document and ask again: the answer should change with no retraining.",
        ),
        section=DOCUMENTS,
    ),
    Outcome(
        id="fine_tune",
        title="Fine-tune",
        summary=(
            "Train the model, or a smaller one, on examples of the behaviour you need. "
            "Keep facts out of the training set: they belong in the prompt or in "
            "retrieval."
        ),
        next_steps=(
            "Freeze a test set before training and record the prompted model's score "
            "on it as the baseline.",
            "Assemble a few hundred to a few thousand clean input and output pairs of "
            "the target behaviour.",
            "Start with a parameter-efficient method such as LoRA on the smallest model "
            "that might do the job.",
            "Compare with the baseline on quality, latency and cost per request, and "
            "budget a new training run for each change in the requirements.",
        ),
        section=FT_COSTS,
    ),
    Outcome(
        id="both",
        title="Both: RAG first, then fine-tune",
        summary=(
            "Build retrieval first so the model sees correct, current facts; then "
            "fine-tune for the behaviour that still falls short."
        ),
        next_steps=(
            "Ship retrieval with the best prompt you have and log its answers.",
            "From the logs, pick answers whose facts were right but whose shape was "
            "wrong, and write the corrected reply for each.",
            "Fine-tune on examples that include the retrieved passages, so the model "
            "learns to use context in the required shape rather than memorise facts.",
            "Keep retrieval after fine-tuning: it still supplies the facts.",
        ),
        section=ADD_FT,
    ),
    Outcome(
        id="prompting",
        title="Prompting first",
        summary=(
            "Write the instructions and examples carefully and measure them; train "
            "nothing until a measured gap remains."
        ),
        next_steps=(
            "Write the instructions as explicit rules, with two or three example replies.",
            "Run the prompt on fifty or more real inputs and count failures against a "
            "written definition of a good answer.",
            "If cost or latency is the issue, try a smaller general model with the same prompt.",
            "Take this test again with the measurements: if a gap remains, it will "
            "point you further.",
        ),
        section=CHEAP_FIRST,
    ),
    Outcome(
        id="neither",
        title="Neither: the problem is elsewhere",
        summary=(
            "Neither retrieval nor training can fix this yet: the sources, or the "
            "definition of the task, have to be fixed first."
        ),
        next_steps=(
            "Name the missing piece: absent or wrong documents, or no agreed idea of a "
            "correct answer.",
            "Fix that first: write or correct the documents, or write a short "
            "definition of a good answer with graded examples.",
            "Take the quick test again once the missing piece is in place.",
        ),
        section=MEASURE_FIRST,
    ),
)
# --8<-- [end:table]

_QUESTIONS: Mapping[str, Question] = MappingProxyType({q.id: q for q in QUESTIONS})
_OUTCOMES: Mapping[str, Outcome] = MappingProxyType({o.id: o for o in OUTCOMES})


def question(question_id: str) -> Question:
    """The question with this id.

    Raises:
        ValueError: If there is no such question.
    """
    try:
        return _QUESTIONS[question_id]
    except KeyError:
        known = ", ".join(_QUESTIONS)
        raise ValueError(f"unknown question {question_id!r}; the questions are: {known}") from None


def outcome(outcome_id: str) -> Outcome:
    """The outcome with this id.

    Raises:
        ValueError: If there is no such outcome.
    """
    try:
        return _OUTCOMES[outcome_id]
    except KeyError:
        known = ", ".join(_OUTCOMES)
        raise ValueError(f"unknown outcome {outcome_id!r}; the outcomes are: {known}") from None


# --8<-- [start:diagnose]
def diagnose(answers: Mapping[str, str]) -> Verdict:
    """Walk the table with the reader's answers and return the verdict.

    Args:
        answers: Question id to answer id, e.g. ``{"quick_test": "yes", ...}``.
            Exactly the questions on the path must be answered; order does not matter.

    Returns:
        The outcome reached, with one reason per answer and the outcome's next steps.

    Raises:
        ValueError: For an unknown question id, an answer the question does not
            offer, a question on the path left unanswered, or an answer to a
            question the path never reaches (an impossible path).

    Example:
        ```python
        from snippets.decide import diagnose

        verdict = diagnose({"quick_test": "yes", "sources": "yes", "shape": "yes"})
        assert verdict.outcome == "rag"
        assert len(verdict.reasons) == 3
        ```
    """
    for question_id in answers:
        question(question_id)  # raises for an unknown id
    path: list[tuple[str, str]] = []
    reasons: list[str] = []
    sections: list[Section] = []
    node = START
    while node in _QUESTIONS:
        asked = _QUESTIONS[node]
        sections.append(asked.section)
        if node not in answers:
            raise ValueError(
                f"missing answer to {node!r} ({asked.text}); "
                f"answer one of: {', '.join(c.id for c in asked.choices)}"
            )
        given = answers[node]
        chosen = next((c for c in asked.choices if c.id == given), None)
        if chosen is None:
            raise ValueError(
                f"{given!r} is not an answer to {node!r}; "
                f"answer one of: {', '.join(c.id for c in asked.choices)}"
            )
        path.append((node, given))
        reasons.append(chosen.reason)
        node = chosen.goto
    stray = [q for q in answers if q not in dict(path)]
    if stray:
        walked = ", ".join(f"{q}:{a}" for q, a in path)
        raise ValueError(
            f"impossible path: {', '.join(map(repr, stray))} is never asked after {walked}"
        )
    result = outcome(node)
    sections.append(result.section)
    return Verdict(
        outcome=result.id,
        title=result.title,
        summary=result.summary,
        reasons=tuple(reasons),
        next_steps=result.next_steps,
        path=tuple(path),
        sections=tuple(dict.fromkeys(sections)),
    )


# --8<-- [end:diagnose]


def paths() -> list[Route]:
    """Every route from the first question to an outcome, depth first in choice order.

    Raises:
        ValueError: If a choice leads to an id that is neither a question nor an
            outcome, or if a question can be reached twice on one route (a loop).

    Example:
        ```python
        from snippets.decide import diagnose, paths

        for route in paths():
            assert diagnose(dict(route.answers)).outcome == route.outcome
        ```
    """
    routes: list[Route] = []

    def walk(node: str, so_far: tuple[tuple[str, str], ...]) -> None:
        if node in _OUTCOMES:
            routes.append(Route(so_far, node))
            return
        if node not in _QUESTIONS:
            raise ValueError(f"a choice leads to {node!r}, which is neither question nor outcome")
        if any(q == node for q, _ in so_far):
            raise ValueError(f"loop: {node!r} is reached twice on one route")
        for choice in _QUESTIONS[node].choices:
            walk(choice.goto, (*so_far, (node, choice.id)))

    walk(START, ())
    return routes


# --8<-- [start:query]
def to_query(answers: Mapping[str, str] | tuple[tuple[str, str], ...]) -> str:
    """Answers in the form the quick test keeps in its URL: ``q1:a1,q2:a2``.

    Example:
        ```python
        from snippets.decide import to_query

        assert to_query({"quick_test": "no", "trust": "yes"}) == "quick_test:no,trust:yes"
        ```
    """
    pairs = answers.items() if isinstance(answers, Mapping) else answers
    return ",".join(f"{q}:{a}" for q, a in pairs)


def parse_query(text: str) -> dict[str, str]:
    """Read answers written by `to_query`; `diagnose` then checks them.

    Raises:
        ValueError: If a part is not ``question:answer`` or a question appears twice.

    Example:
        ```python
        from snippets.decide import parse_query

        assert parse_query("quick_test:no,trust:yes") == {"quick_test": "no", "trust": "yes"}
        ```
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


# --8<-- [end:query]


def to_json(from_page: str = "decide/index.md") -> str:
    """The table as JSON for the interactive quick test (``docs/assets/js/decide.js``).

    Args:
        from_page: The page the JSON is embedded in; section links are made
            relative to its built URL.

    Returns:
        A JSON object with ``start``, ``questions`` and ``outcomes``. ``<``, ``>``
        and ``&`` are escaped, so the text can sit inside a ``<script>`` element.
    """

    def link(section: Section) -> dict[str, str]:
        return {"href": section.href(from_page), "title": section.title, "ref": section.ref}

    data: dict[str, Any] = {
        "start": START,
        "questions": {
            q.id: {
                "text": q.text,
                "short": q.short,
                "help": q.help,
                "section": link(q.section),
                "choices": [
                    {"id": c.id, "label": c.label, "next": c.goto, "reason": c.reason}
                    for c in q.choices
                ],
            }
            for q in QUESTIONS
        },
        "outcomes": {
            o.id: {
                "title": o.title,
                "summary": o.summary,
                "next_steps": list(o.next_steps),
                "section": link(o.section),
            }
            for o in OUTCOMES
        },
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def to_mermaid() -> str:
    """The table as a Mermaid flowchart (paste it into any Mermaid renderer).

    Question nodes carry their id; outcome nodes are drawn once per arrow that
    reaches them, named ``<question>_<answer>``, so the chart stays a tree.

    Example:
        ```python
        from snippets.decide import to_mermaid

        chart = to_mermaid()
        assert chart.startswith("flowchart TD")
        assert 'quick_test -->|"yes"| sources' in chart
        ```
    """

    def label(text: str) -> str:
        return text.replace('"', "#quot;")

    lines = ["flowchart TD"]
    for q in QUESTIONS:
        lines.append(f'    {q.id}["{label(q.short)}"]')
    for q in QUESTIONS:
        for c in q.choices:
            target = c.goto
            if c.goto in _OUTCOMES:
                target = f"{q.id}_{c.id}"
                lines.append(f'    {target}(["{label(_OUTCOMES[c.goto].title)}"])')
            lines.append(f'    {q.id} -->|"{label(c.short)}"| {target}')
    for q in QUESTIONS:
        lines.append(f'    click {q.id} "{q.section.ref}"')
    return "\n".join(lines) + "\n"


# --8<-- [start:tree]
def text_tree(from_page: str = "decide/index.md") -> str:
    """The table as a nested Markdown list, for screen readers and pages without JavaScript.

    Args:
        from_page: The source page the list goes into; links are relative to its URL.
    """
    lines: list[str] = []

    def walk(node: str, depth: int, answer: str) -> None:
        indent = "    " * depth
        lead = f"{indent}- {answer}" if answer else f"{indent}-"
        if node in _OUTCOMES:
            result = _OUTCOMES[node]
            link = result.section.href(from_page)
            lines.append(f"{lead} **Outcome: [{result.title}]({link})**")
            return
        asked = _QUESTIONS[node]
        link = asked.section.href(from_page)
        lines.append(f"{lead} {asked.text} ([{asked.section.title}]({link}))")
        for choice in asked.choices:
            walk(choice.goto, depth + 1, f"*{choice.label}* →")

    walk(START, 0, "")
    return "\n".join(lines) + "\n"


# --8<-- [end:tree]


# Flowchart geometry, in SVG user units (pixels at 100 %).
_NODE_W = 128
_GAP_X = 64
_ROW_H = 70
_LINE_H = 15
_CHARS = 18  # characters per line inside a node at 13 px


def _wrap(text: str, width: int = _CHARS) -> list[str]:
    """Greedy word wrap (no word is split)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


class _Box(NamedTuple):
    key: str  # unique per drawn node
    node: str  # question or outcome id
    depth: int
    y: float
    lines: tuple[str, ...]


def _layout() -> tuple[list[_Box], list[tuple[str, str, str]]]:
    """A layered tree layout, left to right: depth sets x, leaves take one row each,
    a question sits at the middle of its children. Returns boxes and edges
    ``(from key, to key, label)``."""
    boxes: list[_Box] = []
    edges: list[tuple[str, str, str]] = []
    next_row = 0

    def place(node: str, depth: int, key: str) -> float:
        nonlocal next_row
        if node in _OUTCOMES:
            y = float(next_row * _ROW_H)
            next_row += 1
            boxes.append(_Box(key, node, depth, y, tuple(_wrap(_OUTCOMES[node].title))))
            return y
        asked = _QUESTIONS[node]
        ys: list[float] = []
        for choice in asked.choices:
            child = choice.goto if choice.goto in _QUESTIONS else f"{node}_{choice.id}"
            ys.append(place(choice.goto, depth + 1, child))
            edges.append((key, child, choice.short))
        y = (ys[0] + ys[-1]) / 2
        boxes.append(_Box(key, node, depth, y, tuple(_wrap(asked.short))))
        return y

    place(START, 0, START)
    return boxes, edges


# --8<-- [start:svg]
def to_svg(from_page: str = "decide/index.md") -> str:
    """The table as an inline SVG flowchart, laid out left to right at build time.

    Every node is a link to the guide section that explains it. The links use
    ``xlink:href``: scripts that rewrite every ``[href]`` on a page (Material's
    instant navigation does) cannot assign to an SVG link's read-only ``href``.
    Colours come
    from ``currentColor`` and CSS classes (``decide-flow``, ``decide-node``,
    ``decide-q``, ``decide-o``, ``decide-o--<outcome>``), so the page's
    stylesheet decides light and dark.

    Args:
        from_page: The source page the SVG goes into; links are relative to its URL.

    Example:
        ```python
        from snippets.decide import to_svg

        svg = to_svg()
        assert svg.startswith("<svg") and 'role="img"' in svg
        ```
    """
    boxes, edges = _layout()
    by_key = {box.key: box for box in boxes}
    pad = 12
    depth = max(box.depth for box in boxes) + 1
    width = depth * _NODE_W + (depth - 1) * _GAP_X + 2 * pad
    rows = sum(1 for box in boxes if box.node in _OUTCOMES)
    height = rows * _ROW_H - (_ROW_H - _box_height(3)) + 2 * pad

    def x_of(box: _Box) -> float:
        return pad + box.depth * (_NODE_W + _GAP_X)

    def top(box: _Box) -> float:
        return pad + box.y + (_box_height(3) - _box_height(len(box.lines))) / 2

    def mid(box: _Box) -> float:
        return pad + box.y + _box_height(3) / 2

    esc = html.escape
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'class="decide-flow" role="img" '
        f'aria-labelledby="decide-flow-title decide-flow-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        '<title id="decide-flow-title">The quick test as a flowchart</title>',
        '<desc id="decide-flow-desc">Start at the left with the quick test. Each box is a '
        "question, each arrow an answer, and the rounded boxes at the ends of the branches "
        "are the outcomes. The same tree follows as a nested list.</desc>",
        '<g class="decide-edges">',
    ]
    for source, target, label in edges:
        a, b = by_key[source], by_key[target]
        x1, y1 = x_of(a) + _NODE_W, mid(a)
        x2, y2 = x_of(b), mid(b)
        bend = x1 + 8
        out.append(
            f'<path class="decide-edge" d="M{x1:g},{y1:g} H{bend:g} V{y2:g} H{x2 - 6:g}"/>'
            f'<path class="decide-arrow" d="M{x2 - 7:g},{y2 - 4:g} L{x2:g},{y2:g} '
            f'L{x2 - 7:g},{y2 + 4:g} Z"/>'
            f'<text class="decide-edge-label" x="{bend + 4:g}" y="{y2 - 5:g}">{esc(label)}</text>'
        )
    out.append("</g>")
    for box in sorted(boxes, key=lambda b: (b.depth, b.y)):
        is_question = box.node in _QUESTIONS
        section = _QUESTIONS[box.node].section if is_question else _OUTCOMES[box.node].section
        kind = "decide-q" if is_question else f"decide-o decide-o--{box.node}"
        full = _QUESTIONS[box.node].text if is_question else _OUTCOMES[box.node].title
        x, y = x_of(box), top(box)
        h = _box_height(len(box.lines))
        radius = 4 if is_question else min(h / 2, 14)
        out.append(
            f'<a class="decide-node {kind}" xlink:href="{esc(section.href(from_page))}" '
            f'data-node="{esc(box.node)}" data-key="{esc(box.key)}">'
            f"<title>{esc(full)} (read: {esc(section.title)})</title>"
            f'<rect x="{x:g}" y="{y:g}" width="{_NODE_W}" height="{h:g}" rx="{radius:g}"/>'
        )
        for i, line in enumerate(box.lines):
            ty = y + 10 + _LINE_H * (i + 1) - 3
            out.append(f'<text x="{x + _NODE_W / 2:g}" y="{ty:g}">{esc(line)}</text>')
        out.append("</a>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --8<-- [end:svg]


def _box_height(lines: int) -> float:
    return 10 + lines * _LINE_H + 6


class Scenario(NamedTuple):
    """A worked example for the scenarios page: a situation and the answers it gives."""

    id: str
    title: str
    situation: str
    answers: dict[str, str]


def load_scenarios() -> list[Scenario]:
    """The worked scenarios from ``snippets/data/scenarios.json``, in file order.

    Example:
        ```python
        from snippets.decide import diagnose, load_scenarios

        for scenario in load_scenarios():
            diagnose(scenario.answers)  # every scenario is a complete, possible path
        ```
    """
    path = Path(__file__).parent / "data" / "scenarios.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [Scenario(s["id"], s["title"], s["situation"], dict(s["answers"])) for s in raw]


def quiz_href(
    answers: Mapping[str, str], from_page: str, quiz_page: str = "decide/index.md"
) -> str:
    """A URL, relative to ``from_page``, that opens the quick test with these answers.

    Example:
        ```python
        from snippets.decide import quiz_href

        href = quiz_href({"quick_test": "yes", "sources": "no"}, "decide/scenarios.md")
        assert href == "../?answers=quick_test:yes,sources:no#quick-test"
        ```
    """
    page = Section(quiz_page, "quick-test", "").href(from_page).removesuffix("#quick-test")
    return f"{page or './'}?answers={to_query(answers)}#quick-test"


def scenario_markdown(scenario_id: str, from_page: str = "decide/scenarios.md") -> str:
    """One worked scenario as Markdown: the situation, the answers, the verdict, a quiz link.

    The verdict is computed here by `diagnose`, so the page cannot show
    an outcome the table does not give.

    Raises:
        ValueError: If there is no scenario with this id, or its answers are not
            a complete path.
    """
    found = [s for s in load_scenarios() if s.id == scenario_id]
    if not found:
        raise ValueError(f"unknown scenario {scenario_id!r}")
    scenario = found[0]
    verdict = diagnose(scenario.answers)
    lines = [scenario.situation, "", "| question | answer |", "| --- | --- |"]
    for question_id, answer_id in verdict.path:
        asked = _QUESTIONS[question_id]
        label = next(c.label for c in asked.choices if c.id == answer_id)
        lines.append(f"| [{asked.short}]({asked.section.href(from_page)}) | {label} |")
    result = _OUTCOMES[verdict.outcome]
    lines += [
        "",
        f'<p class="decide-verdict decide-verdict--{verdict.outcome}"><strong>Diagnosis: '
        f"{html.escape(verdict.title)}.</strong> {html.escape(verdict.summary)}</p>",
        "",
        f'<a href="{html.escape(quiz_href(scenario.answers, from_page))}">'
        "Open these answers in the quick test</a> · "
        f"[{result.section.title}]({result.section.href(from_page)})",
    ]
    return "\n".join(lines) + "\n"
