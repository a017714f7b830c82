"""Demo glue for "Fine-tuning vs RAG, measured" (``docs/finetune.md``).

Runs the page's three experiments on the demo data with the lessons
(``snippets/compare.py``, ``triage.py``, ``pipeline.py``), renders each
result as escaped HTML (`render_facts`, `render_tickets`, `render_both`), and
offers the browser rerun `rerun`, which checks what the reader typed and
returns the same HTML for their seed, split sizes and changed facts. The page's
build-time blocks print `page_section` with the default settings: the page
and the rerun use one renderer.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Sequence
from typing import Any

from snippets.charts import bar_chart, line_chart
from snippets.compare import (
    Outcome,
    Question,
    fit_rag,
    fit_tuned,
    median_seconds,
    rag_answers,
    retrieval_hits,
    tuned_answers,
    utility,
)
from snippets.demos import evalsets
from snippets.demos.report import (
    Html,
    esc,
    figure,
    paragraph,
    ratio_text,
    seconds_text,
    table,
    timed,
)
from snippets.evaluate import Rate, rate
from snippets.finetune import fine_tune
from snippets.pipeline import CHECKS, check, memory_answerer, rag_answerer, reply
from snippets.rag import KnowledgeBase
from snippets.splits import Choice
from snippets.triage import FewShot, TicketModel, ZeroShot, prompt_chars_zero_shot, rules_output
from snippets.triage import score as score_tickets

CURVE = (10, 20, 40, 80, 160, 320, 480)
LIMITS = {"seed": (0, 9999), "train": (10, 480), "dev": (20, 120), "test": (20, 200)}
DEFAULTS = {"seed": 0, "train": 480, "dev": 120, "test": 200}
Row = dict[str, Any]


def _count(outcomes: Sequence[Outcome], keep: Callable[[Question], bool], hit: str) -> Rate:
    chosen = [o for o in outcomes if keep(o.question)]
    return rate(sum(bool(getattr(o, hit)) for o in chosen), len(chosen))


def _groups(changed: Sequence[str]) -> dict[str, Callable[[Question], bool]]:
    """The three kinds of fact questions the main table reports, in the documents' words."""
    return {
        "change": lambda q: q.wording == "documents" and q.trained and q.changes,
        "stay": lambda q: q.wording == "documents" and q.trained and not q.changes,
        "untrained": lambda q: q.wording == "documents" and q.fact is not None and not q.trained,
    }


# ---------------------------------------------------------------- experiment 1


