// The in-browser rerun of docs/finetune.md: sends the form's settings to
// snippets.compare.run_all through pyBridge (py-bridge.js) and shows the three
// experiments' results as tables. Every value is written with textContent.
(function () {
  "use strict";

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const pct = (x) => `${Math.round(x * 100)}%`;

  function table(caption, headers, rows, numeric) {
    const t = el("table"); // no class: Material styles only class-less tables
    t.append(el("caption", "", caption));
    const head = el("tr");
    headers.forEach((h, i) => {
      const th = el("th", "", h);
      th.scope = "col";
      if (numeric[i]) th.style.textAlign = "right";
      head.append(th);
    });
    const thead = el("thead");
    thead.append(head);
    const tbody = el("tbody");
    for (const row of rows) {
      const tr = el("tr");
      row.forEach((cell, i) => {
        const td = el("td", "", String(cell));
        if (numeric[i]) td.style.textAlign = "right";
        tr.append(td);
      });
      tbody.append(tr);
    }
    t.append(thead, tbody);
    const wrap = el("div", "md-typeset__scrollwrap");
    const inner = el("div", "md-typeset__table");
    inner.append(t);
    wrap.append(inner);
    return wrap;
  }

  function render(output, r, totalMs) {
    const f = r.facts;
    const b = r.behaviour;
    const both = r.both;
    const s = r.settings;
    const nodes = [
      el(
        "p",
        "demo-note",
        `Computed in your browser: ${s.train_size} fine-tuning examples, ${s.epochs} epochs, ` +
          `${s.changed.length} changed fact(s). ${Math.round(totalMs)} ms in all ` +
          `(${Math.round(r.seconds * 1000)} ms in Python).`,
      ),
      table(
        "Experiment 1: accuracy before and after the change",
        ["system", "when", "facts that changed", "facts that did not"],
        f.accuracy.map((x) => [x.system, x.phase, pct(x.changed_facts), pct(x.unchanged_facts)]),
        [false, false, true, true],
      ),
      table(
        "Experiment 1: what each approach offers",
        ["", "RAG", "fine-tuned"],
        f.properties.map((p) => [p.property, p.RAG, p["fine-tuned"]]),
        [false, false, false],
      ),
      table(
        `Experiment 2: ${b.test_size} held-out tickets`,
        [
          "system",
          "both labels right",
          "category",
          "priority",
          "valid JSON labels",
          "prompt size (characters)",
          "time per ticket",
          "up-front cost",
        ],
        b.systems.map((x) => [
          x.system,
          pct(x.accuracy),
          pct(x.category_accuracy),
          pct(x.priority_accuracy),
          pct(x.valid_format),
          x.prompt_chars,
          `${x.ms_per_item.toFixed(2)} ms`,
          `${Math.round(x.setup_ms)} ms`,
        ]),
        [false, true, true, true, true, true, true, true],
      ),
      table(
        "Experiment 2: learning curve",
        ["training tickets", "fine-tuned", "RAG over labelled examples"],
        b.curve.map((x) => [x.examples, pct(x["fine-tuned"]), pct(x["RAG over labelled examples"])]),
        [true, true, true],
      ),
      table(
        `Experiment 3: ${both.questions} tickets that need a fact and the labels`,
        ["system", "valid labels", "labels right", "answer current", "source given", "all right"],
        both.systems.map((x) => [
          x.system,
          pct(x.valid_format),
          pct(x.labels_right),
          pct(x.answer_current),
          pct(x.source_given),
          pct(x.all_right),
        ]),
        [false, true, true, true, true, true],
      ),
    ];
    output.replaceChildren(...nodes);
  }

  function readInt(input, low, high, name) {
    const value = Number(input.value);
    if (!Number.isInteger(value) || value < low || value > high) {
      throw new Error(`${name} must be a whole number from ${low} to ${high}.`);
    }
    return value;
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    const trainSize = root.querySelector("#ft-train-size");
    const epochs = root.querySelector("#ft-epochs");
    const button = root.querySelector("button[type=submit]");
    const status = root.querySelector(".demo-status");
    const output = root.querySelector(".demo-output");
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
      let kwargs;
      try {
        kwargs = {
          train_size: readInt(trainSize, 10, 480, "Fine-tuning examples"),
          epochs: readInt(epochs, 1, 50, "Epochs"),
          changed: Array.from(root.querySelectorAll("input[name=changed]:checked"), (c) => c.value),
        };
      } catch (error) {
        output.replaceChildren(el("p", "demo-error", error.message));
        return;
      }
      busy = true;
      button.setAttribute("aria-disabled", "true");
      output.setAttribute("aria-busy", "true");
      output.replaceChildren(el("p", "demo-note", "Running the three experiments…"));
      const start = performance.now();
      try {
        const result = await bridge.call("compare", "run_all", kwargs);
        render(output, result, performance.now() - start);
      } catch (error) {
        const message = String(error.message || error);
        const text = message.startsWith("ValueError: ") ? message.slice(12) : message;
        output.replaceChildren(el("p", "demo-error", text));
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
