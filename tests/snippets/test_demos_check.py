"""snippets/demos/check*.py, the glue of "Check your own documents": the browser's steps
give the command line's report on the same files, bad input gets a message and not a
traceback, the one renderer escapes everything that comes from the reader's files, and
what the page says about the demo company and about CPython's documentation holds."""

from __future__ import annotations

import base64
import html
import json
import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from snippets.demos import check as demo
from snippets.demos import check_form, check_meaning, check_pydoc, check_render
from snippets.intake import read_questions
from snippets.retrieval_check_cli import main, report_csv
from tests.snippets.make_corpus import corpus, questions_csv, write_corpus

XSS = "<img src=x onerror=alert(1)>"


def files_of(folder: Path, prefix: str) -> list[tuple[str, bytes]]:
    """The files under ``folder`` as a folder drop names them (with the folder's name)."""
    return sorted(
        (f"{prefix}/{p.relative_to(folder).as_posix()}", p.read_bytes())
        for p in folder.rglob("*")
        if p.is_file()
    )


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# --- the steps the page takes --------------------------------------------------------


def test_the_browser_steps_give_the_command_lines_report(tmp_path: Path) -> None:
    docs, questions = write_corpus(tmp_path, documents=30, megabytes=0.1, questions=40)
    (docs / "broken.md").write_bytes(b"\x00\x01binary")
    (docs / "area-1" / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    (docs / "picture.png").write_bytes(b"\x89PNG")
    out = tmp_path / "report.json"
    assert main([str(docs), str(questions), "--k", "3", "--json", str(out)]) == 0
    cli = json.loads(out.read_text(encoding="utf-8"))

    page = demo.run_files(files_of(docs, "docs"), ("questions.csv", questions.read_bytes()), k=3)
    assert json.loads(json.dumps(page["report"])) == cli
    assert page["csv"] == report_csv(page["report"])
    assert len(cli["problems"]) == 3 and cli["documents"] == 30


def test_batches_of_any_size_give_the_same_report() -> None:
    files, rows = corpus(documents=12, megabytes=0.03, questions=15, seed=3)
    items = sorted((name, text.encode()) for name, text in files.items())
    questions = ("q.csv", questions_csv(rows).encode())
    whole = demo.run_files(items, questions)["report"]

    session = demo.start(5, "bm25")["session"]
    read = demo.plan(session, [{"name": n, "size": len(d)} for n, d in items])["read"]
    for start in range(0, len(read), 5):
        demo.add_files(
            session,
            [
                {"name": r["name"], "data": b64(items[r["position"]][1])}
                for r in read[start : start + 5]
            ],
        )
    news = demo.add_questions(session, "q.csv", data=b64(questions[1]))
    assert news["questions"] == 15 and news["documents"] == 12
    done = {"done": 0, "total": 15}
    while done["done"] < done["total"]:
        done = demo.check_questions(session, 4)
    assert demo.finish(session)["report"] == whole


def test_problems_reach_the_page_once_each() -> None:
    session = demo.start()["session"]
    planned = demo.plan(session, [{"name": "a.png", "size": 3}, {"name": "b.md", "size": 2}])
    assert planned["read"] == [{"position": 1, "name": "b.md"}]
    assert planned["problems"] == ["not .md or .txt, so not read: a.png"]
    news = demo.add_files(
        session, [{"name": "b.md", "data": b64(b"\x00\x00")}, {"name": "c.md", "data": "%%%"}]
    )
    assert news["problems"] == [
        "b.md: skipped, it contains NUL bytes, so it is not a text file",
        "c.md: skipped, its data could not be read",
    ]
    assert demo.add_files(session, [{"name": "d.md", "data": b64(b"Text.")}])["problems"] == []
    demo.cancel(session)


def test_a_dropped_folders_own_name_is_left_out_of_the_names() -> None:
    assert demo._strip_root(["docs/a.md", "docs/sub/b.md"]) == ["a.md", "sub/b.md"]
    assert demo._strip_root(["/docs/a.md", "/docs/b.md"]) == ["a.md", "b.md"]
    assert demo._strip_root(["docs/a.md", "b.md"]) == ["docs/a.md", "b.md"]
    assert demo._strip_root(["x/a.md", "y/b.md"]) == ["x/a.md", "y/b.md"]
    assert demo._strip_root(["a.md"]) == ["a.md"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: demo.start(k=4), "Choose k from 1, 3, 5, 10, 20"),
        (lambda s: demo.start(ranking="dense"), "Choose a ranking: bm25 or tfidf"),
        (lambda s: demo.plan("nope", []), "was stopped or has finished"),
        (lambda s: demo.plan(s, [{"name": 1, "size": 2}]), "list of {name, size}"),
        (lambda s: demo.add_files(s, [{"name": "a.md"}]), "needs a name and its data"),
        (lambda s: demo.add_questions(s, "q"), "choose a file or paste them"),
        (lambda s: demo.add_questions(s, "q", text="  "), "choose a file or paste them"),
        (lambda s: demo.add_questions(s, "q.csv", data="%"), "could not be read"),
        (
            lambda s: demo.add_questions(s, "q.csv", text="question,expected\nq?,\n"),
            r"q.csv: no question could be read \(q.csv: row 2 skipped",
        ),
        (lambda s: demo.add_questions(s, "q", text="a,b\n1,2\n"), "no question or expected"),
        (lambda s: demo.check_questions(s), "Add your questions"),
        (lambda s: demo.finish(s + "x"), "was stopped or has finished"),
    ],
)
def test_bad_input_is_a_message_for_the_reader(call: Any, message: str) -> None:
    session = demo.start()["session"]
    with pytest.raises(ValueError, match=message):
        call(session)


