"""The RAG playground (docs/demos/rag.md) in headless Chromium over loopback.

One page session walks through what a reader does: it loads without touching
Pyodide, is labelled and works from the keyboard, answers the sample question in
the browser exactly as the build did, follows an edited document, filters by
group, shows pasted markup as text, recovers from broken states, and passes
axe-core at 390 px in both palettes, answered and after an error. Python boots
once for all of it (a boot costs about 6 s of CPU on this two-core machine).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from snippets.demos.rag import answer
from snippets.demos.tallybird import demo_documents
from tests.browser.test_all_pages import AXE
from tests.conftest import LOOPBACK, follow_in_site_link

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
SAMPLE = "How much does the Business plan cost per seat?"
WEBHOOKS = "What should I do when payment webhooks fail?"


def shown(page: Any) -> dict[str, Any]:
    """The result region as a reader sees it (text only, timing left out)."""
    return page.evaluate(
        """() => {
          const out = document.querySelector("#rag-output");
          const text = (sel) => Array.from(out.querySelectorAll(sel), (n) => n.textContent);
          return {
            answer: text(".rag-answer"),
            filtered: text(".rag-filtered"),
            citations: text(".rag-citations li"),
            none: text(".rag-citations-none"),
            error: text(".demo-error"),
            meta: text(".rag-meta").join(""),
          };
        }"""
    )


def ask(page: Any, *, press_enter: bool = False) -> dict[str, Any]:
    """Ask, wait until a new result from the browser is rendered, return it."""
    page.evaluate("document.querySelector('#rag-output').firstElementChild.dataset.old = '1'")
    if press_enter:
        page.get_by_label("Question", exact=True).press("Enter")
    else:
        page.get_by_role("button", name="Run", exact=True).click()
    page.wait_for_function(
        """() => {
          const first = document.querySelector('#rag-output').firstElementChild;
          return first !== null && first.dataset.old === undefined;
        }""",
        timeout=90_000,
    )
    return shown(page)


def pricing_field(page: Any) -> Any:
    return page.get_by_label("Plans and pricing", exact=True)


# Serious and critical axe-core violations inside the demo, one line each.
AXE_ON_DEMO = """async () => (await axe.run(document.querySelector("[data-demo=rag]"), {
    resultTypes: ["violations"]})).violations
  .filter((v) => ["serious", "critical"].includes(v.impact))
  .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)"""


def check_labels_and_keyboard(page: Any) -> None:
    """The form is labelled, and the keyboard reaches the question, the selectors and
    the button, with a visible focus outline."""
    output = page.locator("#rag-output")
    assert output.get_attribute("aria-live") == "polite"
    assert page.locator("label", has_text=re.compile(r"^Question$")).count() == 1
    documents = demo_documents()["documents"]
    for doc in documents:
        field = page.get_by_label(doc["title"], exact=True)
        assert field.evaluate("n => n.tagName") == "TEXTAREA"
        assert field.input_value() == doc["text"]
    page.get_by_label("Question", exact=True).focus()
    order = []
    for _ in range(3):
        page.keyboard.press("Tab")
        order.append(
            page.evaluate("document.activeElement.id || document.activeElement.textContent")
        )
    assert order == ["rag-group", "rag-ranking", "Run"]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused button shows no focus outline"


def check_each_broken_state(page: Any) -> None:
    """A document's settings gone bad, then no group chosen: each gets a message that
    names the field, and the next Ask is answered (the demo is never stuck busy)."""
    page.get_by_role("button", name="Reset to the example").click()
    page.get_by_label("Question", exact=True).fill(SAMPLE)
    pricing = pricing_field(page)
    settings = pricing.get_attribute("data-document")
    pricing.evaluate("n => { n.dataset.document = '{not json'; }")
    broken = ask(page)
    assert broken["error"] and "Plans and pricing" in broken["error"][0]
    assert "reload the page" in broken["error"][0]

    pricing.evaluate("(n, s) => { n.dataset.document = s; }", settings)
    page.locator("#rag-group").evaluate("n => { n.selectedIndex = -1; }")
    no_group = ask(page)
    assert no_group["error"] and no_group["error"][0].startswith("Group of the user asking:")

    page.get_by_label("Group of the user asking").select_option("public")
    page.get_by_label("Question", exact=True).fill(SAMPLE)
    again = ask(page)
    assert again["error"] == [] and "32 euros" in again["answer"][0]
    assert page.get_by_role("button", name="Run", exact=True).get_attribute("aria-disabled") is None


def test_playground_end_to_end(site_url: str, watched_page: tuple[Any, Any]) -> None:
    page, watch = watched_page
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(site_url + "demos/rag/", wait_until="load")
    page.wait_for_timeout(500)
    assert not [u for u in requests if "/assets/pyodide/" in u or "py-worker" in u], (
        "Pyodide was requested before the reader touched the demo"
    )

    # The build-time result is on the page (what a reader without JS sees).
    build_time = shown(page)
    assert build_time["meta"].startswith("Computed while this page was built")
    expected = answer(SAMPLE, "public", demo_documents()["documents"])
    assert build_time["answer"] == [f"Answer: {expected['answer']}"]
    assert len(build_time["citations"]) == len(expected["citations"]) > 0
    assert page.get_by_label("Question", exact=True).input_value() == SAMPLE
    status = page.locator(".demo-status")
    assert "not loaded yet" in status.text_content()

    check_labels_and_keyboard(page)  # focus is in the demo now: Python starts loading

    # 1. The sample question, in the browser: the same answer, citations and count.
    first = ask(page, press_enter=True)
    assert first["error"] == []
    assert first["meta"].startswith("Computed in your browser")
    for key in ("answer", "filtered", "citations", "none"):
        assert first[key] == build_time[key], key
    assert "32 euros" in first["answer"][0]
    assert re.search(r"score 0\.\d{4}", first["citations"][0])
    assert re.search(r"started in \d+\.\d s", status.text_content())

    # What "Things to try" says: BM25 keeps the best passage here, scores change.
    page.get_by_label("Ranking").select_option("bm25")
    bm25 = ask(page)
    assert bm25["citations"][0].split(" · score")[0] == first["citations"][0].split(" · score")[0]
    assert bm25["citations"][0] != first["citations"][0]
    page.get_by_label("Ranking").select_option("tfidf")
    # ... and a question the documents cannot answer gets no grounded answer.
    page.get_by_label("Question", exact=True).fill("What is the CEO's favourite colour?")
    unknown = ask(page)
    assert unknown["none"] and unknown["citations"] == []
    assert "no grounded answer" in unknown["answer"][0]
    page.get_by_label("Question", exact=True).fill(SAMPLE)

    # 2. Edit the pricing document: the next answer follows it.
    pricing = pricing_field(page)
    pricing.fill(pricing.input_value().replace("32 euros", "35 euros"))
    edited = ask(page)
    assert "35 euros" in edited["answer"][0] and "32 euros" not in edited["answer"][0]
    assert "Plans and pricing" in edited["citations"][0]

    # 3. Switch group: the runbook is filtered out for customers, cited for engineering.
    page.get_by_label("Question", exact=True).fill(WEBHOOKS)
    customer = ask(page)
    assert customer["citations"] == [] and customer["none"]
    assert customer["filtered"] == [
        "2 documents were filtered out before ranking: this user may not read them."
    ]
    assert "runbook" not in " ".join(customer["answer"] + customer["none"]).lower()
    page.get_by_label("Group of the user asking").select_option("hr")
    assert ask(page)["citations"] == []
    page.get_by_label("Group of the user asking").select_option("engineering")
    engineer = ask(page)
    assert engineer["filtered"] == [
        "1 document was filtered out before ranking: this user may not read it."
    ]
    assert engineer["citations"] and "Runbook" in engineer["citations"][0]

    # 4. Markup typed by the reader is shown as text: no element, no script.
    pricing.fill(f"## Trial\n\nThe secret trial code is {XSS} for everyone.")
    page.get_by_label("Group of the user asking").select_option("public")
    page.get_by_label("Question", exact=True).fill(f"What is the secret trial code {XSS}?")
    injected = ask(page)
    assert injected["error"] == []
    assert any(XSS in c for c in injected["citations"]), injected
    assert page.locator("#rag-output img").count() == 0
    assert page.locator("main img[src=x]").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []

    # 5. Bad input gets a clear message, not a traceback.
    page.get_by_label("Question", exact=True).fill("   ")
    empty = ask(page)
    assert empty["error"] == ["Type a question first."]

    # 6. Broken states: a message naming the field each time, and the demo recovers.
    check_each_broken_state(page)

    # 7. On a phone, answered and after an error, in both palettes: no serious axe finding.
    check_answered_playground_is_accessible_on_a_phone(page)

    assert [u for u in requests if not u.startswith(LOOPBACK)] == []
    watch.assert_clean()


def check_answered_playground_is_accessible_on_a_phone(page: Any) -> None:
    """axe-core on the form after an answer and after an error (the page test checks
    it as loaded), at 390 px: labels, contrast of the rendered result in both
    palettes. Each state is checked light, then dark (Material follows the reader's
    colour-scheme preference), then the preference goes back to light."""
    page.set_viewport_size({"width": 390, "height": 900})
    # On a phone the page starts with the documents folded (rag-demo.js, at set-up);
    # the tab was loaded wide, so fold them as a phone reader first sees them.
    page.locator("[data-demo=rag] .rag-documents").evaluate("d => { d.open = false; }")
    page.add_script_tag(path=str(AXE))
    found = []
    for question in (WEBHOOKS, "  "):
        page.get_by_label("Question", exact=True).fill(question)
        ask(page)
        for scheme, palette in (("light", "default"), ("dark", "slate")):
            page.emulate_media(color_scheme=scheme)
            page.wait_for_function(
                "palette => document.body.dataset.mdColorScheme === palette", arg=palette
            )
            found += [f"{scheme}: {v}" for v in page.evaluate(AXE_ON_DEMO)]
        page.emulate_media(color_scheme="light")
    assert found == []


@pytest.mark.parametrize("arrival", ["full load", "in-site link"])
def test_search_highlighting_leaves_the_documents_whole(
    site_url: str, watched_page: tuple[Any, Any], arrival: str
) -> None:
    """Opening the page from a search result (?h=webhook) marks the word in the prose
    but takes nothing out of the editable documents, and Reset restores them."""
    page, watch = watched_page
    target = site_url + "demos/rag/?h=webhook"
    if arrival == "full load":
        page.goto(target, wait_until="load")
    else:
        page.goto(site_url + "retrieval/", wait_until="load")
        page.evaluate("window.__sameDocument = 'kept'")
        follow_in_site_link(page, target)
    page.locator("article mark[data-md-highlight]").first.wait_for(timeout=15_000)
    if arrival == "in-site link":
        assert page.evaluate("window.__sameDocument") == "kept"
    documents = demo_documents()["documents"]
    assert any("webhook" in doc["text"] for doc in documents)

    def texts() -> list[str]:
        return [page.get_by_label(d["title"], exact=True).input_value() for d in documents]

    assert texts() == [doc["text"] for doc in documents]
    assert page.locator("textarea mark").count() == 0
    pricing_field(page).fill("edited")
    page.get_by_role("button", name="Reset to the example").click()
    assert texts() == [doc["text"] for doc in documents]
    watch.assert_clean()
