""" "Check your own documents" (docs/demos/check-your-documents.md) in headless Chromium.

A reader's whole session: a generated folder (with a binary file, a file that is not
UTF-8, an empty one, an image and markup in a file name) is chosen as a folder, the
check runs in the browser, and the report it downloads equals the command line's on
the same folder. Nothing the page does leaves 127.0.0.1, no request carries a file's
content, and nothing from the files is stored. Then: files dropped on the page,
a questions file with a missing column, a long check cancelled half way, the demo run
after it, sorting and opening the table, and axe-core on the result in both palettes.
All of it is one page session, so Python boots once (about 6 s of CPU here).
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest

from snippets.demos.check import demo_result
from snippets.retrieval_check_cli import main, report_csv
from tests.browser.test_all_pages import AXE, AXE_RUN, describe
from tests.snippets.make_corpus import write_corpus

pytestmark = pytest.mark.browser

PAGE = "demos/check-your-documents/"
XSS = "<img src=x onerror=alert(1)>"
SECRET = "the launch code is kappa-lambda-0427"
DONE = """() => {
  const meta = document.querySelector('#check-output .check-meta');
  return meta !== null && meta.textContent.startsWith('Computed in your browser');
}"""
STORED = """async () => {
  const values = [];
  for (const store of [localStorage, sessionStorage]) {
    for (let n = 0; n < store.length; n++) values.push(store.key(n), store.getItem(store.key(n)));
  }
  const databases = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [];
  const caches_ = typeof caches === 'undefined' ? [] : await caches.keys();
  return { values, databases, caches: caches_, cookie: document.cookie };
}"""


def close(a: Any, b: Any) -> bool:
    """Equal, floats to 1e-9 (the browser's libm may differ in the last bits)."""
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    return bool(a == b)


def corpus_folder(root: Path, **options: Any) -> tuple[Path, Path]:
    docs, questions = write_corpus(root, **options)
    (docs / f"{XSS}.md").write_text(f"# Codes\n\nBy the way, {SECRET}. {XSS}\n", "utf-8")
    (docs / "area-2" / "binary.md").write_bytes(b"PK\x03\x04\x00\x00\x14")
    (docs / "latin.txt").write_bytes("Caf\xe9 cr\xe8me".encode("latin-1"))
    (docs / "empty.md").write_text("\n")
    (docs / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with questions.open("a", encoding="utf-8") as out:
        out.write(f'"What is the launch code {XSS}?",kappa-lambda-0427,{XSS}.md,\n')
    return docs, questions


def run_and_wait(page: Any, button: str, timeout: int = 240_000) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_function(DONE, timeout=timeout)


def use_check_your_documents(page: Any) -> None:
    """Run the demo company's check as a reader would, and see the browser's result.

    Also the row a generic "every demo after instant navigation" test can call."""
    run_and_wait(page, "Run the example", timeout=180_000)
    root = page.locator("[data-demo=check]")
    assert (
        root.locator(".check-meta")
        .inner_text()
        .startswith("Computed in your browser, on the demo company's")
    )
    assert root.locator("#check-output .demo-error").count() == 0
    summary = root.locator(".check-card-value").first.inner_text()
    assert summary == f"{demo_result()['report']['recall']['value']:.2f}"


def axe_problems(page: Any) -> list[str]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return describe(page.evaluate(AXE_RUN, "[data-demo=check]"))


def check_drop_bad_questions_cancel_and_the_demo(page: Any, tmp_path: Path) -> None:
    """On a page where Python is running: files dropped on the box, a questions file
    with a missing column, a long check cancelled half way, then the demo."""

    # Files dropped on the box are added to the list.
    page.evaluate(
        """() => {
          const data = new DataTransfer();
          data.items.add(new File(["# Alpha\\n\\nalpha beta gamma"], "alpha.md"));
          data.items.add(new File(["delta epsilon"], "notes.txt"));
          const box = document.querySelector("[data-drop]");
          for (const type of ["dragover", "drop"]) {
            box.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true,
                                                    cancelable: true }));
          }
        }"""
    )
    chosen = page.locator("#check-chosen")
    page.wait_for_function(
        "document.querySelector('#check-chosen').textContent.includes('2 files')"
    )

    # A questions file without the expected column: one clear message, no traceback.
    page.get_by_label("Or paste them").fill("question,answer_text\nWhat is alpha?,beta\n")
    page.get_by_role("button", name="Run", exact=True).click()
    error = page.locator("#check-output .demo-error")
    error.wait_for(timeout=120_000)
    assert error.text_content().startswith("the pasted questions: no expected column")
    assert "Traceback" not in page.locator("[data-demo=check]").text_content()

    # A long check, cancelled while the questions are being checked.
    chosen.get_by_role("button", name="Clear the list").click()
    docs, questions = write_corpus(tmp_path / "long", documents=60, megabytes=0.15, questions=800)
    page.get_by_label("A folder, with its subfolders").set_input_files(str(docs))
    page.get_by_label("Or paste them").fill(questions.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Run", exact=True).click()
    status = page.locator(".demo-status")
    page.wait_for_function(
        "document.querySelector('.demo-status').textContent.startsWith('Checking questions: 2')",
        timeout=120_000,
    )
    page.get_by_role("button", name="Cancel").click()
    page.wait_for_function(
        "document.querySelector('.demo-status').textContent.startsWith('Stopped')",
        timeout=60_000,
    )
    assert "Nothing was kept" in status.text_content()
    assert page.locator(".check-downloads").is_hidden()
    assert page.get_by_role("button", name="Cancel").is_hidden()
    assert not page.evaluate(DONE)

    # Python is still there for the next run: the demo, computed as at build time.
    use_check_your_documents(page)
    with page.expect_download() as saved:
        page.get_by_role("button", name="Download the report (JSON)").click()
    report = json.loads(Path(saved.value.path()).read_text(encoding="utf-8"))
    assert close(report, json.loads(json.dumps(demo_result()["report"])))


def test_a_folder_checked_in_the_browser_gives_the_command_lines_report(
    site_url: str, watched_page: tuple[Any, Any], tmp_path: Path
) -> None:
    page, watch = watched_page
    requests: list[tuple[str, str, str]] = []
    page.on("request", lambda r: requests.append((r.method, r.url, r.post_data or "")))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    docs, questions = corpus_folder(tmp_path, documents=40, megabytes=0.15, questions=60)

    page.goto(site_url + PAGE, wait_until="load")
    page.wait_for_timeout(300)
    assert not [u for _, u, _ in requests if "/assets/pyodide/" in u], "Pyodide before a click"
    page.get_by_label("A folder, with its subfolders").set_input_files(str(docs))
    page.get_by_label("A CSV or JSON Lines file").set_input_files(str(questions))
    assert page.locator("#check-chosen").text_content().startswith("45 files chosen")
    run_and_wait(page, "Run")
    status = page.locator(".demo-status").text_content()
    assert status.startswith("Done in") and "41 documents, 61 questions" in status

    with page.expect_download() as saved:
        page.get_by_role("button", name="Download the report (JSON)").click()
    report = json.loads(Path(saved.value.path()).read_text(encoding="utf-8"))
    with page.expect_download() as saved_csv:
        page.get_by_role("button", name="Download one row per question (CSV)").click()
    rows = list(csv.reader(io.StringIO(Path(saved_csv.value.path()).read_text("utf-8"))))

    # The command line on the same folder: the same report, problems included.
    out = tmp_path / "cli.json"
    assert main([str(docs), str(questions), "--json", str(out)]) == 0
    cli = json.loads(out.read_text(encoding="utf-8"))
    assert close(report, cli)
    assert rows == list(csv.reader(io.StringIO(report_csv(cli))))
    assert [p.split(":")[0] for p in report["problems"]] == [
        "not .md or .txt, so not read", "area-2/binary.md", "empty.md", "latin.txt",
    ]  # fmt: skip

    # The reader's markup is text on the page; no script ran.
    output = page.locator("#check-output")
    assert output.locator("img").count() == 0 and page.locator("main img[src=x]").count() == 0
    assert XSS in output.text_content()
    page.wait_for_timeout(200)
    assert dialogs == []

    # Sort by score, highest first, then open a question to see its passages.
    page.get_by_role("button", name="Top score").click()
    page.get_by_role("button", name="Top score").click()
    scores = page.eval_on_selector_all(
        "table[data-check-table] tbody tr", "rows => rows.map(r => Number(r.dataset.score))"
    )
    assert scores == sorted(scores, reverse=True) and len(scores) == 61
    header = page.locator("th", has=page.get_by_role("button", name="Top score"))
    assert header.get_attribute("aria-sort") == "descending"
    question = output.locator("summary", has_text="What is the launch code").first
    question.click()
    assert SECRET in question.locator("xpath=..").text_content()

    # Nothing left the machine, nothing carried a file's content, nothing was stored.
    assert {method for method, _, _ in requests} == {"GET"}
    leaked = [u for _, u, body in requests if "kappa-lambda" in u + body]
    assert leaked == [] and [u for _, u, _ in requests if "/assets/pyodide/" in u]
    stored = page.evaluate(STORED)
    assert "kappa" not in json.dumps(stored) and stored["databases"] == []
    assert stored["caches"] == [] and stored["cookie"] == ""

    assert axe_problems(page) == []
    page.emulate_media(color_scheme="dark")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    assert axe_problems(page) == []
    page.emulate_media(color_scheme="light")

    # The same page, Python running (one boot for the whole session): the list and the
    # questions file emptied, then the rest of a reader's session.
    page.locator("#check-chosen").get_by_role("button", name="Clear the list").click()
    page.get_by_label("A CSV or JSON Lines file").set_input_files([])
    check_drop_bad_questions_cancel_and_the_demo(page, tmp_path)
    watch.assert_clean()
