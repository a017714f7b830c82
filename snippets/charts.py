"""Small SVG charts, written as text, for the numbers a page computes at build time.

Used by the page "Fine-tuning vs RAG, measured" (``docs/finetune.md``) for the
learning curve and the before/after accuracy of the facts experiment, each with
its 95% intervals (a band behind a line, a whisker on a bar). The SVG
draws its axes and labels in ``currentColor`` and its series in CSS variables
with fallbacks, so it follows the page's light or dark theme; series differ by
dash pattern and marker shape too, not only by colour. Each chart carries a
``<title>`` and a ``<desc>`` that states its data in words, and is marked
``role="img"`` for screen readers.

Copy this file alone: it imports nothing outside the standard library.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

# A chart is drawn 440 units wide with 16-unit text. The page shows it at most 440
# CSS px wide (its text at body size) and on a phone at about 360 px, where the text
# is still 13 px: no label is ever drawn smaller than ``FONT`` units.
WIDTH = 440
FONT = 16
CHAR = 0.56 * FONT  # the width of an average character, for layout
LINE = FONT + 6  # one line of text
LEFT, RIGHT = 64, 22
PLOT_HEIGHT = 190
COLOURS = (
    "var(--chart-1, #3f6ad8)",
    "var(--chart-2, #d9730d)",
    "var(--chart-3, #2e9a5a)",
    "var(--chart-4, #b5338a)",
)
DASHES = ("", "6 4", "2 3", "10 3 2 3")
MARKERS = ("circle", "square", "diamond", "triangle")


def percent(value: float) -> str:
    """A share as a whole percentage: ``percent(0.256) == "26%"``."""
    return f"{round(value * 100)}%"


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
    else:
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
    return f'<polygon points="{points}" fill="{colour}"/>'


def _text(x: float, y: float, text: str, anchor: str = "middle", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="currentColor"{extra}>'
        f"{escape(text)}</text>"
    )


def _wrap(text: str, width: float) -> list[str]:
    """Words of ``text`` in lines of at most ``width`` units (a long word gets its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and (len(lines[-1]) + 1 + len(word)) * CHAR <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _frame(chart_id: str, title: str, desc: str, height: float, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" class="chart" '
        f'style="max-width:100%;height:auto;color:inherit;font-family:inherit;font-size:{FONT}px">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _legend(names: Sequence[str], *, lines: bool) -> tuple[list[str], float]:
    """The legend, wrapped into rows across the top; its parts and its height."""
    body: list[str] = []
    x, y = float(LEFT), LINE * 0.75
    for n, name in enumerate(names):
        width = 32 + CHAR * len(name)
        if x > LEFT and x + width > WIDTH - RIGHT:
            x, y = float(LEFT), y + LINE
        colour = COLOURS[n % len(COLOURS)]
        if lines:
            body.append(
                f'<line x1="{x:.1f}" x2="{x + 24:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{colour}" stroke-width="2.5" '
                f'stroke-dasharray="{DASHES[n % len(DASHES)]}"/>'
                + _marker(MARKERS[n % len(MARKERS)], x + 12, y, colour)
            )
        else:
            body.append(
                f'<rect x="{x + 6:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{colour}"/>'
            )
        body.append(_text(x + 30, y + FONT * 0.35, name, "start"))
        x += width + 12
    return body, y + LINE * 0.75


def _y_axis(
    top: float, label: str, low: float, high: float, fmt: Callable[[float], str]
) -> list[str]:
    body = []
    for step in range(6):
        value = low + (high - low) * step / 5
        y = top + PLOT_HEIGHT * (1 - step / 5)
        body.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="currentColor" stroke-opacity="{0.5 if step == 0 else 0.15}"/>'
            + _text(LEFT - 6, y + FONT * 0.35, fmt(value), "end")
        )
    middle = top + PLOT_HEIGHT / 2
    body.append(_text(FONT, middle, label, extra=f' transform="rotate(-90 {FONT} {middle:.1f})"'))
    return body


def _number(value: float) -> str:
    return f"{value:g}"


def line_chart(
    chart_id: str,
    title: str,
    x_values: Sequence[float],
    series: dict[str, Sequence[float]],
    *,
    x_label: str,
    y_label: str,
    log_x: bool = False,
    bands: dict[str, tuple[Sequence[float], Sequence[float]]] | None = None,
    y_range: tuple[float, float] = (0.0, 1.0),
    y_format: Callable[[float], str] = percent,
    x_format: Callable[[float], str] = _number,
    marks: Sequence[tuple[float, float, str]] = (),
) -> str:
    """A line chart of ``series`` against ``x_values``, as an SVG string.

    By default the values are shares (0 to 1, labelled as percentages); give
    ``y_range`` and ``y_format`` for other quantities, such as money.

    Args:
        chart_id: A page-unique id prefix for the title and description.
        title: What the chart shows (read by screen readers).
        x_values: The x positions, increasing.
        series: Name to y values (one per x value, inside ``y_range``).
        x_label: Label of the x axis.
        y_label: Label of the y axis.
        log_x: Space the x values on a log scale.
        bands: Optional series name to ``(lows, highs)``, one of each per x
            value: drawn as a shaded band behind that series' line (an
            interval), and stated in the description.
        y_range: The lowest and highest value of the y axis.
        y_format: How a y value is written (axis, description).
        x_format: How an x value is written (axis, description).
        marks: Points to mark and label, such as where two lines cross:
            ``(x, y, label)``; stated in the description.

    Returns:
        The ``<svg>`` element.

    Raises:
        ValueError: If the series, a band and ``x_values`` differ in length,
            a band names no series, there are fewer than two x values, or
            ``y_range`` is empty.

    Example:
        ```python
        from snippets.charts import line_chart

        svg = line_chart("c", "Growth", [1, 2], {"a": [0.1, 0.5]}, x_label="n", y_label="y")
        assert svg.startswith("<svg") and "currentColor" in svg
        ```
    """
    if len(x_values) < 2:
        raise ValueError("a line chart needs at least two x values")
    if any(len(ys) != len(x_values) for ys in series.values()):
        raise ValueError("every series needs one value per x value")
    bands = bands or {}
    if any(
        name not in series or len(lows) != len(x_values) or len(highs) != len(x_values)
        for name, (lows, highs) in bands.items()
    ):
        raise ValueError("every band needs a series of that name and one low and high per x value")
    y_low, y_high = y_range
    if not y_high > y_low:
        raise ValueError("the y range must go from a lower to a higher value")
    scale = math.log if log_x else float
    low, high = scale(x_values[0]), scale(x_values[-1])
    legend, top = _legend(list(series), lines=True)
    plot_w = WIDTH - LEFT - RIGHT
    bottom = top + PLOT_HEIGHT

    def px(x: float) -> float:
        return LEFT + plot_w * (scale(x) - low) / ((high - low) or 1)

    def py(y: float) -> float:
        return top + PLOT_HEIGHT * (1 - max(0.0, min(1.0, (y - y_low) / (y_high - y_low))))

    body = _y_axis(top, y_label, y_low, y_high, y_format)
    # Tick labels that would overlap their left neighbour are left out (the last one
    # is always written); the description lists every value.
    shown: list[tuple[float, str]] = []
    for k, x in enumerate(x_values):
        tick = (px(x), x_format(x))
        if shown and tick[0] - CHAR * len(tick[1]) / 2 < (
            shown[-1][0] + CHAR * len(shown[-1][1]) / 2 + 6
        ):
            if k < len(x_values) - 1:
                continue
            shown.pop()
        shown.append(tick)
    body += [_text(min(x, WIDTH - CHAR * len(text) / 2), bottom + LINE, text) for x, text in shown]
    body.append(_text(LEFT + plot_w / 2, bottom + 2 * LINE + 4, x_label))
    names = list(series)
    for name, (lows, highs) in bands.items():
        edge = [(px(x), py(y)) for x, y in zip(x_values, highs, strict=True)]
        edge += [(px(x), py(y)) for x, y in reversed(list(zip(x_values, lows, strict=True)))]
        body.append(
            f'<polygon points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in edge)}" '
            f'fill="{COLOURS[names.index(name) % len(COLOURS)]}" fill-opacity="0.15" stroke="none">'
            f"<title>{escape(name)}: 95% interval</title></polygon>"
        )
    for n, (name, ys) in enumerate(series.items()):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(x_values, ys, strict=True))
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5" '
            f'stroke-dasharray="{DASHES[n % len(DASHES)]}"><title>{escape(name)}</title></polyline>'
        )
        body += [
            _marker(MARKERS[n % len(MARKERS)], px(x), py(y), colour)
            for x, y in zip(x_values, ys, strict=True)
        ]
    # Each mark: a dashed vertical line, a ring on the point, and its label at the top
    # of the plot beside the line (a second label that would overlap goes a line lower).
    placed: list[tuple[float, float, int]] = []
    for x, y, label in marks:
        mx, my = px(x), py(y)
        width = CHAR * len(label)
        start = mx + 4 if mx + 4 + width <= WIDTH - RIGHT else mx - 4 - width
        row = 0
        while any(r == row and start < e and start + width > b for b, e, r in placed):
            row += 1
        placed.append((start, start + width, row))
        body.append(
            f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{top:.1f}" y2="{bottom:.1f}" '
            f'stroke="currentColor" stroke-dasharray="3 3" stroke-opacity="0.6"/>'
            f'<circle cx="{mx:.1f}" cy="{my:.1f}" r="6" fill="none" stroke="currentColor" '
            f'stroke-width="2"/>'
            + _text(start, top + FONT + row * LINE, label, "start", ' font-weight="700"')
        )
    body += legend

    def point(name: str, k: int) -> str:
        text = f"{y_format(series[name][k])} at {x_format(x_values[k])}"
        if name in bands:
            lows, highs = bands[name]
            text += f" ({y_format(lows[k]).rstrip('%')} to {y_format(highs[k])})"
        return text

    desc = "; ".join(
        f"{name}: " + ", ".join(point(name, k) for k in range(len(x_values))) for name in series
    )
    desc += "".join(f"; {label} ({x_format(x)}, {y_format(y)})" for x, y, label in marks)
    return _frame(chart_id, title, f"{x_label} against {y_label}. {desc}.", bottom + 3 * LINE, body)


