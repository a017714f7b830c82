"""docs/finetune.md: every conclusion the page draws, asserted on the experiments it
prints (direction and interval support); settings chosen on dev do not move when
every test label changes; the rerun checks what a reader typed."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest

from snippets.demos import evalsets, finetune_facts, finetune_render, finetune_run, finetune_tickets
from snippets.demos import finetune as demo
from snippets.evaluate import Rate, beats
from snippets.stats import overlap

Row = dict[str, Any]


@pytest.fixture(scope="module")
def result() -> Row:
    return finetune_run.default_run()


def table(result: Row) -> dict[tuple[str, str], Row]:
    return {(r["system"], r["phase"]): r for r in result["facts"]["accuracy"]}


def same(a: Rate, b: Rate) -> bool:
    """Neither beats the other: the intervals overlap."""
    assert a.low is not None and a.high is not None and b.low is not None and b.high is not None
    return overlap((a.low, a.high), (b.low, b.high))


def without_timings(html: str) -> str:
    return re.sub(r"<span data-timing>[^<]*</span>", "", html)


# --- experiment 1 -------------------------------------------------------------


def test_a_changed_fact_is_wrong_until_reindexed_or_retrained(result: Row) -> None:
    rows = table(result)
    for stale in ("RAG, index not updated", "tuned, not retrained"):
        assert rows[stale, "after"]["change"].n == 6 and rows[stale, "after"]["change"].hits == 0
    for fixed, stale in (
        ("RAG, re-indexed", "RAG, index not updated"),
        ("tuned, retrained", "tuned, not retrained"),
    ):
        now = rows[fixed, "after"]["change"]
        assert now.hits == now.n and beats(now, rows[stale, "after"]["change"])
    for system in ("RAG", "tuned"):
        before = rows[system, "before"]
        assert (
            before["change"].hits == before["change"].n and before["stay"].hits == before["stay"].n
        )


def test_both_fail_on_the_askers_own_words(result: Row) -> None:
    fails = result["facts"]["fails"]
    (rag_docs, tuned_docs), (rag_own, tuned_own) = fails["right_documents"], fails["right_own"]
    assert beats(rag_docs, rag_own) and beats(tuned_docs, tuned_own)
    assert not beats(tuned_own, rag_own)  # "the stand-in does no better"
    assert beats(fails["recall_documents"], fails["recall_own"])
    assert (fails["recall_own"].value or 0) < 0.5  # "often does not bring back the passage"


def test_untrained_facts_rag_answers_and_the_tuned_model_sometimes_hallucinates(
    result: Row,
) -> None:
    rows = table(result)
    rag, tuned = (
        rows["RAG, re-indexed", "after"]["untrained"],
        rows["tuned, retrained", "after"]["untrained"],
    )
    assert tuned.hits == 0 and beats(rag, tuned)
    wrong = result["facts"]["fails"]["untrained_wrong"][1]
    assert (wrong.low or 0) > 0  # some confident wrong answers, beyond the noise
    assert wrong.hits < wrong.n / 2  # "decline most, not all"


def test_the_tuned_model_answers_restricted_facts_for_anyone(result: Row) -> None:
    rag, tuned = result["facts"]["fails"]["outsider_leaks"]
    assert rag.hits == 0 and rag.n > 0
    learned = [
        q for q in evalsets.questions("test") if q.groups and q.trained and q.wording == "documents"
    ]
    assert tuned.hits == len(learned) >= 3 and (tuned.low or 0) > 0


def test_declines_citations_and_a_missing_document(result: Row) -> None:
    fails = result["facts"]["fails"]
    assert same(*fails["unanswerable_declined"])  # "about equally often by both"
    assert fails["cited"].hits == fails["cited"].n > 0
    declined = fails["missing_document"]["declined"]
    assert (declined.low or 0) > 0.5 and declined.hits >= declined.n - 1  # "nearly every"
    assert result["facts"]["pairs"]["rewritten"] == 4 * len(evalsets.changing_facts())


def test_the_chosen_settings_are_printed_with_dev_and_test_scores(result: Row) -> None:
    html = finetune_render.render_facts(result["facts"])
    chosen = result["facts"]["chosen"]
    assert (
        f"threshold {chosen['rag_threshold']:g} (dev score {chosen['rag_dev']:+.2f}, "
        f"test {chosen['rag_test']:+.2f})" in html
    )
    assert "as long" in html and "ms (re-index 1 page)" in html


# --- experiment 2 -------------------------------------------------------------


def systems(result: Row) -> dict[str, Row]:
    return {row["key"]: row["test"] for row in result["tickets"]["systems"]}


def test_validity_comes_from_constraining_the_output_not_from_training(result: Row) -> None:
    s = systems(result)
    assert s["zero"]["valid"].hits == s["zero"]["valid"].n == s["tuned"]["valid"].hits
    assert beats(s["zero"]["valid"], s["rules"]["valid"])


def test_the_tuned_model_gets_about_half_right_and_never_pulls_clear_of_few_shot(
    result: Row,
) -> None:
    s, curve = systems(result), result["tickets"]["curve"]
    assert 0.4 <= (s["tuned"]["both"].value or 0) <= 0.6
    assert finetune_tickets.overtakes(curve) is None
    assert not any(beats(row["tuned"], row["few"]) for row in curve)
    by_size = {row["examples"]: row for row in curve}
    assert beats(by_size[480]["tuned"], by_size[80]["tuned"])  # more data was still helping
    # Retrieved examples are ahead by more than the noise only with very few examples.
    ahead = [row["examples"] for row in curve if beats(row["few"], row["tuned"])]
    assert ahead and max(ahead) <= 40
    assert all(same(row["tuned"], row["few"]) for row in curve if row["examples"] >= 160)


def test_both_beat_the_prompt_only_after_more_than_a_hundred_examples(result: Row) -> None:
    t = result["tickets"]
    for arm in ("tuned", "few"):
        size = finetune_tickets.first_beating(t["curve"], t["zero"], arm)
        assert size is not None and size > 100
    tuned = next(r for r in t["systems"] if r["key"] == "tuned")
    few = next(r for r in t["systems"] if r["key"] == "few")
    assert tuned["prompt_chars"] * 5 < few["prompt_chars"]


def test_tuned_and_few_shot_stay_level_with_another_seed() -> None:
    t = finetune_tickets.tickets_experiment(1)
    s = {row["key"]: row["test"]["both"] for row in t["systems"]}
    assert same(s["tuned"], s["few"])
    assert beats(s["tuned"], s["zero"]) and beats(s["few"], s["zero"])


# --- experiment 3 -------------------------------------------------------------


def test_the_fact_has_to_come_from_retrieval(result: Row) -> None:
    rows = {r["system"]: r for r in result["both"]["systems"]}
    alone = rows["fine-tuned models alone"]
    combined = rows["RAG, then the fine-tuned labeller"]
    few = rows["RAG with retrieved labelled examples"]
    assert alone["all_right"].hits == 0 and alone["source_given"].hits == 0
    assert beats(combined["answer_current"], alone["answer_current"])
    assert beats(combined["all_right"], alone["all_right"])
    assert same(combined["all_right"], few["all_right"])


# --- choose on dev, report on test ---------------------------------------------


def test_changing_every_test_label_changes_no_chosen_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sizes = {"train": 80, "dev": 120, "test": 40}
    before_facts = finetune_facts.facts_experiment()["chosen"]
    before_tickets = finetune_tickets.tickets_experiment(0, sizes)["chosen"]

    questions, tickets = evalsets.questions, evalsets.tickets

    def relabelled_questions(split: str, changed: Any = ()) -> list[Any]:
        found = questions(split, changed)
        if split != "test":
            return found
        return [
            dataclasses.replace(q, before="zzz", after="yyy", fact=q.fact and "x") for q in found
        ]

    def relabelled_tickets(seed: int = 0, sizes: Any = None) -> dict[str, list[dict[str, str]]]:
        drawn = tickets(seed, sizes)
        turn = {
            "billing": "bug",
            "bug": "account",
            "account": "security",
            "security": "feature-request",
            "feature-request": "billing",
        }
        drawn["test"] = [
            t | {"category": turn[t["category"]], "priority": "urgent"} for t in drawn["test"]
        ]
        return drawn

    monkeypatch.setattr(evalsets, "questions", relabelled_questions)
    monkeypatch.setattr(evalsets, "tickets", relabelled_tickets)
    facts = finetune_facts.facts_experiment()
    tickets_result = finetune_tickets.tickets_experiment(0, sizes)
    after_facts, after_tickets = facts["chosen"], tickets_result["chosen"]
    for key in ("rag_test", "tuned_test"):
        before_facts.pop(key), after_facts.pop(key)
    assert after_facts == before_facts
    assert after_tickets == before_tickets
    # The test labels did change: every test answer is now wrong.
    assert all(row["change"].hits == row["stay"].hits == 0 for row in facts["accuracy"])
    assert tickets_result["systems"][3]["test"]["both"].hits == 0


# --- the rerun -----------------------------------------------------------------


def test_the_rerun_renders_each_experiment_as_the_page_does(result: Row) -> None:
    """One renderer: the rerun's sections are the page's blocks (the browser test runs
    the rerun itself in Pyodide and compares it with the built page)."""
    html = finetune_render.render(result, prefix="")
    for name, n in (("facts", 1), ("tickets", 2), ("both", 3)):
        section = re.search(
            rf'<section data-experiment="{n}"><h3>[^<]*</h3>(.*?)</section>', html, re.S
        )
        page = demo.page_section(name)
        inner = re.fullmatch(r'<div data-experiment-output="\w+">(.*)</div>', page, re.S)
        assert section and inner
        assert without_timings(section.group(1)) == without_timings(inner.group(1))


def test_no_fact_ticked_shows_n_a_not_zero() -> None:
    """Issue 17, item 6: with no fact changing, the 'facts that change' column has no
    questions, and its rate is not 0%."""
    html = demo.rerun(train_size="40", dev_size="40", test_size="40", changed=[])["html"]
    assert "facts that change (0 questions)" in html
    first_table = html.split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>[^<]*</td><td>[^<]*</td><td[^>]*>([^<]*)</td>", first_table)
    assert len(rows) == 6 and set(rows) == {"n/a"}


def test_the_same_settings_give_the_same_page() -> None:
    a = demo.rerun(seed=7, train_size=40, dev_size=30, test_size=50, changed=["trial-length"])
    b = demo.rerun(
        seed="7", train_size="40", dev_size=" 30 ", test_size="50", changed=["trial-length"]
    )
    assert without_timings(a["html"]) == without_timings(b["html"])
    assert a["settings"] == {
        "seed": 7,
        "sizes": {"train": 40, "dev": 30, "test": 50},
        "changed": ["trial-length"],
    }
    assert "seed 7, 40 training, 30 dev and 50 test tickets, 1 changed fact(s)" in a["html"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": "abc"}, "Seed must be a whole number from 0 to 9999; “abc” is not one."),
        ({"seed": -1}, "Seed must be a whole number from 0 to 9999; “-1” is not one."),
        ({"seed": 10000}, "Seed must be a whole number from 0 to 9999; 10000 is out of range."),
        ({"seed": True}, "“True” is not one"),
        ({"seed": 1.5}, "“1.5” is not one"),
        (
            {"train_size": "5"},
            "Training tickets must be a whole number from 10 to 480; 5 is out of range.",
        ),
        ({"train_size": "9" * 400}, "99999999999999999999… is out of range"),
        ({"dev_size": ""}, "Dev tickets must be a whole number from 20 to 120; “” is not one."),
        ({"test_size": "201"}, "Test tickets must be a whole number from 20 to 200"),
        ({"test_size": "٣٠"}, "“٣٠” is not one"),
        ({"changed": "team-annual"}, "The facts that change must be a list of fact ids."),
        ({"changed": ["made-up"]}, "unknown fact 'made-up'"),
    ],
)
def test_bad_settings_get_a_message_naming_the_field(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        demo.rerun(**kwargs)
    assert message in str(raised.value)
    assert len(str(raised.value)) < 200


def test_the_form_holds_the_limits_and_escapes_its_text() -> None:
    form = demo.form()
    for field, (low, high) in demo.LIMITS.items():
        assert f'id="ft-{field}"' in form and f'min="{low}" max="{high}"' in form
    assert form.count('type="checkbox" name="changed"') == len(evalsets.changing_facts())
    assert "12 euros → 14 euros" in form


def test_the_curve_sentences_follow_the_intervals() -> None:
    """The computed sentences under the learning curve, on made-up curves."""
    from snippets.evaluate import rate

    def curve(tuned: list[int], few: list[int]) -> list[Row]:
        sizes = [10, 100, 400]
        return [
            {"examples": n, "tuned": rate(t, 200), "few": rate(f, 200)}
            for n, t, f in zip(sizes, tuned, few, strict=True)
        ]

    pulling = curve([20, 120, 180], [60, 60, 60])
    assert finetune_tickets.overtakes(pulling) == 100
    assert finetune_tickets.first_beating(pulling, rate(30, 200), "tuned") == 100
    assert finetune_tickets.first_beating(pulling, rate(30, 200), "few") == 10
    sentences = finetune_tickets.curve_sentences({"curve": pulling, "zero": rate(30, 200)})
    assert sentences[0].startswith("From 100 training tickets on")
    assert "Few-shot is ahead by more than the noise at 10 training tickets." in sentences
    level = curve([60, 62, 61], [60, 60, 60])
    assert (
        finetune_tickets.overtakes(level) is None
        and finetune_tickets.first_beating(level, rate(55, 200), "tuned") is None
    )
    sentences = finetune_tickets.curve_sentences({"curve": level, "zero": rate(55, 200)})
    assert sentences[0].startswith("At no size up to 400")
    assert "does not beat the schema-constrained prompt" in sentences[-1]
