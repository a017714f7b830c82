// The RAG playground (docs/demos/rag.md): sends the form to snippets.demos.rag.ask
// through pyBridge (py-bridge.js) and shows the HTML it returns, which Python
// rendered and escaped with the same function as the build-time answer.
(function () {
  "use strict";

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The result's HTML comes from snippets.demos.rag.render (escaped there), the
  // same renderer that wrote the build-time answer on the page.
  function renderResult(output, html, extraTiming) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const timing = template.content.querySelector(".rag-timing");
    if (timing) timing.append(extraTiming);
    output.replaceChildren(template.content);
  }

  function renderError(output, message) {
    // ValueError messages from snippets.demos.rag are written for the reader; other
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
      return { question: question.value, group: group.value, documents, ranking: ranking.value };
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
        const result = await bridge.call("demos.rag", "ask", readForm(), {
          label: "the RAG playground",
          onWait: (message) => {
            if (!message) return; // the bridge shows its status again when this call starts
            status.dataset.state = "waiting";
            status.textContent = message;
          },
        });
        const total = performance.now() - start;
        renderResult(output, result.html, ` ${Math.round(total)} ms from Ask to answer.`);
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
