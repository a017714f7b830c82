// The RAG playground (docs/demos/rag.md), on the demo kit (demo-kit.js): sends the
// form to snippets.demos.rag.ask through pyBridge and shows the HTML it returns,
// which Python rendered and escaped with the same function as the build-time answer.
// The presets beside the form fill it in and run it in one tap; on a phone the
// documents start folded away, below the answer.
(() => {
  "use strict";
  const kit = window.demoKit;
  const NARROW = window.matchMedia("(max-width: 44.9375em)");

  function setup(root) {
    const question = root.querySelector("#rag-question");
    const group = root.querySelector("#rag-group");
    const ranking = root.querySelector("#rag-ranking");
    const status = root.querySelector(".demo-status");
    const output = root.querySelector(".demo-output");
    const documents = root.querySelector(".rag-documents");
    if (documents && NARROW.matches) documents.open = false;
    const bridge = kit.bridge(root, status, "The Python bridge did not load: the answer above is the build-time one.");
    if (!bridge) return;
    let busy = false;

    // What the form holds, checked before anything is sent. A problem throws an
    // Error whose message names the field and says what to do.
    function readForm() {
      const docs = Array.from(root.querySelectorAll("textarea[data-document]"), (area) => {
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
      return { question: question.value, group: group.value, documents: docs, ranking: ranking.value };
    }

    root.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      busy = true;
      kit.setBusy(root, true);
      const start = performance.now();
      // Everything that can throw is inside the try, so the finally always makes
      // the demo usable again.
      try {
        const result = await bridge.call("demos.rag", "ask", readForm(), {
          label: "the RAG playground",
          onWait: (message) => {
            if (message) kit.setStatus(status, "waiting", message); // the bridge takes over when it starts
          },
        });
        const template = document.createElement("template");
        template.innerHTML = result.html; // escaped by snippets.demos.rag.render
        const timing = template.content.querySelector(".rag-timing");
        if (timing) timing.append(` ${Math.round(performance.now() - start)} ms from Run to answer.`);
        kit.showNodes(output, [template.content]);
      } catch (error) {
        kit.showError(output, error);
      } finally {
        busy = false;
        kit.setBusy(root, false);
      }
    });

    // A preset sets the fields it names (the others keep what the reader chose) and runs.
    root.addEventListener("click", (event) => {
      const preset = event.target.closest("[data-preset]");
      if (!preset || busy) return;
      let values;
      try {
        values = JSON.parse(preset.dataset.preset);
      } catch {
        kit.showError(output, "This suggestion lost its settings on this page: reload the page.");
        return;
      }
      if (typeof values.question === "string") question.value = values.question;
      if (typeof values.group === "string") group.value = values.group;
      if (typeof values.ranking === "string") ranking.value = values.ranking;
      root.requestSubmit();
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

  kit.onPage("[data-demo=rag]", setup);
})();
