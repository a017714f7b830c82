"""CONTRIBUTING.md's worked example, followed as written in a copy of the repository.

The test reads the example's files from CONTRIBUTING.md (each fence with a
``title="<path>"``), writes them into a temporary copy of the files the build and
the tests read (``git ls-files``; ``node_modules`` is linked, the venv reused),
adds the nav line and runs the new tests there with the repository's rules. Their
summary-box rule reads the new page as built, so that run builds the copy's site
with ``mkdocs build --strict``, once; it keeps the site (``TESTS_KEEP_SITES_IN``,
``tests/conftest.py``) for this test to check the new page, the API page, the
"Copy the snippets" page and ``llms.txt``. So a step of the loop that stops
working (a list that must again be edited by hand, a rule the example breaks)
fails here, and so does a guide that drifts from the code.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import KEEP_SITES
from tests.site.pages import built_page, ids, parse
from tests.site.test_page_rules import section_problems

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_FENCE = re.compile(
    r'^(?P<fence>`{3,})\w+ title="(?P<path>[^"]+)"\n(?P<body>.*?)^(?P=fence)$', re.M | re.S
)


def worked_example(contributing: str) -> dict[str, str]:
    """path -> text of each file of the worked example, markers unescaped."""
    section = contributing.split("### A worked example", 1)[1].split("\n### ", 1)[0]
    return {
        m["path"]: m["body"].replace(";--8<--", "--8<--") for m in EXAMPLE_FENCE.finditer(section)
    }


def copy_repository(dest: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a file deleted in the work tree is not copied
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    for untracked in ROOT.glob("snippets/**/*.py"):  # new modules not yet added to git
        target = dest / untracked.relative_to(ROOT)
        if not target.exists() and "__pycache__" not in untracked.parts:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(untracked, target)
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)


def run(
    args: list[str], cwd: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(extra_env or {})}
    env.pop("COV_CORE_SOURCE", None)  # the copy's run is not part of this suite's coverage
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_worked_example_is_three_files_and_a_nav_line() -> None:
    files = worked_example((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    assert sorted(files) == [
        "docs/guide/overlap.md",
        "mkdocs.yml",
        "snippets/overlap.py",
        "tests/snippets/test_overlap.py",
    ]
    assert files["mkdocs.yml"].count("\n") == 1
    assert '--8<-- "snippets/overlap.py:overlap"' in files["docs/guide/overlap.md"]
    assert "# --8<-- [start:overlap]" in files["snippets/overlap.py"]


def test_following_the_worked_example_builds_and_passes(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    copy_repository(repo)
    files = worked_example((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    nav_line = files.pop("mkdocs.yml")
    for path, text in files.items():
        target = repo / path
        assert not target.exists(), f"the example would overwrite {path}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config = repo / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").split("\n")
    lines.insert(lines.index("  - Guide:") + 1, nav_line.rstrip("\n"))
    config.write_text("\n".join(lines), encoding="utf-8")

    # The new tests, found without being listed, and the repository rules. The
    # summary-box rule reads the new page as built, so this run builds the copy's
    # site with `mkdocs build --strict` (tests/conftest.py), once, and keeps it here.
    kept = tmp_path / "inner-run"
    tested = run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-v",
            "-p",
            "no:cacheprovider",
            "tests/snippets/test_overlap.py",
            "tests/snippets/test_docstring_examples.py",
            "tests/site/test_page_rules.py",
            "tests/site/test_repo_hygiene.py",
            "-k",  # the new files' tests, and the repository rules
            "overlap or every_page_is_in_the_nav or every_snippet or snippets_import"
            " or every_section_marker",
        ],
        repo,
        extra_env={KEEP_SITES: str(kept)},
    )
    record = kept / "site" / "build.json"
    assert record.is_file(), "the run in the copy built no site:\n" + tested.stdout[-3000:]
    build = json.loads(record.read_text(encoding="utf-8"))
    assert build["ok"], build["output"][-3000:]
    site = kept / "site" / "site"
    page = parse(built_page(site, "/guide/overlap/"))
    assert "Overlap: 0.75" in page.get_text()  # computed by the lesson while the page built
    assert "def overlap(question: str, passage: str)" in page.get_text()  # its section
    # Found, not listed: llms.txt, the API page and "Copy the snippets" have it.
    assert "guide/overlap" in (site / "llms.txt").read_text(encoding="utf-8")
    assert "snippets.overlap" in ids(parse(built_page(site, "/reference/api/overlap/")))
    assert "overlap" in ids(parse(built_page(site, "/reference/snippets/")))
    assert (site / "snippets" / "overlap.py").read_bytes() == (
        repo / "snippets" / "overlap.py"
    ).read_bytes()

    assert tested.returncode == 0, tested.stdout[-3000:]
    ran = re.search(r"(\d+) passed", tested.stdout)
    assert ran and int(ran.group(1)) >= 3 + 1 + len(RULES_PER_PAGE), tested.stdout[-3000:]
    # Every page rule ran on the new page, the summary-box rule on its built HTML.
    for rule in RULES_PER_PAGE:
        assert f"[guide/overlap.md-{rule}] PASSED" in tested.stdout, tested.stdout[-3000:]
    # The lesson's docstring example ran, found without being listed.
    assert re.search(
        r"test_docstring_example_runs\[snippets\.overlap\.overlap:\d+:doctest\] PASSED",
        tested.stdout,
    ), tested.stdout[-3000:]


RULES_PER_PAGE = ("front matter", "shape", "placeholders", "exec blocks", "citations")


def test_a_lesson_whose_section_no_page_includes_fails(tmp_path: Path) -> None:
    """The step the page rules catch when it is skipped: the page that shows the lesson."""
    files = worked_example((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    (tmp_path / "snippets").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets" / "overlap.py").write_text(files["snippets/overlap.py"])
    assert section_problems(tmp_path) == [
        "snippets/overlap.py: section 'overlap' is included by no page"
    ]
    (tmp_path / "docs" / "overlap.md").write_text(files["docs/guide/overlap.md"])
    assert section_problems(tmp_path) == []
