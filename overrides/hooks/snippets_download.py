"""MkDocs hook: the snippets as files a reader takes, and the two pages that list them.

For each lesson ``snippets/*.py`` and each demo-glue module ``snippets/demos/*.py``
the built site gets the raw file at the same path, byte for byte. For each lesson,
``snippets/bundles/<name>.zip`` holds exactly what it needs to run: the file, the
lessons it imports (and theirs), the data files they read and the MIT licence;
``snippets/snippets.zip`` holds every lesson and all the data. The files are added
to MkDocs' own file list (``on_files``), so a page can link to them with an ordinary
relative Markdown link that the strict build checks.

Every zip is deterministic: entries sorted by path, every timestamp fixed to
1980-01-01 (the earliest a zip can store), fixed permissions, fixed compression
level. Two builds of the same sources give the same bytes.

Two pages are written from the package itself (``on_page_markdown``), so a new
module appears on them without anyone editing a list: "Copy the snippets"
(``docs/reference/snippets.md``, at the line ``<!-- snippets:catalogue -->``) and
the index of the Snippets API (``docs/reference/api.md``, at ``<!-- snippets:api -->``),
one row per lesson. Each lesson's reference is a page of its own,
``reference/api/<name>.md``, added in ``on_files`` (a mkdocstrings ``:::`` block and
front matter from the docstring), so a reader looking up one function loads one
lesson, not all of them. Those pages are not in the nav; while one is built, the
nav marks "Snippets API" as the current entry, and ``llms.txt`` lists them after
the index. Pages never import this hook.
"""

from __future__ import annotations

import ast
import functools
import io
import json
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "snippets"
URL_DIR = "snippets"
ZIP_NAME = "snippets.zip"
BUNDLES = "bundles"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CATALOGUE_MARK = "<!-- snippets:catalogue -->"
API_MARK = "<!-- snippets:api -->"
API_INDEX = "reference/api.md"  # the index page, in the nav as "Snippets API"
API_DIR = "reference/api"  # one generated page per lesson: reference/api/<name>.md


@dataclass(frozen=True)
class SnippetInfo:
    """What a reader needs to know before copying one snippet module."""

    name: str  # module name, e.g. "tfidf"
    path: Path  # source file
    summary: str  # first paragraph of the module docstring
    stdlib: tuple[str, ...]  # top-level standard-library modules it imports
    snippets: tuple[str, ...]  # other snippet modules it imports
    third_party: tuple[str, ...]  # anything else it imports (must stay empty)
    data: tuple[str, ...]  # data folders/files under snippets/data/ it reads


def snippet_modules(package: Path = PACKAGE) -> list[Path]:
    """The lessons a reader can copy: ``snippets/*.py`` but ``__init__``."""
    return sorted(p for p in package.glob("*.py") if p.name != "__init__.py")


def glue_modules(package: Path = PACKAGE) -> list[Path]:
    """The demo glue: ``snippets/demos/*.py`` but ``__init__``."""
    return sorted(p for p in (package / "demos").glob("*.py") if p.name != "__init__.py")


def _first_paragraph(docstring: str | None) -> str:
    if not docstring:
        return ""
    paragraph = docstring.strip().split("\n\n", 1)[0]
    return " ".join(line.strip() for line in paragraph.splitlines())


