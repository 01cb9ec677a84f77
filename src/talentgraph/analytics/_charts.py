"""SVG charts for the market report, drawn with matplotlib and returned as strings.

Each ``draw_*`` function takes plain sequences (already in the report language) and returns one
``<svg>`` element as text, ready to inline in an HTML page that opens offline and prints to PDF:
no XML header, no DOCTYPE, no metadata, no xlink namespace (SVG 2 ``href`` to local ``#ids``
only), no element ids shared between charts (each chart has its own hash salt, and group ids
are dropped).

Text stays text (``svg.fonttype: "none"``) with the font list "Noto Sans CJK SC", "Microsoft
YaHei", "PingFang SC", "DejaVu Sans", sans-serif, so the reader's browser draws Chinese with its
own CJK font and nothing is embedded. Matplotlib still *measures* every label for layout with the
fonts it has; without a CJK font that measurement warns "Glyph … missing from font(s)" although
no glyph is ever drawn by matplotlib. Those warnings, and only those, are silenced while a chart is
drawn (the measured width of a missing glyph is about one em, close to a real CJK glyph).

Output is deterministic: fixed hash salt per chart, no date, a seeded graph layout. The style is
deliberately plain: one blue for data, one rust for "falling"/"negative", greys for everything
else, no frames or background grids beyond a light value grid.

pyplot is never used (no GUI backend, no global figure list); figures are plain ``Figure``
objects, measured with Agg text metrics and saved by the SVG backend. Matplotlib's rcParams are
process-global: draw charts from one thread at a time.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from html import escape
from typing import Any

import matplotlib
import networkx as nx
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from talentgraph.errors import ParameterError

__all__ = [
    "CLUSTER_COLORS",
    "FONT_FAMILY",
    "cluster_color",
    "draw_bar_chart",
    "draw_cooccurrence_graph",
    "draw_diverging_bars",
    "draw_forest_plot",
    "draw_pay_ranges",
    "draw_small_multiples",
    "draw_stacked_bars",
]

FONT_FAMILY = ("Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "DejaVu Sans")

INK = "#1f2933"
MUTED = "#6b7280"
GRID = "#e5e7eb"
BLUE = "#1f4e79"
BLUE_LIGHT = "#a9c1dc"
RUST = "#b5523b"
RUST_LIGHT = "#e6bcb0"
GREY = "#b8bec7"

#: Colours of co-occurrence clusters 1, 2, …; cluster 0 / none is grey. Muted, distinguishable.
CLUSTER_COLORS = ("#1f4e79", "#b5523b", "#4d8b6f", "#c9962c", "#6c5b9b", "#3f8fb5",
                  "#8c6d4f", "#b0487a")

WIDTH = 6.8  # inches: fits the A4 text width (210 mm minus 2 x 14 mm margins) without scaling
BAR_HEIGHT = 0.27  # inches per bar row
MAX_LABEL = 30  # characters (a CJK character counts as two)

_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "font.family": ["sans-serif"],
    "font.sans-serif": list(FONT_FAMILY),
    "font.size": 8.5,
    "text.parse_math": False,  # "$" in a skill name is text, not mathtext
    "text.color": INK,
    "axes.edgecolor": GREY,
    "axes.labelcolor": MUTED,
    "axes.labelsize": 8,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlecolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.8,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 8,
    "xtick.major.size": 0,
    "ytick.major.size": 0,
    "legend.frameon": False,
    "legend.fontsize": 7.5,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}

_SEGMENT_COLORS = (BLUE, BLUE_LIGHT, GREY)
_GLYPH_WARNING = r"Glyph \d+ .*missing from font"
_G_ID = re.compile(r'<g id="[^"]*"(/?)>')


def cluster_color(cluster: int | None) -> str:
    """The colour of a co-occurrence cluster (1-based); grey for none, cycling past eight."""
    if cluster is None or cluster < 1:
        return GREY
    return CLUSTER_COLORS[(cluster - 1) % len(CLUSTER_COLORS)]


def draw_bar_chart(labels: Sequence[str], values: Sequence[float], *, chart_id: str,
                   format_value: Callable[[float], str], title: str = "",
                   segments: Mapping[str, Sequence[float]] | None = None,
                   xlabel: str = "") -> str:
    """Horizontal bars, first label on top, each bar labelled with its formatted value.

    With ``segments`` (name -> part of each value, parts summing to the value) every bar is split
    into stacked parts, e.g. the postings that require a skill and those that only prefer it;
    parts are coloured dark blue, light blue, grey, in the order given.
    """
    _check_lengths("draw_bar_chart", labels=labels, values=values,
                   **{f"segments[{k!r}]": v for k, v in (segments or {}).items()})
    with _chart_style(chart_id):
        fig = Figure(figsize=(WIDTH, _bars_height(len(labels), extra=0.75 if segments else 0.5)))
        ax = fig.add_subplot()
        y = np.arange(len(labels))
        vals = np.asarray(values, dtype=float)
        if segments:
            left = np.zeros(len(labels))
            shades = [_SEGMENT_COLORS[i % len(_SEGMENT_COLORS)] for i in range(len(segments))]
            for (name, part), color in zip(segments.items(), shades, strict=True):
                arr = np.asarray(part, dtype=float)
                ax.barh(y, arr, left=left, height=0.68, color=color, label=name)
                left += arr
            ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(segments),
                      handlelength=1.0, borderaxespad=0.2)
        else:
            ax.barh(y, vals, height=0.68, color=BLUE)
        _label_bar_ends(ax, y, vals, format_value)
        _category_axis(ax, labels)
        _value_axis(ax, format_value, xlabel=xlabel, lower=0.0, upper=float(vals.max()) * 1.15)
        if title:
            ax.set_title(title, pad=14 if segments else 6)
        return _to_svg(fig, label=title or chart_id)


def draw_small_multiples(panels: Sequence[tuple[str, Sequence[str], Sequence[float]]], *,
                         chart_id: str, format_value: Callable[[float], str],
                         ncols: int = 2) -> str:
    """One small horizontal bar chart per group (title, labels, values), sharing one value scale.

    The shared scale is the point: a 40% bar means the same in every panel.
    """
    if not panels:
        raise ParameterError.invalid("panels", "draw_small_multiples", "a non-empty sequence",
                                     panels)
    for title, labels, values in panels:
        _check_lengths("draw_small_multiples", **{f"panel {title!r} labels": labels,
                                                  f"panel {title!r} values": values})
    ncols = max(1, min(ncols, len(panels)))
    nrows = -(-len(panels) // ncols)
    rows_per_panel = max(len(p[1]) for p in panels)
    top = max(max(float(v) for v in p[2]) for p in panels) * 1.25
    with _chart_style(chart_id):
        panel_height = rows_per_panel * 0.2 + 0.55
        fig = Figure(figsize=(WIDTH, nrows * panel_height + 0.2))
        axes = fig.subplots(nrows, ncols, squeeze=False)
        for index, ax in enumerate(axes.flat):
            if index >= len(panels):
                ax.set_axis_off()
                continue
            title, labels, values = panels[index]
            y = np.arange(len(labels))
            vals = np.asarray(values, dtype=float)
            ax.barh(y, vals, height=0.7, color=BLUE)
            _label_bar_ends(ax, y, vals, format_value, size=6.5)
            _category_axis(ax, labels, max_label=22, size=7)
            ax.set_ylim(rows_per_panel - 0.5, -0.6)
            _value_axis(ax, format_value, lower=0.0, upper=top, ticks=3)
            ax.set_title(_shorten(title, 40), fontsize=8.5)
        return _to_svg(fig, label=chart_id, layout_pad=0.6)


def draw_diverging_bars(labels: Sequence[str], changes: Sequence[float], *,
                        significant: Sequence[bool], chart_id: str,
                        format_value: Callable[[float], str],
                        legend: Mapping[str, str], xlabel: str = "") -> str:
    """Bars left (falling) or right (rising) of zero; significant changes solid, others pale.

    ``legend`` names the keys "rising", "falling" and "steady" in the report language.
    """
    _check_lengths("draw_diverging_bars", labels=labels, changes=changes, significant=significant)
    with _chart_style(chart_id):
        fig = Figure(figsize=(WIDTH, _bars_height(len(labels), extra=0.75)))
        ax = fig.add_subplot()
        y = np.arange(len(labels))
        vals = np.asarray(changes, dtype=float)
        sig = [bool(s) for s in significant]
        colors = [(BLUE if v >= 0 else RUST) if s else (BLUE_LIGHT if v >= 0 else RUST_LIGHT)
                  for v, s in zip(vals, sig, strict=True)]
        ax.barh(y, vals, height=0.68, color=colors)
        ax.axvline(0, color=MUTED, linewidth=0.8)
        span = float(np.abs(vals).max()) or 1.0
        for yi, v, s in zip(y, vals, sig, strict=True):
            ax.text(v + (0.015 * span if v >= 0 else -0.015 * span), yi, format_value(v),
                    va="center", ha="left" if v >= 0 else "right", fontsize=7,
                    color=INK if s else MUTED, fontweight="bold" if s else "normal")
        _category_axis(ax, labels)
        lower = min(0.0, float(vals.min())) - 0.25 * span
        upper = max(0.0, float(vals.max())) + 0.25 * span
        _value_axis(ax, format_value, xlabel=xlabel, lower=lower, upper=upper)
        ax.spines["left"].set_visible(False)
        handles = [_patch(BLUE), _patch(RUST), _patch(BLUE_LIGHT)]
        ax.legend(handles, [legend["rising"], legend["falling"], legend["steady"]],
                  loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=3, handlelength=1.0,
                  borderaxespad=0.2)
        return _to_svg(fig, label=chart_id)


def draw_pay_ranges(groups: Sequence[str], *, p10: Sequence[float], p25: Sequence[float],
                    median: Sequence[float], p75: Sequence[float], p90: Sequence[float],
                    chart_id: str, format_value: Callable[[float], str],
                    xlabel: str = "") -> str:
    """Box-plot-like pay ranges drawn from quantiles: line p10-p90, box p25-p75, mark at median.

    Only the five quantiles are needed (the raw salaries never leave the aggregation).
    """
    _check_lengths("draw_pay_ranges", groups=groups, p10=p10, p25=p25, median=median, p75=p75,
                   p90=p90)
    with _chart_style(chart_id):
        fig = Figure(figsize=(WIDTH, _bars_height(len(groups), extra=0.55, row=0.3)))
        ax = fig.add_subplot()
        lo, q1, mid, q3, hi = (np.asarray(a, dtype=float) for a in (p10, p25, median, p75, p90))
        y = np.arange(len(groups))
        ax.hlines(y, lo, hi, color=MUTED, linewidth=1.0)
        ax.vlines(lo, y - 0.12, y + 0.12, color=MUTED, linewidth=1.0)
        ax.vlines(hi, y - 0.12, y + 0.12, color=MUTED, linewidth=1.0)
        ax.barh(y, q3 - q1, left=q1, height=0.5, color=BLUE_LIGHT, edgecolor=BLUE,
                linewidth=0.8)
        ax.vlines(mid, y - 0.25, y + 0.25, color=BLUE, linewidth=2.2)
        span = float(np.nanmax(hi) - np.nanmin(lo)) or float(np.nanmax(hi)) or 1.0
        for yi, h, m in zip(y, hi, mid, strict=True):
            ax.text(h + 0.02 * span, yi, format_value(m), va="center", ha="left", fontsize=7,
                    color=INK)
        _category_axis(ax, groups)
        _value_axis(ax, format_value, xlabel=xlabel, lower=max(0.0, float(np.nanmin(lo)) -
                    0.05 * span), upper=float(np.nanmax(hi)) + 0.18 * span)
        return _to_svg(fig, label=chart_id)


def draw_forest_plot(labels: Sequence[str], estimates: Sequence[float], *,
                     ci_low: Sequence[float], ci_high: Sequence[float], chart_id: str,
                     format_value: Callable[[float], str], xlabel: str = "") -> str:
    """Point estimates with confidence intervals around a dashed zero line.

    Estimates whose interval excludes zero are blue (above) or rust (below); the rest grey.
    """
    _check_lengths("draw_forest_plot", labels=labels, estimates=estimates, ci_low=ci_low,
                   ci_high=ci_high)
    with _chart_style(chart_id):
        fig = Figure(figsize=(WIDTH, _bars_height(len(labels), extra=0.55)))
        ax = fig.add_subplot()
        est, low, high = (np.asarray(a, dtype=float) for a in (estimates, ci_low, ci_high))
        y = np.arange(len(labels))
        colors = [BLUE if lo_ > 0 else RUST if hi_ < 0 else GREY
                  for lo_, hi_ in zip(low, high, strict=True)]
        ax.axvline(0, color=MUTED, linewidth=0.8, linestyle=(0, (3, 3)))
        ax.hlines(y, low, high, colors=colors, linewidth=1.6)
        ax.scatter(est, y, s=22, color=colors, zorder=3)
        span = float(np.nanmax(high) - np.nanmin(low)) or 1.0
        for yi, e, h in zip(y, est, high, strict=True):
            ax.text(h + 0.02 * span, yi, format_value(e), va="center", ha="left", fontsize=7)
        _category_axis(ax, labels)
        _value_axis(ax, format_value, xlabel=xlabel,
                    lower=min(0.0, float(np.nanmin(low))) - 0.05 * span,
                    upper=max(0.0, float(np.nanmax(high))) + 0.2 * span)
        ax.spines["left"].set_visible(False)
        return _to_svg(fig, label=chart_id)


def draw_stacked_bars(categories: Sequence[str], segments: Sequence[tuple[str, Sequence[float]]],
                      *, chart_id: str, format_value: Callable[[float], str],
                      neutral: Collection[str] = ()) -> str:
    """100% stacked horizontal bars: one bar per category, one ordered segment per level.

    Segments take shades of blue in their given order (so ordered levels read light to dark);
    segment names in ``neutral`` (e.g. "unknown") are grey. Parts of at least 7% are labelled.
    """
    _check_lengths("draw_stacked_bars", categories=categories,
                   **{f"segment {name!r}": part for name, part in segments})
    if not segments:
        raise ParameterError.invalid("segments", "draw_stacked_bars", "a non-empty sequence",
                                     segments)
    with _chart_style(chart_id):
        fig = Figure(figsize=(WIDTH, _bars_height(len(categories), extra=0.85)))
        ax = fig.add_subplot()
        y = np.arange(len(categories))
        left = np.zeros(len(categories))
        ordered = [name for name, _ in segments if name not in neutral]
        shades = dict(zip(ordered, _sequential(len(ordered)), strict=True))
        for name, part in segments:
            arr = np.asarray(part, dtype=float)
            color = GREY if name in neutral else shades[name]
            ax.barh(y, arr, left=left, height=0.68, color=color, label=name, edgecolor="white",
                    linewidth=0.6)
            text_color = "white" if _is_dark(color) else INK
            for yi, start, width in zip(y, left, arr, strict=True):
                if width >= 0.07:
                    ax.text(start + width / 2, yi, format_value(width), ha="center",
                            va="center", fontsize=6.5, color=text_color)
            left += arr
        _category_axis(ax, categories)
        _value_axis(ax, format_value, lower=0.0, upper=1.0)
        ax.spines["left"].set_visible(False)
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=min(len(segments), 7),
                  handlelength=1.0, borderaxespad=0.2, columnspacing=1.0)
        return _to_svg(fig, label=chart_id)


def draw_cooccurrence_graph(edges: Sequence[tuple[str, str, float]], *,
                            labels: Mapping[str, str], clusters: Mapping[str, int],
                            sizes: Mapping[str, float], chart_id: str) -> str:
    """The skill co-occurrence network: nodes coloured by cluster, edge width by lift.

    ``edges`` are (node, node, lift); node size follows ``sizes`` (postings). Positions come
    from networkx ``spring_layout(seed=0)`` over nodes added in sorted order, so they repeat;
    each connected component is laid out on its own and the components are packed side by
    side (a plain spring layout pushes small components to the far edges).
    """
    if not edges:
        raise ParameterError.invalid("edges", "draw_cooccurrence_graph", "a non-empty sequence",
                                     edges)
    graph = nx.Graph()
    graph.add_nodes_from(sorted({n for a, b, _ in edges for n in (a, b)}))
    for a, b, lift in sorted(edges):
        graph.add_edge(a, b, weight=float(lift))
    pos = _layout_components(graph)
    with _chart_style(chart_id):
        nodes = list(graph.nodes())
        xy = np.array([pos[n] for n in nodes])
        (x0, y0), (x1, y1) = xy.min(axis=0) - (0.5, 0.15), xy.max(axis=0) + (0.5, 0.25)
        height = float(np.clip(WIDTH * (y1 - y0) / (x1 - x0), 2.4, 6.0))
        fig = Figure(figsize=(WIDTH, round(height, 2)))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        lifts = np.array([d["weight"] for _, _, d in graph.edges(data=True)])
        low, high = float(lifts.min()), float(lifts.max())
        widths = 0.6 + 3.0 * ((lifts - low) / (high - low) if high > low else lifts * 0 + 0.5)
        segs = [(pos[a], pos[b]) for a, b in graph.edges()]
        ax.add_collection(LineCollection(segs, linewidths=widths, colors=GREY, alpha=0.7,
                                         zorder=1))
        size = np.array([float(sizes.get(n, 0.0)) for n in nodes])
        smax = float(size.max()) or 1.0
        ax.scatter(xy[:, 0], xy[:, 1], s=30 + 220 * np.sqrt(size / smax),
                   c=[cluster_color(clusters.get(n)) for n in nodes], edgecolors="white",
                   linewidths=0.8, zorder=2)
        for n, (x, yv) in zip(nodes, xy, strict=True):
            ax.text(x, yv + 0.045, _shorten(labels.get(n, n), 24), ha="center", va="bottom",
                    fontsize=7, zorder=3,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                          "alpha": 0.75})
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_axis_off()
        return _to_svg(fig, label=chart_id, tight=False)


def _layout_components(graph: nx.Graph) -> dict[str, np.ndarray]:
    """Spring layout per connected component: the largest fills the top, the rest a row below.

    The layout ignores edge weights (lift shows as line width): weighted by lift, strongly
    tied pairs collapse onto each other and their labels collide.
    """
    parts = sorted((sorted(c) for c in nx.connected_components(graph)),
                   key=lambda c: (-len(c), c[0]))
    biggest = len(parts[0])
    pos: dict[str, np.ndarray] = {}
    x, y, row_height = 0.0, 0.0, 0.0
    for index, nodes in enumerate(parts):
        # a fresh graph in sorted order: a subgraph view iterates a set, whose order changes
        # from process to process with string hashing, and the layout follows node order
        sub = nx.Graph()
        sub.add_nodes_from(nodes)
        sub.add_edges_from(sorted(tuple(sorted(e)) for e in graph.subgraph(nodes).edges()))
        local = (nx.spring_layout(sub, seed=0, weight=None, k=2.0 / np.sqrt(len(nodes)),
                                  iterations=100)
                 if len(nodes) > 1 else {nodes[0]: np.full(2, 0.5)})
        xy = np.array([local[n] for n in nodes], dtype=float)
        xy -= xy.min(axis=0)
        xy /= np.where(xy.max(axis=0) > 0, xy.max(axis=0), 1.0)  # into the unit square
        if index == 0:
            box = np.array([4.0, min(3.0, 0.9 + 0.06 * len(nodes))])
        else:
            side = 0.35 + 0.9 * np.sqrt(len(nodes) / biggest)
            box = np.array([side, side * 0.7])
            if x > 0 and x + box[0] > 4.0:
                x, y, row_height = 0.0, y - row_height - 0.3, 0.0
        for n, p in zip(nodes, xy * box, strict=True):
            pos[n] = p + np.array([x, y - box[1]])
        if index == 0:
            y -= box[1] + 0.3
        else:
            x += box[0] + 0.3
            row_height = max(row_height, float(box[1]))
    return pos


# -- shared pieces ---------------------------------------------------------------------------

@contextmanager
def _chart_style(chart_id: str) -> Iterator[None]:
    """The report style, a per-chart hash salt, and no missing-glyph warnings (see module doc)."""
    with warnings.catch_warnings(), matplotlib.rc_context({**_RC,
                                                          "svg.hashsalt": f"tg-{chart_id}"}):
        warnings.filterwarnings("ignore", message=_GLYPH_WARNING, category=UserWarning)
        yield


def _to_svg(fig: Figure, *, label: str, tight: bool = True, layout_pad: float = 0.4) -> str:
    """The figure as one clean ``<svg>`` element (see the module docstring)."""
    if tight:
        fig.tight_layout(pad=layout_pad)
    buf = io.StringIO()
    fig.savefig(buf, format="svg",
                metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    text = _G_ID.sub(r"<g\1>", text)
    # SVG 2 ``href`` instead of ``xlink:href``: one namespace less, same drawing in browsers.
    text = text.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "", 1)
    text = text.replace("xlink:href=", "href=")
    return text.replace("<svg ", f'<svg class="chart" role="img" aria-label="{escape(label)}" ',
                        1).strip() + "\n"


def _check_lengths(owner: str, **columns: Sequence[Any]) -> None:
    lengths = {name: len(col) for name, col in columns.items()}
    if not lengths or min(lengths.values()) == 0:
        raise ParameterError(f"{owner} needs at least one data point; got empty inputs "
                             f"{sorted(n for n, k in lengths.items() if k == 0)}. Leave the "
                             "chart out when its table is empty.")
    if len(set(lengths.values())) > 1:
        raise ParameterError(f"The inputs of {owner} must have equal lengths. Got {lengths} "
                             "instead.")


def _bars_height(n: int, *, extra: float, row: float = BAR_HEIGHT) -> float:
    return round(n * row + extra + 0.3, 2)


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _shorten(text: str, limit: int = MAX_LABEL) -> str:
    """``text`` cut to ``limit`` display columns with an ellipsis (CJK characters count two)."""
    text = str(text)
    if _display_width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        used += 2 if ord(ch) > 0x2E7F else 1
        if used > limit - 1:
            break
        out.append(ch)
    return "".join(out).rstrip() + "…"


def _sequential(n: int) -> list[str]:
    """``n`` shades of blue from light to dark (ordered levels)."""
    if n <= 0:
        return []
    if n == 1:
        return [BLUE]
    cmap = matplotlib.colormaps["Blues"]
    return [to_hex(cmap(v)) for v in np.linspace(0.3, 0.9, n)]


def _is_dark(color: str) -> bool:
    r, g, b = to_rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5


def _patch(color: str) -> Patch:
    return Patch(facecolor=color, edgecolor="none")


def _category_axis(ax: Axes, labels: Sequence[str], *, max_label: int = MAX_LABEL,
                   size: float | None = None) -> None:
    ax.set_yticks(np.arange(len(labels)), [_shorten(lbl, max_label) for lbl in labels],
                  fontsize=size)
    ax.set_ylim(len(labels) - 0.5, -0.6)  # first label on top


def _value_axis(ax: Axes, format_value: Callable[[float], str], *, xlabel: str = "",
                lower: float, upper: float, ticks: int = 5) -> None:
    if not np.isfinite(upper) or upper <= lower:
        upper = lower + 1.0
    ax.set_xlim(lower, upper)
    ax.xaxis.set_major_locator(MaxNLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_value(v)))
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines["bottom"].set_visible(False)
    if xlabel:
        ax.set_xlabel(xlabel)


def _label_bar_ends(ax: Axes, y: np.ndarray, values: np.ndarray,
                    format_value: Callable[[float], str], *, size: float = 7) -> None:
    offset = float(np.nanmax(values)) * 0.01 if len(values) else 0.0
    for yi, v in zip(y, values, strict=True):
        ax.text(v + offset, yi, format_value(v), va="center", ha="left", fontsize=size,
                color=INK)
