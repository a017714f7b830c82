// The cost calculator on guide/costs.md: the reader's numbers go through
// snippets.costs.calculate in Pyodide (via pyBridge), and the table is rewritten
// with textContent only. Nothing is fetched until the reader presses Recalculate.
(function () {
  "use strict";

  const money = (value) =>
    value === null || value === undefined
      ? "n/a"
      : value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const whole = (value) => value.toLocaleString("en-US", { maximumFractionDigits: 0 });

  function cell(tag, text, attrs) {
    const el = document.createElement(tag);
    el.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    return el;
  }

  function render(root, result) {
    const body = root.querySelector("[data-costs-table] tbody");
    body.replaceChildren(
      ...result.rows.map((row) => {
        const tr = document.createElement("tr");
        tr.dataset.key = row.key;
        tr.append(
          cell("th", row.name, { scope: "row" }),
          cell("td", money(row.upfront)),
          cell("td", money(row.monthly)),
          cell("td", money(row.per_1000_queries)),
          cell("td", money(row.total)),
          cell("td", `${(row.latency_ms / 1000).toFixed(1)} s`),
        );
        return tr;
      }),
    );
    const list = root.querySelector("[data-costs-break-even]");
    list.replaceChildren(
      ...result.break_even.map((pair) => {
        const payback =
          pair.payback_months === null
            ? "never pays back"
            : `pays back after ${pair.payback_months.toFixed(1)} months`;
        const crossing =
          pair.break_even_queries_per_month === null
            ? "is never cheaper over the horizon"
            : `is cheaper over the horizon from ${whole(pair.break_even_queries_per_month)} queries a month`;
        return cell("li", `${pair.candidate} against ${pair.baseline}: ${payback} at this traffic; ${crossing}.`);
      }),
    );
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
    // Each calculation gets a number; "Example values" and a newer calculation make
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
        const result = await window.pyBridge.call("costs", "calculate", values, {
          label: "the cost calculator",
          onWait: (message) => {
            if (current()) status.textContent = message || "Calculating…";
          },
        });
        if (!current()) return;
        render(root, result);
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
      status.textContent = `Example values restored. ${exampleStatus}`;
    });
  }

  const init = () => {
    const root = document.querySelector("[data-demo=costs]");
    if (root && window.pyBridge) setup(root);
  };
  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
