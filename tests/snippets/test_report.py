"""snippets/demos/report.py: one way to show a rate, escaping in one place, honest timings."""

from __future__ import annotations

import pytest

from snippets.demos.report import (
    DASH,
    TIMES,
    Html,
    esc,
    figure,
    paragraph,
    pct,
    rate_html,
    rate_text,
    ratio_text,
    seconds_text,
    table,
    timed,
)
from snippets.evaluate import rate


def test_rates_show_their_interval_and_nothing_measured_is_n_a() -> None:
    assert rate_html(rate(9, 10)) == f'90%<br><span class="ci">60{DASH}98</span>'
    assert rate_html(rate(0, 0)) == "n/a" and pct(None) == "n/a"
    assert rate_text(rate(9, 10)) == "90% (60 to 98%, 9 of 10)"
    assert rate_text(rate(0, 0)).startswith("n/a")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.000221, "0.22 ms"),
        (0.039573, "40 ms"),
        (0.0996, "100 ms"),
        (1.26, "1.3 s"),
        (12.4, "12 s"),
    ],
)
def test_timings_have_two_significant_figures(seconds: float, text: str) -> None:
    assert seconds_text(seconds) == text


def test_comparisons_of_timings_are_ratios() -> None:
    assert ratio_text(0.039573, 0.000221) == f"180{TIMES}"
    assert ratio_text(1.0, 0.0) == "n/a"


def test_every_text_is_escaped_and_html_is_not_escaped_twice() -> None:
    hostile = '<img src=x onerror="alert(1)">'
    out = table(hostile, [hostile], [[hostile, Html("<b>kept</b>"), rate(1, 2), 3]], numeric=(2,))
    assert "<img" not in out and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out
    assert "<b>kept</b>" in out and '<td style="text-align:right">50%' in out
    assert "<img" not in paragraph(hostile) and "<img" not in figure("<svg></svg>", hostile)
    assert timed("1 ms") == "<span data-timing>1 ms</span>" and esc("a&b") == "a&amp;b"
