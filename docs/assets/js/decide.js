/* The interactive quick test on docs/decide/index.md.
 *
 * It walks the decision table (snippets/data/decide.json) that
 * snippets/demos/decide.py wrote at build time into the quiz's data-table
 * attribute, so the quiz, the flowchart and diagnose() share one source. (Not a <script type="application/json">:
 * Material's instant navigation re-creates inline scripts without their type
 * and would run the JSON as JavaScript.) One question at a time, Back and
 * Start again, and the answers live in the URL (?answers=q1:a1,q2:a2) so a
 * result can be shared. Text is set with textContent only. Tiny and inert on
 * every other page: it returns at once when the page has no quiz.
 */
(() => {
  "use strict";

  const kit = window.demoKit; // the element helper and the page wiring (demo-kit.js)
  const el = kit.el;

  function button(label, attrs, onClick) {
    const b = el("button", Object.assign({ type: "button" }, attrs), label);
    b.addEventListener("click", onClick);
    return b;
  }

  /* Characters a reader cannot see or that reorder text (controls, zero-width and
     bidirectional marks, separators other than the space, private or unassigned). */
  const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/u;
  const MAX_ANSWERS = 500; /* longer than any path through the table */

  const codeOf = (ch) => `U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

  /* Text from the address, safe to show: at most 40 characters, and every
     invisible character written out as <U+200B>, so a message never names what
     only looks like a valid id. */
  function shown(text) {
    const chars = Array.from(text);
    const head = chars.slice(0, 40).map((ch) => (INVISIBLE.test(ch) ? `<${codeOf(ch)}>` : ch));
    return `"${head.join("")}${chars.length > 40 ? "…" : ""}"`;
  }

  /* Read ?answers= and check it against the table, as diagnose() does; a path
     may stop early (the quiz resumes there). Returns {path, error}. */
  function parseAnswers(table, text) {
    if (text.length > MAX_ANSWERS) {
      return { path: [], error: `the answers are ${text.length.toLocaleString("en-US")} characters long, more than any path needs` };
    }
    const hidden = Array.from(text).find((ch) => INVISIBLE.test(ch));
    if (hidden) {
      return { path: [], error: `${shown(text)} contains an invisible character (${codeOf(hidden)})` };
    }
    const answers = new Map();
    for (const part of text.split(",").filter(Boolean)) {
      const i = part.indexOf(":");
      if (i <= 0 || i === part.length - 1) return { path: [], error: `${shown(part)} is not of the form question:answer` };
      const q = part.slice(0, i);
      if (answers.has(q)) return { path: [], error: `question ${shown(q)} is answered twice` };
      answers.set(q, part.slice(i + 1));
    }
    for (const q of answers.keys()) {
      if (!Object.hasOwn(table.questions, q)) return { path: [], error: `unknown question ${shown(q)}` };
    }
    const path = [];
    let node = table.start;
    while (Object.hasOwn(table.questions, node) && answers.has(node)) {
      const a = answers.get(node);
      const choice = table.questions[node].choices.find((c) => c.id === a);
      if (!choice) return { path: [], error: `${shown(a)} is not an answer to "${node}"` };
      path.push([node, a]);
      node = choice.next;
    }
    const walked = new Set(path.map(([q]) => q));
    const stray = [...answers.keys()].filter((q) => !walked.has(q));
    if (stray.length) return { path: [], error: `question ${shown(stray[0])} is not on the path of the other answers` };
    return { path, error: null };
  }

  /* The name of one "name=value" part of a query string, decoded. */
  function paramName(part) {
    const raw = part.split("=", 1)[0].replace(/\+/g, " ");
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }

  function setup(root) {
    if (!root.dataset.table) return;
    let table;
    try {
      table = JSON.parse(root.dataset.table);
    } catch {
      return; /* the first question drawn at build time stays, with the flowchart below */
    }

    /* Replaces the first question drawn at build time (same markup, same size). */
    const app = el("div", { class: "decide-app" });
    const notice = el("p", { class: "decide-notice", role: "alert", hidden: "" });
    const live = el("p", { class: "decide-live", "aria-live": "polite" });
    const stage = el("div", { class: "decide-stage" });
    app.append(notice, stage, live);
    root.replaceChildren(app);

    let path = [];

    function nextNode() {
      let node = table.start;
      for (const [q, a] of path) node = table.questions[q].choices.find((c) => c.id === a).next;
      return node;
    }

    function query() {
      return path.map(([q, a]) => `${q}:${a}`).join(",");
    }

    function syncUrl() {
      const url = new URL(window.location.href);
      if (!path.length && !url.searchParams.has("answers")) return url.href;
      /* Every other parameter stays exactly as it was; the answers keep their
         readable "q:a,q:a" form (the ids are the table's own, safe in a URL). */
      const others = url.search.slice(1).split("&").filter((part) => part && paramName(part) !== "answers");
      if (path.length) others.push(`answers=${query()}`);
      url.search = others.join("&");
      url.hash = "quick-test";
      window.history.replaceState(window.history.state, "", url.href);
      return url.href;
    }

    function controls() {
      const nav = el("div", { class: "decide-controls" });
      const back = button("Back", { "data-action": "back" }, () => {
        path.pop();
        render(true);
      });
      const restart = button("Start again", { "data-action": "restart" }, () => {
        path = [];
        notice.hidden = true;
        render(true);
      });
      if (!path.length) {
        back.disabled = true;
        restart.disabled = true;
      }
      nav.append(back, restart);
      return nav;
    }

    function sectionLink(section, prefix) {
      const p = el("p", { class: "decide-read" }, prefix);
      p.append(el("a", { href: section.href }, section.title));
      return p;
    }

    function renderQuestion(id) {
      const q = table.questions[id];
      const box = el("section", { class: "decide-step", "data-question": id, "aria-labelledby": "decide-q-title" });
      box.append(el("p", { class: "decide-progress" }, `Question ${path.length + 1}`));
      const title = el("h3", { id: "decide-q-title", class: "decide-title", tabindex: "-1" }, q.text);
      box.append(title, el("p", { class: "decide-help" }, q.help), sectionLink(q.section, "Explained in: "));
      const choices = el("div", { class: "decide-choices", role: "group", "aria-labelledby": "decide-q-title" });
      for (const c of q.choices) {
        choices.append(
          button(c.label, { class: "decide-choice", "data-choice": c.id }, () => {
            path.push([id, c.id]);
            render(true);
          }),
        );
      }
      box.append(choices, controls());
      live.textContent = `Question ${path.length + 1}: ${q.text}`;
      return { box, title };
    }

    function renderResult(id) {
      const o = table.outcomes[id];
      const box = el("section", { class: `decide-step decide-result decide-kind--${o.kind}`, "data-outcome": id, "aria-labelledby": "decide-q-title" });
      box.append(el("p", { class: "decide-progress" }, `Result after ${path.length} answers`));
      const title = el("h3", { id: "decide-q-title", class: "decide-title", tabindex: "-1" }, o.title);
      box.append(title, el("p", { class: "decide-summary" }, o.summary), sectionLink(o.section, "Read: "));
      if (o.sources.length) {
        const based = el("p", { class: "decide-based" }, "Based on: ");
        o.sources.forEach((s, i) => {
          based.append(i ? ", " : "", el("a", { href: s.href }, s.title));
        });
        box.append(based);
      }

      box.append(el("h4", {}, "Why"));
      const why = el("ol", { class: "decide-reasons" });
      for (const [q, a] of path) {
        const question = table.questions[q];
        const choice = question.choices.find((c) => c.id === a);
        const li = el("li", {}, `${choice.reason} `);
        li.append(el("a", { href: question.section.href }, question.section.title));
        why.append(li);
      }
      box.append(why, el("h4", {}, "Next steps"));
      const steps = el("ol", { class: "decide-steps" });
      for (const s of o.next_steps) steps.append(el("li", {}, s));
      box.append(steps, el("h4", {}, "Your answers"));
      const given = el("dl", { class: "decide-answers" });
      for (const [q, a] of path) {
        const question = table.questions[q];
        given.append(el("dt", {}, question.text), el("dd", {}, question.choices.find((c) => c.id === a).label));
      }
      box.append(given);
      const share = el("p", { class: "decide-share" }, "Link to this result: ");
      share.append(el("a", { href: syncUrl(), "data-share": "" }, "copy or bookmark this address"));
      box.append(share, controls());
      live.textContent = `Result: ${o.title}`;
      return { box, title };
    }

    function render(moveFocus) {
      const node = nextNode();
      const { box, title } = Object.hasOwn(table.outcomes, node) ? renderResult(node) : renderQuestion(node);
      stage.replaceChildren(box);
      if (moveFocus) notice.hidden = true; /* the reader has moved on from a bad link */
      syncUrl();
      root.dataset.state = query();
      if (moveFocus) title.focus();
    }

    const given = new URLSearchParams(window.location.search).getAll("answers");
    const parsed = given.length > 1
      ? { path: [], error: `the link holds ${given.length} sets of answers` }
      : parseAnswers(table, given[0] || "");
    if (parsed.error) {
      notice.textContent = `The answers in this link do not fit the quick test (${parsed.error}). A link made before the questions changed, or cut short, does this. The test starts again from the first question.`;
      notice.hidden = false;
    }
    path = parsed.path;
    render(false);
  }

  /* The kit runs setup as soon as the quiz's container is parsed (before the first
     paint when it can, so the content below does not jump) and again after each
     instant navigation; it marks the container ready (data-ready), so nothing runs
     twice on it. */
  kit.onPage('[data-demo="decide"]', setup);
})();
