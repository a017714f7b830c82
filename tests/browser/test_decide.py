"""The interactive quick test on /decide/ in headless Chromium: it agrees with
diagnose() on every path of the table, Back and Start again work, a shared URL
restores the same result, it works with the keyboard alone, it says what to do
without JavaScript, and it makes no request off loopback and logs no error."""

from __future__ import annotations

from typing import Any

import pytest

from snippets.decide import diagnose, load_scenarios, paths, question, to_query

pytestmark = pytest.mark.browser

STAGE = "[data-demo=decide] .decide-stage"


def open_quiz(page: Any, site_url: str, query: str = "") -> None:
    url = f"{site_url}decide/" + (f"?answers={query}" if query else "")
    page.goto(url, wait_until="load")
    page.wait_for_selector(f"{STAGE} [data-question], {STAGE} [data-outcome]")


def shown_query(page: Any) -> str:
    """The answers the page keeps in its address bar."""
    return page.evaluate("new URLSearchParams(location.search).get('answers') || ''")  # type: ignore[no-any-return]


def check_result(page: Any, answers: dict[str, str]) -> None:
    verdict = diagnose(answers)
    result = page.locator(f"{STAGE} [data-outcome]")
    assert result.get_attribute("data-outcome") == verdict.outcome
    assert result.locator(".decide-title").inner_text() == verdict.title
    assert result.locator(".decide-summary").inner_text() == verdict.summary
    reasons = result.locator(".decide-reasons > li").all_inner_texts()
    assert len(reasons) == len(verdict.reasons)
    for shown, reason in zip(reasons, verdict.reasons, strict=True):
        assert shown.startswith(reason)
    steps = result.locator(".decide-steps > li").all_inner_texts()
    assert steps == list(verdict.next_steps)
    assert shown_query(page) == to_query(verdict.path)


