"""The in-browser Python bridge (docs/assets/js/py-bridge.js + py-worker.mjs) in
headless Chromium over loopback: lazy, self-hosted, errors as "ExcType: message";
a boot whose files fail or hang names the file after one retry; dotted modules
inside snippets; a call that waits behind another is told which. Checks that need
Python running share one page and one boot (about 6 s of CPU here)."""

from __future__ import annotations

import fnmatch
import functools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tests.conftest import _Handler, new_context, serving

pytestmark = pytest.mark.browser

PYODIDE_FILES = ("py-worker.mjs", "/assets/pyodide/")


def pyodide_requests(urls: list[str]) -> list[str]:
    return [u for u in urls if any(part in u for part in PYODIDE_FILES)]


# --- dotted modules, the strict name check, and the queue (run by the first test) -------


def check_dotted_modules_and_names(page: Any) -> None:
    """A dotted module inside snippets is called; bad module and function names get
    a short message."""
    result = page.evaluate(
        """async () => {
          const out = [];
          for (const [module, func] of [
            ["demos", "missing"], ["demos.x", "f"], ["../rag", "f"], ["rag.", "f"],
            ["Rag", "f"], ["rag._x", "f"], ["rag", "json"], ["rag", "Path"],
            ["x".repeat(5000), "f"],
          ]) {
            try { await pyBridge.call(module, func, {}); out.push(null); }
            catch (error) { out.push(error.message); }
          }
          return out;
        }"""
    )
    assert result[0] == "AttributeError: snippets.demos has no function 'missing'"
    assert result[1] == "ModuleNotFoundError: No module named 'snippets.demos.x'"
    for message in result[2:6] + result[8:]:
        assert message.startswith("ValueError: not a snippets module name: "), message
        assert len(message) < 150
    # Only the module's own functions: not what it imported.
    assert result[6] == "AttributeError: snippets.rag has no function 'json'"
    assert result[7] == "AttributeError: snippets.rag has no function 'Path'"


def check_a_call_waiting_behind_another_demos_call_is_told_which(page: Any) -> None:
    """Two demos' calls in one page session: the second hears what it waits for."""
    result = page.evaluate(
        """async () => {
          const waits = [];
          const slow = pyBridge.call("demos.finetune", "rerun",
                                     {train_size: 40, dev_size: 30, test_size: 50},
                                     {label: "the fine-tune rerun"});
          const quick = pyBridge.call("demos.tallybird", "demo_documents", {},
                                      {label: "the RAG playground", onWait: (m) => waits.push(m)});
          const third = pyBridge.call("demos.tallybird", "demo_documents", {},
                                      {onWait: (m) => waits.push(m)});
          const [a, b] = await Promise.all([slow, quick, third]);
          return {waits, settings: a.settings, groups: b.groups};
        }"""
    )
    assert result["settings"]["sizes"]["train"] == 40 and result["groups"][0] == "public"
    waits = result["waits"]
    assert waits[0].startswith("Waiting for the fine-tune rerun to finish")
    assert waits[1].startswith("Waiting for the fine-tune rerun to finish")
    assert any(w and w.startswith("Waiting for the RAG playground to finish") for w in waits)
    assert waits.count(None) == 2, "each waiting call hears when it starts"


