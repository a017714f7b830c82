"""Rules that keep the repository in order as pages and snippets are added.

The test fails when:

- a page in ``docs/`` is not in ``nav`` (files excluded with ``exclude_docs`` in
  ``mkdocs.yml``, such as the page template, are the documented exceptions);
- a nav page is missing from ``llms.txt``, or the build has no ``llms.txt`` /
  ``llms-full.txt``;
- a ``snippets/*.py`` module has no ``tests/snippets/test_<name>.py``, no module
  docstring, or imports something outside the standard library and the other snippets;
- a workflow (or ``.ci/run``, which CI calls) runs a ``make`` target the
  Makefile does not define, or CI does not run ``.ci/run`` on pull requests;
- the pre-commit ruff hook is pinned to another ruff than ``requirements.lock``.

Each rule is a small function over paths, checked here on the real repository
and on a fake one that breaks it, so none of them can pass vacuously.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from overrides.hooks import llmstxt_sections
from overrides.hooks import snippets_download as hook

ROOT = Path(__file__).resolve().parents[2]


class _Loader(yaml.SafeLoader):
    """A YAML loader that reads mkdocs.yml's ``!ENV`` and ``!!python/...`` tags as plain data."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_Loader.add_multi_constructor("!", _any_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


def load_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


# --- the rules ----------------------------------------------------------------------------


def nav_pages(nav: list[Any]) -> list[str]:
    """Every ``.md`` path named in a MkDocs nav, in order (as llms.txt lists them)."""
    return llmstxt_sections.nav_pages(nav)


def excluded(config: dict[str, Any]) -> set[str]:
    """Pages ``exclude_docs`` removes from the build (plain ``/path.md`` lines only)."""
    lines = (config.get("exclude_docs") or "").splitlines()
    return {line.strip().lstrip("/") for line in lines if line.strip().endswith(".md")}


def pages_not_in_nav(docs: Path, config: dict[str, Any]) -> list[str]:
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    return sorted(pages - set(nav_pages(config.get("nav") or [])) - excluded(config))


def snippets_without_tests(root: Path) -> list[str]:
    return [
        f"snippets/{p.name} has no tests/snippets/test_{p.name}"
        for p in hook.snippet_modules(root / "snippets")
        if not (root / "tests" / "snippets" / f"test_{p.name}").is_file()
    ]


def snippets_importing_outside_stdlib(root: Path) -> list[str]:
    return [
        f"snippets/{info.name}.py imports {', '.join(info.third_party)}"
        for info in hook.describe_snippets(root / "snippets")
        if info.third_party
    ]


def make_targets(makefile: Path) -> set[str]:
    text = makefile.read_text(encoding="utf-8")
    targets = set()
    for match in re.finditer(
        r"^([A-Za-z0-9_.-]+(?:[ \t]+[A-Za-z0-9_.-]+)*)[ \t]*:(?!=)", text, re.M
    ):
        targets.update(match.group(1).split())
    return targets


def make_calls(text: str) -> set[str]:
    """Targets named in ``make x y`` commands (options and VAR=value skipped)."""
    called = set()
    for match in re.finditer(r"(?:^|[\s;&|(])make((?:[ \t]+[^\s;&|)]+)*)", text):
        for word in match.group(1).split():
            if word.startswith("#"):
                break
            if not word.startswith("-") and "=" not in word and "$" not in word:
                called.add(word)
    return called


def workflow_commands(root: Path) -> dict[str, str]:
    """Shell text each workflow runs, with ``.ci/run`` expanded where it is called."""
    commands = {}
    ci_run = root / ".ci" / "run"
    for path in sorted((root / ".github" / "workflows").glob("*.y*ml")):
        data = load_yaml(path)
        runs = [
            step.get("run", "")
            for job in (data.get("jobs") or {}).values()
            for step in job.get("steps") or []
        ]
        text = "\n".join(runs)
        if ".ci/run" in text and ci_run.is_file():
            text += "\n" + ci_run.read_text(encoding="utf-8")
        commands[path.name] = text
    return commands


def unknown_make_targets(root: Path) -> list[str]:
    targets = make_targets(root / "Makefile")
    return [
        f"{name} runs 'make {target}', which the Makefile does not define"
        for name, text in workflow_commands(root).items()
        for target in sorted(make_calls(text) - targets)
    ]


# --- the real repository ----------------------------------------------------------------


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    data = load_yaml(ROOT / "mkdocs.yml")
    assert isinstance(data, dict)
    return data


def test_every_page_is_in_the_nav(config: dict[str, Any]) -> None:
    assert pages_not_in_nav(ROOT / "docs", config) == []


def test_every_nav_entry_is_a_file(config: dict[str, Any]) -> None:
    missing = [p for p in nav_pages(config["nav"]) if not (ROOT / "docs" / p).is_file()]
    assert missing == []


def test_every_snippet_has_a_test_module() -> None:
    assert snippets_without_tests(ROOT) == []


def test_every_snippet_says_what_it_does() -> None:
    """The module docstring's first paragraph is the snippet's entry on "Copy the snippets"."""
    assert [i.name for i in hook.describe_snippets(ROOT / "snippets") if not i.summary] == []


def test_snippets_import_only_the_standard_library_and_each_other() -> None:
    assert snippets_importing_outside_stdlib(ROOT) == []


def test_workflows_call_only_existing_make_targets() -> None:
    commands = workflow_commands(ROOT)
    assert {"ci.yml", "pages.yml"} <= set(commands)
    assert make_calls(commands["ci.yml"]), "ci.yml should reach make through .ci/run"
    assert unknown_make_targets(ROOT) == []


