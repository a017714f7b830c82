"""What readers get from the hosted site besides the pages themselves.

- ``sitemap.xml`` lists every page under its canonical URL;
- every page has ``rel=canonical`` and Open Graph / Twitter card tags, with
  absolute URLs on the site's own address, and the card image is a file the
  site serves (a 1200x630 PNG);
- every ``snippets/*.py`` and ``snippets/demos/*.py`` is served byte for byte at
  the same path, and ``snippets/snippets.zip`` holds exactly the lessons, the data
  and the licence with fixed timestamps and sorted entries, so it is the same
  bytes whatever the files' dates or the order the file system lists them in;
- each lesson's bundle (``snippets/bundles/<name>.zip``) holds the lesson and the
  lessons it needs, no more, and runs on its own;
- the "Copy the snippets" page has a section, downloads and the whole file for
  every lesson, and lists the demo glue apart, so a new module shows up without
  editing the page.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

from overrides.hooks import snippets_download as hook
from tests.site.pages import attr, parse

ROOT = Path(__file__).resolve().parents[2]
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CARD_TAGS = [
    ("property", "og:title"),
    ("property", "og:description"),
    ("property", "og:url"),
    ("property", "og:image"),
    ("name", "twitter:card"),
    ("name", "twitter:title"),
    ("name", "twitter:description"),
    ("name", "twitter:image"),
]


@dataclass
class Head:
    """``<link rel=canonical>`` and ``<meta property|name=... content=...>`` of a page."""

    canonical: list[str]
    meta: dict[tuple[str, str], str]


def head_of(path: Path) -> Head:
    soup = parse(path)
    canonical = [
        attr(link, "href") for link in soup.find_all("link") if attr(link, "rel") == "canonical"
    ]
    meta = {}
    for tag in soup.find_all("meta"):
        for key in ("property", "name"):
            if tag.has_attr(key):
                meta[(key, attr(tag, key))] = attr(tag, "content")
    return Head(canonical, meta)


def page_urls(site: Path, base: str) -> dict[str, Path]:
    """Canonical URL under ``base`` (the ``site_url`` it was built with) -> built file,
    for every page (``404.html`` is not a page)."""
    pages = {}
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        pages[base if rel == "." else f"{base}{rel}/"] = path
    return pages


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# --- sitemap ---------------------------------------------------------------------------


def test_sitemap_lists_every_page(built_site: Path, site_build_env: dict[str, str]) -> None:
    sitemap = built_site / "sitemap.xml"
    assert sitemap.is_file(), "no sitemap.xml in the build"
    locs = {loc.text for loc in ET.parse(sitemap).getroot().iter(f"{SITEMAP_NS}loc")}
    pages = set(page_urls(built_site, site_build_env["SITE_URL"]))
    assert pages - locs == set(), "pages missing from sitemap.xml"
    assert locs - pages == set(), "sitemap.xml lists addresses that are not pages"


# --- canonical and social-card meta -----------------------------------------------------


def test_every_page_has_canonical_and_card_tags_with_absolute_urls(
    built_site: Path, site_build_env: dict[str, str]
) -> None:
    problems = []
    for url, path in page_urls(built_site, site_build_env["SITE_URL"]).items():
        head = head_of(path)
        if head.canonical != [url]:
            problems.append(f"{url}: canonical {head.canonical}")
        for tag in CARD_TAGS:
            if not head.meta.get(tag):
                problems.append(f"{url}: missing or empty {tag[1]}")
        if head.meta.get(("property", "og:url")) != url:
            problems.append(f"{url}: og:url is {head.meta.get(('property', 'og:url'))!r}")
        for tag in [("property", "og:image"), ("name", "twitter:image")]:
            if not head.meta.get(tag, "").startswith(site_build_env["SITE_URL"]):
                problems.append(f"{url}: {tag[1]} is not an absolute URL on the site")
    assert problems == []


def test_card_title_and_description_are_the_pages_own(built_site: Path) -> None:
    head = head_of(built_site / "reference" / "snippets" / "index.html")
    assert head.meta[("property", "og:title")] == "Copy the snippets"
    assert head.meta[("name", "twitter:description")].startswith("Every Python example")
    assert head.meta[("name", "description")] == head.meta[("property", "og:description")]


def test_card_image_is_served_by_the_site(built_site: Path, site_build_env: dict[str, str]) -> None:
    head = head_of(built_site / "index.html")
    image = head.meta[("property", "og:image")]
    assert image.startswith(site_build_env["SITE_URL"])
    served = built_site / image.removeprefix(site_build_env["SITE_URL"])
    assert served.is_file(), f"{image} is not in the build"
    assert png_size(served) == (1200, 630)
    assert head.meta[("property", "og:image:width")] == "1200"


# --- raw snippets and the zip -----------------------------------------------------------


def test_every_snippet_is_served_raw_and_identical(built_site: Path) -> None:
    sources = sorted((ROOT / "snippets").glob("*.py")) + hook.glue_modules()
    assert len(sources) >= 2
    for source in sources:
        name = source.relative_to(ROOT / "snippets").as_posix()
        served = built_site / "snippets" / name
        assert served.is_file(), f"{name} is not downloadable"
        assert served.read_bytes() == source.read_bytes(), f"{name} differs"
    assert (built_site / "snippets" / "LICENSE.txt").read_bytes() == (ROOT / "LICENSE").read_bytes()


def test_zip_holds_exactly_the_package_sorted_with_fixed_dates(built_site: Path) -> None:
    with zipfile.ZipFile(built_site / "snippets" / "snippets.zip") as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        expected = sorted(
            [f"snippets/{p.name}" for p in (ROOT / "snippets").glob("*.py")]
            + [
                f"snippets/{p.relative_to(ROOT / 'snippets').as_posix()}"
                for p in (ROOT / "snippets" / "data").rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            ]
            + ["snippets/LICENSE"]
        )
        assert names == expected
        assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
        for info in infos:
            source = (
                ROOT / info.filename if info.filename != "snippets/LICENSE" else ROOT / "LICENSE"
            )
            assert archive.read(info) == source.read_bytes(), info.filename
        assert archive.testzip() is None


def test_zip_is_byte_identical_when_rebuilt_from_files_with_other_dates(
    built_site: Path, tmp_path: Path
) -> None:
    """A fresh process zips a copy of the sources whose files have other dates and
    were written in reverse order: the archive must not change by one byte."""
    copy = tmp_path / "repo"
    (copy / "snippets").mkdir(parents=True)
    for path in sorted((ROOT / "snippets").rglob("*"), reverse=True):
        if path.is_file() and "__pycache__" not in path.parts:
            target = copy / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            os.utime(target, (1_700_000_000, 1_700_000_000))
    shutil.copyfile(ROOT / "LICENSE", copy / "LICENSE")
    out = tmp_path / "again.zip"
    code = (
        "import sys; from pathlib import Path; "
        "from overrides.hooks.snippets_download import build_zip; "
        "Path(sys.argv[2]).write_bytes(build_zip(Path(sys.argv[1])))"
    )
    subprocess.run([sys.executable, "-c", code, str(copy), str(out)], cwd=ROOT, check=True)
    assert out.read_bytes() == (built_site / "snippets" / "snippets.zip").read_bytes()


def test_zip_changes_when_a_snippet_changes(tmp_path: Path) -> None:
    """The determinism test above is not comparing two empty or constant archives."""
    shutil.copytree(ROOT / "snippets", tmp_path / "snippets")
    before = hook.build_zip(tmp_path)
    with (tmp_path / "snippets" / "tfidf.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# changed\n")
    assert hook.build_zip(tmp_path) != before


# --- the "Copy the snippets" page --------------------------------------------------------


def test_copy_page_has_a_section_download_and_code_for_every_snippet(built_site: Path) -> None:
    html = (built_site / "reference" / "snippets" / "index.html").read_text(encoding="utf-8")
    modules = [p.stem for p in hook.snippet_modules()]
    assert modules
    for name in modules:
        assert f'<h2 id="{name}">' in html, f"no section for {name}"
        assert f'href="../../snippets/{name}.py"' in html, f"no download link for {name}"
        assert f'href="../../snippets/bundles/{name}.zip"' in html, f"no bundle for {name}"
        assert f'data-snippet-source="{name}.py"' in html, f"no whole file for {name}"
    assert 'href="../../snippets/snippets.zip"' in html
    assert 'href="../../snippets/LICENSE.txt"' in html
    # The demo glue is listed apart, linked, and not shown whole.
    glue = [p.name for p in hook.glue_modules()]
    assert glue and '<h2 id="demo-glue">' in html
    tail = html.split('<h2 id="demo-glue">', 1)[1]
    for name in glue:
        assert f'href="../../snippets/demos/{name}"' in tail, name
        assert f'<span class="filename">snippets/demos/{name}</span>' not in html, name


def test_glue_is_listed_one_row_per_demo_with_the_modules_it_is_split_into(
    tmp_path: Path,
) -> None:
    demos = tmp_path / "demos"
    demos.mkdir()
    for name in ("check", "check_form", "check_render", "costs", "lone_part", "zeta"):
        (demos / f"{name}.py").write_text(f'"""{name} glue."""\nx = 1\n', encoding="utf-8")
    (demos / "__init__.py").write_text("", encoding="utf-8")
    groups = [
        (e.name, [p.name for p in parts])
        for e, parts in hook.glue_groups(hook.glue_modules(tmp_path))
    ]
    assert groups == [
        ("check.py", ["check_form.py", "check_render.py"]),
        ("costs.py", []),
        ("lone_part.py", []),  # no lone.py: a row of its own
        ("zeta.py", []),
    ]
    table = hook.catalogue_markdown(tmp_path).split("## Demo glue", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| [`")]
    assert len(rows) == 4
    assert "[`check_form.py`](../snippets/demos/check_form.py)" in rows[0]
    assert rows[0].endswith("| 6 |")  # the lines of the demo's three files


def test_each_bundle_holds_exactly_what_its_lesson_needs(built_site: Path, tmp_path: Path) -> None:
    """Unzip a lesson's bundle alone and import it: it runs with nothing else, and it
    holds no lesson it does not need (read from the imports, transitively)."""
    infos = {info.name: info for info in hook.describe_snippets()}
    for name in ("rag", "tfidf", "rag_sqlite"):
        with zipfile.ZipFile(built_site / "snippets" / "bundles" / f"{name}.zip") as archive:
            modules = sorted(
                Path(n).stem
                for n in archive.namelist()
                if n.endswith(".py") and "/data/" not in n and not n.endswith("__init__.py")
            )
            assert modules == sorted([name, *hook.needs(name, infos)])
            assert "snippets/LICENSE" in archive.namelist()
            archive.extractall(tmp_path / name)
        code = f"import snippets.{name} as m; print(m.__file__)"
        result = subprocess.run(
            [sys.executable, "-E", "-c", code],
            cwd=tmp_path / name,
            capture_output=True,
            text=True,
            check=True,
        )
        assert str(tmp_path / name) in result.stdout
    assert hook.needs("rag", infos) == ("bm25", "chunking", "grounding", "tfidf")
    assert hook.needs("tfidf", infos) == ()


def test_catalogue_reports_docstring_and_imports_read_from_the_code(tmp_path: Path) -> None:
    package = tmp_path / "snippets"
    (package / "demos").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "alpha.py").write_text('"""Alpha does A.\n\nMore."""\n', encoding="utf-8")
    (package / "beta.py").write_text(
        '"""Beta builds on\nalpha.\n\nDetails."""\n'
        "from __future__ import annotations\n"
        "import json\nfrom pathlib import Path\n"
        "from snippets.alpha import thing\nimport numpy\n"
        'DATA = Path(__file__).parent / "data" / "kb"\n',
        encoding="utf-8",
    )
    (package / "gamma.py").write_text('"""Gamma.\n"""\nfrom snippets import beta\n')
    (package / "demos" / "show.py").write_text('"""Shows alpha | beta."""\n')
    beta = hook.describe(package / "beta.py")
    assert beta.summary == "Beta builds on alpha."
    assert beta.stdlib == ("json", "pathlib")
    assert beta.snippets == ("alpha",)
    assert beta.third_party == ("numpy",)
    assert beta.data == ("kb",)
    infos = {info.name: info for info in hook.describe_snippets(package)}
    assert hook.needs("gamma", infos) == ("alpha", "beta")
    text = hook.catalogue_markdown(package)
    assert re.search(r"## `alpha\.py` \{#alpha\}\n\nAlpha does A\.", text)
    assert "**Copy with it:** none, it works alone" in text
    assert "**Copy with it:** [`alpha.py`](#alpha), [`beta.py`](#beta); or take" in text
    assert "**not only the standard library: `numpy`** (a defect)" in text
    assert "- **Imports:** `json`, `pathlib`, from the standard library" not in text  # numpy
    assert "- **Data:** `snippets/data/kb`." in text.split("{#beta}")[1].split("##")[0]
    assert "**Data:**" not in text.split("{#alpha}")[1].split("##")[0]
    assert "| [`show.py`](../snippets/demos/show.py) | Shows alpha \\| beta. | - | 1 |" in text
    # The whole file is one click away, fetched when its box opens (not in the page).
    assert (
        '[Open `snippets/alpha.py`](../snippets/alpha.py){data-snippet-source="alpha.py"}' in text
    )
    assert "Alpha does A" not in text.split("The whole file: `snippets/alpha.py`")[1].split("##")[0]
    # The Snippets API index and pages: tests/docs/test_reference_pages.py.


EDIT_LINK = re.compile(r'<a href="([^"]+)"[^>]*rel="edit"')


def test_every_edit_link_leads_to_a_file_in_the_repository(
    built_site: Path, site_build_env: dict[str, str]
) -> None:
    """ "Edit this page" opens the file that holds the page's text: ``docs/<page>.md``,
    or ``CONTRIBUTING.md`` for the Contributing page, which only includes it."""
    prefix = "https://github.com/example/rag-or-finetune/edit/main/"
    problems = []
    for url, path in page_urls(built_site, site_build_env["SITE_URL"]).items():
        links = EDIT_LINK.findall(path.read_text(encoding="utf-8"))
        if len(links) != 1 or not links[0].startswith(prefix):
            problems.append(f"{url}: edit links {links}")
        elif not (ROOT / links[0].removeprefix(prefix)).is_file():
            problems.append(f"{url}: {links[0]} is not a file in the repository")
    assert problems == []
    contributing = EDIT_LINK.findall((built_site / "contributing" / "index.html").read_text())
    assert contributing == [prefix + "CONTRIBUTING.md"]
