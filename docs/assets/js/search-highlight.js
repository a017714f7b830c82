// Keeps Material's search highlighting (theme feature search.highlight) out of form
// fields, on every page.
//
// After a reader opens a search result, the page's address carries ?h=word and
// Material wraps each match in <mark> inside every visible text node of the page.
// The text of a <textarea> is such a node, and it is the field's default value:
// once part of it sits inside a <mark> element, the browser leaves that part out
// of the field (a textarea's value is its child text, not its descendants' text),
// so the word vanishes from the field, and "Reset" restores the damaged default.
//
// A MutationObserver puts each such field's text back as one plain text node in
// the same task, before the page is painted. textContent still holds the marked
// words, so the field's default value, and its value until the reader edits it,
// is again exactly the text the page was built with. The prose keeps its marks.
(() => {
  "use strict";
  if (window.__searchHighlightGuard) return; // instant navigation keeps this page alive
  window.__searchHighlightGuard = true;

  // The field's text, written back as one text node: the <mark> elements go.
  function unmark(field) {
    if (!field.firstElementChild) return;
    const text = field.textContent;
    field.textContent = text;
  }

  function fieldOf(node) {
    if (!(node instanceof Element)) return null;
    return node.nodeName === "TEXTAREA" ? node : node.closest("textarea");
  }

  const fields = document.getElementsByTagName("textarea"); // live: the current page's
  new MutationObserver((records) => {
    if (fields.length === 0) return; // most pages have no field: nothing to look at
    for (const record of records) {
      const field = fieldOf(record.target);
      if (field) unmark(field);
    }
  }).observe(document.body, { childList: true, subtree: true });
  for (const field of document.querySelectorAll("textarea")) unmark(field);
})();
