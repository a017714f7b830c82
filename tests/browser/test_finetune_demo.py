"""The rerun on docs/finetune.md in Chromium: change the controls, run, and the
tables the browser computes equal CPython's for the same settings."""

from __future__ import annotations

import pytest

from snippets.compare import run_all

pytestmark = pytest.mark.browser


def pct(x: float) -> str:
    # JavaScript's Math.round rounds halves up; so does this for shares of whole counts.
    return f"{int(x * 100 + 0.5)}%"


def expected_tables(result: dict[str, object]) -> dict[str, list[list[str]]]:
    facts, behaviour, both = result["facts"], result["behaviour"], result["both"]  # type: ignore[index]
    return {
        "Experiment 1: accuracy before and after the change": [
            [r["system"], r["phase"], pct(r["changed_facts"]), pct(r["unchanged_facts"])]
            for r in facts["accuracy"]  # type: ignore[index]
        ],
        "Experiment 2: learning curve": [
            [str(r["examples"]), pct(r["fine-tuned"]), pct(r["RAG over labelled examples"])]
            for r in behaviour["curve"]  # type: ignore[index]
        ],
        "Experiment 3": [
            [r["system"]]
            + [
                pct(r[k])
                for k in ("valid_format", "labels_right", "answer_current", "source_given")
            ]
            + [pct(r["all_right"])]
            for r in both["systems"]  # type: ignore[index]
        ],
        "Experiment 2: 160 held-out tickets": [
            [
                r["system"],
                pct(r["accuracy"]),
                pct(r["category_accuracy"]),
                pct(r["priority_accuracy"]),
                pct(r["valid_format"]),
                str(r["prompt_chars"]),
            ]
            for r in behaviour["systems"]  # type: ignore[index]
        ],
    }


def test_rerun_with_new_settings_matches_cpython(
    site_url: str, watched_page: tuple[object, object]
) -> None:
    page, watch = watched_page
    page.goto(site_url + "finetune/", wait_until="load")  # type: ignore[attr-defined]
    form = page.locator("[data-demo=finetune]")  # type: ignore[attr-defined]
    assert form.locator(".demo-output table").count() == 0
    # No Python before the reader asks.
    loaded = page.evaluate(  # type: ignore[attr-defined]
        "performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert not any("pyodide.asm" in url for url in loaded)

    page.get_by_label("Fine-tuning examples (10 to 480)").fill("80")  # type: ignore[attr-defined]
    page.get_by_label("Epochs (1 to 50)").fill("3")  # type: ignore[attr-defined]
    boxes = form.locator("input[name=changed]")
    boxes.nth(0).uncheck()
    boxes.nth(3).uncheck()
    changed = [boxes.nth(i).get_attribute("value") for i in (1, 2, 4, 5)]
    form.get_by_role("button", name="Run the experiments").click()
    tables = form.locator(".demo-output table")
    tables.first.wait_for(timeout=180_000)
    assert tables.count() == 5

    got: dict[str, list[list[str]]] = {}
    for i in range(tables.count()):
        table = tables.nth(i)
        caption = table.locator("caption").inner_text()
        rows = table.locator("tbody tr")
        got[caption] = [rows.nth(r).locator("td").all_inner_texts() for r in range(rows.count())]
    want = expected_tables(run_all(train_size=80, epochs=3, changed=changed))  # type: ignore[arg-type]
    for prefix, rows in want.items():
        caption = next(c for c in got if c.startswith(prefix))
        assert [row[: len(rows[0])] for row in got[caption]] == rows, caption
    note = form.locator(".demo-output p").first.inner_text()
    assert "80 fine-tuning examples, 3 epochs, 4 changed fact(s)" in note

    # Bad input gets a message, not a traceback.
    page.get_by_label("Epochs (1 to 50)").fill("0")  # type: ignore[attr-defined]
    form.get_by_role("button", name="Run the experiments").click()
    error = form.locator(".demo-error")
    error.wait_for()
    assert "Epochs must be a whole number from 1 to 50" in error.inner_text()
    watch.assert_clean()  # type: ignore[attr-defined]
