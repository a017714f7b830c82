"""The fine-tuning page's blocks and browser rerun (``docs/finetune.md``).

The page's build-time blocks print `page_section` (one experiment with the
page's settings) and `form`; the browser calls `rerun`, which checks what the
reader typed and returns the same HTML for their seed, split sizes and changed
facts. Uses no lesson directly: the experiments are ``finetune_facts``,
``finetune_tickets`` and ``finetune_run``, the renderers ``finetune_render``.
"""

from __future__ import annotations

import time
from typing import Any

from snippets.demos import evalsets
from snippets.demos.finetune_render import render, render_both, render_facts, render_tickets
from snippets.demos.finetune_run import DEFAULTS, default_run, run
from snippets.demos.report import Html, esc

LIMITS = {"seed": (0, 9999), "train": (10, 480), "dev": (20, 120), "test": (20, 200)}
LABELS = {
    "seed": "Seed",
    "train": "Training tickets",
    "dev": "Dev tickets",
    "test": "Test tickets",
}


def page_section(name: str) -> Html:
    """One experiment's HTML with the page's settings, for a build-time block."""
    result = default_run()
    renderers = {"facts": render_facts, "tickets": render_tickets, "both": render_both}
    return Html(f'<div data-experiment-output="{name}">{renderers[name](result[name])}</div>')


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