def test_questions_without_documents_and_unfinished_checks_are_refused() -> None:
    session = demo.start()["session"]
    demo.add_questions(session, "pasted", text="question,expected\nq?,x\nr?,y\n")
    with pytest.raises(ValueError, match="No document could be read"):
        demo.check_questions(session)
    demo.add_files(session, [{"name": "a.md", "data": b64(b"q x")}])
    assert demo.check_questions(session, 1) == {"done": 1, "total": 2}
    with pytest.raises(ValueError, match="not checked yet"):
        demo.finish(session)


def test_a_new_check_closes_the_old_one_and_cancel_forgets_it() -> None:
    old = demo.start()["session"]
    new = demo.start(3, "tfidf")
    assert new["limits"] == {"files": 5_000, "bytes": 20_000_000, "questions": 2_000}
    with pytest.raises(ValueError, match="stopped"):
        demo.plan(old, [])
    assert demo.cancel(new["session"]) == {"cancelled": True}
    assert demo.cancel(new["session"]) == {"cancelled": False}


def test_the_demo_loads_through_the_same_steps() -> None:
    session = demo.start()["session"]
    news = demo.load_demo(session)
    assert (news["documents"], news["questions"], news["problems"]) == (8, 40, [])
    demo.check_questions(session, 100)
    result = demo.finish(session)
    built = demo.demo_result(source="demo")
    assert result == built
    assert result["html"].startswith('<p class="check-meta demo-note">Computed in your browser')
    assert json.loads(json.dumps(result, allow_nan=False)) == result


def test_the_build_time_result_lists_the_misses_without_their_passages() -> None:
    """The page's build-time table is light: the questions the search missed, with
    their outcome and scores; every question and its top passages are for a run in
    the browser (the same renderer, passages=True)."""
    built, browser = demo.demo_result(), demo.demo_result(source="demo")
    assert built["report"] == browser["report"]
    rows = built["report"]["results"]
    misses = [r for r in rows if r["status"] in ("missed", "split", "gap")]
    assert 0 < len(misses) < len(rows)
    assert built["html"].count("<tr data-order=") == len(misses)
    assert browser["html"].count("<tr data-order=") == len(rows) == 40
    for r in misses:
        assert f'<td data-label="Question">{html.escape(r["question"])}</td>' in built["html"]
    assert "check-passage-text" not in built["html"] and "<details><summary>" not in built["html"]
    assert browser["html"].count('<p class="check-passage-text">') == sum(
        len(r["top"]) for r in rows
    )
    assert f"The {len(misses)} questions the search missed, of 40." in built["html"]
    # the summary's list of questions no passage answers is left to the table they are in
    assert "check-missing" in browser["html"] and "check-missing" not in built["html"]
    assert len(built["html"]) * 3 < len(browser["html"])


