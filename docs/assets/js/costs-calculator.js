// The cost calculator on guide/costs.md, on the demo kit (demo-kit.js): the reader's
// numbers go through snippets.demos.costs.recalculate in Pyodide (via pyBridge),
// which returns the result as HTML escaped by Python: the same renderer, table,
// sentences and break-even chart as the build-time page. Nothing is fetched until
// the reader presses Run.
(() => {
  "use strict";
  const kit = window.demoKit;

  function setup(root) {
    const form = root.querySelector("form");
    const status = root.querySelector(".demo-status");
    const output = root.querySelector(".demo-output");
    const example = Array.from(output.childNodes, (node) => node.cloneNode(true)); // build time
    const exampleStatus = status.textContent;
    // The status line says what was restored after a reset, so it follows Python's
    // loading only while a calculation runs.
    const bridge = kit.bridge(root, status, "The Python bridge did not load: the results below are the build-time ones.", {
      follow: false,
    });
    if (!bridge) return;
    // Each calculation gets a number; "Reset to the example" and a newer calculation
    // make an older one stale, and a stale result is dropped instead of shown.
    let latest = 0;
    const inputs = () => Array.from(form.querySelectorAll("input[name]"));

    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (root.hasAttribute("data-busy")) return;
      const mine = ++latest;
      const current = () => mine === latest;
      const values = {};
      for (const input of inputs()) {
        input.removeAttribute("aria-invalid");
        values[input.name] = input.value;
      }
      kit.setBusy(root, true);
      const unfollow = kit.follow(status, current);
      kit.setStatus(status, "loading", "Calculating…");
      const started = performance.now();
      try {
        const result = await bridge.call("demos.costs", "recalculate", values, {
          label: "the cost calculator",
          onWait: (message) => {
            if (current()) kit.setStatus(status, "waiting", message || "Calculating…");
          },
        });
        if (!current()) return;
        kit.showResult(output, result.html);
        const ms = Math.round(performance.now() - started);
        kit.setStatus(status, "ready", `Recalculated in your browser by snippets/costs.py (${ms} ms).`);
      } catch (error) {
        if (!current()) return;
        kit.setStatus(status, "error", `Not recalculated: ${kit.errorText(error).replace(/^\w+Error: /, "")}`);
        const field = error?.field && form.elements.namedItem(error.field);
        if (field instanceof HTMLInputElement) field.setAttribute("aria-invalid", "true");
      } finally {
        unfollow();
        if (current()) kit.setBusy(root, false);
      }
    });

    form.addEventListener("reset", () => {
      latest += 1; // a calculation still running is now stale
      kit.setBusy(root, false);
      for (const input of inputs()) input.removeAttribute("aria-invalid");
      output.replaceChildren(...example.map((node) => node.cloneNode(true)));
      delete output.dataset.updated;
      kit.setStatus(status, "idle", `Illustrative values restored. ${exampleStatus}`);
    });
  }

  kit.onPage("[data-demo=costs]", setup);
})();
