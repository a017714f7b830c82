"""snippets/charts.py: SVG that follows the theme, describes its data in words,
escapes its text, and rejects data that does not fit the axes."""

from __future__ import annotations

import pytest

from snippets.charts import bar_chart, line_chart


def test_charts_are_themeable_and_described() -> None:
    svg = line_chart(
        "c",
        "A <title>",
        [10, 20, 40],
        {"a": [0.1, 0.5, 0.9]},
        x_label="n",
        y_label="acc",
        log_x=True,
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and "currentColor" in svg
    assert "A &lt;title&gt;" in svg and "10% at 10, 50% at 20, 90% at 40" in svg
    bars = bar_chart("b", "Bars", ["one", "two words"], {"x": [0.0, 1.0]}, y_label="share")
    assert "one: x 0%; two words: x 100%" in bars and "var(--chart-1" in bars
    with pytest.raises(ValueError):
        line_chart("c", "t", [1], {"a": [0.1]}, x_label="", y_label="")
    with pytest.raises(ValueError):
        line_chart("c", "t", [1, 2], {"a": [0.1]}, x_label="", y_label="")
    with pytest.raises(ValueError):
        bar_chart("b", "t", ["a"], {"x": [0.1, 0.2]}, y_label="")