# --- the renderer --------------------------------------------------------------------


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


def parsed(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def test_everything_from_the_readers_files_is_shown_as_text() -> None:
    files = [
        (f"docs/{XSS}.md", f"# {XSS}\n\nThe code is {XSS} and <script>alert(2)</script>.".encode()),
        ("docs/plain.md", b"Nothing to see."),
        ("docs/<b>bad.png", b"x"),
        ("docs/bin<i>.md", b"\x00"),
    ]
    questions = (
        f"questions {XSS}.csv",
        (
            f'id,question,expected,document\n"{XSS}","What is the code {XSS}?",'
            f'"{XSS}","{XSS}.md"\n"<u>2</u>",<b>gap</b>?,"<em>nothing</em>",\n'
        ).encode(),
    )
    html = demo.run_files(files, questions)["html"]
    tags = parsed(html)
    assert tags.tags <= {
        "p",
        "h3",
        "div",
        "span",
        "strong",
        "details",
        "summary",
        "ul",
        "li",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "button",
        "dl",
        "dt",
        "dd",
        "ol",
        "a",
        "figure",
        "figcaption",
        "svg",
        "title",
        "desc",
        "text",
        "line",
        "circle",
        "rect",
    }
    assert not {"img", "script", "b", "i", "u", "em"} & tags.tags
    assert not {a for a in tags.attributes if a.startswith("on")}
    assert XSS in tags.text and "<script>alert(2)</script>" in tags.text
    assert "<b>bad.png" in tags.text and "bin<i>.md" in tags.text


def report_with(**changes: Any) -> dict[str, Any]:
    report = json.loads(json.dumps(demo.demo_result()["report"]))
    for key, value in changes.items():
        report[key] = value
    return report


def test_long_lists_are_cut_and_point_to_the_rest() -> None:
    report = report_with(problems=[f"f{n}.md: skipped, it is empty" for n in range(60)])
    for r in report["results"][:12]:
        r["status"] = "gap"
    html = check_render.render(report)
    assert "60 notes on what was read" in html and "And 10 more in the JSON report." in html
    assert '<details class="check-problems">' in html  # closed: more than five
    missing = sum(r["status"] in ("gap", "split") for r in report["results"])
    assert missing > 12 and f"And {missing - 10} more: sort the table by outcome." in html
    few = check_render.render(report_with(problems=["a.md: skipped, it is empty"]))
    assert '<details class="check-problems" open>' in few and "1 note on" in few


def test_every_outcome_has_its_label() -> None:
    report = report_with()
    rows = report["results"]
    rows[0].update(status="missed", rank=None)
    rows[1].update(status="missed", rank=12)
    rows[2].update(status="split", rank=None)
    html = check_render.render(report)
    for label in (
        "Missed: below rank 20",
        "Missed: rank 12",
        "Cut by chunking",
        "No passage",
        "Unanswerable",
        "Found at rank 1",
    ):
        assert label in html


def test_without_a_threshold_the_summary_says_why_and_draws_no_chart() -> None:
    report = report_with()
    for t in report["thresholds"].values():
        t.update(value=None, reason="each half needs questions of both kinds")
    html = check_render.render(report)
    assert "each half needs questions of both kinds" in html and "<svg" not in html
    assert check_meaning.suggested_signal(report) is None


def test_the_suggested_signal_is_the_better_one_on_the_first_half() -> None:
    report = report_with()
    t = report["thresholds"]
    for signal, kept in (("score", 0.5), ("coverage", 0.9)):
        t[signal]["dev_kept"]["value"], t[signal]["dev_declined"]["value"] = kept, 1.0
    assert check_meaning.suggested_signal(report) == "coverage"
    t["score"]["dev_kept"]["value"] = 0.9
    assert check_meaning.suggested_signal(report) == "coverage"  # a tie goes to coverage
    t["score"]["dev_declined"]["value"] = 1.0
    t["coverage"]["dev_kept"]["value"] = 0.1
    assert check_meaning.suggested_signal(report) == "score"


def kinds(report: dict[str, Any]) -> list[str]:
    return [kind for kind, _, _ in check_meaning.meaning(report)]


def test_what_it_means_follows_the_numbers() -> None:
    report = report_with()
    assert kinds(report) == ["missing", "retrieval", "overlap"]
    good = report_with(
        counts={"found": 40, "missed": 0, "split": 0, "gap": 0, "unanswerable": 10}, questions=50
    )
    good["recall"].update(value=0.95, low=0.85, high=0.99)
    signal = check_meaning.suggested_signal(good)
    good["thresholds"][signal]["kept"]["value"] = 0.9
    good["thresholds"][signal]["declined"]["value"] = 0.85
    assert kinds(good) == ["found", "declines"]
    bad = report_with(
        counts={"found": 5, "missed": 0, "split": 3, "gap": 0, "unanswerable": 0}, questions=8
    )
    bad["recall"].update(value=0.3, low=0.2, high=0.45)
    for t in bad["thresholds"].values():
        t["value"] = None
    assert kinds(bad) == ["missing", "chunking", "fix-first", "no-threshold", "small"]
    links = {url for _, _, (url, _) in check_meaning.meaning(bad)} | {
        url for url, _ in check_meaning.LINKS.values()
    }
    assert all(url.startswith("../../") for url in links)


def test_the_template_is_a_clean_questions_file_with_every_column() -> None:
    text = demo.template_csv()
    questions, problems = read_questions("questions-template.csv", text.encode())
    assert problems == [] and len(questions) >= 4
    assert text.splitlines()[0] == "question,expected,document,unanswerable"
    assert any(q.unanswerable for q in questions) and any("," in q.question for q in questions)
    assert any(q.document for q in questions) and any(not q.document for q in questions)


def test_the_form_labels_every_field_and_links_the_template() -> None:
    form = check_form.page_form()
    ids = re.findall(r'<(?:input|textarea|select) [^>]*id="([^"]+)"', form)
    assert ids == [
        "check-files",
        "check-folder",
        "check-paste",
        "check-questions-file",
        "check-questions-paste",
        "check-k",
        "check-ranking",
    ]
    for field_id in ids:
        assert f'<label for="{field_id}">' in form
    assert "webkitdirectory" in form and "<span data-pyodide-size>" in form
    link = re.search(r'href="data:text/csv;charset=utf-8,([^"]+)"', form)
    assert link and urllib.parse.unquote(link.group(1)) == demo.template_csv()
    assert form.endswith('<div class="demo-output check-output" id="check-output">')


# --- what the page says ----------------------------------------------------------------


def by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in report["results"]}


