"""The quick test and the flowchart on /decide/ in headless Chromium: the quiz agrees
with diagnose() on every route of the table, Back and Start again work, a shared link
restores the same result, a hostile or outdated link gets a clear message and a fresh
start, it works with the keyboard alone, every flowchart box is a link that
Material's instant navigation follows, and the pages read on a phone without
sideways scrolling. No request leaves loopback and nothing is logged as an error."""

from __future__ import annotations

from typing import Any

import pytest

from snippets.decide import default_table, diagnose, paths
from snippets.demos.decide import to_query
from snippets.demos.decide_cases import load_cases
from tests.conftest import new_context

pytestmark = pytest.mark.browser

TABLE = default_table()
STAGE = "[data-demo=decide] .decide-stage"
NOTICE = "[data-demo=decide] .decide-notice"
ROUTES = paths()
BOTH = next(r.answers for r in ROUTES if r.outcome == "both")
DISTIL = next(r.answers for r in ROUTES if r.outcome == "distil")


def open_quiz(page: Any, site_url: str, query: str = "") -> None:
    url = f"{site_url}decide/" + (f"?answers={query}" if query else "")
    page.goto(url, wait_until="load")
    page.wait_for_selector(f"{STAGE} [data-question], {STAGE} [data-outcome]")


def shown_query(page: Any) -> str:
    """The answers the page keeps in its address bar."""
    return page.evaluate("new URLSearchParams(location.search).get('answers') || ''")  # type: ignore[no-any-return]


# What a reader sees of the current step or the result, read in one round trip.
SHOWN = """(stage) => {
  const root = document.querySelector(stage);
  const text = (node, sel) => node.querySelector(sel)?.innerText ?? null;
  const all = (node, sel) => Array.from(node.querySelectorAll(sel), (n) => n.innerText);
  const question = root.querySelector("[data-question]");
  const result = root.querySelector("[data-outcome]");
  return {
    question: question && {
      id: question.dataset.question,
      title: text(question, ".decide-title"),
      progress: text(question, ".decide-progress"),
    },
    result: result && {
      outcome: result.dataset.outcome,
      className: result.getAttribute("class") || "",
      title: text(result, ".decide-title"),
      summary: text(result, ".decide-summary"),
      reasons: all(result, ".decide-reasons > li"),
      steps: all(result, ".decide-steps > li"),
      based: all(result, ".decide-based a"),
    },
  };
}"""


def answer(page: Any, answers: tuple[tuple[str, str], ...]) -> None:
    for step, (question_id, answer_id) in enumerate(answers):
        current = page.evaluate(SHOWN, STAGE)["question"]
        assert current is not None, f"no question shown at step {step + 1}"
        assert current["id"] == question_id
        assert current["title"] == TABLE.questions[question_id].text
        assert current["progress"].endswith(str(step + 1))
        page.locator(f"{STAGE} [data-question] [data-choice={answer_id}]").click()


def check_result(page: Any, answers: dict[str, str]) -> None:
    verdict = diagnose(answers)
    o = verdict.outcome
    page.locator(f"{STAGE} [data-outcome]").wait_for()
    result = page.evaluate(SHOWN, STAGE)["result"]
    assert result["outcome"] == o.id
    assert f"decide-kind--{o.kind}" in result["className"]
    assert result["title"] == o.title
    assert result["summary"] == o.summary
    reasons = result["reasons"]
    assert len(reasons) == len(verdict.reasons)
    for shown, reason in zip(reasons, verdict.reasons, strict=True):
        assert shown.startswith(reason)
    assert result["steps"] == list(o.next_steps)
    assert result["based"] == [t for t, _ in o.sources]
    assert shown_query(page) == to_query(verdict.path)


