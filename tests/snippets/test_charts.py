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


def test_intervals_are_drawn_and_described_without_changing_the_rest() -> None:
    plain = line_chart("c", "t", [10, 20], {"a": [0.2, 0.6]}, x_label="n", y_label="y")
    banded = line_chart(
        "c",
        "t",
        [10, 20],
        {"a": [0.2, 0.6]},
        x_label="n",
        y_label="y",
        bands={"a": ([0.1, 0.5], [0.3, 0.7])},
    )
    assert "<polygon" not in plain and 'fill-opacity="0.15"' in banded
    assert "20% at 10 (10 to 30%), 60% at 20 (50 to 70%)" in banded
    assert plain.split("<polyline")[1] == banded.split("<polyline")[1]  # same line and markers
    bars = bar_chart(
        "b",
        "t",
        ["one", "two"],
        {"x": [0.5, 1.0]},
        y_label="y",
        intervals={"x": [(0.4, 0.6), None]},
    )
    assert bars.count("<path") == 1 and "one: x 50% (40 to 60%); two: x 100%." in bars
    assert bar_chart("b", "t", ["one"], {"x": [0.5]}, y_label="y").count("<path") == 0
    with pytest.raises(ValueError, match="band"):
        line_chart(
            "c", "t", [1, 2], {"a": [0.1, 0.2]}, x_label="", y_label="", bands={"b": ([0], [1])}
        )
    with pytest.raises(ValueError, match="interval"):
        bar_chart("b", "t", ["a"], {"x": [0.1]}, y_label="", intervals={"x": []})


def test_chart_text_is_no_smaller_than_before() -> None:
    svg = bar_chart("b", "t", ["a"], {"x": [0.5]}, y_label="y", intervals={"x": [(0.4, 0.6)]})
    assert "font-size:13px" in svg and 'font-size="11"' in svg
    assert not any(f'font-size="{n}"' in svg for n in range(1, 11))


def test_four_series_get_four_marker_shapes() -> None:
    svg = line_chart("c", "t", [1, 2], {n: [0.1, 0.2] for n in "abcd"}, x_label="x", y_label="y")
    # Diamonds and triangles: two points and one legend mark each.
    assert "<circle" in svg and "<rect" in svg and svg.count("<polygon") == 6
