"""SVG charts of the retention report, drawn with matplotlib and returned as ``<svg>`` text.

The same conventions as the market report's charts (``analytics/_charts.py``): plain ``Figure``
objects (no pyplot), text kept as text with a CJK-capable font list so the reader's browser draws
Chinese, no metadata or dates, a fixed hash salt per chart (deterministic output), no element
ids, ``href`` instead of ``xlink:href``. Missing-glyph warnings (matplotlib measuring Chinese
labels without a CJK font) are silenced while drawing, and only those.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from html import escape
from typing import Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

__all__ = ["draw_calibration_curve", "draw_driver_bars", "draw_group_ranges",
           "draw_risk_histogram"]

FONT_FAMILY = ("Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "DejaVu Sans")
INK, MUTED, GRID = "#1f2933", "#6b7280", "#e5e7eb"
BLUE, BLUE_LIGHT, RUST, GREY, AMBER = "#1f4e79", "#a9c1dc", "#b5523b", "#b8bec7", "#c9962c"
BAND_COLORS = {"low": BLUE_LIGHT, "medium": AMBER, "high": RUST}
WIDTH = 6.8
_RC: dict[str, Any] = {
    "svg.fonttype": "none", "font.family": ["sans-serif"], "font.sans-serif": list(FONT_FAMILY),
    "font.size": 8.5, "text.parse_math": False, "text.color": INK, "axes.edgecolor": GREY,
    "axes.labelcolor": MUTED, "axes.labelsize": 8, "axes.titlesize": 9,
    "axes.titleweight": "bold", "axes.titlelocation": "left", "axes.spines.top": False,
    "axes.spines.right": False, "xtick.color": MUTED, "ytick.color": INK,
    "xtick.labelsize": 7.5, "ytick.labelsize": 8, "legend.frameon": False,
    "legend.fontsize": 7.5, "figure.facecolor": "white", "savefig.facecolor": "white",
}
_G_ID = re.compile(r'<g id="[^"]*"(/?)>')
_GLYPH_WARNING = r"Glyph \d+ .*missing from font"


@contextmanager
def _style(chart_id: str) -> Iterator[None]:
    with warnings.catch_warnings(), matplotlib.rc_context({**_RC,
                                                          "svg.hashsalt": f"tg-{chart_id}"}):
        warnings.filterwarnings("ignore", message=_GLYPH_WARNING, category=UserWarning)
        yield


def _to_svg(fig: Figure, *, label: str) -> str:
    fig.tight_layout(pad=0.4)
    buf = io.StringIO()
    fig.savefig(buf, format="svg",
                metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    text = buf.getvalue()
    text = _G_ID.sub(r"<g\1>", text[text.index("<svg"):])
    text = text.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "", 1)
    text = text.replace("xlink:href=", "href=")
    return text.replace("<svg ", f'<svg class="chart" role="img" aria-label="{escape(label)}" ',
                        1).strip() + "\n"


def _grid(ax: Any, axis: str = "both") -> None:
    ax.grid(axis=axis, color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def draw_calibration_curve(curves: Mapping[str, Sequence[Mapping[str, float]]], *,
                           chart_id: str, title: str, xlabel: str, ylabel: str,
                           diagonal: str) -> str:
    """Mean predicted vs observed rate per bin for each named curve, with the diagonal."""
    colors = (BLUE, GREY, RUST)
    with _style(chart_id):
        fig = Figure(figsize=(WIDTH * 0.62, WIDTH * 0.5))
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, 1], color=MUTED, linewidth=0.8, linestyle=(0, (3, 3)),
                label=diagonal)
        for (name, bins), color in zip(curves.items(), colors, strict=False):
            if not bins:
                continue
            x = [b["predicted"] for b in bins]
            y = [b["observed"] for b in bins]
            sizes = [12 + 60 * np.sqrt(b["rows"] / max(c["rows"] for c in bins)) for b in bins]
            ax.plot(x, y, color=color, linewidth=1.4, label=name)
            ax.scatter(x, y, s=sizes, color=color, zorder=3)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.legend(loc="upper left")
        _grid(ax)
        return _to_svg(fig, label=title)


def draw_risk_histogram(risk: Sequence[float], *, cutoffs: tuple[float, float], chart_id: str,
                        title: str, xlabel: str, ylabel: str,
                        band_names: Mapping[str, str]) -> str:
    """Histogram of risk in 20 bins of 0.05, coloured by band, with the band cut-offs marked."""
    values = np.asarray(risk, dtype=float)
    edges = np.linspace(0, 1, 21)
    counts, _ = np.histogram(values, bins=edges)
    mids = (edges[:-1] + edges[1:]) / 2
    bands = ["high" if m >= cutoffs[1] else "medium" if m >= cutoffs[0] else "low" for m in mids]
    with _style(chart_id):
        fig = Figure(figsize=(WIDTH, 2.4))
        ax = fig.add_subplot()
        ax.bar(mids, counts, width=0.048, color=[BAND_COLORS[b] for b in bands])
        for cut in cutoffs:
            ax.axvline(cut, color=INK, linewidth=0.8, linestyle=(0, (2, 2)))
        handles = [Patch(color=BAND_COLORS[b]) for b in ("low", "medium",
                                                                           "high")]
        ax.legend(handles, [band_names[b] for b in ("low", "medium", "high")],
                  loc="upper right", ncol=3)
        ax.set_xlim(0, 1)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        _grid(ax, "y")
        return _to_svg(fig, label=title)


def draw_driver_bars(labels: Sequence[str], raises: Sequence[float], lowers: Sequence[float],
                     *, chart_id: str, title: str, legend: tuple[str, str]) -> str:
    """Per feature: the share of people whose risk it raises (rust) and lowers (blue)."""
    with _style(chart_id):
        fig = Figure(figsize=(WIDTH, 0.3 * len(labels) + 0.9))
        ax = fig.add_subplot()
        y = np.arange(len(labels))
        ax.barh(y, raises, height=0.36, color=RUST, label=legend[0])
        ax.barh(y + 0.38, lowers, height=0.36, color=BLUE_LIGHT, label=legend[1])
        ax.set_yticks(y + 0.19, [str(lbl)[:40] for lbl in labels])
        ax.set_ylim(len(labels) - 0.3, -0.5)
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2)
        ax.set_title(title, pad=14)
        _grid(ax, "x")
        return _to_svg(fig, label=title)


def draw_group_ranges(groups: Sequence[Mapping[str, float]], *, names: Sequence[str],
                      chart_id: str, title: str, xlabel: str, high_from: float) -> str:
    """Risk quantiles per group (line p10-p90, box p25-p75, mark at the median), high cut-off."""
    with _style(chart_id):
        fig = Figure(figsize=(WIDTH, 0.32 * len(groups) + 0.9))
        ax = fig.add_subplot()
        y = np.arange(len(groups))
        lo, q1, mid, q3, hi = (np.array([g[k] for g in groups])
                               for k in ("p10", "p25", "median", "p75", "p90"))
        ax.hlines(y, lo, hi, color=MUTED, linewidth=1.0)
        ax.barh(y, q3 - q1, left=q1, height=0.5, color=BLUE_LIGHT, edgecolor=BLUE,
                linewidth=0.8)
        ax.vlines(mid, y - 0.25, y + 0.25, color=BLUE, linewidth=2.2)
        ax.axvline(high_from, color=RUST, linewidth=0.8, linestyle=(0, (2, 2)))
        ax.set_yticks(y, [str(n)[:30] for n in names])
        ax.set_ylim(len(groups) - 0.5, -0.6)
        ax.set_xlim(0, 1)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        _grid(ax, "x")
        return _to_svg(fig, label=title)
