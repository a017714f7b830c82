// The in-browser rerun of docs/finetune.md: sends the form's settings to
// snippets.demos.finetune.rerun through pyBridge (py-bridge.js) and shows the
// HTML it returns: the same renderer, tables, intervals and charts as the
// build-time page (Python escapes every value). The limits come from the
// form's own min/max attributes, which Python wrote; Python checks again.
(function () {
  "use strict";

  function message(output, className, text) {
    const p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    output.replaceChildren(p);
  }

  // A field outside its min/max gets the same message Python would give.
  function checkField(input) {
    const text = input.value.trim();
    const low = Number(input.min);
    const high = Number(input.max);
    const value = Number(text);
    if (/^\d+$/.test(text) && value >= low && value <= high) return null;
    const label = input.labels[0].textContent.replace(/\s*\(.*$/, "");
    return `${label} must be a whole number from ${low} to ${high}.`;
  }

  // Material wraps a page's tables in a scrolling container when the page is shown;
  // tables inserted later get the same wrapper, and a11y.js rechecks which scroll.
  function wrapTables(node) {
    for (const table of node.querySelectorAll("table")) {
      const wrap = document.createElement("div");
      wrap.className = "md-typeset__scrollwrap";
      const inner = document.createElement("div");
      inner.className = "md-typeset__table";
      table.replaceWith(wrap);
      inner.append(table);
      wrap.append(inner);
    }
    window.dispatchEvent(new Event("resize"));
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    const button = root.querySelector("button[type=submit]");
    const status = root.querySelector(".demo-status");
    const output = root.querySelector(".demo-output");
    const fields = Array.from(root.querySelectorAll("input[type=number]"));
    const bridge = window.pyBridge;
    let busy = false;

    if (!bridge) {
      status.dataset.state = "error";
      status.textContent = "The Python bridge did not load: the tables above are the build-time ones.";
      return;
    }
    bridge.attach(root, status);

    root.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      const problem = fields.map(checkField).find((text) => text !== null);
      if (problem) {
        message(output, "demo-error", problem);
        return;
      }
      const kwargs = {
        changed: Array.from(root.querySelectorAll("input[name=changed]:checked"), (c) => c.value),
      };
      for (const input of fields) kwargs[input.name] = input.value.trim();
      busy = true;
      button.setAttribute("aria-disabled", "true");
      output.setAttribute("aria-busy", "true");
      message(output, "demo-note", "Running the three experiments…");
      try {
        const result = await bridge.call("demos.finetune", "rerun", kwargs);
        const template = document.createElement("template");
        template.innerHTML = result.html; // escaped by snippets/demos/report.py
        output.replaceChildren(template.content);
        wrapTables(output);
      } catch (error) {
        const text = String(error.message || error);
        message(output, "demo-error", text.startsWith("ValueError: ") ? text.slice(12) : text);
      } finally {
        busy = false;
        button.removeAttribute("aria-disabled");
        output.removeAttribute("aria-busy");
      }
    });
  }

  function init() {
    const root = document.querySelector("[data-demo=finetune]");
    if (root) setup(root);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