def _data_paths(tree: ast.Module) -> set[str]:
    """Paths built like ``Path(__file__).parent / "data" / "kb"``: ``{"kb"}``."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)):
            continue
        parts: list[ast.expr] = []
        stack: list[ast.expr] = [node]
        while stack:  # flatten a / b / c, left to right
            item = stack.pop()
            if isinstance(item, ast.BinOp) and isinstance(item.op, ast.Div):
                stack.extend([item.right, item.left])
            else:
                parts.append(item)
        strings = [p.value if isinstance(p, ast.Constant) else None for p in parts]
        if "data" in strings:
            after = strings[strings.index("data") + 1 :]
            names = []
            for value in after:
                if not isinstance(value, str):
                    break
                names.append(value)
            found.add("/".join(names))
    return found


def describe(path: Path) -> SnippetInfo:
    """Read one snippet module's docstring and imports (without importing it).

    A build asks this of every lesson about 500 times (each page, each bundle's
    imports), so the answer is kept for as long as the file's text is the same.
    ``mkdocs serve`` keeps the hook loaded and an edited file must be read again: the
    text, not a timestamp, is the key.
    """
    return _describe(path, path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=256)
def _describe(path: Path, text: str) -> SnippetInfo:
    tree = ast.parse(text, filename=str(path))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import inside the package
                base = node.module or ""
                if base:
                    imported.add(f"snippets.{base}")
                else:
                    imported.update(f"snippets.{alias.name}" for alias in node.names)
            elif node.module:
                if node.module == "snippets":
                    imported.update(f"snippets.{alias.name}" for alias in node.names)
                else:
                    imported.add(node.module)
    stdlib: set[str] = set()
    own: set[str] = set()
    other: set[str] = set()
    for name in imported:
        top = name.split(".")[0]
        if top == "__future__":
            continue
        if top == "snippets":
            module = name.split(".")[1] if "." in name else ""
            if module and module != path.stem:
                own.add(module)
        elif top in sys.stdlib_module_names:
            stdlib.add(top)
        else:
            other.add(top)
    return SnippetInfo(
        name=path.stem,
        path=path,
        summary=_first_paragraph(ast.get_docstring(tree)),
        stdlib=tuple(sorted(stdlib)),
        snippets=tuple(sorted(own)),
        third_party=tuple(sorted(other)),
        data=tuple(sorted(_data_paths(tree) - {""} or _data_paths(tree))),
    )


def describe_snippets(package: Path = PACKAGE) -> list[SnippetInfo]:
    """Every lesson, sorted by name."""
    return [describe(path) for path in snippet_modules(package)]


def needs(name: str, infos: dict[str, SnippetInfo]) -> tuple[str, ...]:
    """The other lessons ``name`` needs to run: those it imports, and theirs, sorted."""
    seen: set[str] = set()
    todo = list(infos[name].snippets)
    while todo:
        other = todo.pop()
        if other not in seen and other != name and other in infos:
            seen.add(other)
            todo += infos[other].snippets
    return tuple(sorted(seen))


def _data_files(package: Path, folders: Iterable[str]) -> list[Path]:
    data = package / "data"
    found: set[Path] = set()
    for folder in folders:
        target = data / folder if folder else data
        if target.is_file():
            found.add(target)
        elif target.is_dir():
            found.update(
                p for p in target.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            )
    return sorted(found)


def bundle_members(name: str, root: Path = ROOT) -> list[tuple[str, Path]]:
    """(name in the archive, source file) of one lesson's bundle: the lesson, the
    lessons it needs, the data files any of them reads, and the licence."""
    package = root / "snippets"
    infos = {info.name: info for info in describe_snippets(package)}
    modules = [name, *needs(name, infos)]
    members = [(f"snippets/{m}.py", package / f"{m}.py") for m in modules]
    init = package / "__init__.py"
    if init.is_file():
        members.append(("snippets/__init__.py", init))
    folders = {d for m in modules for d in infos[m].data}
    members += [
        (f"snippets/{p.relative_to(package).as_posix()}", p) for p in _data_files(package, folders)
    ]
    licence = root / "LICENSE"
    if licence.is_file():
        members.append(("snippets/LICENSE", licence))
    return sorted(members)


def zip_members(root: Path = ROOT) -> list[tuple[str, Path]]:
    """(name in the archive, source file) for the download-all zip, sorted by name."""
    package = root / "snippets"
    members = [(f"snippets/{p.name}", p) for p in package.glob("*.py")]
    data = package / "data"
    if data.is_dir():
        members += [
            (f"snippets/{p.relative_to(package).as_posix()}", p)
            for p in data.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        ]
    licence = root / "LICENSE"
    if licence.is_file():
        members.append(("snippets/LICENSE", licence))
    return sorted(members)


def build_zip(root: Path = ROOT, members: list[tuple[str, Path]] | None = None) -> bytes:
    """An archive of ``members`` (the download-all zip by default) as bytes; the same
    sources give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, source in zip_members(root) if members is None else members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            info.create_system = 3  # Unix, whatever system builds it
            archive.writestr(info, source.read_bytes(), compresslevel=9)
    return buffer.getvalue()