def facts_experiment(changed: Sequence[str] | None = None, *, seed: int = 0) -> Row:
    """Experiment 1: RAG and a model tuned on January's facts, before and after a change.

    Every setting is chosen on the dev questions (`snippets.compare.fit_rag`,
    `fit_tuned`); the numbers are on the test questions.
    """
    changed = evalsets.changing_facts() if changed is None else evalsets.check_changed(changed)
    dev, test = evalsets.questions("dev", changed), evalsets.questions("test", changed)
    documents = evalsets.documents_before()
    kb, rag_choice = fit_rag(documents, dev)
    model, tuned_choice = fit_tuned(evalsets.training_pairs(changed, after=False), dev, seed=seed)
    threshold = tuned_choice.threshold
    new_pairs = evalsets.training_pairs(changed, after=True)

    outcomes = {
        ("RAG", "before"): rag_answers(kb, test, after=False),
        ("tuned", "before"): tuned_answers(model, threshold, test, after=False),
        ("RAG, index not updated", "after"): rag_answers(kb, test, after=True),
        ("tuned, not retrained", "after"): tuned_answers(model, threshold, test, after=True),
    }
    # The change: RAG re-indexes one document, the tuned model is trained again.
    updated = KnowledgeBase(documents, min_coverage=rag_choice.setting)
    for readers in {q.groups for q in test}:
        updated.warm(readers)  # views exist before the change, so updating them is timed
    page = evalsets.changed_pricing(changed)
    reindex = median_seconds(lambda: updated.update(page), repeats=5)

    runs = []

    def retrain() -> None:
        lr, epochs = tuned_choice.lr, tuned_choice.epochs
        runs.append(fine_tune(model, new_pairs, epochs=epochs, lr=lr, seed=seed))

    retrain_seconds = median_seconds(retrain, repeats=3)
    retrained = runs[-1]  # every run gives the same model: the seed fixes it
    outcomes["RAG, re-indexed", "after"] = rag_answers(updated, test, after=True)
    outcomes["tuned, retrained", "after"] = tuned_answers(retrained, threshold, test, after=True)

    groups = _groups(changed)
    accuracy = [
        {"system": system, "phase": phase}
        | {name: _count(result, keep, "right") for name, keep in groups.items()}
        for (system, phase), result in outcomes.items()
    ]
    rag_now, tuned_now = outcomes["RAG, re-indexed", "after"], outcomes["tuned, retrained", "after"]

    def own(q: Question) -> bool:
        return q.wording == "own" and q.fact is not None

    def documents_words(q: Question) -> bool:
        return q.wording == "documents" and q.fact is not None

    restricted = [q for q in test if q.groups]
    missing = KnowledgeBase(
        [d for d in documents if d.id != "refunds"], min_coverage=rag_choice.setting
    )
    refund_questions = [q for q in test if q.doc_id == "refunds"]
    fails = {
        "recall_documents": _recall(updated, [q for q in test if documents_words(q)]),
        "recall_own": _recall(updated, [q for q in test if own(q)]),
        "right_own": (_count(rag_now, own, "right"), _count(tuned_now, own, "right")),
        "right_documents": (
            _count(rag_now, documents_words, "right"),
            _count(tuned_now, documents_words, "right"),
        ),
        "untrained_wrong": (
            _count(rag_now, lambda q: q.fact is not None and not q.trained, "confident_wrong"),
            _count(tuned_now, lambda q: q.fact is not None and not q.trained, "confident_wrong"),
        ),
        "unanswerable_declined": (
            _count(rag_now, lambda q: q.fact is None, "declined"),
            _count(tuned_now, lambda q: q.fact is None, "declined"),
        ),
        "outsider_leaks": (
            _count(rag_answers(updated, restricted, after=True, as_outsider=True), bool, "right"),
            _count(tuned_answers(retrained, threshold, restricted, after=True), bool, "right"),
        ),
        "cited": rate(
            sum(o.question.doc_id in o.cited for o in rag_now if o.right),
            sum(o.right for o in rag_now),
        ),
        "missing_document": {
            name: _count(rag_answers(missing, refund_questions, after=True), bool, name)
            for name in ("right", "declined", "confident_wrong")
        },
    }
    return {
        "changed": changed,
        "accuracy": accuracy,
        "fails": fails,
        "sizes": {name: sum(keep(q) for q in test) for name, keep in groups.items()},
        "chosen": {
            "rag_threshold": rag_choice.setting,
            "rag_dev": rag_choice.dev_score,
            "rag_test": utility(outcomes["RAG", "before"]),
            "tuned": dataclasses.asdict(tuned_choice),
            "tuned_test": utility(outcomes["tuned", "before"]),
        },
        "timing": {"reindex": reindex, "retrain": retrain_seconds},
        "pairs": {
            "before": len(new_pairs),
            "rewritten": sum(q.changes for q in evalsets.questions("train", changed)),
        },
        "models": (model, threshold, updated),
    }


def _recall(kb: KnowledgeBase, questions: Sequence[Question], k: int = 3) -> Rate:
    """Passage-level recall@k of the retrieval step alone (before the threshold)."""
    _, passages = retrieval_hits(kb, questions, after=True, k=k)
    return rate(passages, len(questions))


# ---------------------------------------------------------------- experiment 2

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


# ---------------------------------------------------------------- experiment 3


