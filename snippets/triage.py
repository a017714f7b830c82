"""Four ways to turn a support ticket into ``{"category", "priority"}`` JSON.

Used by the page "Fine-tuning vs RAG, measured" (``docs/finetune.md``), experiment 2.
Each system stands in for something a team would really run, and each gets
its settings chosen on dev data only:

* `rules_output`: the rules a prompt would state, with **no** structured
  output: when no rule fits it writes a label outside the schema, as a
  prompted model does when nothing constrains its output.
* `ZeroShot`: the same rules with the output **constrained to the schema**
  (structured outputs): when no rule fits it takes the label whose definition
  shares most words with the ticket. Always valid, allowed values only.
* `FewShot`: the ``k`` most similar labelled tickets vote (TF-IDF cosine), as
  retrieved few-shot examples steer a prompted model; ``k`` chosen on dev.
* `TicketModel`: the fine-tuned stand-in, one classifier per field
  (``snippets/finetune.py``); learning rate and epochs chosen on dev.

`score` counts what each gets right on a list of tickets. Imports
``snippets/finetune.py``, ``snippets/tfidf.py``, ``snippets/evaluate.py``
(``format_problems``) and ``snippets/splits.py`` (``choose``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from snippets.evaluate import format_problems
from snippets.finetune import Model, predict, training_run
from snippets.splits import Choice, choose
from snippets.tfidf import TfidfIndex

Ticket = Mapping[str, Any]  # {"text", "category", "priority", ...}
Labeller = Callable[[str], str]
CATEGORIES = ("billing", "bug", "account", "feature-request", "security")
PRIORITIES = ("low", "normal", "high", "urgent")
SHAPE = {"category": set(CATEGORIES), "priority": set(PRIORITIES)}

# --8<-- [start:prompt]
# What a prompt would tell a general model: keyword rules, checked in order ...
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
# ... and the definition of each label (from the support page), for the schema-constrained arm.
DEFINITIONS = {
    "category": {
        "billing": "charges payments invoices bills subscriptions plans prices seats refunds "
        "receipts VAT cards paid money",
        "bug": "the product does not work: errors crashes pages that fail to load wrong "
        "behaviour typos display glitches",
        "account": "logging in sign in passwords users invitations access workspace owner "
        "profile language settings",
        "security": "suspicious logins phishing leaked keys attackers intruders unauthorised "
        "access certificates encryption where data is stored",
        "feature-request": "ideas and requests for new features integrations options the "
        "product does not have yet",
    },
    "priority": {
        "urgent": "invoicing or payments are down for the whole workspace everyone all users",
        "high": "one feature is broken with no workaround blocked stuck",
        "normal": "something is wrong but there is a workaround for now meanwhile",
        "low": "questions how to feature requests small cosmetic issues",
    },
}


def rules_output(text: str) -> str:
    """The rules, with no constraint on the output: ``"other"`` when no category rule fits."""
    lowered = text.lower()
    category = next((c for c, words in CATEGORY_RULES if any(w in lowered for w in words)), "other")
    priority = next((p for p, ws in PRIORITY_RULES if any(w in lowered for w in ws)), "normal")
    return json.dumps({"category": category, "priority": priority})


class ZeroShot:
    """The rules with the output constrained to the schema (structured outputs).

    A rule that fits decides; otherwise the label whose definition is most
    similar to the ticket (TF-IDF cosine), or the first label when none shares
    a word. Every output is valid.
    """

    def __init__(self) -> None:
        self.indexes = {
            field: (list(labels), TfidfIndex(labels.values()))
            for field, labels in DEFINITIONS.items()
        }

    def _nearest(self, field: str, text: str) -> str:
        names, index = self.indexes[field]
        hits = index.search(text, k=1)
        return names[hits[0][0]] if hits else names[0]

    def __call__(self, text: str) -> str:
        """The JSON labels for ``text``."""
        lowered = text.lower()
        rules = {"category": CATEGORY_RULES, "priority": PRIORITY_RULES}
        labels = {}
        for field, table in rules.items():
            fits = (label for label, words in table if any(w in lowered for w in words))
            labels[field] = next(fits, None) or self._nearest(field, text)
        return json.dumps(labels)


# --8<-- [end:prompt]


def prompt_chars_zero_shot(text: str) -> int:
    """Characters of a zero-shot prompt: the ticket, the rules and the definitions."""
    return len(text) + len(json.dumps([CATEGORY_RULES, PRIORITY_RULES, DEFINITIONS]))


class FewShot:
    """Retrieved few-shot examples: the ``k`` most similar labelled tickets vote.

    Votes are weighted by TF-IDF cosine; a tie goes to the label met first.
    With no similar example it falls back to `ZeroShot`, as a prompt with no
    retrieved example would.

    Args:
        examples: Labelled tickets.
        k: How many neighbours vote (1 or more).
    """

    def __init__(self, examples: Sequence[Ticket], k: int = 5) -> None:
        self.examples = list(examples)
        self.k = k
        self.index = TfidfIndex(t["text"] for t in self.examples)
        self.fallback = ZeroShot()
        self._hits: dict[str, tuple[int, list[tuple[int, float]]]] = {}

    def search(self, text: str, k: int | None = None) -> list[tuple[int, float]]:
        """The nearest examples as ``(position, score)``, best first (cached per text)."""
        want = self.k if k is None else k
        searched, hits = self._hits.get(text, (0, []))
        if searched < want:
            hits = self.index.search(text, k=want)
            self._hits[text] = (want, hits)
        return hits[:want]

    def label(self, text: str, k: int) -> str:
        """The JSON labels for ``text`` from its ``k`` nearest examples."""
        hits = self.search(text, k)
        if not hits:
            return self.fallback(text)
        labels = {}
        for field in ("category", "priority"):
            votes: dict[str, float] = {}
            for position, score in hits:
                name = self.examples[position][field]
                votes[name] = votes.get(name, 0.0) + score
            labels[field] = max(votes, key=lambda name: votes[name])
        return json.dumps(labels)

    def __call__(self, text: str) -> str:
        """The JSON labels for ``text``."""
        return self.label(text, self.k)

    def prompt_chars(self, text: str) -> int:
        """Characters a prompt carries: the ticket plus the retrieved examples and labels."""
        shown = [self.examples[p] for p, _ in self.search(text)]
        if not shown:
            return prompt_chars_zero_shot(text)
        return len(text) + sum(len(t["text"] + t["category"] + t["priority"]) for t in shown)

    @classmethod
    def fit(
        cls, train: Sequence[Ticket], dev: Sequence[Ticket], ks: Sequence[int] = (1, 3, 5, 9, 15)
    ) -> tuple[FewShot, Choice[int]]:
        """Index ``train``; choose ``k`` by the share of ``dev`` tickets with both labels right."""
        few = cls(train, k=max(ks))
        for ticket in dev:
            few.search(ticket["text"])  # one search per dev ticket serves every k
        picked = choose(sorted(ks), lambda k: both_right(lambda x: few.label(x, k), dev))
        few.k = picked.setting
        return few, picked


@dataclass(frozen=True)
class TicketModel:
    """The fine-tuned ticket labeller: one classifier per field.

    Its output is always valid: a classifier can only answer with labels it
    was trained on.
    """

    category: Model
    priority: Model

    def __call__(self, text: str) -> str:
        """The JSON labels for ``text``."""
        return json.dumps(
            {"category": predict(self.category, text), "priority": predict(self.priority, text)}
        )

    @classmethod
    def fit(
        cls,
        train: Sequence[Ticket],
        dev: Sequence[Ticket],
        *,
        lrs: Sequence[float] | Mapping[str, Sequence[float]] = (0.5, 1.0),
        max_epochs: int = 6,
        seed: int = 0,
    ) -> tuple[TicketModel, dict[str, Choice[tuple[float, int]]]]:
        """Train on ``train``; choose each field's learning rate and epochs on ``dev``.

        For each learning rate, one run of ``max_epochs`` gives the model after
        every epoch (`snippets.finetune.training_run`); the (rate, epochs) with
        the best dev accuracy of that field wins, ties to the smaller values.
        ``lrs`` may give each field its own candidates (``{"category": [1.0], ...}``).
        """
        models: dict[str, Model] = {}
        choices: dict[str, Choice[tuple[float, int]]] = {}
        for field in ("category", "priority"):
            rates = sorted(lrs[field] if isinstance(lrs, Mapping) else lrs)
            pairs = [(t["text"], t[field]) for t in train]
            gold = [(t["text"], t[field]) for t in dev]
            models[field], choices[field] = _fit_field(pairs, gold, rates, max_epochs, seed)
        return cls(models["category"], models["priority"]), choices


def _fit_field(
    pairs: Sequence[tuple[str, str]],
    gold: Sequence[tuple[str, str]],
    rates: Sequence[float],
    max_epochs: int,
    seed: int,
) -> tuple[Model, Choice[tuple[float, int]]]:
    """One field's classifier with its (learning rate, epochs) chosen on ``gold`` (dev)."""
    runs = {}
    for lr in rates:
        for epochs, model in enumerate(training_run(pairs, epochs=max_epochs, lr=lr, seed=seed), 1):
            runs[lr, epochs] = model

    def dev_accuracy(setting: tuple[float, int]) -> float:
        return sum(predict(runs[setting], x) == y for x, y in gold) / len(gold)

    picked = choose(sorted(runs, key=lambda s: (s[1], s[0])), dev_accuracy)
    return runs[picked.setting], picked


def valid_output(text: str) -> bool:
    """Whether ``text`` is a JSON object with ``category`` and ``priority``, allowed values only."""
    return not format_problems(text, SHAPE)


@dataclass(frozen=True)
class Counts:
    """What a labeller got right on ``n`` tickets (an invalid output counts as wrong)."""

    n: int
    both: int
    category: int
    priority: int
    valid: int


def score(labeller: Labeller, tickets: Sequence[Ticket]) -> Counts:
    """Count valid outputs and right labels of ``labeller`` on ``tickets``."""
    both = category = priority = valid = 0
    for ticket in tickets:
        output = labeller(ticket["text"])
        if not valid_output(output):
            continue
        labels = json.loads(output)
        valid += 1
        category += labels["category"] == ticket["category"]
        priority += labels["priority"] == ticket["priority"]
        both += (
            labels["category"] == ticket["category"] and labels["priority"] == ticket["priority"]
        )
    return Counts(len(tickets), both, category, priority, valid)


def both_right(labeller: Labeller, tickets: Sequence[Ticket]) -> float:
    """Share of ``tickets`` with both labels right (the dev objective)."""
    return score(labeller, tickets).both / len(tickets)
