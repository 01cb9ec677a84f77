"""The market report: one self-contained HTML page, in Chinese or English, from a MarketReport.

``render_market_report`` turns the tables of ``build_market_tables`` (docs: the market tables
contract) into sections of text, tables and inline SVG charts, rendered with the Jinja2 template
``templates/market_report.html.j2``. Every label comes from the zh/en catalogue
``templates/market_report.messages.json``. The page needs no network and no JavaScript: styles
are in one ``<style>``, charts are inline SVG whose text the reader's own CJK font draws, and a
print stylesheet lays it out on A4 (a section per page, charts never split, table headers
repeated).

A missing or empty table gives a one-sentence "no data" note in its section instead of an error;
a table that lacks a contract column is a bug upstream and raises ``MissingColumnError``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from talentgraph.analytics import _charts as charts
from talentgraph.domain import EDUCATION_LEVELS
from talentgraph.errors import MissingColumnError, ParameterError

__all__ = ["COLUMNS", "REPORT_LANGUAGES", "SECTIONS", "MarketReportLike", "load_messages",
           "render_market_report"]

REPORT_LANGUAGES = ("en", "zh")
#: Section ids in report order; each has the heading ``sec.<id>`` in the message catalogue.
SECTIONS = ("headline", "role_families", "skill_demand", "top_skills", "demand_groups", "trends",
            "emerging", "cooccurrence", "pay", "pay_premium", "requirements", "data_quality",
            "methods")
SENIORITY_ORDER = ("intern", "junior", "mid", "senior", "lead", "principal", "manager",
                   "director")
EXPERIENCE_ORDER = ("0", "1-2", "3-4", "5-9", "10+")

_SKILL = ("slug", "name_en", "name_zh")
_PAY = ("postings", "p10", "p25", "median", "p75", "p90", "mean")
#: The columns each table must have (the contract); only the ones the report reads.
COLUMNS: dict[str, tuple[str, ...]] = {
    "volume": ("metric", "value"),
    "role_families": ("role_family", "postings", "share"),
    "skill_demand": ("rank", *_SKILL, "postings", "share", "required", "preferred",
                     "required_share"),
    "skill_demand_by_seniority": ("seniority", *_SKILL, "group_postings", "share"),
    "skill_demand_by_city": ("city", *_SKILL, "group_postings", "share"),
    "skill_demand_by_period": ("period", *_SKILL, "group_postings", "share"),
    "top_skills_by_role_family": ("role_family", "rank", *_SKILL, "share"),
    "skill_trends": (*_SKILL, "period_from", "period_to", "total_from", "share_from",
                     "total_to", "share_to", "change", "q_value", "trend"),
    "emerging_terms": ("phrase", "postings", "share", "postings_from", "postings_to", "status"),
    "skill_pairs": ("slug_a", "slug_b", "name_a", "name_b", "together", "postings_a",
                    "postings_b", "lift", "jaccard"),
    "skill_clusters": ("cluster", *_SKILL, "postings"),
    "pay_by_role_family": ("role_family", *_PAY),
    "pay_by_seniority": ("seniority", *_PAY),
    "pay_by_city": ("city", *_PAY),
    "skill_pay_premium": (*_SKILL, "postings_with", "premium", "ci_low", "ci_high", "p_value"),
    "experience_by_role_family": ("role_family", "experience_bucket", "share"),
    "education_by_role_family": ("role_family", "education_min", "share"),
    "data_quality": ("metric", "value"),
    "skipped": ("source", "id", "reason", "message"),
    "currency_rates": ("currency", "per_usd", "as_of", "source"),
}

MAX_CHART_BARS = 20
MAX_PANELS = 8
PANEL_SKILLS = 8
MAX_GRAPH_EDGES = 60
MAX_TABLE_ROWS = 50

Block = dict[str, Any]


class MarketReportLike(Protocol):
    """What the report reads: ``build_market_tables``'s MarketReport or any look-alike."""

    tables: Mapping[str, pd.DataFrame]
    summary: Mapping[str, Any]


