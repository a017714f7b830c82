// "Check your own documents" (docs/demos/check-your-documents.md).
//
// Collects the files the reader chose, dropped or pasted, and runs the retrieval check in
// Python (snippets/demos/check.py) through pyBridge, one step per call: start, plan
// (which files to read), add_files in batches of about 1 MB, add_questions,
// check_questions in batches, finish. Between two calls the page shows progress and can
// stop (Cancel): the worker runs one call at a time, so nothing is lost but the batch in
// flight. Nothing is sent over the network: the files go from the browser's file API to
// the worker of this page, and downloads are made from memory (Blob URLs).
//
// Every text from the reader's files reaches the page either through textContent here
// or inside the HTML of the one renderer, snippets.demos.check_render.render, which escapes it.
// The page wiring, status line, busy state, errors and result card are the demo kit's
// (demo-kit.js).
(() => {
  "use strict";
  const kit = window.demoKit;
  const el = kit.el;

  const MODULE = "demos.check";
  const BATCH_BYTES = 1000000; // base64 of about 1 MB of files per call
  const BATCH_FILES = 200;
  const QUESTION_BATCH = 20;
  const PASTED_NAME = "pasted text.md";

  function sizeText(bytes) {
    if (bytes < 1000) return `${bytes} bytes`;
    if (bytes < 1e6) return `${(bytes / 1e3).toFixed(0)} KB`;
    return `${(bytes / 1e6).toFixed(1)} MB`;
  }

  function readBase64(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => {
        const url = String(reader.result);
        resolve(url.slice(url.indexOf(",") + 1));
      };
      reader.onerror = () => reject(new Error(`${file.name}: the browser could not read it`));
      reader.readAsDataURL(file);
    });
  }

  function textBase64(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = "";
    for (let start = 0; start < bytes.length; start += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(start, start + 0x8000));
    }
    return btoa(binary);
  }

  // A drop's folders, walked recursively. The entries must be taken during the drop
  // event itself; walking them may take longer.
  function dropEntries(dataTransfer) {
    const entries = [];
    const loose = [];
    for (const item of Array.from(dataTransfer.items || [])) {
      if (item.kind !== "file") continue;
      const entry = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
      if (entry) entries.push(entry);
      else if (item.getAsFile()) loose.push(item.getAsFile());
    }
    if (!entries.length && !loose.length) loose.push(...Array.from(dataTransfer.files || []));
    return { entries, loose };
  }

  async function walk(entry, found) {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      found.push({ file, name: entry.fullPath.replace(/^\/+/, "") || file.name });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (!batch.length) break;
        for (const child of batch) await walk(child, found);
      }
    }
  }

  function sortTable(table, key, button) {
    const th = button.closest("th");
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    for (const other of table.querySelectorAll("th[aria-sort]")) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const value = (row) => (key === "question" ? row.dataset.question : Number(row.dataset[key]));
    rows.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const order = x < y ? -1 : x > y ? 1 : Number(a.dataset.order) - Number(b.dataset.order);
      return ascending ? order : -order;
    });
    body.append(...rows);
  }

  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = el("a");
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  class Stopped extends Error {}

  function setup(root) {
    const $ = (selector) => root.querySelector(selector);
    const status = $(".demo-status");
    const output = $(".check-output");
    const progressBox = $(".check-progress");
    const progress = $("#check-progress");
    const chosenNote = $("#check-chosen");
    const cancelButton = $("[data-action=cancel]");
    const downloads = $(".check-downloads");
    let chosen = []; // {file, name}
    let busy = false;
    let stopping = false;
    let last = null; // the latest result, for the downloads

    const bridge = kit.bridge(root, status, "The Python bridge did not load: the result below is the build-time one.");
    if (!bridge) return;

    function showChosen() {
      const bytes = chosen.reduce((total, item) => total + item.file.size, 0);
      const pasted = $("#check-paste").value.trim() ? " Plus the pasted text." : "";
      chosenNote.replaceChildren();
      if (!chosen.length) {
        chosenNote.textContent = `No documents chosen yet.${pasted}`;
        return;
      }
      const clear = el("button", "check-clear", "Clear the list");
      clear.type = "button";
      clear.addEventListener("click", () => {
        chosen = [];
        for (const input of root.querySelectorAll("#check-files, #check-folder")) input.value = "";
        showChosen();
      });
      chosenNote.append(
        `${chosen.length.toLocaleString("en")} file${chosen.length === 1 ? "" : "s"} chosen ` +
          `(${sizeText(bytes)}).${pasted} `,
        clear,
      );
    }

    // Every file is kept, even one named like another: Python reads the second under
    // a new name and says so, so no file is dropped without a message.
    function addFiles(list) {
      chosen.push(...list);
      showChosen();
    }

    $("#check-files").addEventListener("change", (event) => {
      addFiles(Array.from(event.target.files, (file) => ({ file, name: file.name })));
    });
    $("#check-folder").addEventListener("change", (event) => {
      addFiles(
        Array.from(event.target.files, (file) => ({
          file,
          name: file.webkitRelativePath || file.name,
        })),
      );
    });
    $("#check-paste").addEventListener("input", showChosen);

    const drop = $("[data-drop]");
    drop.addEventListener("dragover", (event) => {
      event.preventDefault();
      drop.classList.add("check-drop--over");
    });
    drop.addEventListener("dragleave", () => drop.classList.remove("check-drop--over"));
    drop.addEventListener("drop", async (event) => {
      event.preventDefault();
      drop.classList.remove("check-drop--over");
      const { entries, loose } = dropEntries(event.dataTransfer);
      const found = loose.map((file) => ({ file, name: file.name }));
      try {
        for (const entry of entries) await walk(entry, found);
      } catch (error) {
        showError(`Some dropped files could not be read: ${kit.errorText(error)}`);
      }
      addFiles(found);
    });

    function setProgress(message, done, total) {
      kit.setStatus(status, "loading", message);
      progressBox.hidden = false;
      if (total > 0) {
        progress.max = total;
        progress.value = done;
      } else {
        progress.removeAttribute("value"); // indeterminate while Python starts
      }
    }

    function setBusy(on) {
      busy = on;
      kit.setBusy(root, on);
      cancelButton.hidden = !on;
      progressBox.hidden = !on;
    }

    const showError = (error) => kit.showError(output, error);

    function checkStop() {
      if (stopping) throw new Stopped();
    }

    async function call(func, kwargs) {
      const value = await bridge.call(MODULE, func, kwargs);
      checkStop();
      return value;
    }

    async function readDocuments(session) {
      const items = chosen.slice();
      const pasted = $("#check-paste").value;
      if (pasted.trim()) {
        items.push({ text: pasted, name: PASTED_NAME, size: new Blob([pasted]).size });
      }
      if (!items.length) throw new Error("Choose or drop your documents first, or paste one.");
      const files = items.map((item) => ({ name: item.name, size: item.file ? item.file.size : item.size }));
      const planned = await call("plan", { session, files });
      const total = planned.read.length;
      let batch = [];
      let bytes = 0;
      let done = 0;
      let news = planned;
      const send = async () => {
        news = await call("add_files", { session, files: batch });
        done += batch.length;
        batch = [];
        bytes = 0;
        setProgress(`Reading and indexing: ${done.toLocaleString("en")} of ${total.toLocaleString("en")} files`, done, total);
      };
      for (const { position, name } of planned.read) {
        const item = items[position];
        const data = item.file ? await readBase64(item.file) : textBase64(item.text);
        checkStop();
        batch.push({ name, data });
        bytes += data.length;
        if (bytes >= BATCH_BYTES || batch.length >= BATCH_FILES) await send();
      }
      if (batch.length) await send();
      return news;
    }

    async function readQuestions(session) {
      const file = $("#check-questions-file").files[0];
      if (file) return call("add_questions", { session, name: file.name, data: await readBase64(file) });
      return call("add_questions", {
        session,
        name: "the pasted questions",
        text: $("#check-questions-paste").value,
      });
    }

    async function run(demo) {
      if (busy) return;
      stopping = false;
      setBusy(true);
      downloads.hidden = true;
      const started = performance.now();
      let session = null;
      try {
        setProgress("Starting Python…", 0, 0);
        const opened = await call("start", {
          k: Number($("#check-k").value),
          ranking: $("#check-ranking").value,
        });
        session = opened.session;
        let news;
        if (demo) {
          news = await call("load_demo", { session });
        } else {
          await readDocuments(session);
          news = await readQuestions(session);
        }
        let state = { done: 0, total: news.questions };
        setProgress(`Checking questions: 0 of ${state.total.toLocaleString("en")}`, 0, state.total);
        while (state.done < state.total) {
          state = await call("check_questions", { session, count: QUESTION_BATCH });
          setProgress(
            `Checking questions: ${state.done.toLocaleString("en")} of ${state.total.toLocaleString("en")}`,
            state.done,
            state.total,
          );
        }
        last = await call("finish", { session });
        session = null;
        kit.showResult(output, last.html); // made by the Python renderer, which escapes every text
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        kit.setStatus(
          status,
          "ready",
          `Done in ${seconds} s: ${last.report.documents.toLocaleString("en")} documents, ` +
            `${last.report.questions.toLocaleString("en")} questions. The result is below.`,
        );
        downloads.hidden = false;
        const heading = output.querySelector("#check-summary");
        if (heading) heading.focus();
      } catch (error) {
        if (error instanceof Stopped) {
          kit.setStatus(
            status,
            "ready",
            "Stopped. Nothing was kept; your files are still listed above, so you can start again.",
          );
        } else {
          kit.setStatus(status, "ready", "The check did not run: see the message below.");
          showError(error);
        }
      } finally {
        if (session) bridge.call(MODULE, "cancel", { session }).catch(() => {});
        setBusy(false);
      }
    }

    root.addEventListener("submit", (event) => {
      event.preventDefault();
      run(false);
    });
    $("[data-action=demo]").addEventListener("click", () => run(true));
    cancelButton.addEventListener("click", () => {
      if (!busy) return;
      stopping = true;
      status.textContent = "Stopping after the current step…";
    });
    root.addEventListener("click", (event) => {
      const sort = event.target.closest(".check-sort");
      if (sort) sortTable(sort.closest("table"), sort.dataset.sort, sort);
      const saved = event.target.closest("[data-download]");
      if (saved && last) {
        if (saved.dataset.download === "json") {
          download("retrieval-check.json", "application/json", JSON.stringify(last.report, null, 1));
        } else {
          download("retrieval-check.csv", "text/csv", last.csv);
        }
      }
    });
  }

  kit.onPage("[data-demo=check]", setup);
})();
