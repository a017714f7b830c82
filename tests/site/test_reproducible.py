"""Two builds of the same sources give the same site, file for file.

The run builds the site twice anyway: the session's build, for its loopback server,
and the sub-path build of ``tests/site/test_subpath.py`` (``tests/conftest.py``
shares both). Every file of one is compared with the other, byte for byte, except
for what must differ:

- **The address each was built for** (``SITE_URL``). Each build's own address is
  replaced by one token before comparing, and in the sub-path build a root-absolute
  path under its sub-path (``"/sub/path/assets/...``, as ``404.html`` writes its
  links) by the same path from ``/``. Nothing else depends on the address, so any
  other difference is a build that is not reproducible. (A second build for the
  same address, which this test ran before, cost one more ``mkdocs build``: about
  20 s of CPU on this two-core machine.)

- **Durations measured during the build.** Pages that time their own code while
  they are built (the RAG playground's "index built in 0.52 ms", the fine-tuning
  page's training and answer times) print wall-clock figures, which change from run
  to run by nature. In text files, numbers followed by ``ms`` or ``s``, and ratios
  of two durations (a number and a multiplication sign, "300 times as long"), are
  replaced by one token, and runs of spaces and of table-rule dashes (Markdown
  tables padded to their widest cell, in ``llms-full.txt`` and the pages'
  ``index.md``) are collapsed before comparing. Nothing else in a text file may
  differ.
- **The build date.** MkDocs writes the build's date as every page's ``<lastmod>``
  in ``sitemap.xml`` and as the gzip header time of ``sitemap.xml.gz``, unless
  ``SOURCE_DATE_EPOCH`` is set; two builds either side of midnight differ there.
  Those values are ignored (the gzip file is compared decompressed).

Everything else is deterministic today: the search index, the snippets wheel and
zip, the Pyodide lock file, every page. A new source of difference fails here
with the file and the first differing line.
"""

from __future__ import annotations

import difflib
import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import shared_site

TEXT = {".html", ".md", ".txt", ".json", ".xml", ".js", ".mjs", ".css", ".svg", ".py", ".inv"}
DURATION = re.compile(r"\b\d[\d,]*(?:\.\d+)?(?:\s|&nbsp;|\u00a0)?(?:ms|s)\b")
# A ratio of two measured durations (300 and U+00D7, "as long"): ratio_text of
# snippets/demos/report.py, the only writer of that sign after a number, writes
# it for timings only.
RATIO = re.compile(r"\b\d[\d,]*(?:\.\d+)?(?:\u00d7|\\u00d7)")  # as text, or escaped in JSON
LASTMOD = re.compile(r"<lastmod>[^<]*</lastmod>")


