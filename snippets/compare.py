"""Fine-tuning against RAG, measured on the fictional company Tallybird.

Used by the page "Fine-tuning vs RAG, measured" (``docs/finetune.md``) at build
time, and in the reader's browser through Pyodide, where `run_all` is
called with the reader's settings. Three experiments, each returning plain rows
(lists of dicts) that the page formats:

1. `facts_experiment`: prices change. A model fine-tuned on question and
   answer pairs of the old prices against RAG over the same documents.
2. `behaviour_experiment`: support tickets to ``{"category", "priority"}``
   JSON. Rules a prompt would state, RAG over labelled examples, and the
   fine-tuned model; with a learning curve.
3. `both_experiment`: tickets that need a current fact *and* the JSON
   format: RAG for the fact and the tuned model for the format, against each
   alone.

The "fine-tuned model" is `snippets.finetune`, a small classifier, not a
language model. Timings are measured on the machine that runs the code, so
they change from run to run; every other number is deterministic.

Copy this file with ``snippets/finetune.py``, ``snippets/rag.py``,
``snippets/tfidf.py``, ``snippets/bm25.py`` and the files of ``snippets/data/``.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from snippets.finetune import Model, fine_tune, predict, train
from snippets.rag import (
    Document,
    KnowledgeBase,
    demo_questions,
    load_demo_kb,
    load_document,
    pricing_versions,
)
from snippets.tfidf import TfidfIndex

DATA = Path(__file__).parent / "data"
CATEGORIES = ("billing", "bug", "account", "feature-request", "security")
PRIORITIES = ("low", "normal", "high", "urgent")
SEED = 0
EPOCHS = 5  # enough here: 10 epochs change held-out accuracy by about a point
LEARNING_CURVE_SIZES = (10, 20, 40, 80, 160, 320, 480)
Row = dict[str, Any]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _share(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


# ---------------------------------------------------------------- data


def load_tickets() -> tuple[list[Row], list[Row]]:
    """The labelled support tickets of ``snippets/data/tickets.json``.

    Returns:
        ``(train, test)``: the tickets of each split, in file order; each is
        ``{"id", "text", "category", "priority", "split"}``.
    """
    data = json.loads((DATA / "tickets.json").read_text(encoding="utf-8"))
    tickets: list[Row] = data["tickets"]
    return (
        [t for t in tickets if t["split"] == "train"],
        [t for t in tickets if t["split"] == "test"],
    )


def _fact_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "fact_questions.json").read_text(encoding="utf-8"))
    return data


def changing_facts() -> list[str]:
    """Ids of the questions whose answer differs between the first and last
    pricing versions (the facts a reader can choose to change)."""
    first, last = pricing_versions()[0], pricing_versions()[-1]
    return [
        q["id"]
        for q in demo_questions()
        if isinstance(q["expected"], dict) and q["expected"][first] != q["expected"][last]
    ]


def fact_change(fact_id: str) -> dict[str, str]:
    """A changing fact's question with its oldest and newest answers.

    Raises:
        ValueError: If ``fact_id`` is not a changing fact.
    """
    if fact_id not in changing_facts():
        raise ValueError(f"unknown fact {fact_id!r}; choose from {', '.join(changing_facts())}")
    question = next(q for q in demo_questions() if q["id"] == fact_id)
    old, new = _expected(question, [], False), _expected(question, [fact_id], True)
    return {"id": fact_id, "question": question["question"], "old": str(old), "new": str(new)}


def _expected(question: Row, changed: Sequence[str], after: bool) -> str | None:
    """What a correct answer contains, before or after the change."""
    expected = question["expected"]
    if not isinstance(expected, dict):
        return expected if isinstance(expected, str) else None
    first, last = pricing_versions()[0], pricing_versions()[-1]
    return str(expected[last if after and question["id"] in changed else first])


# --8<-- [start:change]
def changed_pricing_text(changed: Sequence[str]) -> str:
    """The oldest pricing page with the chosen facts set to their newest values.

    Args:
        changed: Ids of facts to change (see `changing_facts`).

    Returns:
        The Markdown body of the updated pricing page.

    Raises:
        ValueError: If an id is not a changing fact.
    """
    choices = changing_facts()
    unknown = [c for c in changed if c not in choices]
    if unknown:
        raise ValueError(f"unknown fact {unknown[0]!r}; choose from {', '.join(choices)}")
    first = pricing_versions()[0]
    text = load_document(DATA / "pricing" / f"{first}.md").text
    for question in demo_questions():
        if question["id"] in changed:
            old, new = _expected(question, [], False), _expected(question, changed, True)
            assert old is not None and new is not None and text.count(old) == 1
            text = text.replace(old, new)
    return text


# --8<-- [end:change]


# ---------------------------------------------------------------- experiment 1


def fact_pairs(changed: Sequence[str], *, after: bool) -> list[tuple[str, str]]:
    """Question and answer pairs to fine-tune on: four rewordings per fact.

    Args:
        changed: The facts that change.
        after: Pairs for the facts after the change (``True``) or before.
    """
    paraphrases: dict[str, list[str]] = _fact_data()["paraphrases"]
    by_id = {q["id"]: q for q in demo_questions()}
    pairs = []
    for fact_id, texts in paraphrases.items():
        answer = _expected(by_id[fact_id], changed, after)
        assert answer is not None
        pairs += [(text, answer) for text in texts]
    return pairs


def _pricing(kb: KnowledgeBase) -> Document:
    return next(d for d in kb.documents if d.id == "pricing")


def _rag_answer(kb: KnowledgeBase, question: str, groups: Sequence[str]) -> tuple[str, list[str]]:
    answer = kb.ask(question, groups=groups)
    return answer.text, [c.doc_id for c in answer.citations]


def facts_experiment(
    changed: Sequence[str] | None = None, *, epochs: int = EPOCHS, keep_model: bool = False
) -> dict[str, Any]:
    """Experiment 1: a model tuned on the old facts against RAG, before and after a change.

    Every answerable question of ``questions.json`` is asked by a member of the
    groups allowed to read its document; a fine-tuned model never sees these
    wordings in training (it learns from four rewordings of each). The change
    updates the pricing page: RAG re-indexes that one document, the tuned
    model has to be trained again on updated pairs.

    Args:
        changed: Fact ids that change (default: every changing fact).
        epochs: Training epochs of the tuned model.
        keep_model: Also return the model tuned on the old facts, as ``"model"``.

    Returns:
        ``{"accuracy": rows, "properties": rows, "changed": ids, ...}``. Accuracy rows
        are ``{"system", "phase", "changed_facts", "unchanged_facts"}``: shares of
        correct answers (0 to 1). Property rows compare the two approaches.
    """
    changed = changing_facts() if changed is None else list(changed)
    questions = [q for q in demo_questions() if q["doc_id"] is not None]
    unanswerable = [q for q in demo_questions() if q["doc_id"] is None]
    restricted = [q for q in questions if q["groups"]]
    new_text = changed_pricing_text(changed)  # checks the ids

    def score(answer_of: Any, after: bool) -> tuple[float, float]:
        hits = {True: 0, False: 0}
        totals = {True: 0, False: 0}
        for q in questions:
            is_changed = q["id"] in changed
            expected = _expected(q, changed, after)
            totals[is_changed] += 1
            hits[is_changed] += expected is not None and expected in answer_of(q)
        return _share(hits[True], totals[True]), _share(hits[False], totals[False])

    old_pairs = fact_pairs(changed, after=False)
    start = time.perf_counter()
    tuned = train(old_pairs, epochs=epochs, seed=SEED)
    train_seconds = time.perf_counter() - start
    kb = load_demo_kb(pricing_versions()[0])
    # Every reader the questions name, so that views exist before the change.
    readers = [list(q["groups"]) for q in questions]

    def rag(q: Row) -> str:
        return _rag_answer(kb, q["question"], q["groups"])[0]

    def tuned_answer(model: Model) -> Any:
        return lambda q: predict(model, q["question"])

    rows = []
    for system, answer_of in (("RAG", rag), ("fine-tuned on the old facts", tuned_answer(tuned))):
        rows.append(_accuracy_row(system, "before the change", *score(answer_of, False)))
    for groups in readers:
        kb.ask("warm up", groups=groups)

    # The change: RAG re-indexes one document, the tuned model is retrained.
    document = dataclasses.replace(_pricing(kb), text=new_text)
    start = time.perf_counter()
    kb.update(document)
    reindex_seconds = time.perf_counter() - start
    new_pairs = fact_pairs(changed, after=True)
    start = time.perf_counter()
    retrained = fine_tune(tuned, new_pairs, epochs=epochs, seed=SEED)
    retrain_seconds = time.perf_counter() - start

    rows.append(_accuracy_row("RAG", "after the change", *score(rag, True)))
    rows.append(
        _accuracy_row(
            "fine-tuned on the old facts", "after the change", *score(tuned_answer(tuned), True)
        )
    )
    rows.append(
        _accuracy_row(
            "fine-tuned again on the new facts",
            "after the change",
            *score(tuned_answer(retrained), True),
        )
    )

    cited = sum(q["doc_id"] in _rag_answer(kb, q["question"], q["groups"])[1] for q in questions)
    rag_leaks = sum(
        str(_expected(q, changed, True)) in _rag_answer(kb, q["question"], [])[0]
        for q in restricted
    )
    tuned_leaks = sum(
        str(_expected(q, changed, True)) in predict(retrained, q["question"]) for q in restricted
    )
    rag_declines = sum(not kb.ask(q["question"]).grounded for q in unanswerable)
    changed_pairs = sum(1 for text, answer in new_pairs if (text, answer) not in set(old_pairs))
    properties = [
        {
            "property": "time until current again",
            "RAG": f"{_ms(reindex_seconds)} ms (re-index 1 document)",
            "fine-tuned": f"{_ms(retrain_seconds)} ms (train again on {len(new_pairs)} pairs)",
        },
        {
            "property": "what had to be written for the change",
            "RAG": "the new pricing page",
            "fine-tuned": f"{changed_pairs} new question-answer pairs",
        },
        {
            "property": "up-front training",
            "RAG": "none",
            "fine-tuned": f"{_ms(train_seconds)} ms on {len(old_pairs)} pairs",
        },
        {
            "property": "answers that cite the right document",
            "RAG": f"{cited} of {len(questions)}",
            "fine-tuned": f"0 of {len(questions)} (it has no sources)",
        },
        {
            "property": "answers from a restricted document given to a reader outside its group",
            "RAG": f"{rag_leaks} of {len(restricted)}",
            "fine-tuned": f"{tuned_leaks} of {len(restricted)}",
        },
        {
            "property": "questions the documents do not answer, declined",
            "RAG": f"{rag_declines} of {len(unanswerable)}",
            "fine-tuned": f"0 of {len(unanswerable)} (it always picks an answer)",
        },
    ]
    result = {
        "accuracy": rows,
        "properties": properties,
        "changed": changed,
        "timings_ms": {
            "train": _ms(train_seconds),
            "reindex": _ms(reindex_seconds),
            "retrain": _ms(retrain_seconds),
        },
        "counts": {
            "cited": cited,
            "questions": len(questions),
            "rag_leaks": rag_leaks,
            "tuned_leaks": tuned_leaks,
            "restricted": len(restricted),
            "rag_declines": rag_declines,
            "unanswerable": len(unanswerable),
        },
    }
    if keep_model:
        result["model"] = tuned
    return result


def _accuracy_row(system: str, phase: str, changed: float, unchanged: float) -> Row:
    return {
        "system": system,
        "phase": phase,
        "changed_facts": changed,
        "unchanged_facts": unchanged,
    }


# ---------------------------------------------------------------- experiment 2


# --8<-- [start:zero_shot]
# What a prompt would tell a general model, as keyword rules, checked in order.
CATEGORY_RULES = (
    ("security", ("hack", "phishing", "attacker", "leak", "suspicious", "encrypt", "soc 2")),
    ("feature-request", ("would be great", "please add", "would love", "feature", "could you add")),
    ("bug", ("error", "crash", "broken", "bug", "not working", "fails")),
    ("account", ("log in", "login", "password", "locked out", "user")),
    ("billing", ("charge", "refund", "price", "subscription", "vat", "receipt", "payment")),
)
PRIORITY_RULES = (
    ("urgent", ("everyone", "all users", "nobody", "no one", "whole", "entire", "down")),
    ("high", ("no workaround", "cannot", "crash", "locked out", "twice", "hacked")),
    ("normal", ("workaround", "for now", "works")),
    ("low", ("?", "would", "please add")),
)


def zero_shot(text: str) -> str:
    """Label a ticket with the rules a prompt would state, as JSON text.

    When no category rule matches, the answer falls back to ``"other"``, a
    category that is not in the schema: the output is then not valid, as when
    a prompted model invents a label. Priority falls back to ``"normal"``.
    """
    lowered = text.lower()
    category = next((c for c, words in CATEGORY_RULES if any(w in lowered for w in words)), "other")
    priority = next(
        (p for p, words in PRIORITY_RULES if any(w in lowered for w in words)), "normal"
    )
    return json.dumps({"category": category, "priority": priority})


# --8<-- [end:zero_shot]


def valid_output(text: str) -> bool:
    """Whether ``text`` is a JSON object with exactly ``category`` and ``priority``,
    each one of the allowed values."""
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return (
        isinstance(value, dict)
        and set(value) == {"category", "priority"}
        and value["category"] in CATEGORIES
        and value["priority"] in PRIORITIES
    )


# --8<-- [start:nearest]
class NearestExamples:
    """RAG over labelled examples: find the ``k`` most similar training tickets
    (TF-IDF cosine, `snippets.tfidf`) and copy their most common labels,
    weighted by similarity. With no similar example it falls back to the
    rules of `zero_shot`, as a prompt with no retrieved example would.

    Args:
        examples: Labelled tickets (``text``, ``category``, ``priority``).
        k: How many neighbours vote.
    """

    def __init__(self, examples: Sequence[Row], k: int = 5) -> None:
        self.examples = list(examples)
        self.k = k
        self.index = TfidfIndex(t["text"] for t in self.examples)
        self._hits: dict[str, list[tuple[int, float]]] = {}

    def search(self, text: str) -> list[tuple[int, float]]:
        """The ``k`` nearest examples of ``text`` as ``(position, score)``, best first."""
        if text not in self._hits:
            self._hits[text] = self.index.search(text, k=self.k)
        return self._hits[text]

    def __call__(self, text: str) -> str:
        """The JSON labels for ``text``."""
        hits = self.search(text)
        if not hits:
            return zero_shot(text)
        labels = {}
        for field in ("category", "priority"):
            votes: dict[str, float] = {}
            for position, score in hits:  # ties: the label met first wins
                label = self.examples[position][field]
                votes[label] = votes.get(label, 0.0) + score
            labels[field] = max(votes, key=lambda name: votes[name])
        return json.dumps(labels)

    def prompt_chars(self, text: str) -> int:
        """Characters a prompt would carry: the ticket plus the retrieved
        examples with their labels."""
        hits = self.search(text)
        if not hits:
            return len(text) + RULES_CHARS
        shown = (self.examples[p] for p, _ in hits)
        return len(text) + sum(len(t["text"]) + len(t["category"] + t["priority"]) for t in shown)


# --8<-- [end:nearest]


# --8<-- [start:tuned]
@dataclasses.dataclass(frozen=True)
class TicketModel:
    """The fine-tuned ticket labeller: one classifier per field.

    Its output is always valid JSON with allowed labels: the classifiers can
    only answer with labels they were trained on.
    """

    category: Model
    priority: Model

    @classmethod
    def train(
        cls, examples: Sequence[Row], *, epochs: int = EPOCHS, seed: int = SEED
    ) -> TicketModel:
        """Train both classifiers on labelled tickets."""
        return cls(
            train([(t["text"], t["category"]) for t in examples], epochs=epochs, seed=seed),
            train([(t["text"], t["priority"]) for t in examples], epochs=epochs, seed=seed),
        )

    def __call__(self, text: str) -> str:
        """The JSON labels for ``text``."""
        labels = {
            "category": predict(self.category, text),
            "priority": predict(self.priority, text),
        }
        return json.dumps(labels)


# --8<-- [end:tuned]


RULES_CHARS = len(json.dumps([CATEGORY_RULES, PRIORITY_RULES]))


def _evaluate(
    system: str,
    labeller: Any,
    tickets: Sequence[Row],
    setup_seconds: float,
    prompt_chars: Any = len,
) -> Row:
    valid = correct = category = priority = 0
    start = time.perf_counter()
    outputs = [labeller(t["text"]) for t in tickets]
    elapsed = time.perf_counter() - start
    for ticket, output in zip(tickets, outputs, strict=True):
        if not valid_output(output):
            continue
        valid += 1
        labels = json.loads(output)
        category += labels["category"] == ticket["category"]
        priority += labels["priority"] == ticket["priority"]
        correct += labels == {"category": ticket["category"], "priority": ticket["priority"]}
    return {
        "system": system,
        "accuracy": _share(correct, len(tickets)),
        "category_accuracy": _share(category, len(tickets)),
        "priority_accuracy": _share(priority, len(tickets)),
        "valid_format": _share(valid, len(tickets)),
        "ms_per_item": round(_ms(elapsed) / len(tickets), 4),
        "prompt_chars": round(sum(prompt_chars(t["text"]) for t in tickets) / len(tickets)),
        "setup_ms": _ms(setup_seconds),
    }


def behaviour_experiment(
    train_size: int = 480,
    *,
    epochs: int = EPOCHS,
    curve: Sequence[int] = LEARNING_CURVE_SIZES,
    keep_model: bool = False,
) -> dict[str, Any]:
    """Experiment 2: tickets to JSON labels, three ways, on the held-out tickets.

    Args:
        train_size: How many training tickets the tuned model and the example
            store get (the first ones of the training split).
        epochs: Training epochs of the tuned model.
        curve: Training sizes of the learning curve (those above ``train_size``
            are left out).
        keep_model: Also return the tuned `TicketModel`, as ``"model"``.

    Returns:
        ``{"systems": rows, "curve": rows, "train_size", "test_size"}``. System
        rows have ``accuracy`` (both labels right), per-field accuracies,
        ``valid_format``, ``ms_per_item`` and ``setup_ms``; curve rows have
        ``examples`` and the accuracy of the tuned model and of the nearest
        examples with that many training tickets.
    """
    train_tickets, test_tickets = load_tickets()
    _check_int("train_size", train_size, 10, len(train_tickets))
    _check_int("epochs", epochs, 1, 50)
    examples = train_tickets[:train_size]

    start = time.perf_counter()
    nearest = NearestExamples(examples)
    index_seconds = time.perf_counter() - start
    start = time.perf_counter()
    tuned = TicketModel.train(examples, epochs=epochs)
    train_seconds = time.perf_counter() - start
    systems = [
        _evaluate(
            "rules in the prompt (zero-shot)",
            zero_shot,
            test_tickets,
            0.0,
            lambda text: len(text) + RULES_CHARS,
        ),
        _evaluate(
            "RAG over labelled examples", nearest, test_tickets, index_seconds, nearest.prompt_chars
        ),
        _evaluate("fine-tuned model", tuned, test_tickets, train_seconds),
    ]
    curve_rows = []
    for size in sorted({*(s for s in curve if s < train_size), train_size}):
        part = train_tickets[:size]
        model = tuned if size == train_size else TicketModel.train(part, epochs=epochs)
        knn = nearest if size == train_size else NearestExamples(part)
        curve_rows.append(
            {
                "examples": size,
                "fine-tuned": _evaluate("", model, test_tickets, 0.0)["accuracy"],
                "RAG over labelled examples": _evaluate("", knn, test_tickets, 0.0)["accuracy"],
            }
        )
    result: dict[str, Any] = {
        "systems": systems,
        "curve": curve_rows,
        "train_size": train_size,
        "test_size": len(test_tickets),
    }
    if keep_model:
        result["model"] = tuned
    return result


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")


# ---------------------------------------------------------------- experiment 3


def question_part(text: str) -> str:
    """The sentences of a ticket that end with a question mark (what to retrieve with)."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    asked = [s for s in sentences if s.endswith("?")]
    return " ".join(asked) if asked else text


