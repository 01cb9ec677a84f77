"""The market report: self-contained HTML in zh/en, built from the market tables contract."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pandas as pd
import pytest

from talentgraph.analytics import render_market_report
from talentgraph.analytics._report import COLUMNS, SECTIONS, load_messages
from talentgraph.errors import MissingColumnError, ParameterError

WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
SCRIPT_PHRASE = "<script>alert(1)</script> agent"
MARKUP_CITY = "<i>Springfield</i> & Co"

SKILLS = [  # slug, name_en, name_zh
    ("python", "Python", "Python"),
    ("machine-learning", "Machine learning", "机器学习"),
    ("pytorch", "PyTorch", ""),
    ("sql", "SQL", "SQL"),
    ("large-language-models", "Large language models", "大语言模型"),
    ("kubernetes", "Kubernetes", None),
]


@dataclass(frozen=True)
class FakeReport:
    """A stand-in for MarketReport: just .tables and .summary (and no .options)."""

    tables: dict[str, pd.DataFrame]
    summary: dict[str, Any] = field(default_factory=dict)


def _skill_rows(extra: dict[str, Any], n: int = 4) -> list[dict[str, Any]]:
    rows = []
    for i, (slug, en, zh) in enumerate(SKILLS[:n]):
        rows.append({**extra, "slug": slug, "name_en": en, "name_zh": zh,
                     "postings": 40 - 5 * i, "group_postings": 100, "share": 0.4 - 0.05 * i,
                     "required": 20 - i, "preferred": 5 + i})
    return rows


def _by_group(column: str, values: list[str]) -> pd.DataFrame:
    return pd.DataFrame([r for v in values for r in _skill_rows({column: v})])


def _pay(column: str, values: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{column: v, "postings": 20 + i, "p10": 60000.0 + 5000 * i,
                          "p25": 80000.0 + 5000 * i, "median": 100000.0 + 9000 * i,
                          "p75": 125000.0 + 9000 * i, "p90": 150000.0 + 12000 * i,
                          "mean": 104000.0 + 9000 * i} for i, v in enumerate(values)])


def make_tables() -> dict[str, pd.DataFrame]:
    """Every table of the contract, a few rows each, with exactly the contract's columns."""
    families = ["ml-engineer", "data-analyst", "other"]
    demand = pd.DataFrame([
        {"rank": i + 1, "slug": s, "name_en": en, "name_zh": zh, "postings": 60 - 8 * i,
         "share": (60 - 8 * i) / 120, "required": 30 - 3 * i, "preferred": 10 + i,
         "required_share": (30 - 3 * i) / (60 - 8 * i)} for i, (s, en, zh) in enumerate(SKILLS)])
    return {
        "volume": pd.DataFrame({"metric": ["postings_read", "exact_duplicates",
                                           "near_duplicates", "duplicates", "unique_postings",
                                           "skipped", "duplicate_ids"],
                                "value": [130, 5, 3, 8, 120, 2, 8]}),
        "role_families": pd.DataFrame({"role_family": families, "postings": [70, 40, 10],
                                       "share": [70 / 120, 40 / 120, 10 / 120]}),
        "skill_demand": demand,
        "skill_demand_by_role_family": _by_group("role_family", families[:2]),
        "skill_demand_by_seniority": _by_group("seniority", ["senior", "junior", "unknown"]),
        "skill_demand_by_city": _by_group("city", ["北京", "London"]),
        "skill_demand_by_period": _by_group("period", ["2026Q2", "2026Q1"]),
        "top_skills_by_role_family": pd.DataFrame([
            {"role_family": f, "rank": i + 1, "slug": s, "name_en": en, "name_zh": zh,
             "share": 0.5 - 0.1 * i} for f in families[:2]
            for i, (s, en, zh) in enumerate(SKILLS[:3])]),
        "skill_trends": pd.DataFrame([
            {"slug": s, "name_en": en, "name_zh": zh, "period_from": "2026Q1",
             "period_to": "2026Q2", "postings_from": 10, "total_from": 50, "share_from": 0.2,
             "postings_to": 10 + d, "total_to": 70, "share_to": (10 + d) / 70,
             "change": (10 + d) / 70 - 0.2, "p_value": p, "q_value": q, "trend": t}
            for (s, en, zh), d, p, q, t in zip(
                SKILLS[:4], [20, 3, -2, -8], [0.001, 0.4, 0.7, 0.01], [0.004, 0.5, 0.7, 0.02],
                ["rising", "steady", "steady", "falling"], strict=True)]),
        "emerging_terms": pd.DataFrame({
            "phrase": ["agentic workflow", "具身智能", SCRIPT_PHRASE],
            "postings": [9, 6, 3], "share": [0.075, 0.05, 0.025], "postings_from": [0, 2, 1],
            "postings_to": [9, 4, 2], "status": ["new", "growing", ""]}),
        "skill_pairs": pd.DataFrame([
            {"slug_a": a[0], "slug_b": b[0], "name_a": a[1], "name_b": b[1], "together": t,
             "postings_a": 50, "postings_b": 40, "lift": lift, "jaccard": t / 90}
            for a, b, t, lift in [(SKILLS[0], SKILLS[2], 25, 2.4), (SKILLS[2], SKILLS[4], 15, 3.1),
                                  (SKILLS[0], SKILLS[3], 12, 1.3), (SKILLS[1], SKILLS[4], 10, 1.8),
                                  (SKILLS[3], SKILLS[5], 6, 1.6)]]),
        "skill_clusters": pd.DataFrame([
            {"cluster": c, "slug": s, "name_en": en, "name_zh": zh, "postings": 50 - i,
             "degree": 2} for i, (c, (s, en, zh)) in enumerate(
                zip([1, 1, 1, 2, 2, 2], SKILLS, strict=True))]),
        "pay_by_role_family": _pay("role_family", families[:2]),
        "pay_by_seniority": _pay("seniority", ["senior", "mid", "unknown"]),
        "pay_by_city": _pay("city", ["上海", "New York", MARKUP_CITY]),
        "skill_pay_premium": pd.DataFrame({
            "slug": ["kubernetes", "pytorch", "sql"], "name_en": ["Kubernetes", "PyTorch", "SQL"],
            "name_zh": ["Kubernetes", None, "SQL"], "postings_with": [40, 35, 60],
            "premium": [0.12, 0.03, -0.06], "ci_low": [0.05, -0.02, -0.1],
            "ci_high": [0.2, 0.08, -0.01], "p_value": [0.0004, 0.3, 0.02]}),
        "experience_by_role_family": pd.DataFrame({
            "role_family": ["ml-engineer"] * 3 + ["data-analyst"] * 2,
            "experience_bucket": ["1-2", "3-4", "unknown", "0", "unknown"],
            "postings": [20, 30, 20, 10, 30], "share": [2 / 7, 3 / 7, 2 / 7, 0.25, 0.75]}),
        "education_by_role_family": pd.DataFrame({
            "role_family": ["ml-engineer", "ml-engineer", "data-analyst"],
            "education_min": ["master", "bachelor", "unknown"], "postings": [30, 40, 40],
            "share": [3 / 7, 4 / 7, 1.0]}),
        "data_quality": pd.DataFrame({
            "metric": ["share_with_salary", "share_salary_unparsed", "share_known_role_family",
                       "share_with_skill", "share_with_date", "share_with_city"],
            "value": [0.55, 0.02, 0.9, 0.97, 0.8, 0.7]}),
        "skipped": pd.DataFrame({"source": ["a.csv", "a.csv"], "id": ["row 7", "row 9"],
                                 "reason": ["empty_text", "bad_record"],
                                 "message": ["Row 7 has no text.", "Row 9: bad date."]}),
        "currency_rates": pd.DataFrame({"currency": ["USD", "CNY"], "per_usd": [1.0, 7.12],
                                        "as_of": ["2026-11-02", "2026-11-02"],
                                        "source": ["approximate mid-market rates"] * 2}),
    }