def test_bridge_is_lazy_then_calls_python_and_reports_errors_without_traceback(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    page, watch = watched_page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + "retrieval/", wait_until="load")
    page.wait_for_timeout(300)
    assert pyodide_requests(requests) == [], "Pyodide was requested before any call"
    assert page.evaluate("pyBridge.status().state") == "idle"

    result = page.evaluate(
        """async () => {
          const states = [];
          pyBridge.onStatus((s) => states.push(s));
          const errors = [];
          for (const [module, func, kwargs] of [
            ["demos.rag", "answer", {question: "", group: "public", documents: []}],
            ["demos.rag", "answer",
             {question: "x", group: "public", documents: [], ranking: "lsa"}],
            ["rag", "_private", {}],
            ["no_such_module", "f", {}],
            ["demos.rag", "answer", {unexpected: 1}],
          ]) {
            try {
              await pyBridge.call(module, func, kwargs);
              errors.push(null);
            } catch (error) {
              errors.push({name: error.constructor.name, message: error.message});
            }
          }
          const demo = await pyBridge.call("demos.tallybird", "demo_documents", {});
          return {states, errors, demo};
        }"""
    )
    messages = [e["message"] for e in result["errors"]]
    assert all(e["name"] == "Error" for e in result["errors"])
    assert messages[0] == "ValueError: Type a question first."
    assert messages[1] == "ValueError: Ranking: choose one of TF-IDF, BM25."
    assert messages[2] == "ValueError: not a public function name: '_private'"
    assert messages[3] == "ModuleNotFoundError: No module named 'snippets.no_such_module'"
    assert messages[4].startswith("TypeError: ") and "unexpected" in messages[4]
    assert not any("Traceback" in m or 'File "' in m for m in messages)

    # The JSON-decoded result equals what CPython returns for the same call.
    from snippets.demos.tallybird import demo_documents

    assert result["demo"] == json.loads(json.dumps(demo_documents()))

    states = [s["state"] for s in result["states"]]
    assert states[0] == "idle" and states[-1] == "ready" and "loading" in states
    ready = result["states"][-1]
    assert isinstance(ready["bootMs"], int | float) and ready["bootMs"] > 0
    assert pyodide_requests(requests), "the bridge did not load Pyodide from the site"

    # The same page, Python running (one boot for all three): dotted modules, names
    # checked, and a call that waits behind another demo's.
    check_dotted_modules_and_names(page)
    check_a_call_waiting_behind_another_demos_call_is_told_which(page)
    watch.assert_clean()


def test_bridge_under_a_sub_path_and_a_prefetch_that_boots_once(
    built_site: Path, watched_page: tuple[Any, Any]
) -> None:
    """Served at /some/sub/path/, as on GitHub Pages: URLs derive from the script's own.
    Two prefetches boot Python once, and a later call reuses it."""
    prefix = "/some/sub/path"

    class SubPath(_Handler):
        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix + "/"):
                return str(built_site / "missing-on-purpose")
            return super().translate_path(path.removeprefix(prefix))

    page, watch = watched_page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    with serving(functools.partial(SubPath, directory=str(built_site))) as root:
        base = root.rstrip("/") + prefix + "/"
        page.goto(base + "retrieval/", wait_until="load")  # a page below the root
        page.evaluate("pyBridge.prefetch(); pyBridge.prefetch()")
        page.wait_for_function("pyBridge.status().state === 'ready'", timeout=60_000)
        trial = page.evaluate(
            """() => pyBridge.call("demos.rag", "answer", {
                question: "How long is the free trial?", group: "public",
                documents: [{id: "t", title: "Trial", text: "The free trial lasts 30 days."}],
            })"""
        )
        value = page.evaluate(
            """() => pyBridge.call("demos.tallybird", "demo_documents", {}).then((d) => d.groups)"""
        )
    assert trial["grounded"] is True and "30 days" in trial["answer"]
    assert value[0] == "public"
    wasm = [u for u in requests if u.endswith("pyodide.asm.wasm")]
    assert len(wasm) == 1, wasm
    python = pyodide_requests(requests)
    assert python and all(u.startswith(base + "assets/") for u in python), python
    watch.assert_clean()


# --- a boot that fails says what failed; one retry; a stall times out -------------------


class _Failing(_Handler):
    """Serves the site, but answers the files named in ``plan`` badly: an HTTP status
    every time, ``("once", status)`` for the first request only, or ``"hang"`` (no
    answer until the test ends)."""

    plan: ClassVar[dict[str, object]] = {}
    seen: ClassVar[dict[str, int]] = {}
    release: ClassVar[threading.Event] = threading.Event()

    def do_GET(self) -> None:
        name = self.path.split("?")[0].rsplit("/", 1)[-1]
        key = next((k for k in self.plan if name == k or fnmatch.fnmatch(name, k)), None)
        if key is None:
            super().do_GET()
            return
        self.seen[key] = self.seen.get(key, 0) + 1
        action = self.plan[key]
        if action == "hang":
            self.release.wait(60)
            return
        if isinstance(action, tuple):
            if self.seen[key] > 1:
                super().do_GET()
                return
            action = action[1]
        self.send_error(int(action))  # type: ignore[call-overload]