def bar_chart(
    chart_id: str,
    title: str,
    groups: Sequence[str],
    series: dict[str, Sequence[float]],
    *,
    y_label: str,
    intervals: dict[str, Sequence[tuple[float, float] | None]] | None = None,
) -> str:
    """A grouped bar chart of shares (0 to 1), as an SVG string.

    Args:
        chart_id: A page-unique id prefix for the title and description.
        title: What the chart shows (read by screen readers).
        groups: The group labels along the x axis.
        series: Name to values (one per group, 0.0 to 1.0); one bar per series
            in each group.
        y_label: Label of the y axis.
        intervals: Optional series name to one ``(low, high)`` per group (or
            ``None`` for no interval): drawn as a whisker on the bar and
            stated in the description.

    Returns:
        The ``<svg>`` element.

    Raises:
        ValueError: If a series or an interval list does not have one value
            per group, or an interval list names no series.
    """
    if not groups or any(len(vs) != len(groups) for vs in series.values()):
        raise ValueError("every series needs one value per group")
    intervals = intervals or {}
    if any(name not in series or len(vs) != len(groups) for name, vs in intervals.items()):
        raise ValueError("every interval list needs a series of that name and one entry per group")
    legend, top = _legend(list(series), lines=False)
    top += LINE  # room for the value over a full bar
    plot_w = WIDTH - LEFT - RIGHT
    bottom = top + PLOT_HEIGHT
    slot = plot_w / len(groups)
    bar = min(48.0, slot * 0.8 / max(1, len(series)))
    body = _y_axis(top, y_label, 0.0, 1.0, percent)
    rows = 1
    for g, group in enumerate(groups):
        centre = LEFT + slot * (g + 0.5)
        start = centre - bar * len(series) / 2
        for n, (name, values) in enumerate(series.items()):
            value = max(0.0, min(1.0, values[g]))
            x, h = start + n * bar, PLOT_HEIGHT * value
            label_y = bottom - h - 5
            body.append(
                f'<rect x="{x + 2:.1f}" y="{bottom - h:.1f}" width="{bar - 4:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[n % len(COLOURS)]}"/>'
            )
            span = intervals.get(name, [None] * len(groups))[g]
            if span is not None:
                mid = x + bar / 2
                low, high = (bottom - PLOT_HEIGHT * max(0.0, min(1.0, v)) for v in span)
                body.append(
                    f'<path d="M{mid:.1f} {low:.1f}V{high:.1f}M{mid - 5:.1f} {low:.1f}'
                    f'h10M{mid - 5:.1f} {high:.1f}h10" stroke="currentColor" '
                    f'stroke-width="1.5" fill="none"/>'
                )
                label_y = min(label_y, high - 5)
            # A value label is written where it fits over its bar (the description
            # and the page's table carry every value).
            if CHAR * len(percent(value)) <= bar + 4:
                body.append(_text(x + bar / 2, label_y, percent(value)))
        lines = _wrap(group, slot - 8)
        rows = max(rows, len(lines))
        body += [_text(centre, bottom + LINE * (1 + k), part) for k, part in enumerate(lines)]
    body += legend

    def bar_text(name: str, g: int) -> str:
        text = f"{name} {percent(series[name][g])}"
        span = intervals.get(name, [None] * len(groups))[g]
        return (
            text
            if span is None
            else f"{text} ({percent(span[0]).rstrip('%')} to {percent(span[1])})"
        )

    desc = "; ".join(
        f"{group}: " + ", ".join(bar_text(name, g) for name in series)
        for g, group in enumerate(groups)
    )
    return _frame(chart_id, title, f"{y_label} by group. {desc}.", bottom + LINE * (rows + 1), body)
