"""Every demo works however the reader arrives: on a full load of its page, and
after a click on an in-site link from another page, which Material's instant
navigation turns into a page swap without a reload (the session's site is served
at its ``site_url``, see ``tests/conftest.py``, so the swap is the real one).

A swap re-creates the page's inline scripts and runs ``document$`` subscribers
again instead of a fresh load, so a demo that only works on a full load fails
here. One page session visits every demo, each by an in-site link from the page
that links to it: the swap really happened (a marker set on ``window`` before the
first click survives), the demo is used as a reader would; then a question asked
on the playground while the fine-tune rerun still runs is told what it waits
behind. At the end nothing has left 127.0.0.1 and nothing was logged as an error.
Python boots once.

A full load of each demo's page is its own test file's first test:
``test_decide.py``, ``test_rag_demo.py``, ``test_costs_calculator.py``,
``test_finetune_demo.py`` and ``test_check_demo.py`` each open the page with
``page.goto`` and use the demo (a boot of Python costs about 6 s of CPU here,
so this file does not boot it again for each).

To cover a new demo, add one ``Demo`` row to ``DEMOS``: where a reader comes
from, the link they click, and what "it works" means.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from snippets.decide import diagnose, paths
from snippets.demos.costs import calculate
from tests.browser.test_check_demo import use_check_your_documents
from tests.browser.test_rag_demo import ask
from tests.conftest import follow_in_site_link

pytestmark = pytest.mark.browser

PYTHON_MS = 180_000  # first Python boot on a loaded machine; typically 3-6 s
# The quick test's route to RAG; the quick-test page links to it (its first case).
RAG_ROUTE = next(r.answers for r in paths() if r.outcome == "rag")


@dataclass(frozen=True)
class Demo:
    """One demo: its page, a page that links to it, the link, and how to use it."""

    name: str
    page: str  # site-relative URL of the demo's page
    ready: str  # selector that matches once the demo's script has set it up
    start: str  # site-relative URL of a page with an in-site link to it
    link: str  # selector of that link on the start page; {site} is the site's URL
    use: Callable[[Any], None]  # uses the demo on the page; asserts that it works


def use_quick_test(page: Any) -> None:
    stage = page.locator("[data-demo=decide] .decide-stage")
    assert page.locator("[data-demo=decide] .decide-nojs").is_hidden()
    if stage.locator("[data-outcome]").count():  # arrived with ?answers=
        stage.locator("[data-action=restart]").click()
    answers = dict(RAG_ROUTE)
    for question_id, answer_id in answers.items():
        step = stage.locator(f"[data-question={question_id}]")
        step.locator(f"[data-choice={answer_id}]").click()
    result = stage.locator("[data-outcome]")
    assert result.get_attribute("data-outcome") == diagnose(answers).outcome.id
    assert result.locator(".decide-title").inner_text() == diagnose(answers).outcome.title


def use_rag_playground(page: Any) -> None:
    root = page.locator("[data-demo=rag]")
    output = root.locator("#rag-output")
    output.evaluate("n => { n.firstElementChild.dataset.old = '1'; }")
    root.get_by_role("button", name="Run", exact=True).click()
    output.locator(":scope > :first-child:not([data-old])").wait_for(timeout=PYTHON_MS)
    assert root.locator(".demo-error").count() == 0
    assert "32 euros" in root.locator(".rag-answer").inner_text()
    assert root.locator(".rag-meta").inner_text().startswith("Computed in your browser")


def use_cost_calculator(page: Any) -> None:
    root = page.locator("[data-demo=costs]")
    field = root.get_by_label("Queries per month")
    field.fill("1000")
    field.press("Enter")  # the keyboard submits the form
    status = root.locator("[data-costs-status]")
    status.filter(has_text="Recalculated in your browser").wait_for(timeout=PYTHON_MS)
    first = calculate(queries_per_month=1000)["rows"][0]
    cells = root.locator("[data-costs-table] tbody tr").first.locator("td").all_inner_texts()
    assert cells[1] == f"{first['monthly']:,.2f}"


def use_finetune_rerun(page: Any) -> None:
    root = page.locator("[data-demo=finetune]")
    for field, value in (("Training tickets", "40"), ("Dev tickets", "30"), ("Test tickets", "50")):
        root.get_by_role("spinbutton", name=field).fill(value)
    root.get_by_role("button", name="Run", exact=True).click()
    root.locator(".demo-output table").first.wait_for(timeout=PYTHON_MS)
    assert root.locator(".demo-error").count() == 0
    assert "40 training, 30 dev and 50 test tickets" in root.locator(".demo-output").inner_text()


DEMOS = [
    Demo(
        name="quick test",
        page="decide/",
        ready="[data-demo=decide][data-ready=true]",
        start="guide/quick-test/",
        link="article a[href^='{site}decide/?answers="
        + ",".join(f"{q}:{a}" for q, a in RAG_ROUTE)
        + "']",
        use=use_quick_test,
    ),
    Demo(
        name="RAG playground",
        page="demos/rag/",
        ready="[data-demo=rag][data-ready=true]",
        start="retrieval/",
        link=".md-sidebar--primary a[href='{site}demos/rag/']",
        use=use_rag_playground,
    ),
    Demo(
        name="cost calculator",
        page="guide/costs/",
        ready="[data-demo=costs][data-ready=true]",
        start="production/",
        link="article a[href='{site}guide/costs/']",
        use=use_cost_calculator,
    ),
    Demo(
        name="fine-tune rerun",
        page="finetune/",
        ready="[data-demo=finetune][data-ready]",
        start="guide/knowledge/",
        link="article a[href^='{site}finetune/#']",
        use=use_finetune_rerun,
    ),
    Demo(
        name="check your own documents",
        page="demos/check-your-documents/",
        ready="[data-demo=check][data-ready=true]",
        start="retrieval/",
        link=".md-sidebar--primary a[href='{site}demos/check-your-documents/']",
        use=use_check_your_documents,
    ),
]


def test_every_demo_works_when_the_reader_arrives_by_in_site_links(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    """One page session, as a reader browses: from each demo's start page (reached by
    an in-site link, the first one by a full load) its link swaps the demo's page in,
    and the demo works. Python starts once, for the first demo that needs it, and the
    later ones use it, as they do for a reader who keeps browsing."""
    page, watch = watched_page
    page.goto(site_url + DEMOS[0].start, wait_until="load")
    page.evaluate("window.__sameDocument = 'kept'")
    for n, demo in enumerate(DEMOS):
        if n:
            follow_in_site_link(page, site_url + demo.start)
        page.locator(demo.link.format(site=site_url)).first.click()
        page.wait_for_url(f"{site_url}{demo.page}**")
        kept = page.evaluate("window.__sameDocument")
        assert kept == "kept", f"{demo.name}: a link reloaded the page"
        page.locator(demo.ready).wait_for(timeout=10_000)
        demo.use(page)
    check_a_question_waiting_behind_another_pages_run_says_so(page, site_url)
    watch.assert_clean()


def check_a_question_waiting_behind_another_pages_run_says_so(page: Any, site_url: str) -> None:
    """The fine-tune rerun started (the page's full-size example: long enough to be
    still running), the reader moves to the playground (instant navigation keeps
    Python running) and asks: the status line says the question waits, and behind
    what, then the answer comes."""
    follow_in_site_link(page, site_url + "finetune/")
    started_on = page.locator("article h1").evaluate(  # the heading without its permalink
        "h => { const c = h.cloneNode(true); c.querySelector('.headerlink')?.remove();"
        " return c.textContent.trim(); }"
    )
    rerun = page.locator("[data-demo=finetune]")
    rerun.get_by_role("button", name="Reset to the example").click()
    rerun.get_by_role("button", name="Run", exact=True).click()
    page.locator(f".md-sidebar--primary a[href='{site_url}demos/rag/']").click()
    page.locator("[data-demo=rag][data-ready=true]").wait_for()
    assert page.evaluate("window.__sameDocument") == "kept"
    page.evaluate(
        """() => {
          window.__statuses = [];
          const status = document.querySelector("[data-demo=rag] .demo-status");
          new MutationObserver(() => window.__statuses.push(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )
    result = ask(page)
    assert result["error"] == [] and "32 euros" in result["answer"][0]
    statuses = page.evaluate("window.__statuses")
    behind = f'Waiting for the Python run started on the page "{started_on}" to finish'
    assert any(s.startswith(behind) for s in statuses), statuses
    assert not any("\u00b6" in s for s in statuses), "the page is named with its permalink sign"
    assert statuses[-1].startswith("Python is running in your browser"), statuses