def make_summary() -> dict[str, Any]:
    return {"postings_read": 130, "duplicates": 8, "exact_duplicates": 5, "near_duplicates": 3,
            "unique_postings": 120, "skipped": 2, "skipped_by_reason": {"empty_text": 1,
                                                                        "bad_record": 1},
            "currency": "USD", "rates_as_of": "2026-11-02", "granularity": "quarter",
            "periods": ["2026Q1", "2026Q2"], "trend_periods": ["2026Q1", "2026Q2"],
            "engine": "local", "taxonomy_version": "2026.10"}


@pytest.fixture(scope="module")
def report() -> FakeReport:
    return FakeReport(tables=make_tables(), summary=make_summary())


@pytest.fixture(scope="module")
def html_en(report: FakeReport) -> str:
    return render_market_report(report, lang="en", generated_at=WHEN)


@pytest.fixture(scope="module")
def html_zh(report: FakeReport) -> str:
    return render_market_report(report, lang="zh", generated_at=WHEN)


class _Collector(HTMLParser):
    """Every tag and attribute of a page, and its visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs.extend((tag, k, v or "") for k, v in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Collector:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}">(.*?)</section>', html, re.S)
    assert match, section_id
    return match.group(1)


def test_contract_columns_are_what_the_fake_tables_have() -> None:
    tables = make_tables()
    assert set(COLUMNS) <= set(tables)
    for name, columns in COLUMNS.items():
        assert set(columns) <= set(tables[name].columns), name


def test_page_needs_no_network(html_en: str, html_zh: str) -> None:
    for html in (html_en, html_zh):
        parsed = _parse(html)
        linked = [(tag, key, value) for tag, key, value in parsed.attrs
                  if key in ("src", "href", "xlink:href", "srcset", "action", "data")]
        assert linked, "expected in-page anchors at least"
        assert all(value.startswith("#") for _, _, value in linked), linked
        assert not [t for t, _, _ in parsed.attrs if t in ("script", "link", "img", "iframe")]
        assert "<script" not in html  # no JS at all (escaped text is &lt;script&gt;)
        assert not re.search(r"url\((?!#)|@import|https?://(?!www\.w3\.org/2000/svg\")", html)


def test_every_section_heading_present_in_both_languages(html_en: str, html_zh: str) -> None:
    messages = load_messages()
    for lang, html in (("en", html_en), ("zh", html_zh)):
        headings = re.findall(r"<h2>(.*?)</h2>", html)
        assert headings[1:] == [messages[f"sec.{s}"][lang] for s in SECTIONS]
        assert re.findall(r'<section id="([^"]+)"', html) == list(SECTIONS)


def test_language_attribute_and_chinese_labels(html_en: str, html_zh: str) -> None:
    assert '<html lang="zh-CN">' in html_zh and '<html lang="en">' in html_en
    for label in ("技能需求", "核心数据", "薪酬", "趋势", "方法与说明", "唯一职位", "数据：skill_demand.csv"):
        assert label in html_zh and label not in html_en
    assert "Skill demand" in html_en and "Skill demand" not in html_zh
    assert "2026年11月2日 09:30 UTC" in html_zh and "2026-11-02 09:30 UTC" in html_en


def test_catalogue_has_both_languages_for_every_key() -> None:
    messages = load_messages()
    assert all(set(text) == {"en", "zh"} and all(text.values()) for text in messages.values())
    for key, text in messages.items():  # the same placeholders in both languages
        assert (sorted(re.findall(r"{(\w+)}", text["en"]))
                == sorted(re.findall(r"{(\w+)}", text["zh"]))), key


def test_skill_names_follow_the_report_language(html_en: str, html_zh: str) -> None:
    demand_zh = _section(html_zh, "skill_demand")
    demand_en = _section(html_en, "skill_demand")
    assert "机器学习" in demand_zh and "Machine learning" not in demand_zh
    assert "Machine learning" in demand_en and "机器学习" not in demand_en
    # no Chinese name (empty or None): the English name stands in
    assert "PyTorch" in demand_zh and "Kubernetes" in demand_zh
    # the chart labels follow the language too (SVG text)
    svg_zh = re.search(r"<svg.*?</svg>", demand_zh, re.S).group(0)
    assert "大语言模型" in svg_zh and "Large language models" not in svg_zh


def test_role_families_and_unknown_values_are_translated(html_zh: str, html_en: str) -> None:
    assert "机器学习工程师" in _section(html_zh, "role_families")
    assert "ML engineer" in _section(html_en, "role_families")
    groups_zh = _section(html_zh, "demand_groups")
    assert "未知" in groups_zh and "高级" in groups_zh and "北京" in groups_zh


def test_numbers_are_formatted(html_en: str, html_zh: str) -> None:
    demand = _section(html_en, "skill_demand")
    assert "50.0%" in demand  # share 60/120 with one decimal
    pay = _section(html_en, "pay")
    assert "USD 100,000" in pay and "USD 150,000" in pay
    assert "2026-11-02" in pay and "approximate mid-market rates" in pay
    assert "USD 100,000" in _section(html_zh, "pay")
    trends = _section(html_en, "trends")
    assert "+22.9 pp" in trends  # 30/70 - 0.2 = 0.2286
    assert "+22.9 个百分点" in _section(html_zh, "trends")
    assert "+12.0%" in _section(html_en, "pay_premium")


def test_every_chart_names_its_csv(html_en: str) -> None:
    figures = re.findall(r'<figure class="chart">(.*?)</figure>', html_en, re.S)
    assert len(figures) >= 10
    for fig in figures:
        assert re.search(r"Data: [a-z_]+\.csv", fig), fig[-300:]
    names = set(re.findall(r"Data: ([a-z_]+)\.csv", html_en))
    assert {"skill_demand", "skill_trends", "skill_pairs", "pay_by_city", "skill_pay_premium",
            "experience_by_role_family", "education_by_role_family"} <= names


def test_svgs_parse_as_xml_and_have_unique_ids(html_zh: str) -> None:
    svgs = re.findall(r"<svg.*?</svg>", html_zh, re.S)
    assert len(svgs) >= 10
    ids: list[str] = []
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        ids += [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert not re.search(r"<\?xml|<!DOCTYPE svg|<metadata", html_zh)


def test_script_phrase_is_escaped(html_en: str) -> None:
    assert SCRIPT_PHRASE not in html_en
    assert "&lt;script&gt;alert(1)&lt;/script&gt; agent" in _section(html_en, "emerging")


def test_group_name_with_markup_is_escaped_in_tables_and_charts(html_en: str) -> None:
    pay = _section(html_en, "pay")
    assert MARKUP_CITY not in html_en
    assert "&lt;i&gt;Springfield&lt;/i&gt; &amp; Co" in pay
    svg = re.findall(r"<svg.*?</svg>", pay, re.S)[-1]
    texts = [el.text for el in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert MARKUP_CITY in texts  # shown as text in the chart, not as markup


def test_output_is_deterministic(report: FakeReport, html_zh: str) -> None:
    again = render_market_report(FakeReport(tables=make_tables(), summary=make_summary()),
                                 lang="zh", generated_at=WHEN)
    assert again == html_zh


def test_missing_tables_in_a_full_report_say_so(report: FakeReport, html_en: str) -> None:
    gone = {"skill_trends", "skill_pairs", "pay_by_city", "skill_pay_premium"}
    html = render_market_report(
        replace(report, tables={k: v for k, v in report.tables.items() if k not in gone}),
        lang="en", generated_at=WHEN)
    assert "Not enough periods to measure trends" in _section(html, "trends")
    assert "<svg" not in _section(html, "trends")
    for name in gone - {"skill_trends"}:
        assert f"No data for this part: {name}.csv is missing or empty." in html
    assert "<svg" in _section(html, "pay")  # the other pay groups still drawn
    assert len(re.findall(r"<svg", html)) == len(re.findall(r"<svg", html_en)) - 4


@pytest.mark.parametrize("empty", ["missing", "no rows"])
def test_report_without_data_renders_every_section_with_a_note(empty: str) -> None:
    tables = {} if empty == "missing" else {k: v.iloc[0:0] for k, v in make_tables().items()}
    html = render_market_report(FakeReport(tables=tables, summary={}), lang="zh",
                                generated_at=WHEN)
    assert re.findall(r'<section id="([^"]+)"', html) == list(SECTIONS)
    assert "<svg" not in html
    assert "时期不足，无法衡量趋势" in html
    for name in ("role_families", "skill_demand", "skill_pairs", "pay_by_role_family",
                 "skill_pay_premium", "experience_by_role_family", "emerging_terms"):
        assert f"此部分无数据：{name}.csv 缺失或为空。" in html
    assert "没有跳过任何行。" in html


def test_no_significant_trend_is_stated(report: FakeReport) -> None:
    trends = report.tables["skill_trends"].assign(trend="steady")
    html = render_market_report(FakeReport(tables={"skill_trends": trends}, summary={}),
                                lang="en", generated_at=WHEN)
    assert "No skill&#39;s share changed significantly (q &lt; 0.05)." in html
    assert "<svg" in _section(html, "trends")  # the changes are still drawn, all pale


def test_table_missing_a_contract_column_raises_a_coded_error(report: FakeReport) -> None:
    broken = report.tables["skill_demand"].drop(columns=["share"])
    with pytest.raises(MissingColumnError, match=r"'skill_demand'.*\['share'\].*found"):
        render_market_report(replace(report, tables={**report.tables, "skill_demand": broken}),
                             lang="en", generated_at=WHEN)


def test_bad_arguments_raise_parameter_errors(report: FakeReport) -> None:
    with pytest.raises(ParameterError, match="'lang' parameter of render_market_report"):
        render_market_report(report, lang="fr", generated_at=WHEN)
    with pytest.raises(ParameterError, match="'report' parameter"):
        render_market_report(object(), lang="en")  # type: ignore[arg-type]


def test_long_tables_are_cut_with_a_pointer_to_the_csv() -> None:
    skipped = pd.DataFrame({"source": ["big.csv"] * 80, "id": [f"row {i}" for i in range(80)],
                            "reason": ["empty_text"] * 80, "message": ["no text"] * 80})
    html = render_market_report(FakeReport(tables={"skipped": skipped}, summary={}), lang="en",
                                generated_at=WHEN)
    quality = _section(html, "data_quality")
    assert "The first 50 of 80 rows are shown; all are in skipped.csv." in quality
    assert "row 49" in quality and "row 50<" not in quality
    assert ">80<" in quality  # the by-reason count from the table itself


def test_print_css_is_inline(html_en: str) -> None:
    style = re.search(r"<style>(.*?)</style>", html_en, re.S).group(1)
    assert "size: A4" in style and "@media print" in style
    assert "display: table-header-group" in style and "break-inside: avoid" in style
    assert "break-before: page" in style