@event_priority(50)  # before the llmstxt plugin reads its sections (see _list_in_llmstxt)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the raw snippet files, the bundles, the zip and the lessons' API pages to
    the files MkDocs writes."""
    for path in [*sorted(PACKAGE.glob("*.py")), *glue_modules()]:
        uri = f"{URL_DIR}/{path.relative_to(PACKAGE).as_posix()}"
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    licence = ROOT / "LICENSE"
    files.append(File.generated(config, f"{URL_DIR}/LICENSE.txt", abs_src_path=str(licence)))
    files.append(File.generated(config, f"{URL_DIR}/{ZIP_NAME}", content=build_zip()))
    for path in snippet_modules():
        content = build_zip(members=bundle_members(path.stem))
        files.append(
            File.generated(config, f"{URL_DIR}/{BUNDLES}/{path.stem}.zip", content=content)
        )
    for uri, markdown in api_pages().items():
        if files.get_file_from_path(uri) is None:
            # Not in the nav, but built, searched and in the sitemap like any page.
            not_in_nav = InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, content=markdown, inclusion=not_in_nav))
    _list_in_llmstxt(config)
    return files


def _list_in_llmstxt(config: MkDocsConfig) -> None:
    """List the lessons' API pages in ``llms.txt`` right after the index (the nav
    gives the llmstxt plugin its sections, and these pages are not in the nav), so
    the index's links there lead to a Markdown page and ``llms-full.txt`` keeps the API."""
    plugin = config.plugins.get("llmstxt")
    sections = getattr(plugin, "config", {}).get("sections") or {}
    for entries in sections.values():
        uris = [next(iter(e)) if isinstance(e, dict) else e for e in entries]
        if API_INDEX in uris:
            at = uris.index(API_INDEX) + 1
            entries[at:at] = [
                {f"{API_DIR}/{info.name}.md": _plain(info.summary)}
                for info in describe_snippets()
                if f"{API_DIR}/{info.name}.md" not in uris
            ]


def _names(items: tuple[str, ...]) -> str:
    return ", ".join(f"`{item}`" for item in items)


def _lesson_markdown(info: SnippetInfo, infos: dict[str, SnippetInfo], link_prefix: str) -> str:
    source = info.path.read_text(encoding="utf-8")
    lines = source.count("\n")
    if info.third_party:
        stdlib = f"**not only the standard library: {_names(info.third_party)}** (a defect)"
    elif info.stdlib:
        stdlib = f"{_names(info.stdlib)}, from the standard library"
    else:
        stdlib = "none"
    others = needs(info.name, infos)
    bundle = f"{link_prefix}{BUNDLES}/{info.name}.zip"
    if others:
        links = ", ".join(f"[`{name}.py`](#{name})" for name in others)
        with_it = (
            f'{links}; or take [`{info.name}.zip`]({bundle}){{download="{info.name}.zip"}} '
            f"({len(others) + 1} files)"
        )
    else:
        with_it = (
            f"none, it works alone ([`{info.name}.zip`]({bundle})"
            f'{{download="{info.name}.zip"}} adds the licence)'
        )
    folders = sorted({d for name in (info.name, *others) for d in infos[name].data})
    data = ", ".join(f"`snippets/data/{d}`" if d else "`snippets/data/`" for d in folders)
    return "\n".join(
        [
            f"## `{info.name}.py` {{#{info.name}}}",
            "",
            info.summary or "(This module has no docstring: add one.)",
            "",
            f"- **Copy with it:** {with_it}.",
            f"- **Imports:** {stdlib}.",
            *([f"- **Data:** {data}."] if folders else []),
            f"- **Download:** [`{info.name}.py`]({link_prefix}{info.name}.py)"
            f'{{download="{info.name}.py"}} ({lines} lines).',
            "",
            # The file is fetched when the box opens (docs/assets/js/source-files.js), so
            # the page's first load stays small; without JavaScript the link opens it.
            f'??? example snippet-file "The whole file: `snippets/{info.name}.py`"',
            "",
            f"    [Open `snippets/{info.name}.py`]({link_prefix}{info.name}.py)"
            f'{{data-snippet-source="{info.name}.py"}}.',
            "",
        ]
    )


def catalogue_markdown(package: Path = PACKAGE, *, link_prefix: str = "../snippets/") -> str:
    """One section per lesson, then the demo glue listed apart, as Markdown.

    ``link_prefix`` is the path of the raw files relative to the page that shows
    them (``docs/reference/snippets.md``), as a Markdown link MkDocs checks.
    """
    infos = {info.name: info for info in describe_snippets(package)}
    out = [_lesson_markdown(info, infos, link_prefix) for info in infos.values()]
    glue = glue_modules(package)
    if glue:
        out += [
            "## Demo glue { #demo-glue }",
            "",
            "These run the site's demos (demo data, checks of what a reader types, "
            "results as escaped HTML). No lesson imports them.",
            "",
            "| module | what it does | split into | lines |",
            "| --- | --- | --- | ---: |",
        ]
        for entry, parts in glue_groups(glue):
            summary = describe(entry).summary.replace("|", "\\|") or "(no docstring)"
            split = ", ".join(f"[`{p.name}`]({link_prefix}demos/{p.name})" for p in parts) or "-"
            lines = sum(p.read_text(encoding="utf-8").count("\n") for p in [entry, *parts])
            out.append(
                f"| [`{entry.name}`]({link_prefix}demos/{entry.name}) | {summary} "
                f"| {split} | {lines} |"
            )
        out.append("")
    return "\n".join(out)


