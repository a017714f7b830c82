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


def test_every_label_is_drawn_at_the_chart_font_size() -> None:
    """Legibility: the SVG is WIDTH units wide and every text uses FONT units (no
    smaller size anywhere), so shown at 358 CSS px (a 390 px phone) text is >= 12 px;
    tests/browser/test_phone.py measures it in Chromium."""
    import re

    from snippets.charts import FONT, WIDTH

    svg = bar_chart("b", "t", ["a"], {"x": [0.5]}, y_label="y", intervals={"x": [(0.4, 0.6)]})
    line = line_chart("c", "t", [1, 2], {"a": [0.1, 0.2]}, x_label="x", y_label="y")
    for chart in (svg, line):
        assert f'viewBox="0 0 {WIDTH} ' in chart and f"font-size:{FONT}px" in chart
        assert not re.search(r"font-size=", chart)
    assert FONT * 358 / WIDTH >= 12


def test_long_legends_and_group_names_wrap_inside_the_chart() -> None:
    import re

    from snippets.charts import WIDTH

    names = {f"a rather long series name {n}": [0.5, 0.6] for n in range(3)}
    svg = line_chart("c", "t", [1, 2], names, x_label="x", y_label="y")
    legend = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="start"[^>]*>a rather', svg)
    assert len({y for _, y in legend}) == 3  # one entry per row ...
    assert all(float(x) + 0.56 * 16 * 28 < WIDTH for x, _ in legend)  # ... inside the chart
    bars = bar_chart("b", "t", ["retrieval and a fine-tune", "b"], {"x": [0.5, 0.2]}, y_label="y")
    assert ">retrieval and a<" in bars and ">fine-tune<" in bars


def test_crowded_x_ticks_keep_the_last_and_money_axes_read_as_money() -> None:
    svg = line_chart(
        "m",
        "Cost",
        [0, 1000, 1050, 2000],
        {"a": [0.0, 10.0, 10.5, 20.0], "b": [5.0, 10.0, 10.25, 15.0]},
        x_label="queries a month",
        y_label="cost",
        y_range=(0.0, 20.0),
        y_format=lambda v: f"${v:,.0f}",
        x_format=lambda v: f"{v:,.0f}",
        marks=[(1000.0, 10.0, "break-even")],
    )
    assert ">$20<" in svg and ">$0<" in svg and ">2,000<" in svg
    assert ">1,050<" not in svg  # overlaps 1,000: left out on the axis ...
    assert "$10 at 1,050" in svg  # ... and still in the description
    assert "break-even (1,000, $10)" in svg and 'stroke-dasharray="3 3"' in svg
    near = line_chart(
        "n",
        "t",
        [0, 10],
        {"a": [0.0, 1.0]},
        x_label="",
        y_label="",
        marks=[(5, 0.5, "first"), (5.2, 0.52, "second"), (10, 1.0, "end")],
    )
    rows = [
        float(near.split(f'font-weight="700">{name}<')[0].rsplit('y="', 1)[1].split('"')[0])
        for name in ("first", "second", "end")
    ]
    assert rows[1] > rows[0]  # overlapping labels go one line lower
    end_x = float(near.split('font-weight="700">end<')[0].rsplit('<text x="', 1)[1].split('"')[0])
    assert end_x + 0.56 * 16 * 3 <= 440  # a mark at the right edge is labelled to its left
    assert bar_chart("b", "t", [""], {"x": [0.5]}, y_label="y").count("<text") >= 8
    last = line_chart("l", "t", [1, 2, 2.01], {"a": [0.1, 0.2, 0.3]}, x_label="", y_label="")
    assert ">2.01<" in last and ">2<" not in last  # the last tick wins over its neighbour
    with pytest.raises(ValueError, match="y range"):
        line_chart("c", "t", [1, 2], {"a": [1, 2]}, x_label="", y_label="", y_range=(2, 2))


def test_four_series_get_four_marker_shapes() -> None:
    svg = line_chart("c", "t", [1, 2], {n: [0.1, 0.2] for n in "abcd"}, x_label="x", y_label="y")
    # Diamonds and triangles: two points and one legend mark each.
    assert "<circle" in svg and "<rect" in svg and svg.count("<polygon") == 6
