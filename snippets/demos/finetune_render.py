"""The fine-tuning page's renderers (``docs/finetune.md``).

One function per result: `render_facts`, `render_tickets` and `render_both`
for the experiments, `render` for all three as the browser rerun shows them.
The page's build-time blocks and the rerun use the same functions. Uses the
lessons ``snippets/charts.py``, ``pipeline.py`` and ``evaluate.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from snippets.charts import bar_chart, line_chart
from snippets.demos.finetune_tickets import curve_sentences
from snippets.demos.report import Html, figure, paragraph, ratio_text, seconds_text, table, timed
from snippets.evaluate import Rate
from snippets.pipeline import CHECKS

Row = dict[str, Any]

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