def test_quiz_agrees_with_diagnose_on_every_route(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    page, watch = watched_page
    open_quiz(page, site_url)
    assert page.locator("[data-demo=decide] .decide-nojs").is_hidden()
    for route in ROUTES:
        answer(page, route.answers)
        check_result(page, dict(route.answers))
        page.locator(f"{STAGE} [data-action=restart]").click()
        assert (
            page.locator(f"{STAGE} [data-question]").get_attribute("data-question") == TABLE.start
        )
        assert shown_query(page) == ""
    assert len(ROUTES) == 17
    watch.assert_clean()


def test_back_returns_to_the_last_question_and_keeps_earlier_answers(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    page, watch = watched_page
    open_quiz(page, site_url, to_query(BOTH))
    assert page.locator(f"{STAGE} [data-outcome]").get_attribute("data-outcome") == "both"
    page.locator(f"{STAGE} [data-action=back]").click()
    assert page.locator(f"{STAGE} [data-question]").get_attribute("data-question") == "shape"
    assert shown_query(page) == to_query(BOTH[:-1])
    page.locator(f"{STAGE} [data-choice=yes]").click()
    check_result(page, {**dict(BOTH), "shape": "yes"})
    for _ in BOTH:
        page.locator(f"{STAGE} [data-action=back]").click()
    assert page.locator(f"{STAGE} [data-question]").get_attribute("data-question") == TABLE.start
    assert page.locator(f"{STAGE} [data-action=back]").is_disabled()
    watch.assert_clean()


def test_a_shared_link_restores_the_same_result(
    browser: Any, site_url: str, watched_page: tuple[Any, Any]
) -> None:
    page, watch = watched_page
    open_quiz(page, site_url)
    answer(page, DISTIL)
    shared = page.locator(f"{STAGE} [data-share]").get_attribute("href")
    assert shared == page.url
    other = new_context(browser)  # a fresh context: nothing shared but the address
    try:
        fresh = other.new_page()
        fresh.goto(shared, wait_until="load")
        fresh.wait_for_selector(f"{STAGE} [data-outcome]")
        check_result(fresh, dict(DISTIL))
    finally:
        other.close()
    watch.assert_clean()


def test_a_partial_link_resumes_at_the_next_question(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    page, watch = watched_page
    open_quiz(page, site_url, "quick_test:no,defined:yes")
    assert (
        page.locator(f"{STAGE} [data-question]").get_attribute("data-question") == "prompt_result"
    )
    assert page.locator(f"{STAGE} .decide-progress").text_content() == "Question 3"
    assert page.locator(NOTICE).is_hidden()
    watch.assert_clean()


# Item 6 of issue 13: each kind of hostile or outdated state in the address.
Q = "answers=quick_test"
HOSTILE = [
    ("garbage", "answers=%25%25%25", "not of the form question:answer"),
    ("garbage", "answers=%C2%AF%5C_(%E3%83%84)_%2F%C2%AF", "not of the form question:answer"),
    ("markup", "answers=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E:yes", "unknown question"),
    ("truncated answer", f"{Q}:yes,sources:ye", '"ye" is not an answer to "sources"'),
    ("truncated pair", f"{Q}:yes,sour", '"sour" is not of the form'),
    ("repeated answer", f"{Q}:yes,quick_test:no", 'question "quick_test" is answered twice'),
    ("repeated parameter", f"{Q}:yes&{Q}:no", "holds 2 sets of answers"),
    ("unknown question", "answers=budget:high", 'unknown question "budget"'),
    ("unknown answer", f"{Q}:maybe", '"maybe" is not an answer to "quick_test"'),
    ("off the route", f"{Q}:yes,defined:no", 'question "defined" is not on the path'),
    ("removed question", f"{Q}:no,trust:yes", 'unknown question "trust"'),
    ("moved question", f"{Q}:yes,sources:yes,shape:yes", 'question "shape" is not on'),
    ("removed answer", f"{Q}:yes,sources:yes,shape:no,prompt_fix:no", "unknown question"),
]


@pytest.mark.parametrize(("kind", "query", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_or_outdated_link_says_why_and_starts_afresh(
    site_url: str, watched_page: tuple[Any, Any], kind: str, query: str, message: str
) -> None:
    page, watch = watched_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{site_url}decide/?{query}", wait_until="load")
    page.wait_for_selector(f"{STAGE} [data-question]")
    notice = page.locator(NOTICE)
    assert notice.is_visible()
    assert message in notice.inner_text()
    assert "starts again from the first question" in notice.inner_text()
    assert page.locator(f"{NOTICE} img").count() == 0 and dialogs == []
    assert page.locator(f"{STAGE} [data-question]").get_attribute("data-question") == TABLE.start
    # The fresh start works: answer a whole route; the notice goes once the reader moves on.
    answer(page, ROUTES[0].answers)
    check_result(page, dict(ROUTES[0].answers))
    assert notice.is_hidden()
    watch.assert_clean()


def test_other_parameters_in_the_address_are_kept_as_they_were(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    """Only the parameter named exactly "answers" is the quiz's: "xanswers" is not."""
    page, watch = watched_page
    page.goto(f"{site_url}decide/?xanswers=keep%20me&answers=quick_test:yes&z=1", wait_until="load")
    page.wait_for_selector(f"{STAGE} [data-question=sources]")
    page.locator(f"{STAGE} [data-choice=yes]").click()
    params = page.evaluate("[...new URLSearchParams(location.search)]")
    kept = [["xanswers", "keep me"], ["z", "1"]]
    assert params == [*kept, ["answers", "quick_test:yes,sources:yes"]]
    page.locator(f"{STAGE} [data-action=restart]").click()
    assert page.evaluate("[...new URLSearchParams(location.search)]") == kept
    watch.assert_clean()


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("quick_test%E2%80%8B:yes", "invisible character (U+200B)"),  # zero-width space
        ("quick_test:y%E2%80%AEse", "invisible character (U+202E)"),  # right-to-left override
        ("quick_test%C2%A0:yes", "invisible character (U+00A0)"),  # no-break space
    ],
)
def test_an_invisible_character_in_a_link_is_named_not_hidden(
    site_url: str, watched_page: tuple[Any, Any], query: str, said: str
) -> None:
    page, watch = watched_page
    open_quiz(page, site_url, query)
    notice = page.locator(NOTICE).inner_text()
    assert said in notice
    assert not any(ch in notice for ch in "\u200b\u202e\u00a0"), "the character itself is shown"
    assert page.locator(f"{STAGE} [data-question]").get_attribute("data-question") == TABLE.start
    watch.assert_clean()


def test_a_huge_bad_link_gets_a_short_notice(site_url: str, watched_page: tuple[Any, Any]) -> None:
    page, watch = watched_page
    for query in ("quick_test:" + "x" * 60_000, "x" * 300 + ":yes"):
        open_quiz(page, site_url, query)
        notice = page.locator(NOTICE)
        assert notice.is_visible()
        assert len(notice.inner_text()) < 400
        assert notice.bounding_box()["height"] < 200
    watch.assert_clean()


def bounded_evaluate(page: Any, expression: str, timeout_ms: int = 10_000) -> Any:
    """The value of a JavaScript ``expression`` in the page, or a timeout error.

    ``page.evaluate`` waits without limit (this test once hung for more than ten
    minutes under heavy load); ``wait_for_function`` gives up after ``timeout_ms``. The
    value travels wrapped in an object, which is always truthy, so an empty
    string or ``false`` is returned at once rather than waited on.
    """
    handle = page.wait_for_function(
        f"() => ({{ value: {expression} }})", timeout=timeout_ms, polling=50
    )
    try:
        return handle.json_value()["value"]
    finally:
        handle.dispose()


def test_keyboard_alone_reaches_a_result_with_visible_focus(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    page, watch = watched_page
    open_quiz(page, site_url)
    # Tab from the page's own "quick test" heading to the first answer button.
    page.locator("#quick-test").evaluate("h => { h.tabIndex = -1; h.focus(); }")
    answers = {"quick_test": "yes", "sources": "no"}
    for question_id, answer_id in answers.items():
        for _ in range(12):
            page.keyboard.press("Tab")
            focused = bounded_evaluate(
                page,
                "[document.activeElement.dataset.choice || '',"
                " document.activeElement.closest('[data-question]')?.dataset.question || '']",
            )
            if focused == [answer_id, question_id]:
                break
        else:
            pytest.fail(f"Tab never reached answer {answer_id!r} of {question_id!r}")
        outline = bounded_evaluate(page, "getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none"), "focused answer has no visible outline"
        page.keyboard.press("Enter")
        # focus moves to the next step's heading, so Tab continues from there
        assert bounded_evaluate(page, "document.activeElement.id") == "decide-q-title"
    check_result(page, answers)
    for _ in range(20):
        page.keyboard.press("Tab")
        if bounded_evaluate(page, "document.activeElement.dataset.action || ''") == "back":
            break
    else:
        pytest.fail("Tab never reached Back")
    page.keyboard.press("Enter")
    assert page.locator(f"{STAGE} [data-question]").get_attribute("data-question") == "sources"
    watch.assert_clean()


def test_scenario_links_open_the_quiz_at_their_result(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    """Clicking through from the scenarios page (Material's instant navigation)."""
    page, watch = watched_page
    scenarios = load_cases("scenarios")
    for scenario in (scenarios[0], scenarios[3]):
        page.goto(f"{site_url}decide/scenarios/", wait_until="load")
        link = page.locator(f'[data-case="{scenario.id}"] a.decide-open')
        assert link.count() == 1
        assert f"answers={to_query(scenario.answers)}#" in (link.get_attribute("href") or "")
        link.click()
        page.wait_for_selector(f"{STAGE} [data-outcome]")
        check_result(page, scenario.answers)
    watch.assert_clean()


def test_without_javascript_the_page_points_to_the_flowchart(browser: Any, site_url: str) -> None:
    context = new_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}decide/?answers=quick_test:yes", wait_until="load")
        assert page.locator("[data-demo=decide] .decide-nojs").is_visible()
        assert page.locator(".decide-flow .decide-node").first.is_visible()
        assert page.locator(".decide-flow a.decide-node").count() > len(ROUTES)
    finally:
        context.close()


def test_flowchart_boxes_are_links_that_instant_navigation_and_keyboards_follow(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    page, watch = watched_page
    open_quiz(page, site_url)
    page.evaluate("window.__sameDocument = true")
    box = page.locator('.decide-flow a[data-node="lookup"]')
    section = TABLE.outcomes["lookup"].section
    box.click()
    page.wait_for_url(f"**/{section.page.removesuffix('.md')}/#{section.anchor}")
    page.wait_for_selector(f"#{section.anchor}", state="attached")
    assert page.evaluate("window.__sameDocument === true"), "instant navigation swapped the page"
    page.go_back(wait_until="load")
    page.wait_for_selector(f"{STAGE} [data-question]")
    # The keyboard reaches a box and Enter follows it.
    first = TABLE.questions[TABLE.start].section
    page.locator(f'.decide-flow a[data-node="{TABLE.start}"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{first.page.removesuffix('.md')}/#{first.anchor}")
    page.wait_for_selector(f"#{first.anchor}", state="attached")
    watch.assert_clean()


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("path", ["decide/", "decide/scenarios/", "guide/quick-test/"])
def test_on_a_phone_nothing_scrolls_sideways_and_text_stays_legible(
    browser: Any, site_url: str, path: str
) -> None:
    context = new_context(browser, **PHONE)
    try:
        page = context.new_page()
        page.goto(site_url + path, wait_until="load")
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"{path} scrolls sideways: {widths}"
        smallest = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll(
                 '.decide-flow *, .decide-cases td, .decide-route, .decide-verdict *')]
               .filter(e => e.childNodes.length && [...e.childNodes].some(
                 n => n.nodeType === 3 && n.textContent.trim()))
               .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
        )
        assert smallest >= 12, f"{path}: text at {smallest}px"
        for element in page.locator(".decide-flow a.decide-node").all()[:5]:
            box = element.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    finally:
        context.close()


def test_the_flowchart_has_a_legend_and_fits_one_desktop_screen(
    browser: Any, site_url: str
) -> None:
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{site_url}decide/", wait_until="load")
        legend = page.locator(".decide-legend li").all_inner_texts()
        assert [t.strip() for t in legend] == list(TABLE.kinds.values())
        height = page.locator(".decide-flow").bounding_box()["height"]
        assert height <= 900, f"the flowchart is {height}px tall at 1280px"
    finally:
        context.close()
