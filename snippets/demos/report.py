"""Demo glue: escaped HTML for the experiment pages' results.

The renderers of ``snippets/demos/finetune_render.py``, ``measure.py`` and
``retrieval.py`` build their tables from these few helpers, so that every rate
is shown the same way (a share with its 95% interval, "n/a" when nothing was
measured) and every piece of text is escaped in one place. The same HTML is
printed into the page at build time and returned to the browser by a rerun.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from snippets.evaluate import Rate

DASH, TIMES = "\u2013", "\u00d7"  # the en dash of a range, the sign of a ratio
# How much a reader downloads before Python runs in their browser. The build knows
# the exact size (overrides/hooks/pyodide_assets.py writes it into this element);
# elsewhere the words stand.
PYODIDE_SIZE = "<span data-pyodide-size>a few megabytes</span>"


class Html(str):
    """Text that is already HTML (built by these helpers): not escaped again."""

    __slots__ = ()


Cell = str | int | float | Rate | Html


def esc(value: object) -> str:
    """``value`` as text, HTML-escaped (quotes too)."""
    return html.escape(str(value), quote=True)


def pct(value: float | None) -> str:
    """A share as a whole percentage, or "n/a" for ``None``."""
    return "n/a" if value is None else f"{round(value * 100)}%"


def rate_html(r: Rate) -> Html:
    """A rate as its percentage over its 95% interval (an en dash between the ends),
    or "n/a" when ``n`` is 0.

    >>> from snippets.evaluate import rate
    >>> rate_html(rate(9, 10)) == '90%<br><span class="ci">60' + DASH + '98</span>'
    True
    >>> rate_html(rate(0, 0))
    'n/a'
    """
    if r.value is None or r.low is None or r.high is None:
        return Html("n/a")
    return Html(
        f'{pct(r.value)}<br><span class="ci">{round(r.low * 100)}{DASH}{round(r.high * 100)}</span>'
    )


def rate_text(r: Rate) -> str:
    """A rate in words, for sentences and chart descriptions: ``"90% (60 to 98%, 9 of 10)"``."""
    if r.value is None or r.low is None or r.high is None:
        return "n/a (nothing to measure)"
    return f"{pct(r.value)} ({round(r.low * 100)} to {round(r.high * 100)}%, {r.hits} of {r.n})"


def seconds_text(seconds: float) -> str:
    """A duration with two significant figures, in ms below a second: ``"0.22 ms"``, ``"1.3 s"``."""
    value, unit = (seconds * 1000, "ms") if seconds < 1 else (seconds, "s")
    return f"{float(f'{value:.2g}'):g} {unit}"


def ratio_text(slow: float, fast: float) -> str:
    """How many times longer ``slow`` took than ``fast``, to two significant figures."""
    if fast <= 0:
        return "n/a"
    return f"{float(f'{slow / fast:.2g}'):g}{TIMES}"


def _cell(value: Cell) -> str:
    if isinstance(value, Rate):
        return rate_html(value)
    if isinstance(value, Html):
        return str(value)
    return esc(value)


def table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    numeric: Sequence[int] = (),
) -> Html:
    """A captioned table, without a class: Material styles class-less tables and wraps
    each in its scrolling container when a page is shown (the rerun's script does
    the same for the tables it inserts).

    Args:
        caption: The table's caption (text).
        headers: Column headings (text).
        rows: Cells: text, numbers, `Rate` objects or `Html`.
        numeric: Column numbers to right-align.
    """
    right = ' style="text-align:right"'
    head = "".join(
        f'<th scope="col"{right if i in numeric else ""}>{esc(h)}</th>'
        for i, h in enumerate(headers)
    )
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            cells.append(f"<td{right if i in numeric else ''}>{_cell(value)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return Html(
        f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def timed(text: str) -> Html:
    """A wall-clock measurement, marked ``data-timing``: it differs from run to run,
    so a comparison of two runs (the build's and the browser's) leaves it out."""
    return Html(f"<span data-timing>{esc(text)}</span>")


def figure(svg: str, caption: str) -> Html:
    """An SVG chart (from ``snippets/charts.py``, escaped there) with a text caption."""
    return Html(
        f'<figure class="chart-figure">{svg}<figcaption>{esc(caption)}</figcaption></figure>'
    )


def paragraph(text: str) -> Html:
    """One paragraph of text."""
    return Html(f"<p>{esc(text)}</p>")