def both_experiment(facts: Row, tickets: Row, changed: Sequence[str]) -> Row:
    """Experiment 3: tickets that need a current fact and the labels, four ways."""
    model, threshold, kb = facts["models"]
    labellers = tickets["models"]
    rag, memory = rag_answerer(kb), memory_answerer(model, threshold)
    systems = (
        ("RAG with the schema-constrained prompt", labellers["zero"], rag),
        ("RAG with retrieved labelled examples", labellers["few"], rag),
        ("fine-tuned models alone", labellers["tuned"], memory),
        ("RAG, then the fine-tuned labeller", labellers["tuned"], rag),
    )
    items = evalsets.both_items()
    rows = []
    for name, labeller, answerer in systems:
        counts = dict.fromkeys(CHECKS, 0)
        for item in items:
            parts = check(
                reply(item["text"], labeller, answerer),
                category=item["category"],
                priority=item["priority"],
                expected=evalsets.expected(item["fact"], changed, after=True),
                doc_id=evalsets.facts()[item["fact"]]["doc_id"],
            )
            for part, ok in parts.items():
                counts[part] += ok
        rows.append({"system": name} | {part: rate(counts[part], len(items)) for part in CHECKS})
    return {"systems": rows, "questions": len(items)}


# ---------------------------------------------------------------- running


def run(
    seed: int = 0, sizes: dict[str, int] | None = None, changed: Sequence[str] | None = None
) -> Row:
    """All three experiments with one seed, split sizes and set of changed facts."""
    facts = facts_experiment(changed, seed=seed)
    tickets = tickets_experiment(seed, sizes)
    both = both_experiment(facts, tickets, facts["changed"])
    return {
        "facts": facts,
        "tickets": tickets,
        "both": both,
        "settings": {"seed": seed, "sizes": tickets["sizes"], "changed": facts["changed"]},
    }


@functools.cache
def default_run() -> Row:
    """`run` with the page's settings, computed once per process.

    The page's three build-time blocks, and the measure page, share it.
    """
    return run(DEFAULTS["seed"])


# ---------------------------------------------------------------- rendering

ROWS = {
    ("RAG", "before"): ("RAG", "before the change"),
    ("tuned", "before"): ("fine-tuned on January's facts", "before the change"),
    ("RAG, index not updated", "after"): ("RAG, index not yet updated", "after"),
    ("tuned, not retrained", "after"): ("fine-tuned, not retrained", "after"),
    ("RAG, re-indexed", "after"): ("RAG, pricing page re-indexed", "after"),
    ("tuned, retrained", "after"): ("fine-tuned again on new pairs", "after"),
}


def _shares(rates: Sequence[Rate]) -> list[float]:
    """The values of measured rates, for a chart (the callers skip unmeasured ones)."""
    return [r.value or 0.0 for r in rates]


def _ends(rates: Sequence[Rate]) -> tuple[list[float], list[float]]:
    """The lower and upper ends of the rates' intervals, for a chart."""
    return [r.low or 0.0 for r in rates], [r.high or 0.0 for r in rates]


