"""snippets/triage.py: each ticket labeller's contract (valid or not, fallbacks), the
choices made on dev, and the counting."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.triage import (
    FewShot,
    TicketModel,
    ZeroShot,
    prompt_chars_zero_shot,
    rules_output,
    score,
    valid_output,
)

TRAIN = [
    {"text": "We were charged twice for the plan.", "category": "billing", "priority": "high"},
    {"text": "You charged our card after we cancelled.", "category": "billing", "priority": "high"},
    {"text": "The export crashes with error 500.", "category": "bug", "priority": "high"},
    {
        "text": "The export page is broken, we use a workaround.",
        "category": "bug",
        "priority": "normal",
    },
    {"text": "How do I rename our workspace?", "category": "account", "priority": "low"},
    {"text": "Please add a dark mode.", "category": "feature-request", "priority": "low"},
]
DEV = [
    {"text": "We got charged twice this month.", "category": "billing", "priority": "high"},
    {"text": "The export crashes again.", "category": "bug", "priority": "high"},
]


def test_rules_without_structured_output_can_leave_the_schema() -> None:
    assert json.loads(rules_output("I was charged twice!")) == {
        "category": "billing",
        "priority": "high",
    }
    out = json.loads(rules_output("Hello there."))
    assert out == {"category": "other", "priority": "normal"}
    assert not valid_output(rules_output("Hello there."))


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=120))
def test_schema_constrained_output_is_always_valid(text: str) -> None:
    assert valid_output(ZeroShot()(text))


def test_schema_constrained_output_falls_back_to_the_nearest_definition() -> None:
    zero = ZeroShot()
    assert json.loads(zero("Our invoices look odd"))["category"] == "billing"  # a definition word
    assert json.loads(zero("zzzz"))["category"] == "billing"  # no word at all: the first label
    assert json.loads(zero("Hacked! Everyone is out."))["priority"] == "urgent"  # a rule fits


def test_few_shot_chooses_k_on_dev_and_votes() -> None:
    few, picked = FewShot.fit(TRAIN, DEV, ks=(1, 3))
    assert picked.setting == few.k and [k for k, _ in picked.scores] == [1, 3]
    assert json.loads(few("charged twice again"))["category"] == "billing"
    assert few("qqqq") == ZeroShot()("qqqq")  # nothing similar: the prompt's answer
    assert few.prompt_chars("qqqq") == prompt_chars_zero_shot("qqqq")
    assert few.prompt_chars("charged twice") > len("charged twice") + len(TRAIN[0]["text"])
    assert few.search("charged twice", 1) == few.search("charged twice", 1)  # cached


def test_the_tuned_model_chooses_each_fields_settings_on_dev() -> None:
    model, choices = TicketModel.fit(
        TRAIN, DEV, lrs={"category": [1.0], "priority": [0.5, 1.0]}, max_epochs=3
    )
    assert {lr for (lr, _), _ in choices["category"].scores} == {1.0}
    assert {lr for (lr, _), _ in choices["priority"].scores} == {0.5, 1.0}
    assert all(1 <= epochs <= 3 for (_, epochs), _ in choices["priority"].scores)
    assert valid_output(model("anything at all"))
    same, _ = TicketModel.fit(
        TRAIN, DEV, lrs={"category": [1.0], "priority": [0.5, 1.0]}, max_epochs=3
    )
    assert same == model  # seeded: the same data gives the same model


def test_score_counts_invalid_output_as_wrong() -> None:
    counts = score(lambda _: "not json", TRAIN)
    assert (counts.n, counts.valid, counts.both, counts.category) == (6, 0, 0, 0)
    perfect = {
        t["text"]: json.dumps({"category": t["category"], "priority": t["priority"]}) for t in TRAIN
    }
    counts = score(perfect.__getitem__, TRAIN)
    assert (counts.valid, counts.both, counts.category, counts.priority) == (6, 6, 6, 6)
