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
// - Tables a demo writes later get the same treatment: Material's scrolling wrapper
//   is added (Material wraps only the tables present when a page is shown), and the
//   layout is rechecked after every change to the page's content and on resize.
(() => {
  "use strict";
  const NARROW = window.matchMedia("(max-width: 44.9375em)");
  const SELECTOR = "article table:not([class])";

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

  function label(table) {
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

  function cue(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      const end = box.scrollLeft + box.clientWidth >= box.scrollWidth - 1;
      box.dataset.rfScrolls = box.scrollLeft <= 0 ? "start" : end ? "end" : "middle";
    } else {
      box.removeAttribute("tabindex");
      delete box.dataset.rfScrolls;
    }
  }

  function layout() {
    const tables = Array.from(document.querySelectorAll(SELECTOR));
    tables.forEach(wrap);
    const stackable = tables.filter(label);
    // Read every width with no table stacked, then write, so the page lays out twice.
    for (const table of stackable) delete table.dataset.rfStack;
    const wide = NARROW.matches
      ? stackable.filter((table) => {
          const box = table.closest(".md-typeset__scrollwrap");
          return table.getBoundingClientRect().width > box.clientWidth + 1;
        })
      : [];
    for (const table of wide) table.dataset.rfStack = "";
    for (const box of document.querySelectorAll("article .md-typeset__scrollwrap")) {
      // A table that fitted while measured but scrolls now is stacked too.
      const table = box.querySelector("table[role=table]:not([data-rf-stack])");
      if (NARROW.matches && table && box.scrollWidth > box.clientWidth + 1) table.dataset.rfStack = "";
      cue(box);
    }
  }

  let pending = 0;
  function schedule() {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(layout);
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
  if (typeof document$ !== "undefined") document$.subscribe(layout);
  else layout();
})();
