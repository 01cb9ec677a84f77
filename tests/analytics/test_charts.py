"""SVG charts: text stays text, output is clean, deterministic and warning-free."""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from talentgraph.analytics import _charts as charts
from talentgraph.errors import ParameterError

SVG = "{http://www.w3.org/2000/svg}"


def pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def _texts(svg: str) -> list[str]:
    return [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]


CHARTS: dict[str, Callable[[], str]] = {
    "bar": lambda: charts.draw_bar_chart(
        ["Python", "机器学习"], [0.5, 0.3], chart_id="bar", format_value=pct,
        segments={"必需": [0.3, 0.2], "优先": [0.1, 0.05], "未说明": [0.1, 0.05]}),
    "multiples": lambda: charts.draw_small_multiples(
        [("大模型算法工程师", ["PyTorch", "大语言模型"], [0.6, 0.5]),
         ("Data analyst", ["SQL"], [0.7])], chart_id="multiples", format_value=pct),
    "diverging": lambda: charts.draw_diverging_bars(
        ["大语言模型", "Hadoop"], [0.1, -0.05], significant=[True, False],
        chart_id="diverging", format_value=lambda v: f"{v * 100:+.1f}",
        legend={"rising": "上升", "falling": "下降", "steady": "不显著"}),
    "pay": lambda: charts.draw_pay_ranges(
        ["北京", "London"], p10=[1e5, 5e4], p25=[1.5e5, 6e4], median=[2e5, 7e4],
        p75=[2.5e5, 9e4], p90=[3e5, 1.1e5], chart_id="pay",
        format_value=lambda v: f"{v / 1e4:.0f}万"),
    "forest": lambda: charts.draw_forest_plot(
        ["Kubernetes", "机器学习"], [0.1, -0.04], ci_low=[0.05, -0.08], ci_high=[0.15, 0.01],
        chart_id="forest", format_value=pct),
    "stacked": lambda: charts.draw_stacked_bars(
        ["机器学习工程师", "Data analyst"],
        [("本科", [0.5, 0.3]), ("硕士", [0.3, 0.2]), ("未知", [0.2, 0.5])],
        chart_id="stacked", format_value=pct, neutral={"未知"}),
    "graph": lambda: charts.draw_cooccurrence_graph(
        [("python", "pytorch", 2.0), ("pytorch", "llm", 3.5), ("sql", "excel", 1.6),
         ("python", "sql", 1.1)],
        labels={"python": "Python", "pytorch": "PyTorch", "llm": "大语言模型", "sql": "SQL",
                "excel": "Excel"},
        clusters={"python": 1, "pytorch": 1, "llm": 1, "sql": 2}, sizes={"python": 90,
                                                                         "llm": 20},
        chart_id="graph"),
}


@pytest.fixture(scope="module")
def drawn() -> dict[str, str]:
    return {name: make() for name, make in CHARTS.items()}


def test_every_chart_is_clean_inline_svg(drawn: dict[str, str]) -> None:
    for name, svg in drawn.items():
        assert svg.startswith('<svg class="chart" role="img"'), name
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG}svg"
        assert not re.search(r"<\?xml|<!DOCTYPE|<metadata|xlink|<image|https?://(?!www\.w3\.org/"
                             r"2000/svg\")", svg), name
        hrefs = [el.get("href") for el in root.iter() if el.get("href")]
        assert all(h.startswith("#") for h in hrefs), name
        assert not [v for v in re.findall(r"url\(([^)]*)\)", svg) if not v.startswith("#")]


def test_text_stays_text_with_the_cjk_font_list(drawn: dict[str, str]) -> None:
    for name, svg in drawn.items():
        assert "<text" in svg, name
        assert ("font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', "
                "'DejaVu Sans', sans-serif") in svg, name
    assert "机器学习" in _texts(drawn["bar"])
    assert "大语言模型" in _texts(drawn["graph"])
    assert "大模型算法工程师" in _texts(drawn["multiples"])
    assert {"上升", "下降", "不显著"} <= set(_texts(drawn["diverging"]))
    assert "20万" in _texts(drawn["pay"])  # the median label uses the given format


def test_no_warnings_with_chinese_labels() -> None:
    # pytest runs with filterwarnings=error: a missing-glyph warning would raise here
    svg = charts.draw_bar_chart(["机器学习", "深度学习"], [0.4, 0.2], chart_id="w",
                                format_value=pct, title="技能需求")
    assert "技能需求" in _texts(svg)


def test_missing_glyph_warnings_stay_silenced_only_inside_a_chart() -> None:
    charts.draw_bar_chart(["机器学习"], [0.4], chart_id="w", format_value=pct)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("Glyph 26426 (\\N{CJK UNIFIED IDEOGRAPH-673A}) missing from font(s) "
                      "DejaVu Sans.", UserWarning, stacklevel=1)
    assert len(caught) == 1


