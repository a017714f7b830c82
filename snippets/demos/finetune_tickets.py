"""Experiment 2: a narrow, repetitive task (``docs/finetune.md``).

`tickets_experiment` scores four ticket labellers on the test tickets, with
settings chosen on dev, and the learning curve; `curve_sentences` says what the
curve shows, in words computed from its intervals. Uses the lessons
``snippets/triage.py``, ``splits.py`` and ``evaluate.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from snippets.demos import evalsets
from snippets.evaluate import Rate, rate
from snippets.splits import Choice
from snippets.triage import FewShot, TicketModel, ZeroShot, prompt_chars_zero_shot, rules_output
from snippets.triage import score as score_tickets

CURVE = (10, 20, 40, 80, 160, 320, 480)
Row = dict[str, Any]

SYSTEMS = (
    ("rules", "rules in the prompt, no structured output"),
    ("zero", "rules in the prompt, schema-constrained (zero-shot)"),
    ("few", "retrieved labelled examples (few-shot)"),
    ("tuned", "fine-tuned model"),
)


def _ticket_rates(counts: Any) -> dict[str, Rate]:
    return {
        field: rate(getattr(counts, field), counts.n)
        for field in ("both", "category", "priority", "valid")
    }


def tickets_experiment(seed: int = 0, sizes: dict[str, int] | None = None) -> Row:
    """Experiment 2: four ticket labellers on the test tickets, settings chosen on dev.

    Also the learning curve: few-shot and the tuned model trained on the first
    10, 20, 40, ... training tickets, each size with its own dev choice.
    """
    data = evalsets.tickets(seed, sizes)
    train, dev, test = data["train"], data["dev"], data["test"]
    few, k_choice = FewShot.fit(train, dev)
    tuned, tuned_choices = TicketModel.fit(train, dev, seed=seed)
    labellers: dict[str, Callable[[str], str]] = {
        "rules": rules_output,
        "zero": ZeroShot(),
        "few": few,
        "tuned": tuned,
    }
    prompt = {
        "rules": prompt_chars_zero_shot,
        "zero": prompt_chars_zero_shot,
        "few": few.prompt_chars,
        "tuned": len,
    }
    systems: list[Row] = []
    for key, name in SYSTEMS:
        labeller = labellers[key]
        systems.append(
            {
                "key": key,
                "system": name,
                "test": _ticket_rates(score_tickets(labeller, test)),
                "dev": _ticket_rates(score_tickets(labeller, dev)),
                "prompt_chars": round(sum(prompt[key](t["text"]) for t in test) / len(test)),
            }
        )
    curve = []
    part_few: FewShot
    part_k: Choice[int]
    part_tuned: TicketModel
    part_choices: dict[str, Choice[tuple[float, int]]]
    for size in sorted({*(s for s in CURVE if s < len(train)), len(train)}):
        if size == len(train):
            part_few, part_k, part_tuned, part_choices = few, k_choice, tuned, tuned_choices
        else:
            part_few, part_k = FewShot.fit(train[:size], dev)
            # The learning rate chosen at the full size; epochs chosen on dev at each size.
            rates = {field: [c.setting[0]] for field, c in tuned_choices.items()}
            part_tuned, part_choices = TicketModel.fit(train[:size], dev, lrs=rates, seed=seed)
        curve.append(
            {
                "examples": size,
                "tuned": rate(score_tickets(part_tuned, test).both, len(test)),
                "few": rate(score_tickets(part_few, test).both, len(test)),
                "k": part_k.setting,
                "epochs": {f: c.setting[1] for f, c in part_choices.items()},
            }
        )
    return {
        "systems": systems,
        "curve": curve,
        "zero": systems[1]["test"]["both"],
        "sizes": {split: len(items) for split, items in data.items()},
        "families": len({t["family"] for t in test}),
        "chosen": {
            "k": k_choice.setting,
            "k_dev": k_choice.dev_score,
            "tuned": {
                field: {"lr": c.setting[0], "epochs": c.setting[1], "dev": c.dev_score}
                for field, c in tuned_choices.items()
            },
        },
        "models": {"few": few, "tuned": tuned, "zero": labellers["zero"]},
    }


def overtakes(curve: Sequence[Row]) -> int | None:
    """The smallest training size from which the tuned model's interval lies above few-shot's.

    ``None`` when that never holds up to the largest size.
    """
    from snippets.evaluate import beats

    sizes = [row["examples"] for row in curve]
    for n, size in enumerate(sizes):
        if all(beats(row["tuned"], row["few"]) for row in curve[n:]):
            return int(size)
    return None


def first_beating(curve: Sequence[Row], baseline: Rate, arm: str) -> int | None:
    """The smallest training size from which ``arm`` beats ``baseline`` at every larger size."""
    from snippets.evaluate import beats

    for n, row in enumerate(curve):
        if all(beats(later[arm], baseline) for later in curve[n:]):
            return int(row["examples"])
    return None


def curve_sentences(result: Row) -> list[str]:
    """What the learning curve shows, in words computed from its intervals."""
    curve, zero = result["curve"], result["zero"]
    largest = curve[-1]["examples"]
    first = overtakes(curve)
    sentences = [
        f"From {first} training tickets on, the fine-tuned model's interval lies wholly above "
        "few-shot's."
        if first is not None
        else f"At no size up to {largest} training tickets does the fine-tuned model's interval "
        "lie wholly above few-shot's: the difference stays within the noise."
    ]
    from snippets.evaluate import beats

    ahead = [row["examples"] for row in curve if beats(row["few"], row["tuned"])]
    if ahead:
        sizes = ", ".join(str(size) for size in ahead)
        sentences.append(f"Few-shot is ahead by more than the noise at {sizes} training tickets.")
    for arm, name in (("tuned", "The fine-tuned model"), ("few", "Few-shot")):
        size = first_beating(curve, zero, arm)
        sentences.append(
            f"{name} beats the schema-constrained prompt from {size} training tickets on."
            if size is not None
            else f"{name} does not beat the schema-constrained prompt by more than the noise "
            f"at {largest} training tickets."
        )
    return sentences