@pytest.mark.parametrize("ranking", ["bm25", "tfidf"])
def test_the_demo_fails_where_the_page_says_it_does(ranking: str) -> None:
    report = demo.demo_result(ranking=ranking)["report"]
    rows = by_id(report)
    # "a question in your users' words ('money back') misses a passage in the company's"
    assert rows["row 23"]["status"] == "missed"
    customer = [rows[f"row {n}"] for n in range(23, 30)]
    assert sum(r["status"] != "found" for r in customer) >= 4
    # the four questions about things the documents never mention have no passage
    assert [rows[f"row {n}"]["status"] for n in range(30, 34)] == ["gap"] * 4
    # the company's own words are found
    assert all(rows[f"row {n}"]["status"] == "found" for n in range(2, 23))


@pytest.fixture(scope="module")
def pydoc() -> dict[str, dict[str, Any]]:
    return {ranking: check_pydoc.pydoc_report(ranking) for ranking in check_render.RANKINGS}


def test_cpython_topics_questions_come_from_headings() -> None:
    documents, questions = check_pydoc.pydoc_inputs()
    names = {name for name, _ in documents}
    topics = {q.document for q in questions}
    assert len(names) == round(len(topics) * 0.8) and names < topics
    assert len(questions) > 150
    assert all(len(q.expected.split()) <= 6 and q.expected for q in questions)