def glue_groups(glue: list[Path]) -> list[tuple[Path, list[Path]]]:
    """Each demo's entry module with the modules it is split into by role
    (``check.py`` with ``check_form.py``, ``check_render.py``...), in name order: one
    row per demo, so a reader sees which files make one demo. A module whose prefix
    names no entry module is a row of its own."""
    stems = {p.stem: p for p in glue}
    groups: dict[Path, list[Path]] = {}
    for path in glue:
        head = path.stem.split("_", 1)[0]
        entry = stems.get(head, path)
        groups.setdefault(entry, [])
        if entry is not path:
            groups[entry].append(path)
    return sorted(groups.items())


def _plain(summary: str) -> str:
    """A docstring summary as a page description: plain text, no ``literal`` marks,
    and no double quote (Material writes the description into ``content="..."``
    unescaped, so one would end the attribute)."""
    return summary.replace("``", "").replace("`", "").replace('"', "'")


def api_markdown(package: Path = PACKAGE) -> str:
    """The Snippets API index: one row per lesson, in name order, its name linking to
    its page (``api/<name>.md``, relative to ``docs/reference/api.md``)."""
    folder = API_DIR.rsplit("/", 1)[1]
    rows = []
    for info in describe_snippets(package):
        summary = info.summary.replace("|", "\\|") or "(no docstring)"
        # Plain text, not `code`: a code span may break anywhere, and the column is narrow.
        rows.append(f"| [{info.name}]({folder}/{info.name}.md) | {summary} |")
    return "\n".join(["| lesson | what it does |", "| --- | --- |", *rows, ""])


def api_page_markdown(info: SnippetInfo) -> str:
    """The reference page of one lesson: front matter from its docstring, a line back
    to the index and to the file, and the mkdocstrings block (the module is its H1)."""
    description = _plain(info.summary) or f"The API of snippets/{info.name}.py."
    return "\n".join(
        [
            "---",
            f"title: {json.dumps(f'snippets.{info.name}')}",  # JSON strings are YAML strings
            f"description: {json.dumps(description)}",
            "---",
            "",
            f"[Snippets API](../api.md) · the whole file, and what to copy with it: "
            f"[`{info.name}.py`](../snippets.md#{info.name})",
            "",
            f"::: snippets.{info.name}",
            "    options:",
            "      heading_level: 1",
            "      show_root_full_path: true",
            "      summary: {classes: true, functions: true}",
            "",
        ]
    )


def api_pages(package: Path = PACKAGE) -> dict[str, str]:
    """``reference/api/<name>.md`` -> its Markdown, for every lesson, in name order."""
    return {
        f"{API_DIR}/{info.name}.md": api_page_markdown(info) for info in describe_snippets(package)
    }


def _lesson_page(page: Page) -> str | None:
    """The lesson a generated API page documents (``rag`` for ``reference/api/rag.md``)."""
    uri = page.file.src_uri
    if page.file.generated_by is None or not uri.startswith(f"{API_DIR}/"):
        return None
    return uri.removeprefix(f"{API_DIR}/").removesuffix(".md")


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Write the catalogue and the API index into their pages; point "Edit this page"
    of ``contributing.md`` at ``CONTRIBUTING.md``, and of a lesson's API page at the
    lesson, where its docstrings are."""
    repo = config.repo_url.rstrip("/") + "/edit/main/" if config.repo_url else None
    lesson = _lesson_page(page)
    if page.file.src_uri == "contributing.md" and repo:
        page.edit_url = repo + "CONTRIBUTING.md"
    elif lesson is not None:
        page.edit_url = repo + f"{URL_DIR}/{lesson}.py" if repo else None
    if CATALOGUE_MARK in markdown:
        markdown = markdown.replace(CATALOGUE_MARK, catalogue_markdown())
    if API_MARK in markdown:
        markdown = markdown.replace(API_MARK, api_markdown())
    return markdown


_MARKED: list[Page] = []  # the index page marked current while a lesson page renders


def on_page_context(
    context: dict[str, object], *, page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, object]:
    """While a lesson's API page renders, mark the index current, so the nav shows
    "Snippets API" (and its section) as where the reader is."""
    if _lesson_page(page) is not None:
        index = next((p for p in nav.pages if p.file.src_uri == API_INDEX), None)
        if index is not None:
            index.active = True
            _MARKED.append(index)
    return context


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Unmark what ``on_page_context`` marked, before the next page renders."""
    while _MARKED:
        _MARKED.pop().active = False
    return output
