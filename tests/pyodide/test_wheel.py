"""The snippets wheel and the lockfile that ship Python code to the browser
(``overrides/hooks/pyodide_assets.py``): a valid, reproducible wheel, and a lockfile
entry whose hash Pyodide will accept."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from overrides.hooks import pyodide_assets
from tests.conftest import ROOT


def test_wheel_is_valid_complete_and_reproducible(tmp_path: Path) -> None:
    first = pyodide_assets.build_wheel(tmp_path / "a")
    second = pyodide_assets.build_wheel(tmp_path / "b")
    assert first.name == second.name and first.read_bytes() == second.read_bytes()

    name, version, python, abi, platform = first.name.removesuffix(".whl").split("-")
    assert (name, python, abi, platform) == ("snippets", "py3", "none", "any")
    with zipfile.ZipFile(first) as wheel:
        files = {info.filename: wheel.read(info) for info in wheel.infolist()}
    dist_info = f"snippets-{version}.dist-info"
    metadata = files[f"{dist_info}/METADATA"].decode()
    assert "Name: snippets\n" in metadata and f"Version: {version}\n" in metadata
    assert "Root-Is-Purelib: true" in files[f"{dist_info}/WHEEL"].decode()

    # RECORD lists every other file with its sha256 and size, and itself without.
    record = [line.split(",") for line in files[f"{dist_info}/RECORD"].decode().splitlines()]
    assert sorted(path for path, _, _ in record) == sorted(files)
    for path, digest, size in record:
        if path == f"{dist_info}/RECORD":
            assert digest == size == ""
            continue
        data = files[path]
        expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
        assert digest == "sha256=" + expected.decode() and int(size) == len(data)

    # Every module and every data file of the package is in it, byte for byte.
    package = ROOT / "snippets"
    shipped = {p for p in files if p.startswith("snippets/")}
    wanted = {f"snippets/{p.relative_to(package).as_posix()}" for p in package.rglob("*.py")}
    wanted |= {
        f"snippets/{p.relative_to(package).as_posix()}"
        for p in (package / "data").rglob("*")
        if p.is_file()
    }
    wanted = {p for p in wanted if "__pycache__" not in p}
    assert shipped == wanted
    assert all(files[p] == (ROOT / p).read_bytes() for p in shipped)


def test_version_changes_with_the_sources(tmp_path: Path) -> None:
    package = tmp_path / "snippets"
    package.mkdir()
    (package / "__init__.py").write_text('"""A package."""\n')
    before = pyodide_assets.build_wheel(tmp_path / "a", package).name
    (package / "__init__.py").write_text('"""A changed package."""\n')
    after = pyodide_assets.build_wheel(tmp_path / "b", package).name
    assert before != after and before.startswith("snippets-0.1.0+")


def test_site_assets_hold_the_runtime_and_a_lockfile_entry_for_the_wheel(
    tmp_path: Path,
) -> None:
    dest = tmp_path / "assets" / "pyodide"
    wheel = pyodide_assets.write_assets(dest)
    for name in pyodide_assets.RUNTIME_FILES:
        assert (dest / name).read_bytes() == (pyodide_assets.NPM_PYODIDE / name).read_bytes()
    lock = json.loads((dest / "pyodide-lock.json").read_text(encoding="utf-8"))
    npm_lock = json.loads((pyodide_assets.NPM_PYODIDE / "pyodide-lock.json").read_text())
    assert lock["info"] == npm_lock["info"]
    assert set(lock["packages"]) == set(npm_lock["packages"]) | {"snippets"}
    entry = lock["packages"]["snippets"]
    assert entry["file_name"] == wheel.name  # relative: the site may live under a sub-path
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["snippets"] and entry["depends"] == []
    assert entry["version"] == wheel.name.split("-")[1]


def test_a_missing_npm_runtime_fails_the_build_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(PluginError, match="run make setup"):
        pyodide_assets.write_assets(tmp_path / "out", npm_pyodide=tmp_path / "nothing")
    with pytest.raises(PluginError, match="run make setup"):
        pyodide_assets.check_runtime(tmp_path / "nothing")