def render_market_report(report: MarketReportLike, *, lang: str,
                         generated_at: datetime | None = None) -> str:
    """The report as one self-contained HTML page in ``lang`` ("en" or "zh").

    ``generated_at`` (default: now, UTC) is the only time shown; passing it makes the output
    byte-for-byte repeatable for the same tables.
    """
    if lang not in REPORT_LANGUAGES:
        raise ParameterError.invalid("lang", "render_market_report", "'en' or 'zh'", lang)
    tables = getattr(report, "tables", None)
    summary = getattr(report, "summary", None)
    if not isinstance(tables, Mapping) or not isinstance(summary, Mapping):
        raise ParameterError.invalid("report", "render_market_report",
                                     "an object with .tables (dict of DataFrames) and .summary "
                                     "(dict), such as build_market_tables' MarketReport",
                                     type(report).__name__)
    when = (generated_at or datetime.now(UTC))
    builder = _ReportBuilder(lang=lang, tables=tables, summary=summary,
                             options=getattr(report, "options", None))
    sections = builder.build_sections()
    template = _environment().get_template("market_report.html.j2")
    return template.render(
        lang=lang, html_lang=builder.t("html_lang"), title=builder.t("title"),
        subtitle=builder.subtitle(), generated=builder.t("generated",
                                                         when=_format_time(when, lang)),
        contents=builder.t("contents"), sections=sections)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("talentgraph.analytics", "templates"),
                       autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)


@lru_cache(maxsize=1)
def load_messages() -> dict[str, dict[str, str]]:
    """The zh/en message catalogue of the report (key -> {"en": …, "zh": …})."""
    text = (resources.files("talentgraph.analytics") / "templates" /
            "market_report.messages.json").read_text(encoding="utf-8")
    return json.loads(text)


def _format_time(when: datetime, lang: str) -> str:
    utc = when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
    if lang == "zh":
        return f"{utc.year}年{utc.month}月{utc.day}日 {utc:%H:%M} UTC"
    return f"{utc:%Y-%m-%d %H:%M} UTC"


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


