"""The in-browser Python bridge (docs/assets/js/py-bridge.js + py-worker.mjs) in
headless Chromium over loopback: lazy, self-hosted, and errors as "ExcType: message"."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import _Handler, serving

pytestmark = pytest.mark.browser

PYODIDE_FILES = ("py-worker.mjs", "/assets/pyodide/")


def pyodide_requests(urls: list[str]) -> list[str]:
    return [u for u in urls if any(part in u for part in PYODIDE_FILES)]


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
            ["rag", "playground_ask", {question: "", group: "public", documents: []}],
            ["rag", "playground_ask",
             {question: "x", group: "public", documents: [], ranking: "lsa"}],
            ["rag", "_private", {}],
            ["no_such_module", "f", {}],
            ["rag", "playground_ask", {unexpected: 1}],
          ]) {
            try {
              await pyBridge.call(module, func, kwargs);
              errors.push(null);
            } catch (error) {
              errors.push({name: error.constructor.name, message: error.message});
            }
          }
          const demo = await pyBridge.call("rag", "demo_documents", {});
          return {states, errors, demo};
        }"""
    )
    messages = [e["message"] for e in result["errors"]]
    assert all(e["name"] == "Error" for e in result["errors"])
    assert messages[0] == "ValueError: Type a question first."
    assert messages[1] == "ValueError: ranking must be 'tfidf' or 'bm25', got 'lsa'"
    assert messages[2] == "ValueError: not a public function name: '_private'"
    assert messages[3] == "ModuleNotFoundError: No module named 'snippets.no_such_module'"
    assert messages[4].startswith("TypeError: ") and "unexpected" in messages[4]
    assert not any("Traceback" in m or 'File "' in m for m in messages)

    # The JSON-decoded result equals what CPython returns for the same call.
    from snippets.rag import demo_documents

    assert result["demo"] == json.loads(json.dumps(demo_documents()))

    states = [s["state"] for s in result["states"]]
    assert states[0] == "idle" and states[-1] == "ready" and "loading" in states
    ready = result["states"][-1]
    assert isinstance(ready["bootMs"], int | float) and ready["bootMs"] > 0
    assert pyodide_requests(requests), "the bridge did not load Pyodide from the site"
    watch.assert_clean()


def test_prefetch_boots_once_and_a_later_call_reuses_it(
    site_url: str, watched_page: tuple[Any, Any]
) -> None:
    page, watch = watched_page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url, wait_until="load")
    page.evaluate("pyBridge.prefetch(); pyBridge.prefetch()")
    page.wait_for_function("pyBridge.status().state === 'ready'", timeout=60_000)
    value = page.evaluate(
        """() => pyBridge.call("rag", "playground_ask", {
            question: "How long is the free trial?", group: "public",
            documents: [{id: "t", title: "Trial", text: "The free trial lasts 30 days."}],
        })"""
    )
    assert value["grounded"] is True and "30 days" in value["answer"]
    wasm = [u for u in requests if u.endswith("pyodide.asm.wasm")]
    assert len(wasm) == 1, wasm
    watch.assert_clean()


def test_bridge_works_when_the_site_lives_under_a_sub_path(
    built_site: Path, watched_page: tuple[Any, Any]
) -> None:
    """Served at /some/sub/path/, as on GitHub Pages: URLs derive from the script's own."""
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
        page.goto(base + "retrieval/", wait_until="load")
        value = page.evaluate(
            """() => pyBridge.call("rag", "demo_documents", {}).then((d) => d.groups)"""
        )
    assert value[0] == "public"
    python = pyodide_requests(requests)
    assert python and all(u.startswith(base + "assets/") for u in python), python
    watch.assert_clean()
