// The in-browser rerun of docs/finetune.md, on the demo kit (demo-kit.js): sends the
// form's settings to snippets.demos.finetune.rerun through pyBridge and shows the
// HTML it returns: the same renderer, tables, intervals and charts as the build-time
// page (Python escapes every value). The limits come from the form's own min/max
// attributes, which Python wrote; Python checks again.
(() => {
  "use strict";
  const kit = window.demoKit;

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

  function setup(root) {
    const status = root.querySelector(".demo-status");
    const output = root.querySelector(".demo-output");
    const fields = Array.from(root.querySelectorAll("input[type=number]"));
    const example = status.textContent;
    const bridge = kit.bridge(root, status, "The Python bridge did not load: the tables above are the build-time ones.");
    if (!bridge) return;
    let busy = false;
    let latest = 0; // a reset makes the run in flight stale: its result is dropped

    root.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      const problem = fields.map(checkField).find((text) => text !== null);
      if (problem) {
        kit.showError(output, problem);
        return;
      }
      const kwargs = {
        changed: Array.from(root.querySelectorAll("input[name=changed]:checked"), (c) => c.value),
      };
      for (const input of fields) kwargs[input.name] = input.value.trim();
      const mine = ++latest;
      busy = true;
      kit.setBusy(root, true);
      output.replaceChildren(kit.el("p", "demo-note", "Running the three experiments…"));
      try {
        const result = await bridge.call("demos.finetune", "rerun", kwargs);
        if (mine === latest) kit.showResult(output, result.html);
      } catch (error) {
        if (mine === latest) kit.showError(output, error);
      } finally {
        busy = false;
        kit.setBusy(root, false);
      }
    });

    // "Reset to the example": the page's settings, and the tables above are the result.
    root.addEventListener("reset", () => {
      latest += 1;
      output.replaceChildren();
      delete output.dataset.updated;
      kit.setStatus(status, "idle", example);
    });
  }

  kit.onPage("[data-demo=finetune]", setup);
})();