def render_facts(result: Row, prefix: str = "") -> Html:
    """Experiment 1 as HTML: chosen settings, the accuracy table and chart, where each fails.

    ``prefix`` starts the chart's element ids, so that two renderings can share a page.
    """
    chosen, sizes, fails = result["chosen"], result["sizes"], result["fails"]
    tuned = chosen["tuned"]
    parts = [
        paragraph(
            f"Chosen on the dev questions: RAG's relevance threshold {chosen['rag_threshold']:g} "
            f"(dev score {chosen['rag_dev']:+.2f}, test {chosen['rag_test']:+.2f}); the tuned "
            f"model's {tuned['epochs']} epochs at learning rate {tuned['lr']:g} (dev accuracy "
            f"{round(tuned['dev_accuracy'] * 100)}% on trained facts) and confidence threshold "
            f"{tuned['threshold']:g} (dev score {tuned['dev_score']:+.2f}, test "
            f"{chosen['tuned_test']:+.2f}). Score: (right - wrong answers) / questions."
        ),
        table(
            "Right answers to test questions in the documents' words (95% interval below each)",
            [
                "system",
                "when",
                f"facts that change ({sizes['change']} questions)",
                f"facts that stay ({sizes['stay']})",
                f"facts never trained on ({sizes['untrained']})",
            ],
            [
                [*ROWS[row["system"], row["phase"]], row["change"], row["stay"], row["untrained"]]
                for row in result["accuracy"]
            ],
            numeric=(2, 3, 4),
        ),
    ]
    acc = {(r["system"], r["phase"]): r["change"] for r in result["accuracy"]}
    groups = ["RAG", "fine-tuned"]
    before = [acc["RAG", "before"], acc["tuned", "before"]]
    stale = [acc["RAG, index not updated", "after"], acc["tuned, not retrained", "after"]]
    fixed = [acc["RAG, re-indexed", "after"], acc["tuned, retrained", "after"]]
    series = {"before": before, "after, not updated": stale, "after, updated": fixed}
    if all(r.value is not None for rates in series.values() for r in rates):
        svg = bar_chart(
            f"{prefix}facts-chart",
            "Right answers on the facts that change, before and after the change",
            groups,
            {name: _shares(rates) for name, rates in series.items()},
            y_label="right answers",
            intervals={
                name: list(zip(*_ends(rates), strict=True)) for name, rates in series.items()
            },
        )
        parts.append(
            figure(svg, "Facts that change; whiskers are 95% intervals. Same numbers as the table.")
        )
    rag_leak, tuned_leak = fails["outsider_leaks"]
    missing = fails["missing_document"]
    timing = result["timing"]
    parts.append(
        table(
            "Where each one fails, on the test questions (95% interval below each)",
            ["what was measured", "RAG", "fine-tuned"],
            [
                ["documents' words: right", *fails["right_documents"]],
                ["asker's own words: right", *fails["right_own"]],
                [
                    "own words: the answer's passage in the top 3",
                    fails["recall_own"],
                    "n/a (no retrieval)",
                ],
                ["untrained facts: a confident wrong answer", *fails["untrained_wrong"]],
                ["unanswerable questions: declined", *fails["unanswerable_declined"]],
                [
                    "restricted facts, asked from outside the group: answered",
                    rag_leak,
                    tuned_leak,
                ],
                [
                    "right answers citing their document",
                    fails["cited"],
                    "none (no sources)",
                ],
                [
                    "refund questions, refund policy not indexed: declined",
                    missing["declined"],
                    "n/a (reads no documents)",
                ],
                [
                    "time until current again (median of repeats)",
                    timed(f"{seconds_text(timing['reindex'])} (re-index 1 page)"),
                    timed(
                        f"{seconds_text(timing['retrain'])} (train on {result['pairs']['before']} "
                        f"pairs): {ratio_text(timing['retrain'], timing['reindex'])} as long"
                    ),
                ],
                [
                    "written for the change",
                    "the new pricing page",
                    f"{result['pairs']['rewritten']} new question-answer pairs",
                ],
            ],
        )
    )
    return Html("".join(parts))


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