class _ReportBuilder:
    """Per-render state: language, tables and the locale formatting of every value."""

    def __init__(self, *, lang: str, tables: Mapping[str, pd.DataFrame],
                 summary: Mapping[str, Any], options: Any) -> None:
        self.lang = lang
        self.tables = tables
        self.summary = summary
        self.options = options
        self.messages = load_messages()
        self.currency = str(summary.get("currency") or getattr(options, "currency", None)
                            or ("CNY" if lang == "zh" else "USD"))

    # -- text and numbers ------------------------------------------------------------------
    def t(self, key: str, **fields: Any) -> str:
        """The message ``key`` in the report language, with ``fields`` filled in."""
        text = self.messages[key][self.lang]
        return text.format(**fields) if fields else text

    def option(self, name: str, default: Any) -> Any:
        return getattr(self.options, name, default)

    def count(self, value: Any) -> str:
        return self.t("dash") if _missing(value) else f"{int(round(float(value))):,}"

    def share(self, value: Any) -> str:
        return self.t("dash") if _missing(value) else f"{float(value) * 100:.1f}%"

    def money(self, value: Any) -> str:
        if _missing(value):
            return self.t("dash")
        return f"{self.currency} {float(value):,.0f}"

    def money_short(self, value: float) -> str:
        """Axis money: 120k / 1.2M in English, 12万 / 1.2亿 in Chinese."""
        v = float(value)
        if self.lang == "zh":
            for size, unit in ((1e8, "亿"), (1e4, "万")):
                if abs(v) >= size:
                    return f"{v / size:.4g}{unit}"
            return f"{v:,.0f}"
        for size, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
            if abs(v) >= size:
                return f"{v / size:.4g}{unit}"
        return f"{v:,.0f}"

    def points(self, value: Any, *, unit: bool = True) -> str:
        """A change of share in percentage points, signed."""
        if _missing(value):
            return self.t("dash")
        v = float(value) * 100
        text = "0" if round(v, 1) == 0 else f"{v:+.1f}"
        return self.t("pp", value=text) if unit else text

    def percent_change(self, value: Any) -> str:
        if _missing(value):
            return self.t("dash")
        v = float(value) * 100
        return "0.0%" if round(v, 1) == 0 else f"{v:+.1f}%"

    def p_value(self, value: Any) -> str:
        if _missing(value):
            return self.t("dash")
        return "< 0.001" if float(value) < 0.001 else f"{float(value):.3f}"

    def join(self, items: Any) -> str:
        """Items as one list in the report language ("a, b" or "a、b")."""
        return self.t("list_sep").join(str(item) for item in items)

    def skill(self, row: Mapping[str, Any]) -> str:
        """The skill's name in the report language (Chinese when present for zh)."""
        if self.lang == "zh" and not _missing(row.get("name_zh")):
            return str(row["name_zh"])
        for key in ("name_en", "slug"):
            if not _missing(row.get(key)):
                return str(row[key])
        return self.t("unknown")

    def group(self, dimension: str, value: Any) -> str:
        """A group value for display: role families, seniorities, education named; unknown."""
        if _missing(value) or str(value) == "unknown":
            return self.t("unknown")
        text = str(value)
        prefix = {"role_family": "rf.", "seniority": "seniority.",
                  "education_min": "education."}.get(dimension)
        if prefix and prefix + text in self.messages:
            return self.t(prefix + text)
        if dimension == "experience_bucket":
            return self.t("experience.bucket", bucket=text)
        return self.t("other") if text == "other" else text

    # -- tables ------------------------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame | None:
        """The table, or None when it is missing or empty; raises when a column is missing."""
        frame = self.tables.get(name)
        if frame is None or len(frame) == 0:
            return None
        lacking = [c for c in COLUMNS.get(name, ()) if c not in frame.columns]
        if lacking:
            raise MissingColumnError(
                f"Table {name!r} of the market report lacks the column(s) {lacking}; found "
                f"{list(frame.columns)}. Expected the columns of the market tables contract "
                "(build_market_tables). Rebuild the report with the same talentgraph version.")
        return frame

    def no_data(self, name: str) -> Block:
        return {"kind": "note", "text": self.t("no_data", file=f"{name}.csv")}

    def chart(self, svg: str, source: str, caption: str = "") -> Block:
        return {"kind": "chart", "svg": Markup(svg), "source": self.t("data_source",
                                                                      file=f"{source}.csv"),
                "caption": caption}

    def grid(self, source: str, headers: list[str], rows: list[list[str]], *,
             numeric: tuple[int, ...] = (), swatches: list[str] | None = None,
             limit: int = MAX_TABLE_ROWS) -> Block:
        note = ""
        if len(rows) > limit:
            note = self.t("rows_shown", shown=limit, total=len(rows), file=f"{source}.csv")
            rows = rows[:limit]
        return {"kind": "table", "headers": headers, "rows": rows,
                "numeric": [i in numeric for i in range(len(headers))],
                "swatches": swatches[:limit] if swatches else None, "note": note,
                "source": self.t("data_source", file=f"{source}.csv")}

    def text(self, text: str) -> Block:
        return {"kind": "text", "text": text}

    def sub(self, key: str) -> Block:
        return {"kind": "subheading", "text": self.t(key)}

    def subtitle(self) -> str:
        periods = list(self.summary.get("periods") or [])
        span = (self.t("periods_range", first=periods[0], last=periods[-1]) if periods
                else self.t("periods_none"))
        return self.t("subtitle", unique=self.count(self.volume("unique_postings")),
                      periods=span)

    def volume(self, metric: str) -> Any:
        if metric in self.summary:
            return self.summary[metric]
        frame = self.table("volume")
        if frame is not None:
            hit = frame.loc[frame["metric"] == metric, "value"]
            if len(hit):
                return hit.iloc[0]
        return None

    # -- sections ----------------------------------------------------------------------------
    def build_sections(self) -> list[Block]:
        out = []
        for section_id in SECTIONS:
            blocks: list[Block] = getattr(self, f"section_{section_id}")()
            out.append({"id": section_id, "title": self.t(f"sec.{section_id}"),
                        "blocks": blocks})
        return out

    def section_headline(self) -> list[Block]:
        v = self.volume
        figures = [
            (self.t("fig.postings_read"), self.count(v("postings_read")), ""),
            (self.t("fig.duplicates"), self.count(v("duplicates")),
             self.t("fig.duplicates_detail", exact=self.count(v("exact_duplicates")),
                    near=self.count(v("near_duplicates")))),
            (self.t("fig.unique"), self.count(v("unique_postings")), ""),
            (self.t("fig.skipped"), self.count(v("skipped")), self.t("fig.skipped_detail")),
        ]
        blocks: list[Block] = [{"kind": "figures", "items": figures}, self.text(self.t(
            "headline.intro", unique=self.count(v("unique_postings")),
            duplicates=self.count(v("duplicates")), read=self.count(v("postings_read")),
            skipped=self.count(v("skipped"))))]
        periods = list(self.summary.get("periods") or [])
        granularity = str(self.summary.get("granularity") or "quarter")
        if periods:
            gran = (self.t(f"granularity.{granularity}")
                    if f"granularity.{granularity}" in self.messages else granularity)
            blocks.append(self.text(self.t("headline.periods", granularity=gran,
                                           periods=self.join(periods))))
        quality = self.quality_items()
        if quality:
            blocks.append({"kind": "list", "lead": self.t("headline.quality"),
                           "items": [f"{label}: {value}" for label, value in quality]})
        return blocks

    def quality_items(self) -> list[tuple[str, str]]:
        frame = self.table("data_quality")
        if frame is not None:
            pairs = list(zip(frame["metric"], frame["value"], strict=True))
        else:
            pairs = list((self.summary.get("data_quality") or {}).items())
        return [(self.t(f"dq.{m}") if f"dq.{m}" in self.messages else str(m), self.share(val))
                for m, val in pairs]

    def section_role_families(self) -> list[Block]:
        frame = self.table("role_families")
        if frame is None:
            return [self.no_data("role_families")]
        labels = [self.group("role_family", r) for r in frame["role_family"]]
        head = frame.head(MAX_CHART_BARS)
        return [
            self.text(self.t("role_families.intro")),
            self.chart(charts.draw_bar_chart(labels[:len(head)], head["share"].astype(float),
                                             chart_id="role_families",
                                             format_value=self.share), "role_families"),
            self.grid("role_families", [self.t("col.role_family"), self.t("col.postings"),
                                        self.t("col.share")],
                      [[lbl, self.count(p), self.share(s)] for lbl, p, s in
                       zip(labels, frame["postings"], frame["share"], strict=True)],
                      numeric=(1, 2)),
        ]

    def section_skill_demand(self) -> list[Block]:
        frame = self.table("skill_demand")
        if frame is None:
            return [self.no_data("skill_demand")]
        rows = frame.to_dict("records")
        top = rows[:int(self.option("top_n", 15)) or 15][:MAX_CHART_BARS]
        req, pref, rest = [], [], []
        for r in top:
            postings = max(float(r["postings"]), 1.0)
            share = float(r["share"])
            required = min(float(r["required"]), postings)
            preferred = min(float(r["preferred"]), postings - required)
            req.append(share * required / postings)
            pref.append(share * preferred / postings)
            rest.append(share - req[-1] - pref[-1])
        is_split = sum(req) + sum(pref) > 0
        svg = charts.draw_bar_chart(
            [self.skill(r) for r in top], [float(r["share"]) for r in top],
            chart_id="skill_demand", format_value=self.share,
            segments={self.t("seg.required"): req, self.t("seg.preferred"): pref,
                      self.t("seg.unstated"): rest} if is_split else None)
        headers = [self.t(k) for k in ("col.rank", "col.skill", "col.postings", "col.share",
                                       "col.required", "col.preferred", "col.required_share")]
        body = [[self.count(r["rank"]), self.skill(r), self.count(r["postings"]),
                 self.share(r["share"]), self.count(r["required"]), self.count(r["preferred"]),
                 self.share(r["required_share"])] for r in rows]
        return [self.text(self.t("skill_demand.intro", n=len(top)) + " " + self.t(
                    "skill_demand.split" if is_split else "skill_demand.no_split")),
                self.chart(svg, "skill_demand"),
                self.grid("skill_demand", headers, body, numeric=(0, 2, 3, 4, 5, 6), limit=30)]

    def section_top_skills(self) -> list[Block]:
        frame = self.table("top_skills_by_role_family")
        if frame is None:
            return [self.no_data("top_skills_by_role_family")]
        families = list(dict.fromkeys(frame["role_family"]))
        order = self.table("role_families")
        if order is not None:  # largest families first, as in role_families
            rank = {f: i for i, f in enumerate(order["role_family"])}
            families.sort(key=lambda f: rank.get(f, len(rank)))
        panels, body = [], []
        for family in families:
            part = frame[frame["role_family"] == family].sort_values("rank", kind="stable")
            rows = part.to_dict("records")
            label = self.group("role_family", family)
            panels.append((label, [self.skill(r) for r in rows[:PANEL_SKILLS]],
                           [float(r["share"]) for r in rows[:PANEL_SKILLS]]))
            body.append([label, self.join(f"{self.skill(r)} {self.share(r['share'])}"
                                          for r in rows)])
        svg = charts.draw_small_multiples(panels[:MAX_PANELS], chart_id="top_skills",
                                          format_value=self.share)
        return [self.text(self.t("top_skills.intro")),
                self.text(self.t("top_skills.panels", n=min(len(panels), MAX_PANELS),
                                 k=PANEL_SKILLS)),
                self.chart(svg, "top_skills_by_role_family"),
                self.grid("top_skills_by_role_family",
                          [self.t("col.role_family"), self.t("col.top_skills")], body)]

    def section_demand_groups(self) -> list[Block]:
        blocks = [self.text(self.t("demand_groups.intro"))]
        for dim in ("seniority", "city", "period"):
            name = f"skill_demand_by_{dim}"
            blocks.append(self.sub(f"sub.{dim}"))
            frame = self.table(name)
            if frame is None:
                blocks.append(self.no_data(name))
                continue
            groups = list(dict.fromkeys(frame[dim].astype(str)))
            if dim == "seniority":
                order = {s: i for i, s in enumerate(SENIORITY_ORDER)}
                groups.sort(key=lambda g: order.get(g, len(order)))
            elif dim == "period":
                groups.sort(key=lambda g: (g == "unknown", g))
            else:
                sizes = frame.groupby(frame[dim].astype(str))["group_postings"].max()
                groups.sort(key=lambda g: (g == "unknown", -float(sizes[g]), g))
            body = []
            for group in groups:
                part = frame[frame[dim].astype(str) == group].sort_values(
                    "share", ascending=False, kind="stable").head(5)
                rows = part.to_dict("records")
                body.append([self.group(dim, group), self.count(rows[0]["group_postings"]),
                             self.join(f"{self.skill(r)} {self.share(r['share'])}"
                                       for r in rows)])
            blocks.append(self.grid(name, [self.t(f"col.{dim}"), self.t("col.postings"),
                                           self.t("col.top_skills")], body, numeric=(1,)))
        return blocks

    def section_trends(self) -> list[Block]:
        frame = self.table("skill_trends")
        if frame is None:
            return [self.text(self.t("trends.empty"))]
        alpha = self.option("alpha", 0.05)
        first = frame.iloc[0]
        blocks = [self.text(self.t("trends.intro", period_from=first["period_from"],
                                   period_to=first["period_to"],
                                   total_from=self.count(first["total_from"]),
                                   total_to=self.count(first["total_to"]))),
                  self.text(self.t("trends.test", min=self.option("min_trend_postings", 5),
                                   alpha=alpha))]
        ordered = frame.sort_values("change", ascending=False, kind="stable")
        half = MAX_CHART_BARS // 2
        rises = ordered[ordered["change"] > 0].head(half)
        falls = ordered[ordered["change"] < 0].tail(half)
        shown = pd.concat([rises, falls])
        if len(shown):
            rows = shown.to_dict("records")
            svg = charts.draw_diverging_bars(
                [self.skill(r) for r in rows], [float(r["change"]) for r in rows],
                significant=[r["trend"] in ("rising", "falling") for r in rows],
                chart_id="skill_trends", format_value=lambda v: self.points(v, unit=False),
                legend={k: self.t(f"trend.{k}") for k in ("rising", "falling", "steady")},
                xlabel=self.t("trends.axis"))
            blocks.append(self.chart(svg, "skill_trends",
                                     self.t("trends.chart_note", n=half)))
        moving = ordered[ordered["trend"].isin(["rising", "falling"])].to_dict("records")
        if not moving:
            blocks.append(self.text(self.t("trends.none_significant", alpha=alpha)))
            return blocks
        headers = [self.t("col.skill"),
                   self.t("col.share_from", period=first["period_from"]),
                   self.t("col.share_to", period=first["period_to"]), self.t("col.change"),
                   self.t("col.q_value"), self.t("col.trend")]
        body = [[self.skill(r), self.share(r["share_from"]), self.share(r["share_to"]),
                 self.points(r["change"]), self.p_value(r["q_value"]),
                 self.t(f"trend.{r['trend']}")] for r in moving]
        blocks.append(self.grid("skill_trends", headers, body, numeric=(1, 2, 3, 4)))
        return blocks

    def section_emerging(self) -> list[Block]:
        frame = self.table("emerging_terms")
        if frame is None:
            return [self.no_data("emerging_terms")]
        periods = list(self.summary.get("trend_periods") or [])
        p_from, p_to = (periods + ["", ""])[:2] if len(periods) == 2 else ("", "")
        headers = [self.t("col.phrase"), self.t("col.postings"), self.t("col.share"),
                   self.t("col.postings_from", period=p_from).strip(),
                   self.t("col.postings_to", period=p_to).strip(), self.t("col.status")]
        body = [[str(r["phrase"]), self.count(r["postings"]), self.share(r["share"]),
                 self.count(r["postings_from"]), self.count(r["postings_to"]),
                 self.t(f"status.{r['status']}") if f"status.{r['status']}" in self.messages
                 else ("" if _missing(r["status"]) else str(r["status"]))]
                for r in frame.to_dict("records")]
        return [self.text(self.t("emerging.intro")), self.text(self.t("emerging.status")),
                self.grid("emerging_terms", headers, body, numeric=(1, 2, 3, 4), limit=30)]

    def section_cooccurrence(self) -> list[Block]:
        pairs = self.table("skill_pairs")
        if pairs is None:
            return [self.text(self.t("cooccurrence.intro")), self.no_data("skill_pairs")]
        clusters = self.table("skill_clusters")
        names: dict[str, str] = {}
        sizes: dict[str, float] = {}
        for source in (self.table("skill_demand"), clusters):
            if source is not None:
                for r in source.to_dict("records"):
                    names[str(r["slug"])] = self.skill(r)
                    sizes[str(r["slug"])] = float(r["postings"])
        rows = pairs.to_dict("records")
        for r in rows:
            for side in ("a", "b"):
                slug = str(r[f"slug_{side}"])
                names.setdefault(slug, str(r[f"name_{side}"]))
                sizes.setdefault(slug, float(r[f"postings_{side}"]))
        membership = ({str(r["slug"]): int(r["cluster"]) for r in clusters.to_dict("records")}
                      if clusters is not None else {})
        edges = [(str(r["slug_a"]), str(r["slug_b"]), float(r["lift"]))
                 for r in rows[:MAX_GRAPH_EDGES]]
        svg = charts.draw_cooccurrence_graph(edges, labels=names, clusters=membership,
                                             sizes=sizes, chart_id="skill_pairs")
        blocks = [self.text(self.t("cooccurrence.intro")),
                  self.chart(svg, "skill_pairs", self.t("cooccurrence.chart_note",
                                                        n=len(edges))),
                  self.sub("sub.clusters")]
        if clusters is None:
            blocks.append(self.text(self.t("clusters.empty")))
        else:
            body, swatches = [], []
            for number in sorted(set(membership.values())):
                part = clusters[clusters["cluster"].astype(int) == number].sort_values(
                    "postings", ascending=False, kind="stable")
                members = [self.skill(r) for r in part.to_dict("records")]
                body.append([self.t("cluster.name", n=number), self.count(len(members)),
                             self.join(members)])
                swatches.append(charts.cluster_color(number))
            blocks.append(self.grid("skill_clusters", [self.t("col.cluster"), self.t("col.size"),
                                                       self.t("col.skills")], body,
                                    numeric=(1,), swatches=swatches))
        blocks.append(self.sub("sub.pairs"))
        body = [[names.get(str(r["slug_a"]), str(r["name_a"])),
                 names.get(str(r["slug_b"]), str(r["name_b"])), self.count(r["together"]),
                 f"{float(r['lift']):.2f}", f"{float(r['jaccard']):.2f}"] for r in rows]
        blocks.append(self.grid("skill_pairs", [self.t(k) for k in (
            "col.skill_a", "col.skill_b", "col.together", "col.lift", "col.jaccard")], body,
            numeric=(2, 3, 4), limit=20))
        return blocks

    def section_pay(self) -> list[Block]:
        blocks = [self.text(self.t("pay.intro", currency=self.currency,
                                   min=self.option("min_pay_group", 5))),
                  self.text(self.t("pay.legend"))]
        for dim in ("role_family", "seniority", "city"):
            name = f"pay_by_{dim}"
            blocks.append(self.sub(f"sub.{dim}"))
            frame = self.table(name)
            if frame is None:
                blocks.append(self.no_data(name))
                continue
            rows = frame.to_dict("records")
            if dim == "seniority":
                order = {s: i for i, s in enumerate(SENIORITY_ORDER)}
                rows.sort(key=lambda r: order.get(str(r["seniority"]), len(order)))
            labels = [self.group(dim, r[dim]) for r in rows]
            head = rows[:MAX_CHART_BARS]
            svg = charts.draw_pay_ranges(
                labels[:len(head)], **{q: [float(r[q]) for r in head]
                                       for q in ("p10", "p25", "median", "p75", "p90")},
                chart_id=name, format_value=self.money_short,
                xlabel=self.t("pay.axis", currency=self.currency))
            blocks.append(self.chart(svg, name))
            body = [[lbl, self.count(r["postings"]), *(self.money(r[q]) for q in _PAY[1:])]
                    for lbl, r in zip(labels, rows, strict=True)]
            blocks.append(self.grid(name, [self.t(f"col.{dim}"), self.t("col.postings"),
                                           *(self.t(f"col.{q}") for q in _PAY[1:])], body,
                                    numeric=(1, 2, 3, 4, 5, 6, 7)))
        blocks.append(self.sub("sub.rates"))
        rates = self.table("currency_rates")
        if rates is None:
            blocks.append(self.no_data("currency_rates"))
            return blocks
        first = rates.iloc[0]
        as_of = self.summary.get("rates_as_of") or first["as_of"]
        blocks.append(self.text(self.t("pay.rates", currency=self.currency, as_of=as_of,
                                       source=first["source"])))
        blocks.append(self.grid("currency_rates", [self.t(k) for k in (
            "col.currency", "col.per_usd", "col.as_of")],
            [[str(r["currency"]), f"{float(r['per_usd']):,.4g}", str(r["as_of"])]
             for r in rates.to_dict("records")], numeric=(1,)))
        return blocks

    def section_pay_premium(self) -> list[Block]:
        frame = self.table("skill_pay_premium")
        minimum = self.option("min_premium_postings", 30)
        blocks = [self.text(self.t("premium.intro")),
                  self.text(self.t("premium.filter", min=minimum))]
        if frame is None:
            return [*blocks, self.no_data("skill_pay_premium")]
        rows = frame.sort_values("premium", ascending=False, kind="stable").to_dict("records")
        top, bottom = 15, 10
        shown = rows if len(rows) <= top + bottom else rows[:top] + rows[-bottom:]
        svg = charts.draw_forest_plot(
            [self.skill(r) for r in shown], [float(r["premium"]) for r in shown],
            ci_low=[float(r["ci_low"]) for r in shown],
            ci_high=[float(r["ci_high"]) for r in shown], chart_id="skill_pay_premium",
            format_value=self.percent_change, xlabel=self.t("premium.axis"))
        note = self.t("premium.chart_note", top=top, bottom=bottom) if shown != rows else ""
        body = [[self.skill(r), self.count(r["postings_with"]), self.percent_change(r["premium"]),
                 f"{self.percent_change(r['ci_low'])} … {self.percent_change(r['ci_high'])}",
                 self.p_value(r["p_value"])] for r in rows]
        return [*blocks, self.chart(svg, "skill_pay_premium", note),
                self.grid("skill_pay_premium", [self.t(k) for k in (
                    "col.skill", "col.postings_with", "col.premium", "col.ci", "col.p_value")],
                    body, numeric=(1, 2, 3, 4))]

    def section_requirements(self) -> list[Block]:
        blocks = [self.text(self.t("requirements.intro"))]
        for name, column, levels, key in (
                ("experience_by_role_family", "experience_bucket", EXPERIENCE_ORDER,
                 "sub.experience"),
                ("education_by_role_family", "education_min", EDUCATION_LEVELS,
                 "sub.education")):
            blocks.append(self.sub(key))
            frame = self.table(name)
            if frame is None:
                blocks.append(self.no_data(name))
                continue
            blocks.append(self.chart(self.stacked(frame, column, levels, name), name))
        return blocks

    def stacked(self, frame: pd.DataFrame, column: str, levels: tuple[str, ...],
                name: str) -> str:
        values = frame[column].map(lambda v: "unknown" if _missing(v) else str(v))
        present = list(dict.fromkeys(values))
        ordered = [lv for lv in levels if lv in present]
        ordered += sorted(lv for lv in present if lv not in ordered and lv != "unknown")
        ordered += ["unknown"] if "unknown" in present else []
        families = list(dict.fromkeys(frame["role_family"]))
        order = self.table("role_families")
        if order is not None:
            rank = {f: i for i, f in enumerate(order["role_family"])}
            families.sort(key=lambda f: rank.get(f, len(rank)))
        families = families[:MAX_CHART_BARS]
        table = (frame.assign(_level=values).pivot_table(
            index="role_family", columns="_level", values="share", aggfunc="sum")
            .reindex(index=families, columns=ordered).fillna(0.0))
        segments = [(self.group(column, lv), table[lv].tolist()) for lv in ordered]
        return charts.draw_stacked_bars(
            [self.group("role_family", f) for f in families], segments, chart_id=name,
            format_value=lambda v: f"{v * 100:.0f}%", neutral={self.t("unknown")})

    def section_data_quality(self) -> list[Block]:
        blocks = [self.text(self.t("quality.intro"))]
        quality = self.quality_items()
        if quality:
            blocks.append(self.grid("data_quality", [self.t("col.metric"), self.t("col.value")],
                                    [[m, v] for m, v in quality], numeric=(1,)))
        else:
            blocks.append(self.no_data("data_quality"))
        blocks.append(self.sub("sub.skipped"))
        skipped = self.table("skipped")
        by_reason: Mapping[str, Any] = self.summary.get("skipped_by_reason") or {}
        if not by_reason and skipped is not None:
            by_reason = skipped["reason"].astype(str).value_counts(sort=False).to_dict()
        if not by_reason:
            blocks.append(self.text(self.t("quality.skipped_none")))
            return blocks
        reasons = sorted(by_reason.items(), key=lambda kv: (-int(kv[1]), str(kv[0])))
        blocks.append(self.grid("skipped", [self.t("col.reason"), self.t("col.rows")],
                                [[str(k), self.count(n)] for k, n in reasons], numeric=(1,)))
        if skipped is not None:
            blocks.append(self.sub("sub.skipped_rows"))
            body = [["" if _missing(r[c]) else str(r[c]) for c in ("source", "id", "reason",
                                                                    "message")]
                    for r in skipped.to_dict("records")]
            blocks.append(self.grid("skipped", [self.t(k) for k in (
                "col.file", "col.id", "col.reason", "col.message")], body))
        return blocks

    def section_methods(self) -> list[Block]:
        items = [self.t("methods.dedup"), self.t("methods.shares"),
                 self.t("methods.skills", version=self.summary.get("taxonomy_version") or "–"),
                 self.t("methods.trends", alpha=self.option("alpha", 0.05)),
                 self.t("methods.pay", currency=self.currency,
                        as_of=self.summary.get("rates_as_of") or "–"),
                 self.t("methods.engine", engine=self.summary.get("engine") or "local"),
                 self.t("methods.caveat")]
        return [{"kind": "list", "lead": "", "items": items}]