def test_quiz_agrees_with_diagnose_on_every_path(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    page, watch = watched_page
    open_quiz(page, site_url)
    assert page.locator("[data-demo=decide] .decide-nojs").is_hidden()
    routes = paths()
    for route in routes:
        for step, (question_id, answer_id) in enumerate(route.answers):
            current = page.locator(f"{STAGE} [data-question]")
            assert current.get_attribute("data-question") == question_id
            assert current.locator(".decide-title").inner_text() == question(question_id).text
            assert current.locator(".decide-progress").inner_text().endswith(str(step + 1))
            current.locator(f"[data-choice={answer_id}]").click()
        check_result(page, dict(route.answers))
        page.locator(f"{STAGE} [data-action=restart]").click()
        assert (
            page.locator(f"{STAGE} [data-question]").get_attribute("data-question")
            == (route.answers[0][0])
        )
        assert shown_query(page) == ""
    assert len(routes) >= 10
    watch.assert_clean()


def test_back_returns_to_the_last_question_and_keeps_earlier_answers(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    page, watch = watched_page
    both = "quick_test:yes,sources:yes,shape:no,prompt_fix:no"
    open_quiz(page, site_url, both)
    assert page.locator(f"{STAGE} [data-outcome]").get_attribute("data-outcome") == "both"
    page.locator(f"{STAGE} [data-action=back]").click()
    assert page.locator(f"{STAGE} [data-question]").get_attribute("data-question") == "prompt_fix"
    assert shown_query(page) == "quick_test:yes,sources:yes,shape:no"
    page.locator(f"{STAGE} [data-choice=yes]").click()
    check_result(page, {"quick_test": "yes", "sources": "yes", "shape": "no", "prompt_fix": "yes"})
    for _ in range(4):
        page.locator(f"{STAGE} [data-action=back]").click()
    assert page.locator(f"{STAGE} [data-question]").get_attribute("data-question") == "quick_test"
    assert page.locator(f"{STAGE} [data-action=back]").is_disabled()
    watch.assert_clean()


def test_a_shared_url_restores_the_same_result(
    browser: Any, site_url: str, watched_page: tuple[Any, Any]
) -> None:
    page, watch = watched_page
    open_quiz(page, site_url)
    for answer in ("no", "no", "yes", "costly", "yes"):
        page.locator(f"{STAGE} [data-choice={answer}]").click()
    shared = page.locator(f"{STAGE} [data-share]").get_attribute("href")
    assert shared == page.url
    title = page.locator(f"{STAGE} .decide-title").inner_text()
    # A second, fresh browser context: nothing shared but the address.
    other = browser.new_context()
    try:
        fresh = other.new_page()
        fresh.goto(shared, wait_until="load")
        fresh.wait_for_selector(f"{STAGE} [data-outcome]")
        assert fresh.locator(f"{STAGE} .decide-title").inner_text() == title
        check_result(
            fresh,
            {
                "quick_test": "no",
                "trust": "no",
                "defined": "yes",
                "prompt_result": "costly",
                "volume": "yes",
            },
        )
    finally:
        other.close()
    watch.assert_clean()


def test_a_partial_url_resumes_at_the_next_question(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    page, watch = watched_page
    open_quiz(page, site_url, "quick_test:no,trust:no")
    assert page.locator(f"{STAGE} [data-question]").get_attribute("data-question") == "defined"
    assert page.locator(f"{STAGE} .decide-progress").text_content() == "Question 3"
    watch.assert_clean()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("budget:high", 'unknown question "budget"'),
        ("quick_test:maybe", '"maybe" is not an answer to "quick_test"'),
        ("quick_test:yes,trust:no", 'question "trust" is not on the path'),
        ("quick_test", "is not of the form question:answer"),
        ("<img src=x onerror=alert(1)>:yes", "unknown question"),
    ],
)
def test_a_bad_url_says_why_and_starts_over(
    site_url: str, watched_page: tuple[Any, Any], query: str, message: str
) -> None:
    page, watch = watched_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_quiz(page, site_url, query)
    notice = page.locator("[data-demo=decide] .decide-notice")
    assert notice.is_visible()
    assert message in notice.inner_text()
    assert page.locator("[data-demo=decide] .decide-notice img").count() == 0
    assert page.locator(f"{STAGE} [data-question]").get_attribute("data-question") == "quick_test"
    assert dialogs == []
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
    notice = page.locator("[data-demo=decide] .decide-notice").inner_text()
    assert said in notice
    assert not any(ch in notice for ch in "\u200b\u202e\u00a0"), "the character itself is shown"
    assert page.locator(f"{STAGE} [data-question]").get_attribute("data-question") == "quick_test"
    watch.assert_clean()


def test_a_huge_bad_link_gets_a_short_notice(site_url: str, watched_page: tuple[Any, Any]) -> None:
    page, watch = watched_page
    for query in ("quick_test:" + "x" * 60_000, "x" * 300 + ":yes"):
        open_quiz(page, site_url, query)
        notice = page.locator("[data-demo=decide] .decide-notice")
        assert notice.is_visible()
        assert len(notice.inner_text()) < 300
        assert notice.bounding_box()["height"] < 200
    watch.assert_clean()


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
            focused = page.evaluate(
                "() => [document.activeElement.dataset.choice || '',"
                " document.activeElement.closest('[data-question]')?.dataset.question || '']"
            )
            if focused == [answer_id, question_id]:
                break
        else:
            pytest.fail(f"Tab never reached answer {answer_id!r} of {question_id!r}")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none"), "focused answer has no visible outline"
        page.keyboard.press("Enter")
        # focus moves to the next step's heading, so Tab continues from there
        assert page.evaluate("document.activeElement.id") == "decide-q-title"
    check_result(page, answers)
    # Back is reachable and works from the keyboard too.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.action || ''") == "back":
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
    scenarios = load_scenarios()
    for scenario in (scenarios[0], scenarios[3]):
        page.goto(f"{site_url}decide/scenarios/", wait_until="load")
        link = page.locator(f'a[href*="answers={to_query(scenario.answers)}#"]')
        assert link.count() == 1
        link.click()
        page.wait_for_selector(f"{STAGE} [data-outcome]")
        check_result(page, scenario.answers)
    watch.assert_clean()


def test_without_javascript_the_page_points_to_the_flowchart(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}decide/?answers=quick_test:yes", wait_until="load")
        assert page.locator("[data-demo=decide] .decide-nojs").is_visible()
        assert page.locator("svg.decide-flow").is_visible()
        assert page.locator("#the-same-tree-as-text").is_visible()
    finally:
        context.close()


def test_flowchart_nodes_open_their_guide_section(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    """A click on an SVG node navigates (Material's instant navigation is kept out of
    it: it cannot read an SVG link's href) and the quiz still works afterwards."""
    page, watch = watched_page
    for node, section in (("quick_test", question("quick_test").section), ("rag", None)):
        open_quiz(page, site_url)
        link = page.locator(f'svg.decide-flow a[data-node="{node}"]').first
        link.scroll_into_view_if_needed()
        link.click()
        page.wait_for_load_state("load")
        if section is not None:
            assert page.url.endswith(section.href("index.md").replace(".md", ""))
            assert page.locator(f"#{section.anchor}").count() == 1
        else:
            assert "/guide/" in page.url
        page.go_back(wait_until="load")
        page.wait_for_selector(f"{STAGE} [data-question]")
    watch.assert_clean()