def render_tickets(result: Row, prefix: str = "") -> Html:
    """Experiment 2 as HTML: chosen settings, the systems table, the learning curve."""
    sizes, chosen = result["sizes"], result["chosen"]
    tuned = chosen["tuned"]
    parts = [
        paragraph(
            f"Trained on {sizes['train']} tickets, settings chosen on {sizes['dev']} dev tickets, "
            f"tested on {sizes['test']} tickets from {result['families']} template families none "
            f"of which the other splits use. Chosen on dev: few-shot k = {chosen['k']} (dev "
            f"{round(chosen['k_dev'] * 100)}% both right); fine-tuned category classifier "
            f"{tuned['category']['epochs']} epochs at learning rate {tuned['category']['lr']:g} "
            f"(dev {round(tuned['category']['dev'] * 100)}% right), priority classifier "
            f"{tuned['priority']['epochs']} epochs at {tuned['priority']['lr']:g} (dev "
            f"{round(tuned['priority']['dev'] * 100)}%)."
        ),
        table(
            f"Test tickets ({sizes['test']}): share right, 95% interval below each",
            [
                "system (stands in for)",
                "both labels right",
                "category",
                "priority",
                "valid JSON labels",
                "dev: both right",
                "prompt size (characters)",
            ],
            [
                [
                    row["system"],
                    row["test"]["both"],
                    row["test"]["category"],
                    row["test"]["priority"],
                    row["test"]["valid"],
                    row["dev"]["both"],
                    row["prompt_chars"],
                ]
                for row in result["systems"]
            ],
            numeric=(1, 2, 3, 4, 5, 6),
        ),
    ]
    curve = result["curve"]
    if len(curve) > 1:
        xs = [row["examples"] for row in curve]
        zero = result["zero"]
        lines = {
            "fine-tuned": [row["tuned"] for row in curve],
            "few-shot": [row["few"] for row in curve],
            "schema-constrained prompt": [zero] * len(curve),
        }
        svg = line_chart(
            f"{prefix}curve-chart",
            "Learning curve: share of test tickets with both labels right",
            xs,
            {name: _shares(rates) for name, rates in lines.items()},
            x_label="labelled training tickets (log scale)",
            y_label="both labels right",
            log_x=True,
            bands={name: _ends(rates) for name, rates in lines.items()},
        )
        parts.append(
            figure(svg, "Learning curve; shaded bands are 95% intervals. Same numbers as below.")
        )
    parts.append(
        table(
            "Learning curve: test tickets with both labels right (95% interval below each)",
            [
                "training tickets",
                "fine-tuned",
                "few-shot",
                "few-shot k",
                "epochs (category, priority)",
            ],
            [
                [
                    row["examples"],
                    row["tuned"],
                    row["few"],
                    row["k"],
                    f"{row['epochs']['category']}, {row['epochs']['priority']}",
                ]
                for row in curve
            ],
            numeric=(0, 1, 2, 3),
        )
    )
    parts += [paragraph(sentence) for sentence in curve_sentences(result)]
    return Html("".join(parts))


def render_both(result: Row) -> Html:
    """Experiment 3 as HTML."""
    return table(
        f"{result['questions']} tickets that need a current fact and the labels "
        "(95% interval below each)",
        ["system", "labels right", "answer current", "source given", "all right"],
        [[row["system"], *(row[part] for part in CHECKS)] for row in result["systems"]],
        numeric=(1, 2, 3, 4),
    )


def render(result: Row, prefix: str = "rerun-", seconds: float | None = None) -> Html:
    """All three experiments, each under a heading, as the browser rerun shows them
    (chart ids start with ``prefix``: the page's own charts keep theirs); ``seconds``,
    when given, is how long Python took."""
    s = result["settings"]
    sections = [
        ("Experiment 1: the prices change", render_facts(result["facts"], prefix)),
        ("Experiment 2: a narrow, repetitive task", render_tickets(result["tickets"], prefix)),
        ("Experiment 3: both, in order", render_both(result["both"])),
    ]
    took = "" if seconds is None else " " + timed(f"Python took {seconds_text(seconds)}.")
    note = Html(
        paragraph(
            f"Computed in your browser: seed {s['seed']}, {s['sizes']['train']} training, "
            f"{s['sizes']['dev']} dev and {s['sizes']['test']} test tickets, "
            f"{len(s['changed'])} changed fact(s)."
        ).replace("</p>", f"{took}</p>")
    )
    body = "".join(
        f'<section data-experiment="{n}"><h3>{title}</h3>{html}</section>'
        for n, (title, html) in enumerate(sections, start=1)
    )
    return Html(note + body)


def page_section(name: str) -> Html:
    """One experiment's HTML with the page's settings, for a build-time block."""
    result = default_run()
    renderers = {"facts": render_facts, "tickets": render_tickets, "both": render_both}
    return Html(f'<div data-experiment-output="{name}">{renderers[name](result[name])}</div>')


