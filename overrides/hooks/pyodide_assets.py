"""MkDocs hook: ship a self-hosted Pyodide and the ``snippets`` package with the site.

After each build it writes ``site/assets/pyodide/``:

- the runtime, copied from the pinned npm package ``node_modules/pyodide/``
  (``pyodide.mjs``, ``pyodide.asm.mjs``, ``pyodide.asm.wasm``,
  ``python_stdlib.zip``);
- ``snippets-0.1.0+<digest>-py3-none-any.whl``: a pure-Python wheel of
  ``snippets/`` (every ``.py`` file and everything under ``snippets/data/``),
  built here with :mod:`zipfile` (``METADATA``, ``WHEEL`` and a ``RECORD`` with
  sha256 digests). The version's local part is a digest of the sources, so a
  browser never pairs a cached old wheel with a new lockfile;
- ``pyodide-lock.json``: npm's lockfile with that wheel added (file name and
  sha256) through pyodide-build's lockfile library, so the browser installs it
  with ``pyodide.loadPackage("snippets")`` and Pyodide checks its hash.

``docs/assets/js/py-worker.mjs`` loads these files on first use. The build fails
with a clear message when ``node_modules/pyodide`` is missing (``make setup``
installs it).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
SNIPPETS = ROOT / "snippets"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
DIST_NAME = "snippets"
DIST_VERSION = "0.1.0"
# Fixed timestamp inside the wheel: the same sources give the same bytes and hash.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def _record_digest(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def snippet_files(package: Path = SNIPPETS) -> list[Path]:
    """Files that go into the wheel: every ``.py`` of the package and all of ``data/``."""
    files = [p for p in package.rglob("*.py") if "__pycache__" not in p.parts]
    data = package / "data"
    if data.is_dir():
        files += [p for p in data.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(set(files))


def build_wheel(dest_dir: Path, package: Path = SNIPPETS) -> Path:
    """Write a reproducible pure-Python wheel of ``package`` into ``dest_dir``.

    Args:
        dest_dir: Folder to write the wheel into (created if missing).
        package: The package folder (``snippets/``).

    Returns:
        The path of the wheel, ``snippets-0.1.0+<digest>-py3-none-any.whl``.
    """
    entries: list[tuple[str, bytes]] = []
    for path in snippet_files(package):
        arcname = f"{package.name}/{path.relative_to(package).as_posix()}"
        entries.append((arcname, path.read_bytes()))
    sources = hashlib.sha256()
    for name, data in entries:
        sources.update(f"{name}\0{len(data)}\0".encode() + data)
    version = f"{DIST_VERSION}+{sources.hexdigest()[:12]}"
    dist_info = f"{DIST_NAME}-{version}.dist-info"
    metadata = (
        "Metadata-Version: 2.1\n"
        f"Name: {DIST_NAME}\n"
        f"Version: {version}\n"
        "Summary: Standard-library examples of the RAG-or-fine-tuning guide\n"
        "License: MIT\n"
        "Requires-Python: >=3.11\n"
    )
    wheel = (
        "Wheel-Version: 1.0\n"
        "Generator: rag-or-finetune-guide (overrides/hooks/pyodide_assets.py)\n"
        "Root-Is-Purelib: true\n"
        "Tag: py3-none-any\n"
    )
    entries += [
        (f"{dist_info}/METADATA", metadata.encode()),
        (f"{dist_info}/WHEEL", wheel.encode()),
        (f"{dist_info}/top_level.txt", f"{package.name}\n".encode()),
    ]
    record = "".join(f"{name},{_record_digest(data)},{len(data)}\n" for name, data in entries)
    record += f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode()))

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / f"{DIST_NAME}-{version}-py3-none-any.whl"
    target.write_bytes(buffer.getvalue())
    return target


def add_wheel_to_lockfile(
    lock_in: Path, wheel: Path, base_path: Path, lock_out: Path, import_name: str = "snippets"
) -> None:
    """Write a copy of the lockfile ``lock_in`` with ``wheel`` added, to ``lock_out``.

    This is what ``pyodide lockfile add-wheels`` does, through the same
    function of pyodide-build's lockfile library (``pyodide_lock``): it reads
    the wheel's metadata, checks its tags against the lockfile's Python, hashes
    it, and validates the result. The wheel's ``file_name`` is relative to
    ``base_path`` (the folder the lockfile is served from), so the site works
    under any sub-path. ``import_name`` is checked against what the library
    found in the wheel.
    """
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    spec = add_wheels_to_spec(PyodideLockSpec.from_json(lock_in), [wheel], base_path=base_path)
    entry = spec.packages[DIST_NAME]
    if entry.imports != [import_name] or entry.depends:
        raise PluginError(f"pyodide_assets: unexpected lockfile entry for the wheel: {entry}")
    spec.check_wheel_filenames()
    spec.to_json(lock_out)


def check_runtime(npm_pyodide: Path = NPM_PYODIDE) -> None:
    """Fail with an instruction when the npm package ``pyodide`` is not installed."""
    missing = [n for n in (*RUNTIME_FILES, "pyodide-lock.json") if not (npm_pyodide / n).is_file()]
    if missing:
        raise PluginError(
            f"pyodide_assets: {npm_pyodide} is missing {', '.join(missing)}: "
            "run make setup (it installs the pinned npm package 'pyodide')"
        )


def write_assets(dest: Path, npm_pyodide: Path = NPM_PYODIDE, package: Path = SNIPPETS) -> Path:
    """Write the runtime, the snippets wheel and the lockfile into ``dest``.

    Returns:
        The path of the wheel inside ``dest``.
    """
    check_runtime(npm_pyodide)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copy2(npm_pyodide / name, dest / name)
    wheel = build_wheel(dest, package)
    add_wheel_to_lockfile(
        npm_pyodide / "pyodide-lock.json", wheel, dest, dest / "pyodide-lock.json", package.name
    )
    lock = json.loads((dest / "pyodide-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"].get(DIST_NAME)
    if entry is None or entry.get("imports") != [package.name]:
        raise PluginError(f"pyodide_assets: {DIST_NAME} is not in the written lockfile: {entry}")
    return wheel


def on_config(config: Any) -> None:
    """Fail at once, before any page is built, when the runtime is missing."""
    check_runtime()


SIZE_MARK = re.compile(r"<span data-pyodide-size>[^<]*</span>")


def download_size(npm_pyodide: Path = NPM_PYODIDE) -> str:
    """What a reader downloads before Python first runs: ``"about 12 MB"``."""
    megabytes = sum((npm_pyodide / name).stat().st_size for name in RUNTIME_FILES) / 1e6
    return f"about {megabytes:.0f} MB"


def on_page_content(html: str, **kwargs: Any) -> str:
    """Put the runtime's download size into a demo's status line
    (``snippets.demos.report.PYODIDE_SIZE``): the pages never read ``node_modules``."""
    if "data-pyodide-size" not in html:
        return html
    return SIZE_MARK.sub(f"<span data-pyodide-size>{download_size()}</span>", html)


def on_post_build(config: Any) -> None:
    """Write ``assets/pyodide/`` into the built site."""
    write_assets(Path(config["site_dir"]) / "assets" / "pyodide")