def both_experiment(
    changed: Sequence[str] | None = None,
    *,
    train_size: int = 480,
    epochs: int = EPOCHS,
    ticket_model: TicketModel | None = None,
    fact_model: Model | None = None,
) -> dict[str, Any]:
    """Experiment 3: tickets that need a current fact and the JSON labels.

    The reply must be ``{"category", "priority", "answer", "source"}`` with the
    right labels, an answer containing the fact as it is *after* the change,
    and the document it comes from. Three systems: RAG with the prompt's rules
    for the labels; the fine-tuned models alone (labels from the ticket model,
    the answer from the model tuned on the old facts, no source); and RAG for
    the answer with the ticket model for the labels.

    Args:
        changed: Fact ids that change (default: every changing fact).
        train_size: Training tickets of the ticket model.
        epochs: Training epochs of both models.
        ticket_model: An already trained ticket model to reuse (else trained here).
        fact_model: An already trained model of the old facts to reuse.

    Returns:
        ``{"systems": rows, "questions": n}``; each row has the shares of
        ``valid_format``, ``labels_right``, ``answer_current``, ``source_given``
        and ``all_right``.
    """
    changed = changing_facts() if changed is None else list(changed)
    train_tickets, _ = load_tickets()
    _check_int("train_size", train_size, 10, len(train_tickets))
    _check_int("epochs", epochs, 1, 50)
    kb = load_demo_kb(pricing_versions()[0])
    kb.update(dataclasses.replace(_pricing(kb), text=changed_pricing_text(changed)))
    if ticket_model is None:
        ticket_model = TicketModel.train(train_tickets[:train_size], epochs=epochs)
    if fact_model is None:
        fact_model = train(fact_pairs(changed, after=False), epochs=epochs, seed=SEED)
    tickets, facts = ticket_model, fact_model
    by_id = {q["id"]: q for q in demo_questions()}
    items: list[Row] = _fact_data()["both"]

    def rag(text: str) -> tuple[str, str | None]:
        answer = kb.ask(question_part(text))
        return answer.text, answer.citations[0].doc_id if answer.citations else None

    def rag_with_rules(text: str) -> Row:
        answer, source = rag(text)
        return {**json.loads(zero_shot(text)), "answer": answer, "source": source}

    def tuned_alone(text: str) -> Row:
        labels = json.loads(tickets(text))
        return {**labels, "answer": predict(facts, question_part(text)), "source": None}

    def rag_then_tuned(text: str) -> Row:
        answer, source = rag(text)
        return {**json.loads(tickets(text)), "answer": answer, "source": source}

    rows = []
    for system, reply_to in (
        ("RAG with the rules in the prompt", rag_with_rules),
        ("fine-tuned models alone", tuned_alone),
        ("RAG, then the fine-tuned format", rag_then_tuned),
    ):
        counts = Counter[str]()
        for item in items:
            reply = reply_to(item["text"])
            labels = json.dumps({"category": reply["category"], "priority": reply["priority"]})
            fact = by_id[item["fact"]]
            expected = _expected(fact, changed, True)
            checks = {
                "valid_format": valid_output(labels),
                "labels_right": reply["category"] == item["category"]
                and reply["priority"] == item["priority"],
                "answer_current": expected is not None and expected in reply["answer"],
                "source_given": reply["source"] == fact["doc_id"],
            }
            checks["all_right"] = all(checks.values())
            counts.update(name for name, ok in checks.items() if ok)
        rows.append(
            {"system": system}
            | {
                name: _share(counts[name], len(items))
                for name in ("valid_format", "labels_right", "answer_current", "source_given")
            }
            | {"all_right": _share(counts["all_right"], len(items))}
        )
    return {"systems": rows, "questions": len(items)}


