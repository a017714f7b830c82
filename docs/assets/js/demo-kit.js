// demoKit: what every in-browser demo of the guide shares (docs/assets/css/demos.css
// draws it). A demo's own script keeps only what is particular to it.
//
//   demoKit.onPage(selector, setup)  setup(root) once for each element matching
//       selector, on the first load and after each instant navigation (Material's
//       document$), and at once if the page is already parsed (so a demo that
//       redraws build-time markup does it before the first paint when it can); a
//       page without that element costs nothing.
//   demoKit.el(tag, props, text)  a new element: props is a class name, or an object
//       of attributes; text goes in as textContent.
//   demoKit.bridge(root, status, fallback, options)  pyBridge attached to the demo (its
//       status line follows Python's boot, and Python warms up when the reader points
//       at the demo); null, with fallback shown as an error, when the bridge did not
//       load. options.follow false: the status line shows Python's loading only while
//       a call of this demo runs (demo.follow(status, current)), for a demo whose
//       status line also says what was restored.
//   demoKit.setStatus(status, state, text)  the status line: state is "idle",
//       "loading", "waiting", "ready" or "error".
//   demoKit.setBusy(root, on)  the run buttons (data-role="run") are marked disabled
//       but stay focusable; the result card is marked busy.
//   demoKit.errorText(error)  a message for the reader: a ValueError from Python is
//       written for the reader and loses its type name; any other type keeps it, so a
//       bug report can quote it.
//   demoKit.showError(output, error)  the message, in the result card.
//   demoKit.showResult(output, html)  the result card gets the HTML of the demo's one
//       Python renderer (snippets/demos/<demo>.py escapes every value in it), is
//       marked as updated, and is scrolled into view if the reader cannot see it.
//   demoKit.showNodes(output, nodes)  the same, for nodes built with textContent.
//
// A demo's own script is loaded by the kit, only on a page that has that demo
// (SCRIPTS below: the data-demo name of its root element, and its file), so other
// pages do not download it; instant navigation to a demo page loads it then.
(() => {
  "use strict";
  if (window.demoKit) return;
  const here = document.currentScript?.src || "";
  const SCRIPTS = {
    check: "check-demo.js",
    costs: "costs-calculator.js",
    decide: "decide.js",
    finetune: "finetune-demo.js",
    rag: "rag-demo.js",
  };
  const requested = new Set();

  function loadDemoScripts() {
    for (const root of document.querySelectorAll("[data-demo]")) {
      const file = SCRIPTS[root.dataset.demo];
      if (!file || requested.has(file)) continue;
      requested.add(file);
      const script = document.createElement("script");
      script.src = new URL(file, here).href;
      document.head.append(script);
    }
  }

  function el(tag, props, text) {
    const node = document.createElement(tag);
    if (typeof props === "string") node.className = props;
    else for (const [name, value] of Object.entries(props || {})) node.setAttribute(name, value);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function onPage(selector, setup) {
    const init = () => {
      for (const root of document.querySelectorAll(selector)) {
        if (root.dataset.ready) continue;
        root.dataset.ready = "true";
        setup(root);
      }
    };
    if (document.readyState !== "loading") init();
    if (typeof document$ !== "undefined") document$.subscribe(init);
    else document.addEventListener("DOMContentLoaded", init);
  }

  function setStatus(status, state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  function bridge(root, status, fallback, options) {
    const py = window.pyBridge;
    if (!py) {
      setStatus(status, "error", fallback);
      return null;
    }
    if (options?.follow === false) {
      const warm = () => py.prefetch();
      root.addEventListener("pointerenter", warm, { once: true });
      root.addEventListener("focusin", warm, { once: true });
    } else {
      py.attach(root, status);
    }
    return py;
  }

  // While one call runs: Python's loading messages on the status line; returns the
  // function that stops it.
  function follow(status, current) {
    return window.pyBridge.onStatus((s) => {
      if (current() && s.state === "loading") setStatus(status, "loading", s.message || "Loading Python…");
    });
  }

  function setBusy(root, on) {
    for (const button of root.querySelectorAll("[data-role=run]")) {
      if (on) button.setAttribute("aria-disabled", "true");
      else button.removeAttribute("aria-disabled");
    }
    const output = root.querySelector(".demo-output");
    if (output) output.setAttribute("aria-busy", String(on));
    root.toggleAttribute("data-busy", on);
  }

  function errorText(error) {
    const text = String((error?.message) || error || "Unknown error");
    return text.startsWith("ValueError: ") ? text.slice(12) : text;
  }

  function showError(output, error) {
    output.replaceChildren(el("p", "demo-error", errorText(error)));
    delete output.dataset.updated;
  }

  let runs = 0;
  function updated(output) {
    runs += 1;
    const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
    output.dataset.updated = `Updated at ${time}`;
    output.dataset.run = String(runs % 2); // restarts the highlight on every run
    if (window.rfTables) window.rfTables.layout(); // labels and cues of the new tables
    const box = output.getBoundingClientRect();
    if (box.top < 0 || box.top > window.innerHeight - 48) {
      const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      output.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
    }
  }

  function showResult(output, html) {
    const template = document.createElement("template");
    template.innerHTML = html; // written by the demo's Python renderer, which escapes it
    output.replaceChildren(template.content);
    updated(output);
  }

  function showNodes(output, nodes) {
    output.replaceChildren(...nodes);
    updated(output);
  }

  if (document.readyState !== "loading") loadDemoScripts();
  if (typeof document$ !== "undefined") document$.subscribe(loadDemoScripts);
  else document.addEventListener("DOMContentLoaded", loadDemoScripts);

  window.demoKit = Object.freeze({
    el,
    onPage,
    bridge,
    follow,
    setStatus,
    setBusy,
    errorText,
    showError,
    showResult,
    showNodes,
  });
})();
