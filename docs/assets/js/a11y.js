// Keyboard access to tables that scroll sideways (axe-core: scrollable-region-focusable).
// Material wraps every table in .md-typeset__scrollwrap when a page is shown; a wide
// table then scrolls inside it, and a keyboard reader can scroll it only if the wrapper
// can take focus. Material does this itself for code blocks, not for tables. Only
// wrappers that do scroll become tab stops, rechecked when the window is resized.
(() => {
  const mark = () => {
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
      if (wrap.scrollWidth > wrap.clientWidth) wrap.setAttribute("tabindex", "0");
      else wrap.removeAttribute("tabindex");
    }
  };
  let pending = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(mark);
  });
  document$.subscribe(mark);
})();