# ---------------------------------------------------------------- browser entry point


def run_all(
    train_size: int = 480, epochs: int = EPOCHS, changed: list[str] | None = None
) -> dict[str, Any]:
    """Run the three experiments with a reader's settings; JSON in, JSON out.

    The page's in-browser rerun calls this through Pyodide; the build runs the
    same experiments with the defaults.

    Args:
        train_size: Training tickets for the ticket model (10 to 480).
        epochs: Training epochs (1 to 50).
        changed: Fact ids that change (see `changing_facts`); ``None``
            means all of them, an empty list means none.

    Returns:
        ``{"facts": ..., "behaviour": ..., "both": ..., "settings": ...,
        "seconds": float}``.

    Raises:
        ValueError: With a message meant for the reader, on a bad setting.
    """
    if changed is not None and (
        not isinstance(changed, list) or not all(isinstance(c, str) for c in changed)
    ):
        raise ValueError("changed must be a list of fact ids")
    _check_int("epochs", epochs, 1, 50)
    start = time.perf_counter()
    facts = facts_experiment(changed, epochs=epochs, keep_model=True)
    behaviour = behaviour_experiment(train_size, epochs=epochs, keep_model=True)
    both = both_experiment(
        facts["changed"],
        train_size=train_size,
        epochs=epochs,
        ticket_model=behaviour.pop("model"),
        fact_model=facts.pop("model"),
    )
    return {
        "facts": facts,
        "behaviour": behaviour,
        "both": both,
        "settings": {"train_size": train_size, "epochs": epochs, "changed": facts["changed"]},
        "seconds": round(time.perf_counter() - start, 3),
    }
