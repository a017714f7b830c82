// "Copy the snippets" (docs/reference/snippets.md): each "The whole file" box holds a
// link to the raw file the site serves; when the box is first opened the file is
// fetched and shown there as text, with a copy button. The page's first load carries
// no source code (it weighed 200 KB with every file inline), and without JavaScript
// the link still opens the file.
(() => {
  "use strict";
  let count = 0;

  async function show(box, link) {
    box.dataset.loaded = "";
    const note = document.createElement("p");
    note.textContent = "Loading the file…";
    link.parentElement.after(note);
    try {
      const response = await fetch(link.href);
      if (!response.ok) throw new Error(`the site answered ${response.status}`);
      const text = await response.text();
      const id = `snippet-source-${++count}`;
      const wrap = document.createElement("div");
      wrap.className = "highlight snippet-source";
      const pre = document.createElement("pre");
      pre.id = id;
      const copy = document.createElement("button");
      copy.className = "md-clipboard md-icon";
      copy.title = "Copy to clipboard";
      copy.setAttribute("aria-label", `Copy ${link.dataset.snippetSource} to the clipboard`);
      copy.dataset.clipboardTarget = `#${id} > code`; // Material's clipboard handles it
      const code = document.createElement("code");
      code.textContent = text;
      pre.append(copy, code);
      wrap.append(pre);
      note.replaceWith(wrap);
    } catch (error) {
      note.textContent = `The file could not be loaded here (${error.message}): open it with the link above.`;
      delete box.dataset.loaded;
    }
  }

  document.addEventListener(
    "toggle",
    (event) => {
      const box = event.target;
      if (!(box instanceof HTMLDetailsElement) || !box.open || "loaded" in box.dataset) return;
      const link = box.querySelector("a[data-snippet-source]");
      if (link) show(box, link);
    },
    true, // toggle does not bubble
  );
})();
