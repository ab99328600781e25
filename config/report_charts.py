"""Server-drawn SVG stacked bar charts for config.reports (no script, no external asset: the admin's CSP)."""

from dataclasses import dataclass

PALETTE = ("#417690", "#e0a030", "#79aec8", "#ba2121", "#5b8c3a", "#8e5ea2", "#c27c0e", "#666666")
HEIGHT = 160  # plot area, in SVG units
LEFT, TOP, BOTTOM = 48, 8, 22
PLOT_WIDTH = 900  # the bars fill this width at 1280 px; long periods get thinner bars (at least MIN_SLOT)
MIN_SLOT, MAX_SLOT = 6, 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


def _nice_max(value) -> float:
    """The axis top: 1, 2 or 5 × a power of ten, at least `value`."""
    value = float(value)
    if value <= 0:
        return 1.0
    step = 1.0
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


def bar_chart(report) -> dict:
    """Geometry of `report` as a stacked bar per day, one colour per series, with a legend."""
    colors = {key: PALETTE[n % len(PALETTE)] for n, (key, _label) in enumerate(report.series)}
    labels = dict(report.series)
    rows = report.rows()
    top = _nice_max(max((sum(values) for _day, values in rows), default=0))
    slot = max(MIN_SLOT, min(MAX_SLOT, PLOT_WIDTH // max(len(rows), 1)))
    bar_width = max(slot * 0.7, 3)
    bars, ticks = [], []
    for n, (day, values) in enumerate(rows):
        x = LEFT + n * slot + (slot - bar_width) / 2
        base = TOP + HEIGHT
        for (key, _label), value in zip(report.series, values, strict=True):
            if not value:
                continue
            height = float(value) / top * HEIGHT
            base -= height
            bars.append(Bar(round(x, 2), round(base, 2), round(bar_width, 2), round(height, 2), colors[key],
                            f"{day.isoformat()} {labels[key]}: {value}"))
        if n % 7 == 0:
            ticks.append({"x": round(LEFT + n * slot + slot / 2, 2), "label": day.strftime("%m-%d")})
    width = LEFT + max(len(rows), 1) * slot + 8
    return {
        "width": width,
        "height": TOP + HEIGHT + BOTTOM,
        "axis_y": TOP + HEIGHT,
        "axis_right": width - 4,
        "left": LEFT,
        "top": TOP,
        "top_label": f"{top:g}",
        "tick_y": TOP + HEIGHT + 14,
        "bars": bars,
        "ticks": ticks,
        "legend": [{"fill": colors[key], "label": label} for key, label in report.series],
    }
