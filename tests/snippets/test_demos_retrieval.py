"""docs/retrieval.md, "What moves retrieval quality": the wording moves recall, the
settings do not move it beyond the noise."""

from __future__ import annotations

import itertools

from snippets.demos import retrieval
from snippets.evaluate import beats


def test_the_wording_moves_recall_and_no_setting_does() -> None:
    result = retrieval.report()
    rows = result["rows"]
    assert [r["change"] for r in rows] == [
        "baseline",
        "ranking",
        "passage size",
        "passage size",
        "stop words",
        "best on dev",
    ]
    for row in rows:
        assert row["documents"].hits == row["documents"].n > 0  # every answer's passage found
        assert (row["own"].value or 0) < 0.5  # most missed
        assert beats(row["documents"], row["own"])
    for column in ("dev", "documents", "own"):
        for a, b in itertools.permutations(rows, 2):
            assert not beats(a[column], b[column]), (column, a["setting"], b["setting"])
    doc = result["document_level"]
    assert (
        doc["own"].hits > rows[0]["own"].hits
    )  # the document comes back more often than the passage


def test_the_table_is_rendered_with_every_setting() -> None:
    html = retrieval.render()
    assert (
        html.count("<tr>") == 7
        and "<td>BM25</td>" in html
        and "<td>stop words dropped</td>" in html
    )
    assert "baseline: TF-IDF, 600-character passages, stop words kept" in html
    assert "with the asker&#x27;s own words" in html
