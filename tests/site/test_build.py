"""The site builds with ``mkdocs build --strict``, shows real build-time output,
and loads nothing from another host."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from snippets.tfidf import TfidfIndex
from tests.site.test_repo_hygiene import load_yaml
from tests.site.urls import Load, foreign_loads, is_foreign

ROOT = Path(__file__).resolve().parents[2]


def own_hosts() -> frozenset[str]:
    """The site's own host (from ``site_url``) plus loopback."""

    class _EnvLoader(yaml.SafeLoader):
        pass

    _EnvLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_EnvLoader)
    hosts = {"127.0.0.1", "localhost"}
    if config.get("site_url"):
        hosts.add(urlsplit(config["site_url"]).hostname or "")
    return frozenset(hosts)


def test_strict_build_writes_every_page_in_the_nav(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    assert (built_site / "retrieval" / "index.html").is_file()
    assert (built_site / "reference" / "api" / "index.html").is_file()
    assert (built_site / "sitemap.xml").is_file()


def test_build_time_output_is_the_code_running(built_site: Path) -> None:
    """The ranked table on the retrieval page is what TfidfIndex computes now."""
    html = (built_site / "retrieval" / "index.html").read_text()
    passages = [
        "Refunds are available within 30 days of purchase for annual plans.",
        "The Team plan costs 12 euros per seat per month, billed annually.",
        "To request a refund, open a ticket with your invoice number.",
        "Single sign-on is available on the Enterprise plan only.",
        "Invoices are sent by email on the first day of each billing period.",
    ]
    results = TfidfIndex(passages).search("How do I get a refund for my annual plan?", k=5)
    cells = re.findall(r"<td[^>]*>(0\.\d{3})</td>", html)
    assert cells == [f"{score:.3f}" for _, score in results]


def test_no_page_script_stylesheet_or_font_loads_from_another_host(built_site: Path) -> None:
    found = foreign_loads(built_site, own_hosts())
    assert found == [], "\n".join(f"{x.file}: {x.what} {x.url}" for x in found[:20])


@pytest.mark.parametrize(
    ("url", "foreign"),
    [
        ("https://fonts.googleapis.com/css", True),
        ("//unpkg.com/mermaid.js", True),
        ("http://127.0.0.1:8000/x.js", False),
        ("../assets/x.js", False),
        ("data:image/png;base64,AAAA", False),
        ("mailto:someone@example.org", False),
        ("#anchor", False),
    ],
)
def test_is_foreign(url: str, foreign: bool) -> None:
    assert is_foreign(url, frozenset({"127.0.0.1"})) is foreign


def test_the_scanner_finds_each_kind_of_load(tmp_path: Path) -> None:
    """A fake site with one third-party load of every kind, and links that are fine."""
    (tmp_path / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="https://cdn.example/a.css">'
        '<link rel="canonical" href="https://other.example/">'
        '<script src="//cdn.example/b.js"></script>'
        "<style>@import 'https://fonts.example/c.css';</style>"
        '<script type="module">import x from "https://esm.example/d.mjs";</script>'
        '</head><body><a href="https://arxiv.org/abs/2005.11401">paper</a>'
        '<img srcset="ok.png 1x, https://img.example/e.png 2x" alt="">'
        '<div style="background: url(https://img.example/f.png)"></div>'
        '<svg><use href="https://icons.example/g.svg#i"></use></svg></body></html>'
    )
    (tmp_path / "s.css").write_text("body{background:url('https://img.example/h.png')}")
    (tmp_path / "w.js").write_text(
        "importScripts('https://cdn.example/i.js'); import('https://cdn.example/j.mjs');"
        'new Worker("https://cdn.example/k.js"); const ok = "https://api.example/not-loaded";'
    )
    found = foreign_loads(tmp_path, frozenset({"127.0.0.1"}))
    urls = sorted(load.url for load in found)
    assert urls == sorted(
        [
            "https://cdn.example/a.css",
            "//cdn.example/b.js",
            "https://fonts.example/c.css",
            "https://esm.example/d.mjs",
            "https://img.example/e.png",
            "https://img.example/f.png",
            "https://icons.example/g.svg#i",
            "https://img.example/h.png",
            "https://cdn.example/i.js",
            "https://cdn.example/j.mjs",
            "https://cdn.example/k.js",
        ]
    )
    assert all(isinstance(load, Load) for load in found)


def test_every_theme_feature_is_one_the_pinned_material_reads(built_site: Path) -> None:
    """mkdocs.yml's theme features are read by Material's bundle (``V("name")``) or its
    templates (``"name" in features``); one it no longer reads would be dropped without
    a word (``content.lazy`` is in no documentation), so an upgrade that removes one
    fails here."""
    import material

    config = load_yaml(ROOT / "mkdocs.yml")
    features = config["theme"]["features"]
    (bundle,) = (built_site / "assets" / "javascripts").glob("bundle.*.min.js")
    read = set(re.findall(r'\bV\("([a-z.]+)"\)', bundle.read_text(encoding="utf-8")))
    for template in (Path(material.__file__).parent / "templates").rglob("*.html"):
        read |= set(re.findall(r'"([a-z.]+)" in features', template.read_text(encoding="utf-8")))
    assert "content.lazy" in features and "content.lazy" in read
    assert sorted(set(features) - read) == []
