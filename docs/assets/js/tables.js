// Data tables on every screen (docs/assets/css/layout.css draws what this marks).
//
// - Every cell of a table with a header row gets data-label, its column's name.
// - On a narrow screen (Material's phone breakpoint, under 45em), a table wider than
//   its box is shown stacked: one card per row, each value under its column's name
//   (data-rf-stack on the table). The roles of a table are set on its parts, because
//   a stacked table is drawn as blocks and would otherwise lose them.
// - A table that still scrolls sideways (wider screens, a table without a header row)
//   shows a cue saying so and takes keyboard focus (axe-core:
//   scrollable-region-focusable); data-rf-scrolls says which end is reached.
// - A code block that scrolls sideways takes keyboard focus from the start. Material
//   gives it its tab stop (on screens with hover, as here) when it sets the block up,
//   and with the content.lazy feature (mkdocs.yml) that waits until the block is first
//   on screen, so Tab would skip the blocks further down (axe-core:
//   scrollable-region-focusable). They are all measured in one pass here.
// - Tables a demo writes later get the same treatment: Material's scrolling wrapper
//   is added (Material wraps only the tables present when a page is shown), and the
//   layout is rechecked after every change to the page's content and on resize.
(() => {
  "use strict";
  const NARROW = window.matchMedia("(max-width: 44.9375em)");
  const SELECTOR = "article table:not([class])";
  const HOVER = window.matchMedia("(hover)");

  function headerNames(table) {
    const head = table.tHead?.rows[table.tHead.rows.length - 1];
    if (!head) return null;
    const names = [];
    for (const cell of head.cells) {
      const name = cell.textContent.replace(/\s+/g, " ").trim();
      for (let n = 0; n < (cell.colSpan || 1); n++) names.push(name);
    }
    return names;
  }

  // A table whose every body cell already has its role was labelled before: its
  // attributes are left alone (a write, even of the same value, costs a restyle).
  function labelled(table) {
    return table.getAttribute("role") === "table" && !table.querySelector("tbody :is(td, th):not([role])");
  }

  function label(table) {
    if (labelled(table)) return true;
    const names = headerNames(table);
    if (!names) return false;
    table.setAttribute("role", "table");
    for (const part of [table.tHead, ...table.tBodies]) part.setAttribute("role", "rowgroup");
    for (const cell of table.tHead.querySelectorAll("th")) cell.setAttribute("role", "columnheader");
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        row.setAttribute("role", "row");
        let column = 0;
        for (const cell of row.cells) {
          const name = names[column] || "";
          if (name) cell.dataset.label = name;
          else delete cell.dataset.label;
          if (column === 0) cell.dataset.rfFirst = "";
          cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
          column += cell.colSpan || 1;
        }
      }
    }
    for (const row of table.tHead.rows) row.setAttribute("role", "row");
    return true;
  }

  function wrap(table) {
    if (table.closest(".md-typeset__scrollwrap")) return;
    const outer = document.createElement("div");
    outer.className = "md-typeset__scrollwrap";
    const inner = document.createElement("div");
    inner.className = "md-typeset__table";
    table.replaceWith(outer);
    inner.append(table);
    outer.append(inner);
  }

  // What a box's cue should say: null when the box does not scroll. Reads only.
  function scrollState(box) {
    if (box.scrollWidth <= box.clientWidth + 1) return null;
    const end = box.scrollLeft + box.clientWidth >= box.scrollWidth - 1;
    return box.scrollLeft <= 0 ? "start" : end ? "end" : "middle";
  }

  // Writes only, and only what changed.
  function setCue(box, state) {
    if (state === null) {
      if (box.hasAttribute("tabindex")) box.removeAttribute("tabindex");
      if ("rfScrolls" in box.dataset) delete box.dataset.rfScrolls;
    } else {
      if (box.getAttribute("tabindex") !== "0") box.setAttribute("tabindex", "0");
      if (box.dataset.rfScrolls !== state) box.dataset.rfScrolls = state;
    }
  }

  function cue(box) {
    setCue(box, scrollState(box));
  }

  // A stacked table, and the width of its box when it was found too wide for it: while
  // that width holds it stays stacked without being measured again.
  const stackedAt = new WeakMap();
  const boxOf = (table) => table.closest(".md-typeset__scrollwrap");

  // All reads of a pass come before its writes, so the page is laid out once per
  // phase instead of once per table.
  function layout() {
    if (pending) cancelAnimationFrame(pending);
    pending = 0;
    const tables = Array.from(document.querySelectorAll(SELECTOR));
    tables.forEach(wrap);
    const stackable = tables.filter(label);
    const narrow = NARROW.matches;
    const settled = (table) =>
      narrow && "rfStack" in table.dataset && stackedAt.get(table) === boxOf(table).clientWidth;
    const measure = stackable.filter((table) => !settled(table));
    // Measure those tables unstacked: a table that fits now is shown as a table.
    for (const table of measure) if ("rfStack" in table.dataset) delete table.dataset.rfStack;
    const wide = narrow
      ? measure
          .map((table) => [table, boxOf(table).clientWidth])
          .filter(([table, width]) => table.getBoundingClientRect().width > width + 1)
      : [];
    for (const [table, width] of wide) {
      table.dataset.rfStack = "";
      stackedAt.set(table, width);
    }
    const boxes = Array.from(document.querySelectorAll("article .md-typeset__scrollwrap"));
    const codes = HOVER.matches
      ? Array.from(document.querySelectorAll("article pre > code:not([tabindex])")).filter(
          (code) => code.scrollWidth > code.clientWidth + 1,
        )
      : [];
    const states = boxes.map((box) => {
      const table = box.querySelector("table[role=table]:not([data-rf-stack])");
      const state = scrollState(box);
      // A table that fitted while measured but scrolls now is stacked too.
      if (narrow && table && state !== null) return { table, width: box.clientWidth, state: null };
      return { table: null, state };
    });
    boxes.forEach((box, i) => {
      const { table, width, state } = states[i];
      if (table) {
        table.dataset.rfStack = "";
        stackedAt.set(table, width);
      }
      setCue(box, state);
    });
    for (const code of codes) code.setAttribute("tabindex", "0");
  }

  // One pass per frame, in a task of its own: on a page load it runs after Material's
  // set-up rather than inside it (Lighthouse counts each long task's excess over 50 ms).
  let pending = 0;
  function schedule() {
    if (!pending) pending = requestAnimationFrame(layout);
  }

  // Scrolling moves the cue from one end to the other.
  document.addEventListener(
    "scroll",
    (event) => {
      const box = event.target;
      if (box instanceof Element && box.matches(".md-typeset__scrollwrap")) cue(box);
    },
    { capture: true, passive: true },
  );
  window.addEventListener("resize", schedule);
  window.addEventListener("load", schedule); // widths settle once fonts and images are in
  // Demos write tables into the page; only changes that bring a table are looked at.
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === 1 && (node.tagName === "TABLE" || node.querySelector("table"))) {
          schedule();
          return;
        }
      }
    }
  }).observe(document.body, { childList: true, subtree: true });

  window.rfTables = Object.freeze({ layout });
  if (typeof document$ !== "undefined") document$.subscribe(schedule);
  else schedule();
})();