@contextmanager
def failing_site(built_site: Path, plan: dict[str, object]) -> Iterator[tuple[str, dict[str, int]]]:
    handler = type("Plan", (_Failing,), {"plan": plan, "seen": {}, "release": threading.Event()})
    try:
        with serving(functools.partial(handler, directory=str(built_site))) as base:
            yield base, handler.seen
    finally:
        handler.release.set()


# Never waits for ever, whatever the bridge does: no answer in 150 s is a failure too.
CALL_AND_RECORD = """async (stallMs) => {
  if (stallMs) pyBridge.configure({stallMs});
  const states = [];
  pyBridge.onStatus((s) => states.push(s));
  const never = new Promise((_, reject) =>
    setTimeout(() => reject(new Error("no answer and no error within 150 s")), 150000));
  try {
    const call = pyBridge.call("demos.tallybird", "demo_documents", {});
    const groups = (await Promise.race([call, never])).groups;
    return {states, groups};
  } catch (error) {
    return {states, error: error.message};
  }
}"""


@pytest.mark.parametrize(
    ("plan", "names"),
    [
        ({"pyodide.asm.wasm": 404}, "the Python runtime (pyodide.asm.wasm)"),
        ({"pyodide-lock.json": 500}, "the package list (pyodide-lock.json)"),
        ({"python_stdlib.zip": 404}, "Python's standard library (python_stdlib.zip)"),
        ({"snippets-*.whl": 404}, "the guide's snippets package (snippets-"),
    ],
    ids=["runtime", "lockfile", "stdlib", "wheel"],
)
def test_a_file_that_fails_is_named_after_one_retry(
    built_site: Path, browser: Any, plan: dict[str, object], names: str
) -> None:
    context = new_context(browser)
    try:
        page = context.new_page()
        with failing_site(built_site, plan) as (base, seen):
            page.goto(base + "retrieval/", wait_until="load")
            result = page.evaluate(CALL_AND_RECORD, 0)
        [requests] = seen.values()
    finally:
        context.close()
    error = result.get("error", "")
    assert error.startswith("Python could not start: " + names), error
    assert "second try" in error and "reload the page" in error
    assert "Traceback" not in error and "ModuleNotFoundError" not in error
    assert requests == 2, "one retry, no more"
    states = [s["state"] for s in result["states"]]
    assert states[-1] == "error" and result["states"][-1]["message"] == error
    assert any("trying once more" in s["message"] for s in result["states"])


def test_a_download_that_fails_once_is_retried_and_python_starts(
    built_site: Path, watched_page: tuple[Any, Any]
) -> None:
    page, _ = watched_page
    with failing_site(built_site, {"pyodide.asm.wasm": ("once", 503)}) as (base, seen):
        page.goto(base + "retrieval/", wait_until="load")
        result = page.evaluate(CALL_AND_RECORD, 0)
    assert result.get("groups", [None])[0] == "public", result
    assert seen == {"pyodide.asm.wasm": 2}
    assert result["states"][-1]["state"] == "ready"
    assert any("trying once more" in s["message"] for s in result["states"])


def test_a_download_that_hangs_times_out_and_says_which(built_site: Path, browser: Any) -> None:
    context = new_context(browser)
    try:
        page = context.new_page()
        with failing_site(built_site, {"pyodide.asm.wasm": "hang"}) as (base, seen):
            page.goto(base + "retrieval/", wait_until="load")
            result = page.evaluate(CALL_AND_RECORD, 1500)
    finally:
        context.close()
    error = result.get("error", "")
    assert error.startswith("Python could not start: "), error
    assert "pyodide.asm.wasm" in error and "stopped loading" in error
    assert seen == {"pyodide.asm.wasm": 2}
