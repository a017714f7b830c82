// pyBridge: call the guide's Python snippets in the reader's browser.
//
// A small classic script loaded on every page (mkdocs.yml extra_javascript). It
// requests nothing until first used; then it starts the module Web Worker
// py-worker.mjs, which boots the self-hosted Pyodide and installs `snippets`.
//
//   pyBridge.call("rag", "playground_ask", {question: "..."})
//       -> Promise of the JSON-decoded result of snippets.rag.playground_ask(**kwargs).
//          A Python exception rejects with Error("ExcType: message") (no traceback).
//   pyBridge.onStatus(cb) -> unsubscribe function. cb({state, message, bootMs}) is
//          called at once with the current status, then on every change.
//          state: "idle" | "loading" | "ready" | "error"; bootMs: number once ready.
//   pyBridge.prefetch()  -> starts the boot early (on hover/focus of a demo).
//   pyBridge.attach(root, statusEl) -> a demo's wiring: statusEl shows the status
//          (build-time text kept while idle; the boot time once ready) for as long
//          as root is on the page, and Python warms up when the reader points at
//          or focuses root.
(function () {
  "use strict";
  if (window.pyBridge) return; // already set up (instant navigation keeps the page alive)

  // The site's base URL comes from this script's own address (assets/js/py-bridge.js),
  // so the bridge works under any sub-path.
  const scriptURL = (document.currentScript && document.currentScript.src) || "";
  const workerURL = new URL("py-worker.mjs", scriptURL).href;
  const siteURL = new URL("../../", scriptURL).href;

  let worker = null;
  let nextId = 1;
  const pending = new Map();
  const listeners = new Set();
  let current = { state: "idle", message: "Python not loaded yet", bootMs: null };

  function setStatus(next) {
    current = {
      state: next.state,
      message: String(next.message || ""),
      bootMs: typeof next.bootMs === "number" ? next.bootMs : null,
    };
    for (const cb of Array.from(listeners)) {
      try {
        cb({ ...current });
      } catch (error) {
        setTimeout(() => {
          throw error;
        });
      }
    }
  }

  function fail(message) {
    setStatus({ state: "error", message });
    for (const { reject } of pending.values()) reject(new Error(`RuntimeError: ${message}`));
    pending.clear();
    if (worker) worker.terminate();
    worker = null; // the next call starts a fresh worker
  }

  function start() {
    if (worker) return worker;
    if (typeof Worker === "undefined") {
      throw new Error("RuntimeError: this browser cannot run Web Workers");
    }
    worker = new Worker(workerURL, { type: "module", name: "pyodide" });
    setStatus({ state: "loading", message: "Loading Python (Pyodide)…" });
    worker.onmessage = (event) => {
      const data = event.data || {};
      if (data.type === "status") {
        setStatus(data);
      } else if (data.type === "result" && pending.has(data.id)) {
        const { resolve, reject } = pending.get(data.id);
        pending.delete(data.id);
        if (data.ok) resolve(data.value);
        else reject(new Error(String(data.error)));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      fail(`the Python worker failed to load (${event.message || "network error"})`);
    };
    worker.onmessageerror = () => fail("a message from the Python worker could not be read");
    return worker;
  }

  window.pyBridge = Object.freeze({
    siteURL,
    call(module, func, kwargs) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        let w;
        try {
          w = start();
        } catch (error) {
          reject(error);
          return;
        }
        pending.set(id, { resolve, reject });
        w.postMessage({ id, module: String(module), func: String(func), kwargs: kwargs || {} });
      });
    },
    onStatus(cb) {
      listeners.add(cb);
      cb({ ...current });
      return () => listeners.delete(cb);
    },
    prefetch() {
      if (worker) return;
      try {
        start().postMessage({ type: "boot" });
      } catch (error) {
        setStatus({ state: "error", message: error.message });
      }
    },
    status() {
      return { ...current };
    },
    attach(root, statusEl) {
      const unsubscribe = this.onStatus((s) => {
        if (!root.isConnected) {
          // Instant navigation replaced the page: stop listening.
          setTimeout(() => unsubscribe());
          return;
        }
        if (s.state === "idle") return; // keep the build-time text until something happens
        statusEl.dataset.state = s.state;
        statusEl.textContent =
          s.state === "ready" && s.bootMs !== null
            ? `Python is running in your browser (started in ${(s.bootMs / 1000).toFixed(1)} s).`
            : s.message;
      });
      const warm = () => this.prefetch();
      root.addEventListener("pointerenter", warm, { once: true });
      root.addEventListener("focusin", warm, { once: true });
    },
  });
})();