def test_what_the_page_says_about_cpythons_documentation(pydoc: dict[str, Any]) -> None:
    documents, _ = check_pydoc.pydoc_inputs()
    indexed = {name for name, _ in documents}
    for report in pydoc.values():
        # "recall@5 stays low" although the questions reuse the documents' words
        assert report["recall"]["value"] < 0.7
        # "some of those questions find their text in another topic"
        left_out = [r for r in report["results"] if r["document"] not in indexed]
        assert 0 < sum(bool(r["passages_with_answer"]) for r in left_out) < len(left_out) / 2
        # "score in the same range as the others (the middle halves of the two overlap)"
        scores = report["scores"]
        assert scores["not_answered"]["q3"] > scores["answered"]["q1"]
        # "no cut-off declines two in three of them while answering most of the others"
        for t in report["thresholds"].values():
            assert not (t["kept"]["value"] > 0.5 and t["declined"]["value"] >= 2 / 3)
        # "each cut-off does better on the questions it was chosen on than on the others"
        t = report["thresholds"][check_meaning.suggested_signal(report) or "coverage"]
        dev = t["dev_kept"]["value"] + t["dev_declined"]["value"]
        assert t["kept"]["value"] + t["declined"]["value"] < dev


def test_the_cpython_table_has_a_column_per_ranking(pydoc: dict[str, Any]) -> None:
    table = check_pydoc.pydoc_table()
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    assert rows[0] == "| measure | BM25 | TF-IDF |" and all(line.count("|") == 4 for line in rows)
    recall = pydoc["bm25"]["recall"]
    assert rows[2].startswith(
        f"| passage recall@5 | {recall['value']:.2f} ({recall['low']:.2f} to {recall['high']:.2f})"
    )


def test_a_heading_in_every_passage_is_why_the_first_sentence_ranks_lower(
    pydoc: dict[str, Any],
) -> None:
    """ "every passage under a heading carries that heading, so the passage that holds
    the first sentence competes with all its siblings": with the titles left as plain
    text (no heading repeated), that passage comes first more often."""
    from snippets.retrieval_check import RetrievalCheck

    documents, questions = check_pydoc.pydoc_inputs()
    run = RetrievalCheck()
    for name, text in documents:
        run.add(name, text)
    for question in questions:
        run.ask(question)
    assert run.report()["recall_at"]["1"] > pydoc["bm25"]["recall_at"]["1"] + 0.03


def test_the_browser_limits_name_what_they_leave_out() -> None:
    session = demo.start()["session"]
    files = [{"name": f"f{n:05d}.md", "size": 10} for n in range(5_003)]
    planned = demo.plan(session, files)
    assert len(planned["read"]) == 5_000
    assert planned["problems"] == [
        "over the limit of 5,000 files or 20 MB, so not read: f05000.md, f05001.md, f05002.md"
    ]
    big = demo.start()["session"]
    sizes = [
        {"name": "a.md", "size": 15_000_000},
        {"name": "b.md", "size": 6_000_000},
        {"name": "c.md", "size": 5_000_000},
    ]
    assert [r["name"] for r in demo.plan(big, sizes)["read"]] == ["a.md", "c.md"]
    rows = "".join(f"q{n}?,x\n" for n in range(2_005))
    news = demo.add_questions(big, "q.csv", text="question,expected\n" + rows)
    assert news["questions"] == 2_000
    assert news["problems"][-1] == (
        "q.csv: only the first 2,000 questions are checked; row 2002 and the rest were not read"
    )


def test_a_rate_measured_on_nothing_reads_n_a() -> None:
    # A rate over zero questions has no value and no interval (stats.wilson refuses n == 0).
    nothing = {"value": None, "low": None, "high": None, "hits": 0, "n": 0}
    assert check_render._interval(nothing) == check_pydoc._cell(nothing) == "n/a"
    some = {"value": 0.5, "low": 0.25, "high": 0.75, "hits": 5, "n": 10}
    assert check_render._interval(some) == "95% interval 0.25 to 0.75"
    assert check_pydoc._cell(some) == "0.50 (0.25 to 0.75)"