# ---------------------------------------------------------------- the browser rerun

LABELS = {
    "seed": "Seed",
    "train": "Training tickets",
    "dev": "Dev tickets",
    "test": "Test tickets",
}


def _whole(field: str, value: object) -> int:
    """``value`` (a number or the text of a form field) as a whole number within its limits."""
    low, high = LIMITS[field]
    problem = f"{LABELS[field]} must be a whole number from {low} to {high}"
    text = (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else None
    )
    shown = str(value)[:20] + ("…" if len(str(value)) > 20 else "")
    if text is None or not text.isascii() or not text.isdigit():
        raise ValueError(f"{problem}; “{shown}” is not one.")
    if len(text) > 6 or not low <= int(text) <= high:
        raise ValueError(f"{problem}; {shown} is out of range.")
    return int(text)


def rerun(
    seed: object = 0,
    train_size: object = 480,
    dev_size: object = 120,
    test_size: object = 200,
    changed: object = None,
) -> dict[str, Any]:
    """The browser's rerun: check the reader's settings, run, return ``{"html", "settings"}``.

    Args:
        seed: Seed of the ticket draw and of training (0 to 9999).
        train_size: Training tickets (10 to 480).
        dev_size: Dev tickets that settings are chosen on (20 to 120).
        test_size: Test tickets that results are reported on (20 to 200).
        changed: Ids of the facts that change (see
            `snippets.demos.evalsets.changing_facts`); ``None`` means all, an
            empty list none.

    Raises:
        ValueError: With a message meant for the reader, naming the field.
    """
    values = {
        "seed": _whole("seed", seed),
        "train": _whole("train", train_size),
        "dev": _whole("dev", dev_size),
        "test": _whole("test", test_size),
    }
    if changed is not None and (
        not isinstance(changed, list) or not all(isinstance(c, str) for c in changed)
    ):
        raise ValueError("The facts that change must be a list of fact ids.")
    sizes = {split: values[split] for split in ("train", "dev", "test")}
    start = time.perf_counter()
    result = run(values["seed"], sizes, changed)
    seconds = time.perf_counter() - start
    return {
        "html": str(render(result, seconds=seconds)),
        "settings": result["settings"],
        "seconds": seconds,
    }


def form() -> Html:
    """The rerun's form, with the page's defaults filled in (printed at build time)."""
    fields = []
    for field, name in (
        ("seed", "seed"),
        ("train", "train_size"),
        ("dev", "dev_size"),
        ("test", "test_size"),
    ):
        low, high = LIMITS[field]
        fields.append(
            f'<div class="demo-field"><label for="ft-{field}">'
            f"{LABELS[field]} ({low} to {high})</label>"
            f'<input id="ft-{field}" name="{name}" type="number" min="{low}" max="{high}" step="1" '
            f'value="{DEFAULTS[field]}" inputmode="numeric"></div>'
        )
    boxes = []
    for fid in evalsets.changing_facts():
        change = evalsets.fact_change(fid)
        boxes.append(
            f'<label class="demo-choice"><input type="checkbox" name="changed" '
            f'value="{esc(fid)}" checked> {esc(change["question"])} ({esc(change["old"])} → '
            f"{esc(change['new'])})</label>"
        )
    return Html(
        '<form class="demo ft-demo" data-demo="finetune" novalidate>'
        f'<div class="demo-row">{"".join(fields)}</div>'
        '<fieldset class="ft-facts"><legend>Facts that change in October</legend>'
        f"{''.join(boxes)}</fieldset>"
        '<div class="demo-actions"><button type="submit" class="demo-button" data-role="run">'
        'Run</button><button type="reset" class="demo-button demo-button--secondary">'
        "Reset to the example</button></div>"
        '<p class="demo-status" role="status" aria-live="polite">Python is not loaded yet: the '
        "tables above were computed when this page was built.</p>"
        '<div class="demo-output" aria-live="polite"></div></form>'
    )