def normalise(name: str, data: bytes, base: str = "") -> bytes:
    """What of a file must be equal between builds (see the module docstring);
    ``base`` is the address the build was made for."""
    if name.endswith("sitemap.xml.gz"):
        data, name = gzip.decompress(data), name[: -len(".gz")]
    suffix = Path(name).suffix
    if suffix not in TEXT or suffix == ".inv":
        return data
    text = data.decode("utf-8", errors="replace")
    if base:
        text = text.replace(base, "<site_url>")
        path = urlsplit(base).path
        if path != "/":
            text = text.replace(f'"{path}', '"/')
    if name.endswith("sitemap.xml"):
        return LASTMOD.sub("<lastmod/>", text).encode()
    text = DURATION.sub("<duration>", text)
    text = RATIO.sub("<ratio>", text)
    text = re.sub(r"-{3,}", "---", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return text.encode()


def files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def compare_trees(
    a: Path, b: Path, bases: tuple[str, str] = ("", "")
) -> tuple[list[str], list[str]]:
    """(problems, files that differ only where they may) between two built sites,
    built for the addresses ``bases``."""
    left, right = files(a), files(b)
    problems = [f"only in the first build: {n}" for n in sorted(left.keys() - right.keys())]
    problems += [f"only in the second build: {n}" for n in sorted(right.keys() - left.keys())]
    allowed = []
    for name in sorted(left.keys() & right.keys()):
        one, two = left[name].read_bytes(), right[name].read_bytes()
        if one == two:
            continue
        x, y = normalise(name, one, bases[0]), normalise(name, two, bases[1])
        if x == y:
            allowed.append(name)
            continue
        diff = difflib.unified_diff(
            x.decode("utf-8", "replace").splitlines(),
            y.decode("utf-8", "replace").splitlines(),
            lineterm="",
            n=0,
        )
        first = [line[:200] for line in diff][3:5] or ["(binary files differ)"]
        problems.append(f"{name} differs:\n    " + "\n    ".join(first))
    return problems, allowed


def test_two_builds_are_identical(built_site: Path, pytestconfig: pytest.Config) -> None:
    site, sub = shared_site(pytestconfig, "site"), shared_site(pytestconfig, "subpath")
    again = sub.build()
    problems, allowed = compare_trees(built_site, again, (site.base, sub.base))
    print("differ only in the address, durations or the build date:", ", ".join(allowed) or "none")
    assert len(files(again)) > 20
    assert problems == [], "\n".join(problems)


def test_comparison_allows_only_durations_and_dates(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for root, ms, ratio, word, date in (
        (a, "0.52", "930", "cat", "2026-01-01"),
        (b, "16.6", "1,200", "dog", "2026-01-02"),
    ):
        (root / "page").mkdir(parents=True)
        ratio = "300\u00d7" if root == a else "500\u00d7"
        (root / "search.json").write_text(
            '{"t": "300\\u00d7"}' if root == a else '{"t": "5\\u00d7"}'
        )
        (root / "page" / "index.html").write_text(
            f"<p>Index built in {ms} ms; training took {ratio} as long.</p>"
        )
        # the search index carries the same text, with the sign escaped
        (root / "search.json").write_text(f'{{"text": "took {ratio}\\u00d7 as long"}}')
        (root / "page" / "index.md").write_text(
            f"| step | time |\n| --- | --- |\n| train | {ms} ms |\n"
            if root == a
            else f"| step  | time    |\n| ----- | ------- |\n| train | {ms} ms |\n"
        )
        (root / "other.html").write_text(f"<p>The {word} sat.</p>")
        sitemap = f"<url><loc>x</loc><lastmod>{date}</lastmod></url>"
        (root / "sitemap.xml").write_text(sitemap)
        (root / "sitemap.xml.gz").write_bytes(
            gzip.compress(sitemap.encode(), mtime=0 if root == a else 86_400)
        )
        (root / "blob.bin").write_bytes(word.encode())
    (b / "extra.js").write_text("")
    problems, allowed = compare_trees(a, b)
    assert allowed == [
        "page/index.html",
        "page/index.md",
        "search.json",
        "sitemap.xml",
        "sitemap.xml.gz",
    ]
    assert [p.split(":")[0].split(" differs")[0] for p in problems] == [
        "only in the second build",
        "blob.bin",
        "other.html",
    ]
    assert "The cat sat" in problems[2] and "The dog sat" in problems[2]


def test_comparison_allows_each_builds_own_address_and_nothing_more(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    bases = ("http://127.0.0.1:1111/", "http://127.0.0.1:2222/sub/path/")
    for root, base in zip((a, b), bases, strict=True):
        path = base.removeprefix("http://127.0.0.1:1111").removeprefix("http://127.0.0.1:2222")
        root.mkdir()
        (root / "page.html").write_text(f'<link rel="canonical" href="{base}page/">')
        (root / "404.html").write_text(f'<link href="{path}assets/site.css">')
        (root / "sitemap.xml.gz").write_bytes(gzip.compress(f"<loc>{base}</loc>".encode()))
        # A link that leaves the sub-path (its origin, not its address) is a difference.
        origin = base.removesuffix(path)
        (root / "wrong.html").write_text(f'<a href="{origin}/page/">page</a>')
    problems, allowed = compare_trees(a, b, bases)
    assert allowed == ["404.html", "page.html", "sitemap.xml.gz"]
    assert [p.split(" differs")[0] for p in problems] == ["wrong.html"]
    # Without the addresses, the same trees differ in every file.
    problems, allowed = compare_trees(a, b)
    assert allowed == [] and len(problems) == 4
