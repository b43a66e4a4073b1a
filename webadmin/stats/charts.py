"""Charts as inline SVG drawn on the server: no JavaScript, readable without styles.
Pure: numbers in, markup out."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup, escape

# One colour per meaning, the same in every chart and in its legend: red is kept for what
# went wrong (a missed or abandoned call), never for plain outgoing calls.
MEANINGS = {"incoming": "#0b6e4f", "answered": "#0b6e4f", "outgoing": "#1f5fa8",
            "missed": "#b42318", "abandoned": "#b42318"}
COLOURS = ("#0b6e4f", "#1f5fa8", "#667085", "#7a4fb5")  # series without a meaning
BAR, GAP, HEIGHT, LABEL = 14, 10, 160, 34


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int]
    meaning: str = ""  # a key of MEANINGS: decides the colour

    def colour(self, index: int) -> str:
        return MEANINGS.get(self.meaning) or COLOURS[index % len(COLOURS)]


def bar_chart(labels: Sequence[str], series: Sequence[Series], title: str) -> Markup:
    """Grouped vertical bars: one group per label, one bar per series, a legend below."""
    top = max((v for s in series for v in s.values), default=0) or 1
    group = BAR * len(series) + GAP
    width = max(group * len(labels) + GAP, 200)
    bars = [_bar(i * group + GAP + j * BAR, value, top, s.colour(j), s.name, label)
            for i, label in enumerate(labels) for j, s in enumerate(series)
            for value in (s.values[i],)]
    ticks = [_label(i * group + GAP + BAR * len(series) / 2, label, len(labels))
             for i, label in enumerate(labels)]
    legend = [_legend(j, s.name, s.colour(j)) for j, s in enumerate(series)]
    return Markup(
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} '
        f'{HEIGHT + LABEL + 22}" width="100%" preserveAspectRatio="xMinYMin meet">'
        f'<title>{escape(title)}</title><line x1="0" y1="{HEIGHT}" x2="{width}" y2="{HEIGHT}" '
        f'stroke="#c8ccd4"/>{"".join(bars)}{"".join(ticks)}{"".join(legend)}'
        f'<text x="{width - 4}" y="12" text-anchor="end" class="max">{top}</text></svg>')


def _bar(x: float, value: int, top: int, colour: str, name: str, label: str) -> str:
    height = round(HEIGHT * value / top)
    return (f'<rect x="{x}" y="{HEIGHT - height}" width="{BAR - 2}" height="{height}" '
            f'fill="{colour}"><title>{escape(label)}: {escape(name)} {value}</title></rect>')


def _label(x: float, label: str, count: int) -> str:
    # With many days only every few labels fit under the bars.
    return (f'<text x="{x}" y="{HEIGHT + 14}" text-anchor="middle">{escape(label)}</text>'
            if count <= 12 or len(label) <= 2 else "")


def _legend(index: int, name: str, colour: str) -> str:
    x = 4 + index * 110
    y = HEIGHT + LABEL + 10
    return (f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{y}">{escape(name)}</text>')
