// The cost calculator on guide/costs.md: the reader's numbers go through
// snippets.demos.costs.recalculate in Pyodide (via pyBridge), which returns the
// result as HTML escaped by Python. Nothing is fetched until the reader presses
// Recalculate.
(function () {
  "use strict";

  // The result's HTML comes from snippets.demos.costs.render (escaped there), the
  // same renderer that wrote the build-time table on the page.
  function render(root, html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    root.querySelector("[data-costs-output]").replaceChildren(template.content);
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    const form = root.querySelector("[data-costs-form]");
    const status = root.querySelector("[data-costs-status]");
    const button = form.querySelector("button[type=submit]");
    const output = root.querySelector("[data-costs-output]");
    const exampleResults = output.cloneNode(true).childNodes; // the build-time results
    const exampleStatus = status.textContent;
    // Each calculation gets a number; "Illustrative values" and a newer calculation make
    // an older one stale, and a stale result is dropped instead of shown.
    let latest = 0;

    const inputs = () => Array.from(form.querySelectorAll("input[name]"));

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (button.disabled) return;
      const mine = ++latest;
      const current = () => mine === latest;
      const values = {};
      for (const input of inputs()) {
        input.removeAttribute("aria-invalid");
        values[input.name] = input.value;
      }
      button.disabled = true;
      const unsubscribe = window.pyBridge.onStatus((s) => {
        if (current() && s.state === "loading") status.textContent = s.message || "Loading Python…";
      });
      status.textContent = "Calculating…";
      const started = performance.now();
      try {
        const result = await window.pyBridge.call("demos.costs", "recalculate", values, {
          label: "the cost calculator",
          onWait: (message) => {
            if (current()) status.textContent = message || "Calculating…";
          },
        });
        if (!current()) return;
        render(root, result.html);
        const ms = Math.round(performance.now() - started);
        status.textContent = `Recalculated in your browser by snippets/costs.py (${ms} ms).`;
      } catch (error) {
        if (!current()) return;
        const message = String((error && error.message) || error).replace(/^\w+Error: /, "");
        status.textContent = `Not recalculated: ${message}`;
        const field = error && error.field && form.elements.namedItem(error.field);
        if (field instanceof HTMLInputElement) field.setAttribute("aria-invalid", "true");
      } finally {
        unsubscribe();
        if (current()) button.disabled = false;
      }
    });
    form.addEventListener("reset", () => {
      latest += 1; // a calculation still running is now stale
      button.disabled = false;
      for (const input of inputs()) input.removeAttribute("aria-invalid");
      output.replaceChildren(...Array.from(exampleResults, (node) => node.cloneNode(true)));
      status.textContent = `Illustrative values restored. ${exampleStatus}`;
    });
  }

  const init = () => {
    const root = document.querySelector("[data-demo=costs]");
    if (root && window.pyBridge) setup(root);
  };
  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