def test_output_is_deterministic(drawn: dict[str, str]) -> None:
    assert {name: make() for name, make in CHARTS.items()} == drawn


def test_ids_differ_between_charts(drawn: dict[str, str]) -> None:
    seen: dict[str, str] = {}
    for name, svg in drawn.items():
        for el in ET.fromstring(svg).iter():
            if el.get("id"):
                assert el.get("id") not in seen, (name, el.get("id"), seen.get(el.get("id")))
                seen[el.get("id")] = name
    assert seen  # clip paths and markers have ids


def test_markup_in_labels_is_escaped() -> None:
    svg = charts.draw_bar_chart(["<script>x</script>", "a & b", "$x$ cost"], [0.3, 0.2, 0.1],
                                chart_id="esc", format_value=pct)
    assert "<script>" not in svg
    assert {"<script>x</script>", "a & b", "$x$ cost"} <= set(_texts(svg))  # no mathtext


def test_long_labels_are_shortened_by_display_width() -> None:
    svg = charts.draw_bar_chart(["一" * 40, "x" * 40], [0.2, 0.1], chart_id="long",
                                format_value=pct)
    texts = _texts(svg)
    assert "一" * 14 + "…" in texts and "x" * 29 + "…" in texts


def _paths(svg: str, style: str) -> list[list[float]]:
    """x coordinates of each path whose style contains ``style``."""
    root = ET.fromstring(svg)
    return [[float(x) for x in re.findall(r"([\d.]+) [\d.]+", el.get("d"))]
            for el in root.iter(f"{SVG}path") if style in (el.get("style") or "")]


def test_pay_ranges_are_drawn_from_the_quantiles() -> None:
    svg = charts.draw_pay_ranges(["a"], p10=[10.0], p25=[20.0], median=[30.0], p75=[40.0],
                                 p90=[50.0], chart_id="q", format_value=lambda v: f"{v:.0f}")
    assert "30" in _texts(svg)  # the median is labelled
    box = _paths(svg, f"fill: {charts.BLUE_LIGHT}")
    whiskers = [xs for xs in _paths(svg, f"stroke: {charts.MUTED}") if xs[0] != xs[-1]]
    medians = _paths(svg, "stroke-width: 2.2")
    assert len(box) == 1 and len(whiskers) == 1 and len(medians) == 1
    left, right = min(whiskers[0]), max(whiskers[0])  # p10 .. p90 = 10 .. 50

    def at(x: float) -> float:  # back to data units
        return 10 + 40 * (x - left) / (right - left)

    assert at(min(box[0])) == pytest.approx(20, abs=0.01)
    assert at(max(box[0])) == pytest.approx(40, abs=0.01)
    assert at(medians[0][0]) == pytest.approx(30, abs=0.01)


def test_diverging_bars_colour_by_direction_and_significance() -> None:
    svg = charts.draw_diverging_bars(["up", "down", "flat"], [0.1, -0.1, 0.02],
                                     significant=[True, True, False], chart_id="d",
                                     format_value=lambda v: f"{v:+.2f}",
                                     legend={"rising": "r", "falling": "f", "steady": "s"})
    fills = re.findall(r"fill: (#[0-9a-f]{6})", svg)
    assert charts.BLUE in fills and charts.RUST in fills and charts.BLUE_LIGHT in fills


def test_graph_colours_nodes_by_cluster() -> None:
    svg = charts.draw_cooccurrence_graph([("a", "b", 2.0), ("c", "d", 3.0)],
                                         labels={}, clusters={"a": 1, "b": 1, "c": 2},
                                         sizes={}, chart_id="g")
    fills = set(re.findall(r"fill: (#[0-9a-f]{6})", svg))
    assert {charts.cluster_color(1), charts.cluster_color(2), charts.GREY} <= fills
    assert {"a", "b", "c", "d"} <= set(_texts(svg))  # slugs label nodes without names
    assert charts.cluster_color(9) == charts.cluster_color(1)
    assert charts.cluster_color(None) == charts.GREY


@pytest.mark.parametrize("call", [
    lambda: charts.draw_bar_chart([], [], chart_id="e", format_value=pct),
    lambda: charts.draw_bar_chart(["a", "b"], [0.1], chart_id="e", format_value=pct),
    lambda: charts.draw_small_multiples([], chart_id="e", format_value=pct),
    lambda: charts.draw_cooccurrence_graph([], labels={}, clusters={}, sizes={}, chart_id="e"),
    lambda: charts.draw_stacked_bars(["a"], [], chart_id="e", format_value=pct),
])
def test_bad_inputs_raise_parameter_errors(call: Callable[[], str]) -> None:
    with pytest.raises(ParameterError, match=r"(needs at least one|equal lengths|non-empty)"):
        call()
