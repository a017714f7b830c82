// pyBridge: call the guide's Python snippets in the reader's browser.
//
// A small classic script loaded on every page (mkdocs.yml extra_javascript). It
// requests nothing until first used; then it starts the module Web Worker
// py-worker.mjs, which boots the self-hosted Pyodide and installs `snippets`.
//
//   pyBridge.call(module, func, kwargs, options)
//       -> Promise of the JSON-decoded result of snippets.<module>.<func>(**kwargs).
//          module may be dotted inside snippets ("rag", "demos.check").
//          A Python exception rejects with Error("ExcType: message") (no traceback);
//          error.field is set when the exception names a form field (exc.field).
//          If Python cannot start, rejects with Error("Python could not start: ...")
//          naming the file that failed and what to do.
//          options (all optional): label, how other demos' waiting calls name this
//          one ("the fine-tune rerun"; by default, after the page's <h1>);
//          onWait(message), called with a sentence while this call waits behind
//          another demo's call, and with null when Python starts it.
//   pyBridge.onStatus(cb) -> unsubscribe function. cb({state, message, bootMs}) is
//          called at once with the current status, then on every change.
//          state: "idle" | "loading" | "ready" | "error"; bootMs: number once ready.
//   pyBridge.prefetch()  -> starts the boot early (on hover/focus of a demo).
//   pyBridge.attach(root, statusEl) -> a demo's wiring: statusEl shows the status
//          (build-time text kept while idle; the boot time once ready) for as long
//          as root is on the page, and Python warms up when the reader points at
//          or focuses root.
//   pyBridge.configure({stallMs}) -> how long a boot may go without any sign of
//          progress before it is given up (default 30 s); for tests and slow links.
//
// A boot that fails (a file answers with an error, or nothing arrives for stallMs)
// is retried once with a fresh worker; calls made meanwhile are sent to it again.
(() => {
  "use strict";
  if (window.pyBridge) return; // already set up (instant navigation keeps the page alive)

  // The site's base URL comes from this script's own address (assets/js/py-bridge.js),
  // so the bridge works under any sub-path.
  const scriptURL = document.currentScript?.src || "";
  const workerURL = new URL("py-worker.mjs", scriptURL).href;
  const siteURL = new URL("../../", scriptURL).href;
  const WORKER = "the Python worker (py-worker.mjs)";

  let stallMs = 30000;
  let worker = null;
  let attempt = 0; // 1 for the first boot, 2 for the one retry
  let ready = false;
  let stallTimer = null;
  const loading = new Map(); // what the worker is downloading or starting -> count
  let lastStep = WORKER;
  let running = null; // id of the call Python runs now
  let nextId = 1;
  const pending = new Map(); // id -> {resolve, reject, message, label, onWait, waitingFor}
  const listeners = new Set();
  let current = { state: "idle", message: "Python not loaded yet", bootMs: null };

  function later(error) {
    setTimeout(() => {
      throw error;
    });
  }

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
        later(error);
      }
    }
  }

  function fail(message) {
    clearTimeout(stallTimer);
    setStatus({ state: "error", message });
    for (const { reject } of pending.values()) reject(new Error(message));
    pending.clear();
    if (worker) worker.terminate();
    worker = null; // the next call starts a fresh worker, with a retry of its own
    attempt = 0;
    ready = false;
    running = null;
  }

  function whatIsLoading() {
    const names = Array.from(loading.keys());
    return names.length ? names.join(" and ") : lastStep;
  }

  function armStall() {
    clearTimeout(stallTimer);
    if (ready || !worker) return;
    stallTimer = setTimeout(() => {
      const seconds = Math.round(stallMs / 1000);
      bootFailed(`${whatIsLoading()} stopped loading (nothing arrived for ${seconds} s)`);
    }, stallMs);
  }

  function bootFailed(reason) {
    clearTimeout(stallTimer);
    if (worker) worker.terminate();
    worker = null;
    if (attempt < 2) {
      setStatus({ state: "loading", message: `Loading Python failed (${reason}); trying once more…` });
      spawn(2);
      return;
    }
    fail(
      `Python could not start: ${reason}, also on a second try. ` +
        "Check your connection, then reload the page to try again.",
    );
  }

  // Tell each waiting call what it waits for (only once Python runs something).
  function announceQueue() {
    const behind = running !== null && pending.get(running);
    for (const [id, p] of pending) {
      if (id === running || !p.onWait) continue;
      const waitingFor = behind ? behind.label : null;
      if (waitingFor === p.waitingFor) continue;
      p.waitingFor = waitingFor;
      if (waitingFor === null) continue;
      try {
        p.onWait(
          `Waiting for ${waitingFor} to finish: Python runs one demo's request at a time.`,
        );
      } catch (error) {
        later(error);
      }
    }
  }

  function started(id) {
    running = id;
    const p = pending.get(id);
    if (p?.waitingFor) {
      p.waitingFor = null;
      try {
        p.onWait(null);
      } catch (error) {
        later(error);
      }
      setStatus(current); // status lines that showed the wait show the status again
    }
    announceQueue();
  }

  function handle(data) {
    if (!ready) armStall(); // any message shows the boot is alive
    if (data.type === "status") {
      if (data.state === "ready") {
        ready = true;
        clearTimeout(stallTimer);
      }
      const second = attempt === 2 && data.state === "loading" ? " (second try)" : "";
      setStatus({ ...data, message: `${data.message || ""}${second}` });
    } else if (data.type === "fetch") {
      const what = String(data.what || "");
      const count = loading.get(what) || 0;
      if (data.phase === "start") {
        loading.set(what, count + 1);
        lastStep = what;
      } else if (count <= 1) loading.delete(what);
      else loading.set(what, count - 1);
    } else if (data.type === "boot-failed") {
      bootFailed(String(data.message || "starting Python failed"));
    } else if (data.type === "started") {
      started(data.id);
    } else if (data.type === "result" && pending.has(data.id)) {
      const { resolve, reject } = pending.get(data.id);
      pending.delete(data.id);
      if (running === data.id) running = null;
      if (data.ok) resolve(data.value);
      else {
        const error = new Error(String(data.error));
        if (typeof data.field === "string") error.field = data.field;
        reject(error);
      }
    }
  }

  function spawn(n) {
    attempt = n;
    ready = false;
    running = null;
    loading.clear();
    lastStep = WORKER;
    const w = new Worker(workerURL, { type: "module", name: "pyodide" });
    worker = w;
    w.onmessage = (event) => {
      if (w === worker) handle(event.data || {});
    };
    w.onerror = (event) => {
      event.preventDefault();
      if (w !== worker) return;
      if (!ready) bootFailed(`${whatIsLoading()} could not be loaded`);
      else fail(`The Python worker stopped (${event.message || "error"}): reload the page.`);
    };
    w.onmessageerror = () => {
      if (w === worker) fail("A message from the Python worker could not be read: reload the page.");
    };
    w.postMessage({ type: "boot" });
    for (const { message } of pending.values()) w.postMessage(message); // after a retry
    armStall();
  }

  // A call without a label is named after the page it came from (instant
  // navigation keeps a call running while the reader moves to another page).
  function defaultLabel(message) {
    const heading = document.querySelector("article h1")?.cloneNode(true);
    for (const link of heading?.querySelectorAll(".headerlink") ?? []) link.remove(); // the "¶"
    const title = heading ? heading.textContent.replace(/\s+/g, " ").trim().slice(0, 80) : "";
    return title
      ? `the Python run started on the page "${title}"`
      : `snippets.${message.module}.${message.func}`;
  }

  function start() {
    if (worker) return;
    if (typeof Worker === "undefined") {
      throw new Error("Python could not start: this browser cannot run Web Workers.");
    }
    setStatus({ state: "loading", message: "Loading Python (Pyodide)…" });
    spawn(1);
  }

  window.pyBridge = Object.freeze({
    siteURL,
    call(module, func, kwargs, options) {
      return new Promise((resolve, reject) => {
        const opts = options || {};
        const id = nextId++;
        const message = { id, module: String(module), func: String(func), kwargs: kwargs || {} };
        try {
          start();
          worker.postMessage(message);
        } catch (error) {
          reject(error);
          return;
        }
        pending.set(id, {
          resolve,
          reject,
          message,
          label: String(opts.label || defaultLabel(message)).slice(0, 120),
          onWait: typeof opts.onWait === "function" ? opts.onWait : null,
          waitingFor: null,
        });
        announceQueue();
      });
    },
    onStatus(cb) {
      listeners.add(cb);
      cb({ ...current });
      return () => listeners.delete(cb);
    },
    prefetch() {
      try {
        start();
      } catch (error) {
        setStatus({ state: "error", message: error.message });
      }
    },
    status() {
      return { ...current };
    },
    configure(settings) {
      const ms = Number(settings?.stallMs);
      if (Number.isFinite(ms) && ms >= 100) stallMs = ms;
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
