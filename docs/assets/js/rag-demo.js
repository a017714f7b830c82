// The RAG playground (docs/demos/rag.md): sends the form to
// snippets.rag.playground_ask through pyBridge (py-bridge.js) and shows the result.
// Everything the reader typed is written with textContent, never as HTML.
// The markup it writes mirrors the build-time output of the page's Python block.
(function () {
  "use strict";

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function filteredText(n) {
    if (n === 0) return "No document was filtered out: this user may read all of them.";
    if (n === 1) return "1 document was filtered out before ranking: this user may not read it.";
    return `${n} documents were filtered out before ranking: this user may not read them.`;
  }

  function renderResult(output, result, where, extraTiming) {
    const nodes = [el("p", "rag-meta demo-note", where)];
    const answer = el("p", result.grounded ? "rag-answer" : "rag-answer rag-answer--none");
    answer.append(el("strong", "", "Answer:"), " ", el("span", "", result.answer));
    nodes.push(answer, el("p", "rag-filtered", filteredText(result.filtered_out)));
    if (result.citations.length) {
      const list = el("ol", "rag-citations");
      for (const c of result.citations) {
        const meta = c.section ? [c.section] : [];
        meta.push(`score ${Number(c.score).toFixed(4)}`, c.source);
        const item = el("li");
        item.append(
          el("span", "rag-cite-title", c.title),
          el("span", "rag-cite-meta", ` · ${meta.join(" · ")}`),
          el("span", "rag-cite-passage", c.passage),
        );
        list.append(item);
      }
      nodes.push(list);
    } else {
      nodes.push(
        el(
          "p",
          "rag-citations-none",
          "No citations: no passage this user may read scored above the relevance threshold.",
        ),
      );
    }
    const t = result.timing;
    nodes.push(
      el(
        "p",
        "rag-timing demo-note",
        `Index built in ${t.index_ms.toFixed(2)} ms, question answered in ` +
          `${t.ask_ms.toFixed(2)} ms.${extraTiming}`,
      ),
    );
    output.replaceChildren(...nodes);
  }

  function renderError(output, message) {
    // ValueError messages from playground_ask are written for the reader; other
    // exception types keep their name so a bug report can quote it.
    const text = message.startsWith("ValueError: ") ? message.slice(12) : message;
    output.replaceChildren(el("p", "demo-error", text));
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    const question = root.querySelector("#rag-question");
    const group = root.querySelector("#rag-group");
    const ranking = root.querySelector("#rag-ranking");
    const button = root.querySelector("button[type=submit]");
    const status = root.querySelector(".demo-status");
    const output = root.querySelector(".demo-output");
    const bridge = window.pyBridge;
    let busy = false;

    if (!bridge) {
      status.dataset.state = "error";
      status.textContent = "The Python bridge did not load: the answer above is the build-time one.";
      return;
    }

    bridge.attach(root, status);

    // What the form holds, checked before anything is sent. A problem throws an
    // Error whose message names the field and says what to do.
    function readForm() {
      const documents = Array.from(root.querySelectorAll("textarea[data-document]"), (area) => {
        const label = root.querySelector(`label[for="${area.id}"]`);
        const name = label ? label.textContent : area.id;
        let meta;
        try {
          meta = JSON.parse(area.dataset.document);
        } catch {
          throw new Error(`The document "${name}" lost its settings on this page: reload the page.`);
        }
        return { ...meta, text: area.value };
      });
      const chosen = (select, field) => {
        const option = select.options[select.selectedIndex];
        if (!option) throw new Error(`${field}: choose one of the options.`);
        return option.text;
      };
      return {
        kwargs: { question: question.value, group: group.value, documents, ranking: ranking.value },
        groupLabel: chosen(group, "Group of the user asking"),
        rankingLabel: chosen(ranking, "Ranking"),
      };
    }

    root.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      busy = true;
      button.setAttribute("aria-disabled", "true"); // stays focusable
      output.setAttribute("aria-busy", "true");
      const start = performance.now();
      // Everything that can throw is inside the try, so the finally always makes
      // the demo usable again.
      try {
        const form = readForm();
        const result = await bridge.call("rag", "playground_ask", form.kwargs, {
          label: "the RAG playground",
          onWait: (message) => {
            if (!message) return; // the bridge shows its status again when this call starts
            status.dataset.state = "waiting";
            status.textContent = message;
          },
        });
        const total = performance.now() - start;
        renderResult(
          output,
          result,
          `Computed in your browser, asking as ${form.groupLabel}, ranked by ${form.rankingLabel}.`,
          ` ${Math.round(total)} ms from Ask to answer.`,
        );
      } catch (error) {
        renderError(output, String((error && error.message) || error));
      } finally {
        busy = false;
        button.removeAttribute("aria-disabled");
        output.removeAttribute("aria-busy");
      }
    });

    // Enter in the question field submits (a form with one text input does this
    // natively; this keeps it so if more inputs are added).
    question.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        root.requestSubmit();
      }
    });
  }

  function init() {
    const root = document.querySelector("[data-demo=rag]");
    if (root) setup(root);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(init); // Material: runs on first load and after instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
