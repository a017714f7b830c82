"""MkDocs hook: serve every snippet as a raw file, plus one "download all" zip.

For each ``snippets/*.py`` the built site gets ``snippets/<name>.py`` (the file
byte for byte), and ``snippets/snippets.zip`` holds the whole package: the
modules, the data files they read (``snippets/data/**``) and the MIT licence.
The files are added to MkDocs' own file list (``on_files``), so a page can link
to them with an ordinary relative Markdown link that the strict build checks.

The zip is deterministic: entries sorted by path, every timestamp fixed to
1980-01-01 (the earliest a zip can store), fixed permissions, fixed compression
level. Two builds of the same sources give the same bytes, so caches and
checksums stay valid.

:func:`describe_snippets` is also used by ``docs/reference/snippets.md`` (run by
markdown-exec) to list each module with what it does and what it imports.
"""

from __future__ import annotations

import ast
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "snippets"
URL_DIR = "snippets"
ZIP_NAME = "snippets.zip"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


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
    """The snippet modules a reader can copy: ``snippets/*.py`` but ``__init__``."""
    return sorted(p for p in package.glob("*.py") if p.name != "__init__.py")


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
    """Read one snippet module's docstring and imports (without importing it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
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
    """Every snippet module, sorted by name."""
    return [describe(path) for path in snippet_modules(package)]


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


def build_zip(root: Path = ROOT) -> bytes:
    """The download-all archive as bytes; the same sources give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, source in zip_members(root):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            info.create_system = 3  # Unix, whatever system builds it
            archive.writestr(info, source.read_bytes(), compresslevel=9)
    return buffer.getvalue()


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the raw snippet files and the zip to the files MkDocs writes."""
    for path in sorted(PACKAGE.glob("*.py")):
        uri = f"{URL_DIR}/{path.name}"
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    licence = ROOT / "LICENSE"
    files.append(File.generated(config, f"{URL_DIR}/LICENSE.txt", abs_src_path=str(licence)))
    files.append(File.generated(config, f"{URL_DIR}/{ZIP_NAME}", content=build_zip()))
    return files


def _code_fence(text: str) -> str:
    """A backtick fence longer than any backtick run inside ``text``."""
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return "`" * max(3, longest + 1)


def _names(items: tuple[str, ...]) -> str:
    return ", ".join(f"`{item}`" for item in items)


def catalogue_markdown(package: Path = PACKAGE, *, link_prefix: str = "../../snippets/") -> str:
    """One section per snippet module, as Markdown, for ``docs/reference/snippets.md``.

    ``link_prefix`` is the URL of the raw files relative to the page that shows
    them (markdown-exec output is not rewritten by MkDocs, so it is given as a
    URL, not as a path in ``docs/``).
    """
    out: list[str] = []
    for info in describe_snippets(package):
        source = info.path.read_text(encoding="utf-8")
        lines = source.count("\n")
        if info.third_party:
            needs = f"**not only the standard library: {_names(info.third_party)}** (a defect)"
        elif info.stdlib:
            needs = f"the Python standard library only ({_names(info.stdlib)})"
        else:
            needs = "the Python standard library only (no imports)"
        if info.snippets:
            links = ", ".join(f"[`{name}.py`](#{name})" for name in info.snippets)
            others = f"{links}: copy {'it' if len(info.snippets) == 1 else 'them'} too"
        else:
            others = "none: this file works alone"
        data = (
            ", ".join(f"`snippets/data/{d}`" if d else "`snippets/data/`" for d in info.data)
            + " (in the zip below)"
            if info.data
            else "none"
        )
        fence = _code_fence(source)
        body = "\n".join(f"    {line}" if line else "" for line in source.splitlines())
        out += [
            f"## `{info.name}.py` {{#{info.name}}}",
            "",
            info.summary or "(This module has no docstring: add one.)",
            "",
            f"- **Needs:** {needs}.",
            f"- **Other snippets it imports:** {others}.",
            f"- **Data files it reads:** {data}.",
            f"- **Licence:** MIT ([licence text]({link_prefix}LICENSE.txt)).",
            f"- **Download:** [`{info.name}.py`]({link_prefix}{info.name}.py)"
            f'{{download="{info.name}.py"}} ({lines} lines), or copy it from the box below.',
            "",
            f'??? example snippet-file "The whole file: `snippets/{info.name}.py`"',
            "",
            f'    {fence}{{.python title="snippets/{info.name}.py"}}',
            body,
            f"    {fence}",
            "",
        ]
    return "\n".join(out)


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Point "Edit this page" of ``contributing.md`` at ``CONTRIBUTING.md``, its one source."""
    if page.file.src_uri == "contributing.md" and config.repo_url:
        page.edit_url = config.repo_url.rstrip("/") + "/edit/main/CONTRIBUTING.md"
    return markdown
