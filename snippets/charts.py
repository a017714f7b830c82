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

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 40, 64
COLOURS = (
    "var(--chart-1, #3f6ad8)",
    "var(--chart-2, #d9730d)",
    "var(--chart-3, #2e9a5a)",
    "var(--chart-4, #b5338a)",
)
DASHES = ("", "6 4", "2 3", "10 3 2 3")
MARKERS = ("circle", "square", "diamond", "triangle")


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


def _frame(chart_id: str, title: str, desc: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" '
        f'style="max-width:100%;height:auto;color:inherit;font-family:inherit;font-size:13px">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _y_axis(body: list[str], label: str) -> None:
    plot_h = HEIGHT - TOP - BOTTOM
    for step in range(6):
        value = step / 5
        y = TOP + plot_h * (1 - value)
        body.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="currentColor" stroke-opacity="{0.5 if step == 0 else 0.15}"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="currentColor">'
            f"{round(value * 100)}%</text>"
        )
    body.append(
        f'<text x="14" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" fill="currentColor" '
        f'transform="rotate(-90 14 {TOP + plot_h / 2:.1f})">{escape(label)}</text>'
    )


def _legend(body: list[str], names: Sequence[str], *, lines: bool) -> None:
    x = LEFT
    for n, name in enumerate(names):
        colour = COLOURS[n % len(COLOURS)]
        y = 18
        if lines:
            dash = DASHES[n % len(DASHES)]
            body.append(
                f'<line x1="{x}" x2="{x + 24}" y1="{y}" y2="{y}" stroke="{colour}" '
                f'stroke-width="2.5" stroke-dasharray="{dash}"/>'
                + _marker(MARKERS[n % len(MARKERS)], x + 12, y, colour)
            )
        else:
            body.append(f'<rect x="{x + 6}" y="{y - 6}" width="12" height="12" fill="{colour}"/>')
        body.append(f'<text x="{x + 30}" y="{y + 4}" fill="currentColor">{escape(name)}</text>')
        x += 40 + 7 * len(name)


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
) -> str:
    """A line chart of shares (0 to 1) against ``x_values``, as an SVG string.

    Args:
        chart_id: A page-unique id prefix for the title and description.
        title: What the chart shows (read by screen readers).
        x_values: The x positions, increasing.
        series: Name to y values (one per x value, 0.0 to 1.0).
        x_label: Label of the x axis.
        y_label: Label of the y axis.
        log_x: Space the x values on a log scale.
        bands: Optional series name to ``(lows, highs)``, one of each per x
            value: drawn as a shaded band behind that series' line (an
            interval), and stated in the description.

    Returns:
        The ``<svg>`` element.

    Raises:
        ValueError: If the series, a band and ``x_values`` differ in length,
            a band names no series, or there are fewer than two x values.

    Example:
        ```python
        from snippets.charts import line_chart

        svg = line_chart("c", "Growth", [1, 2], {"a": [0.1, 0.5]}, x_label="n", y_label="y")
        assert svg.startswith("<svg") and "currentColor" in svg
        ```
    """
    import math

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
    scale = math.log if log_x else float
    low, high = scale(x_values[0]), scale(x_values[-1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x: float) -> float:
        return LEFT + plot_w * (scale(x) - low) / ((high - low) or 1)

    def py(y: float) -> float:
        return TOP + plot_h * (1 - max(0.0, min(1.0, y)))

    body: list[str] = []
    _y_axis(body, y_label)
    for x in x_values:
        body.append(
            f'<text x="{px(x):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
            f'fill="currentColor">{x:g}</text>'
        )
    body.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 16}" text-anchor="middle" '
        f'fill="currentColor">{escape(x_label)}</text>'
    )
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
    _legend(body, list(series), lines=True)

    def point(name: str, k: int) -> str:
        text = f"{round(series[name][k] * 100)}% at {x_values[k]:g}"
        if name in bands:
            text += f" ({round(bands[name][0][k] * 100)} to {round(bands[name][1][k] * 100)}%)"
        return text

    desc = "; ".join(
        f"{name}: " + ", ".join(point(name, k) for k in range(len(x_values))) for name in series
    )
    return _frame(chart_id, title, f"{x_label} against {y_label}. {desc}.", body)


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
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(groups)
    bar = min(48.0, slot * 0.8 / max(1, len(series)))
    body: list[str] = []
    _y_axis(body, y_label)
    for g, group in enumerate(groups):
        centre = LEFT + slot * (g + 0.5)
        start = centre - bar * len(series) / 2
        for n, (name, values) in enumerate(series.items()):
            value = max(0.0, min(1.0, values[g]))
            x, h = start + n * bar, plot_h * value
            label_y = TOP + plot_h - h - 5
            body.append(
                f'<rect x="{x + 2:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar - 4:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[n % len(COLOURS)]}"/>'
            )
            span = intervals.get(name, [None] * len(groups))[g]
            if span is not None:
                mid = x + bar / 2
                low, high = (TOP + plot_h * (1 - max(0.0, min(1.0, v))) for v in span)
                body.append(
                    f'<path d="M{mid:.1f} {low:.1f}V{high:.1f}M{mid - 5:.1f} {low:.1f}'
                    f'h10M{mid - 5:.1f} {high:.1f}h10" stroke="currentColor" '
                    f'stroke-width="1.5" fill="none"/>'
                )
                label_y = min(label_y, high - 5)
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{label_y:.1f}" text-anchor="middle" '
                f'fill="currentColor" font-size="11">{round(value * 100)}%</text>'
            )
        words = group.split(" ")
        half = (len(words) + 1) // 2
        for line, part in enumerate((" ".join(words[:half]), " ".join(words[half:]))):
            if part:
                body.append(
                    f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 18 + 15 * line}" '
                    f'text-anchor="middle" fill="currentColor">{escape(part)}</text>'
                )
    _legend(body, list(series), lines=False)

    def bar_text(name: str, g: int) -> str:
        text = f"{name} {round(series[name][g] * 100)}%"
        span = intervals.get(name, [None] * len(groups))[g]
        return (
            text if span is None else f"{text} ({round(span[0] * 100)} to {round(span[1] * 100)}%)"
        )

    desc = "; ".join(
        f"{group}: " + ", ".join(bar_text(name, g) for name in series)
        for g, group in enumerate(groups)
    )
    return _frame(chart_id, title, f"{y_label} by group. {desc}.", body)