def test_ci_runs_ci_run_on_pull_requests() -> None:
    ci = load_yaml(ROOT / ".github" / "workflows" / "ci.yml")
    triggers = ci.get("on", ci.get(True))  # YAML 1.1 reads a bare `on` as True
    assert "pull_request" in triggers
    assert ".ci/run" in workflow_commands(ROOT)["ci.yml"]


def test_pages_workflow_uses_the_official_actions_and_the_pages_url() -> None:
    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    for action in ("configure-pages", "upload-pages-artifact", "deploy-pages"):
        assert f"uses: actions/{action}@" in text
    assert "SITE_URL: ${{ steps.pages.outputs.base_url }}/" in text
    assert "make build" in text


def test_workflows_cache_on_the_lock_files() -> None:
    for name in ("ci.yml", "pages.yml"):
        text = (ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8")
        assert "cache: pip" in text and "cache-dependency-path: requirements.lock" in text
        assert "cache: npm" in text and "cache-dependency-path: package-lock.json" in text


def test_pre_commit_ruff_matches_the_lock() -> None:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = re.search(r"^ruff==([\w.]+)", lock, re.M)
    assert pinned, "ruff is not pinned in requirements.lock"
    repos = load_yaml(ROOT / ".pre-commit-config.yaml")["repos"]
    ruff = [r for r in repos if r["repo"].endswith("astral-sh/ruff-pre-commit")]
    assert [r["rev"] for r in ruff] == [f"v{pinned.group(1)}"]
    assert {h["id"] for h in ruff[0]["hooks"]} >= {"ruff-check", "ruff-format"}


def test_llms_txt_is_built_and_lists_every_nav_page(
    built_site: Path, config: dict[str, Any]
) -> None:
    index = built_site / "llms.txt"
    full = built_site / "llms-full.txt"
    assert index.is_file() and full.is_file(), "llms.txt / llms-full.txt missing from the build"
    text = index.read_text(encoding="utf-8")
    assert text.startswith(f"# {config['site_name']}")
    missing = []
    for page in nav_pages(config["nav"]):
        stem = page.removesuffix(".md")
        md = "index.md" if stem == "index" else f"{stem.removesuffix('/index')}/index.md"
        if f"/{md})" not in text:
            missing.append(page)
        elif not (built_site / md).is_file():
            missing.append(f"{page} (no {md} in the build)")
    assert missing == [], "add these pages to the llmstxt sections in mkdocs.yml"
    full_text = full.read_text(encoding="utf-8")
    assert len(full_text) > 4 * len(text)
    # Whole source files stay out (overrides/hooks/llmstxt_preprocess.py); every
    # snippet file starts with this line, which no page section includes.
    assert "from __future__ import annotations" not in full_text


def test_llms_preprocess_drops_whole_files_and_keeps_prose() -> None:
    from bs4 import BeautifulSoup

    from overrides.hooks.llmstxt_preprocess import preprocess

    soup = BeautifulSoup(
        '<p>Prose.</p><details class="example snippet-file"><pre>code</pre></details>'
        '<details class="mkdocstrings-source"><pre>more code</pre></details>'
        '<details class="note"><p>Kept.</p></details>',
        "html.parser",
    )
    preprocess(soup, "x.md")
    assert soup.get_text() == "Prose.Kept."


# --- each rule catches what it is for ---------------------------------------------------


def test_rules_catch_a_broken_fake_repository(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "index.md").write_text("---\ntitle: Home\ndescription: d\n---\n# Home\n")
    (docs / "guide" / "orphan.md").write_text("---\ntitle: Orphan\n---\n# Orphan\n")
    (docs / "_template.md").write_text("---\ntitle: T\ndescription: D\n---\n")
    config = {"nav": [{"Home": "index.md"}], "exclude_docs": "/_template.md\n"}
    assert pages_not_in_nav(docs, config) == ["guide/orphan.md"]

    (tmp_path / "snippets").mkdir()
    (tmp_path / "tests" / "snippets").mkdir(parents=True)
    (tmp_path / "snippets" / "__init__.py").write_text("")
    (tmp_path / "snippets" / "good.py").write_text('"""Good."""\nimport math\n')
    (tmp_path / "snippets" / "bad.py").write_text('"""Bad."""\nimport requests\n')
    (tmp_path / "tests" / "snippets" / "test_good.py").write_text("")
    assert snippets_without_tests(tmp_path) == ["snippets/bad.py has no tests/snippets/test_bad.py"]
    assert snippets_importing_outside_stdlib(tmp_path) == ["snippets/bad.py imports requests"]

    (tmp_path / "Makefile").write_text("build: setup ## b\n\t@echo\nsetup test:\n\techo\nX := 1\n")
    (tmp_path / ".ci").mkdir()
    (tmp_path / ".ci" / "run").write_text("#!/bin/sh\nmake test  # all\n")
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        "on: pull_request\njobs:\n  t:\n    steps:\n      - run: .ci/run\n"
        "      - run: make -j2 PY=x deploy && echo make\n"
    )
    assert make_targets(tmp_path / "Makefile") == {"build", "setup", "test"}
    assert unknown_make_targets(tmp_path) == [
        "ci.yml runs 'make deploy', which the Makefile does not define"
    ]


def test_nav_pages_reads_nested_sections() -> None:
    nav = ["index.md", {"A": [{"B": "b.md"}, {"C": [{"D": "c/d.md"}]}]}, {"E": "https://x"}]
    assert nav_pages(nav) == ["index.md", "b.md", "c/d.md"]
