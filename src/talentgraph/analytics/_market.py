"""The market report's tables, derived from any engine's base aggregations.

``build_market_tables`` asks a ``BaseAggregates`` (local pandas or Spark) a fixed set of group-by
questions and derives every report table and the summary from the answers with the same code, so
both engines give the same report. Tables and their statistics are described for analysts in
docs/market.md. Every ordering breaks ties by slug (or label), so output is reproducible byte for
byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from talentgraph.analytics._base import (
    EXPERIENCE_BUCKETS,
    PERIOD_GRANULARITIES,
    BaseAggregates,
    CurrencyRates,
    load_currency_rates,
)
from talentgraph.analytics._cooccur import compute_pair_stats, find_skill_clusters, select_top_pairs
from talentgraph.analytics._demand import (
    UNKNOWN,
    label_unknown,
    order_groups,
    rank_skill_demand,
    rank_skills_in_groups,
)
from talentgraph.analytics._pay import estimate_skill_premiums, summarise_pay
from talentgraph.analytics._trends import compute_skill_trends, select_trend_periods
from talentgraph.domain import EDUCATION_LEVELS, SkippedRow
from talentgraph.errors import ParameterError
from talentgraph.taxonomy import Taxonomy, load_taxonomy

__all__ = ["ENGINES", "MarketOptions", "MarketReport", "VolumeStats", "build_market_tables"]

ENGINES = ("local", "spark")
_DEFAULT_CURRENCY = {"zh": "CNY", "en": "USD"}
_GROUP_SKILLS = 50  # skills per group in skill_demand_by_*
_TOP_CITIES = 20
_TOP_PAIRS = 300
_CLUSTER_MIN_LIFT = 1.5
_CLUSTER_MIN_SIZE = 3
_EMERGING_IN_SUMMARY = 10
#: A phrase in more than this share of the postings with text is boilerplate of the corpus
#: (a function word, the employer's own name), not an emerging skill (docs/market.md).
_EMERGING_MAX_SHARE = 0.25


@dataclass(frozen=True)
class MarketOptions:
    """Settings of a market analysis. ``currency`` defaults by ``lang`` (zh -> CNY, en -> USD).

    Minimum sizes keep noise out of the tables: ``min_trend_postings`` (postings of a skill in one
    of the two trend periods before it is tested), ``min_period_postings`` (postings a period
    needs to take part in the trend comparison), ``min_pair_postings`` (postings asking for both
    skills of a pair), ``min_premium_postings`` (salaried postings with, and without, a skill
    before its premium is estimated) and ``min_premium_sample`` (salaried postings overall),
    ``min_pay_group`` (salaried postings of a pay group), ``min_phrase_postings`` (postings of a
    candidate emerging term) and ``min_group_postings`` (postings of a role family, seniority,
    city or period before its skill demand, experience or education is shown).
    """

    lang: str = "en"
    currency: str | None = None
    granularity: str = "quarter"
    rates: CurrencyRates = field(default_factory=load_currency_rates)
    top_n: int = 15
    min_trend_postings: int = 5
    alpha: float = 0.05
    min_pair_postings: int = 5
    min_premium_postings: int = 30
    min_pay_group: int = 5
    min_phrase_postings: int = 3
    engine: str = "local"
    min_premium_sample: int = 100
    min_period_postings: int = 30
    min_group_postings: int = 10

    def __post_init__(self) -> None:
        owner = "talentgraph.analytics.MarketOptions"
        if self.lang not in _DEFAULT_CURRENCY:
            raise ParameterError.invalid("lang", owner, '"en" or "zh"', self.lang)
        if self.currency is None:
            object.__setattr__(self, "currency", _DEFAULT_CURRENCY[self.lang])
        elif self.currency.upper() != self.currency:
            object.__setattr__(self, "currency", self.currency.upper())
        if self.currency not in self.rates.per_usd:
            raise ParameterError.invalid(
                "currency", owner, "a currency with a rate in the rates file ("
                + ", ".join(sorted(self.rates.per_usd)) + "); add its rate with --rates FILE",
                self.currency)
        if self.granularity not in PERIOD_GRANULARITIES:
            raise ParameterError.invalid("granularity", owner,
                                         "one of " + ", ".join(PERIOD_GRANULARITIES),
                                         self.granularity)
        if self.engine not in ENGINES:
            raise ParameterError.invalid("engine", owner, '"local" or "spark"', self.engine)
        if not 0.0 < self.alpha < 1.0:
            raise ParameterError.invalid("alpha", owner, "a number in (0, 1)", self.alpha)
        for name in ("top_n", "min_trend_postings", "min_pair_postings", "min_premium_postings",
                     "min_pay_group", "min_phrase_postings", "min_premium_sample",
                     "min_period_postings", "min_group_postings"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ParameterError.invalid(name, owner, "an int >= 1", value)


@dataclass(frozen=True)
class VolumeStats:
    """What happened to the input before aggregation (from reading and deduplication)."""

    postings_read: int
    exact_duplicates: int = 0
    near_duplicates: int = 0
    skipped: int = 0
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    duplicate_ids: int = 0
    truncated_fields: int = 0


@dataclass(frozen=True)
class MarketReport:
    """The report tables (insertion order = report order), summary.json and the options used."""

    tables: dict[str, pd.DataFrame]
    summary: dict[str, Any]
    options: MarketOptions


def _share(part: float, whole: float) -> float:
    return float(part) / float(whole) if whole else 0.0


def _totals(agg: BaseAggregates, column: str) -> dict[str, int]:
    counts = agg.count_postings([column])
    return dict(zip(label_unknown(counts[column]), counts["postings"].astype(int), strict=True))


def _text_totals(agg: BaseAggregates, column: str) -> dict[str, int]:
    """Postings WITH A DESCRIPTION per group: the denominators of every skill statistic (a
    title-only record cannot say which skills it asks for)."""
    counts = agg.count_postings([column, "has_text"])
    keep = pd.Series([v is True or v == 1 for v in counts["has_text"]], index=counts.index,
                     dtype=bool)
    counts = counts.loc[keep]
    return dict(zip(label_unknown(counts[column]), counts["postings"].astype(int), strict=True))


def _labelled_skills(agg: BaseAggregates, column: str) -> pd.DataFrame:
    counts = agg.count_skills([column]).copy()
    counts[column] = label_unknown(counts[column])
    return counts


class _Builder:
    """Derives the tables one by one (state: the engine, options and name lookup)."""

    def __init__(self, agg: BaseAggregates, options: MarketOptions, taxonomy: Taxonomy) -> None:
        self.agg, self.options, self.taxonomy = agg, options, taxonomy
        self.n = int(agg.n_postings)
        flags = agg.count_postings(["has_text"])
        self.n_text = int(sum(n for v, n in zip(flags["has_text"], flags["postings"], strict=True)
                              if v is True or v == 1))
        self.tables: dict[str, pd.DataFrame] = {}
        self._names: dict[str, tuple[str, str]] = {}

    def names(self, slug: str) -> tuple[str, str]:
        """(name_en, name_zh) of a slug; the slug itself when the taxonomy does not know it."""
        found = self._names.get(slug)
        if found is None:
            skill = self.taxonomy.skills.get(slug)
            found = (skill.name_en, skill.name_zh or "") if skill else (slug, "")
            self._names[slug] = found
        return found

    def name(self, slug: str) -> str:
        """The name in the report language (English when there is no Chinese name)."""
        en, zh = self.names(slug)
        return zh or en if self.options.lang == "zh" else en

    # -- demand -----------------------------------------------------------------------------

    def add_demand(self) -> None:
        roles = _totals(self.agg, "role_family")
        role_order = order_groups(roles)
        self.tables["role_families"] = pd.DataFrame({
            "role_family": role_order,
            "postings": np.array([roles[r] for r in role_order], dtype=np.int64),
            "share": [_share(roles[r], self.n) for r in role_order]})
        self.overall = self.agg.count_skills([])
        self.skill_postings = dict(zip(self.overall["slug"], self.overall["postings"].astype(int),
                                       strict=True))
        self.tables["skill_demand"] = rank_skill_demand(self.overall, n_postings=self.n_text,
                                                        names=self.names)
        self.role_totals = roles
        self.role_groups = [g for g in role_order if roles[g] >= self.options.min_group_postings]
        text_roles = _text_totals(self.agg, "role_family")
        for column in ("role_family", "seniority", "city", "period"):
            totals = text_roles if column == "role_family" else _text_totals(self.agg, column)
            if column == "period":
                self.period_totals = totals
            counts = _labelled_skills(self.agg, column)
            if column == "role_family":
                self.role_skill_counts = counts
            groups = [g for g in order_groups(totals, chronological=column == "period")
                      if totals[g] >= self.options.min_group_postings]
            if column == "city":
                groups = sorted(groups, key=lambda g: (-totals[g], g))[:_TOP_CITIES]
            self.tables[f"skill_demand_by_{column}"] = rank_skills_in_groups(
                counts, totals, column=column, groups=groups, names=self.names,
                top=_GROUP_SKILLS)
        skill_roles = [g for g in order_groups(text_roles)
                       if text_roles[g] >= self.options.min_group_postings]
        top = rank_skills_in_groups(self.role_skill_counts, text_roles, column="role_family",
                                    groups=skill_roles, names=self.names,
                                    top=self.options.top_n)
        top.insert(1, "rank", top.groupby("role_family", sort=False).cumcount().add(1)
                   .astype(np.int64))
        self.tables["top_skills_by_role_family"] = top[
            ["role_family", "rank", "slug", "name_en", "name_zh", "share"]]

    # -- trends and emerging terms ----------------------------------------------------------

    def add_trends(self) -> None:
        known = {p: n for p, n in self.period_totals.items() if p != UNKNOWN}
        self.periods = sorted(known)
        self.trend_periods = select_trend_periods(
            known, min_postings=self.options.min_period_postings)
        columns = ["slug", "name_en", "name_zh", "period_from", "period_to", "postings_from",
                   "total_from", "share_from", "postings_to", "total_to", "share_to", "change",
                   "p_value", "q_value", "trend"]
        if self.trend_periods is None:
            trends = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        else:
            by_period = self.agg.count_skills(["period"])
            counts: dict[str, dict[str, int]] = {}
            for period, slug, postings in zip(by_period["period"], by_period["slug"],
                                              by_period["postings"], strict=True):
                if period in self.trend_periods:
                    counts.setdefault(period, {})[slug] = int(postings)
            trends = compute_skill_trends(counts, known, periods=self.trend_periods,
                                          min_postings=self.options.min_trend_postings,
                                          alpha=self.options.alpha)
            trends.insert(1, "name_en", [self.names(s)[0] for s in trends["slug"]])
            trends.insert(2, "name_zh", [self.names(s)[1] for s in trends["slug"]])
        self.tables["skill_trends"] = trends[columns]

        phrases = self.agg.count_phrases(["period"],
                                         min_postings=self.options.min_phrase_postings)
        periods = label_unknown(phrases["period"])
        per_phrase: dict[str, dict[str, int]] = {}
        for phrase, period, postings in zip(phrases["phrase"], periods, phrases["postings"],
                                            strict=True):
            per_phrase.setdefault(phrase, {})[period] = int(postings)
        rows = []
        for phrase, by_period in per_phrase.items():
            total = sum(by_period.values())
            if total > _EMERGING_MAX_SHARE * self.n_text:
                continue  # boilerplate of the corpus, not an emerging skill
            if self.taxonomy.resolve(phrase) is not None:
                continue  # known to this taxonomy (an overlay may know more than extraction)
            if self.trend_periods is None:
                rows.append((phrase, total, _share(total, self.n_text), pd.NA, pd.NA, ""))
                continue
            p_from, p_to = self.trend_periods
            n_from, n_to = by_period.get(p_from, 0), by_period.get(p_to, 0)
            if n_from == 0 and n_to > 0:
                status = "new"
            elif _share(n_to, known[p_to]) > _share(n_from, known[p_from]):
                status = "growing"
            else:
                status = ""
            rows.append((phrase, total, _share(total, self.n_text), n_from, n_to, status))
        emerging = pd.DataFrame(rows, columns=["phrase", "postings", "share", "postings_from",
                                               "postings_to", "status"])
        emerging = emerging.astype({"postings": np.int64, "postings_from": "Int64",
                                    "postings_to": "Int64", "phrase": object, "status": object})
        status_rank = emerging["status"].map({"new": 0, "growing": 1, "": 2})
        emerging = (emerging.assign(_rank=status_rank, _to=emerging["postings_to"].fillna(0))
                    .sort_values(["_rank", "_to", "postings", "phrase"],
                                 ascending=[True, False, False, True], kind="mergesort")
                    .drop(columns=["_rank", "_to"]).reset_index(drop=True))
        self.tables["emerging_terms"] = emerging

    # -- co-occurrence ----------------------------------------------------------------------

    def add_cooccurrence(self) -> None:
        min_pair = self.options.min_pair_postings
        stats = compute_pair_stats(self.agg.count_pairs(min_together=min_pair),
                                   self.skill_postings, n_postings=self.n_text)
        pairs = select_top_pairs(stats, min_together=min_pair, limit=_TOP_PAIRS)
        pairs.insert(2, "name_a", [self.name(s) for s in pairs["slug_a"]])
        pairs.insert(3, "name_b", [self.name(s) for s in pairs["slug_b"]])
        self.tables["skill_pairs"] = pairs
        clusters = find_skill_clusters(stats, self.skill_postings, min_together=min_pair,
                                       min_lift=_CLUSTER_MIN_LIFT, min_size=_CLUSTER_MIN_SIZE)
        clusters.insert(2, "name_en", [self.names(s)[0] for s in clusters["slug"]])
        clusters.insert(3, "name_zh", [self.names(s)[1] for s in clusters["slug"]])
        self.tables["skill_clusters"] = clusters

    # -- pay --------------------------------------------------------------------------------

    def add_pay(self) -> None:
        sample = self.agg.salary_sample().copy()
        for column in ("role_family", "seniority", "city", "period", "language"):
            sample[column] = label_unknown(sample[column])
        min_group = self.options.min_pay_group
        self.tables["pay_by_role_family"] = summarise_pay(sample, by="role_family",
                                                          min_group=min_group)
        self.tables["pay_by_seniority"] = summarise_pay(sample, by="seniority",
                                                        min_group=min_group)
        self.tables["pay_by_city"] = summarise_pay(sample, by="city", min_group=min_group,
                                                   limit=_TOP_CITIES)
        # cross tables, for comparing one person's pay with the market of their role family,
        # seniority and city (services._pay_market); groups under min_group are left out
        self.tables["pay_by_role_seniority"] = summarise_pay(
            sample, by=("role_family", "seniority"), min_group=min_group)
        self.tables["pay_by_role_seniority_city"] = summarise_pay(
            sample, by=("role_family", "seniority", "city"), min_group=min_group)
        cities = sample["city"].value_counts()
        top = sorted(cities.index, key=lambda c: (-int(cities[c]), c))[:_TOP_CITIES]
        sample["city"] = sample["city"].where(sample["city"].isin(top), "other")
        # controls: role family, seniority, city, and the posting's language — a proxy for its
        # labour market, so a corpus mixing Chinese and English postings does not read the
        # pay gap between markets as the premium of skills one market asks for more
        premiums = estimate_skill_premiums(
            sample[sample["has_text"].astype(bool)].reset_index(drop=True),
            min_with=self.options.min_premium_postings,
            min_sample=self.options.min_premium_sample,
            controls=("role_family", "seniority", "city", "language"))
        premiums.insert(1, "name_en", [self.names(s)[0] for s in premiums["slug"]])
        premiums.insert(2, "name_zh", [self.names(s)[1] for s in premiums["slug"]])
        self.tables["skill_pay_premium"] = premiums

    # -- requirements -----------------------------------------------------------------------

    def add_requirements(self) -> None:
        for column, levels, name in (
                ("experience_bucket", EXPERIENCE_BUCKETS, "experience_by_role_family"),
                ("education_min", EDUCATION_LEVELS, "education_by_role_family")):
            counts = self.agg.count_postings(["role_family", column])
            found: dict[str, dict[str, int]] = {}
            for role, value, postings in zip(counts["role_family"], label_unknown(counts[column]),
                                             counts["postings"], strict=True):
                found.setdefault(role, {})[value] = int(postings)
            rows = []
            for role in self.role_groups:
                values = found.get(role, {})
                for value in order_groups(values, level_order=levels):
                    rows.append((role, value, values[value],
                                 _share(values[value], self.role_totals[role])))
            table = pd.DataFrame(rows, columns=["role_family", column, "postings", "share"])
            self.tables[name] = table.astype({"postings": np.int64})

    # -- data quality -----------------------------------------------------------------------

    def data_quality(self) -> dict[str, float]:
        def count(column: str, test: Any) -> int:
            frame = self.agg.count_postings([column])
            return int(sum(n for v, n in zip(frame[column], frame["postings"], strict=True)
                           if test(v)))

        raw = self.agg.count_postings(["has_salary_raw", "has_salary"])
        unparsed = int(sum(n for r, s, n in zip(raw["has_salary_raw"], raw["has_salary"],
                                                raw["postings"], strict=True)
                           if r is True and s is not True))
        return {
            "share_with_salary": _share(count("has_salary", lambda v: v is True), self.n),
            "share_salary_unparsed": _share(unparsed, self.n),
            "share_known_role_family": _share(
                count("role_family", lambda v: v is not None and v != "other"), self.n),
            "share_with_text": _share(self.n_text, self.n),
            "share_with_skill": _share(count("has_skill", lambda v: v is True), self.n_text),
            "share_with_date": _share(count("period", lambda v: v is not None), self.n),
            "share_with_city": _share(count("city", lambda v: v is not None), self.n),
        }


def _volume_table(volume: VolumeStats, unique: int) -> pd.DataFrame:
    metrics = {
        "postings_read": volume.postings_read,
        "exact_duplicates": volume.exact_duplicates,
        "near_duplicates": volume.near_duplicates,
        "duplicates": volume.exact_duplicates + volume.near_duplicates,
        "unique_postings": unique,
        "skipped": volume.skipped,
        "duplicate_ids": volume.duplicate_ids,
    }
    return pd.DataFrame({"metric": list(metrics),
                         "value": np.array(list(metrics.values()), dtype=np.int64)})


def build_market_tables(agg: BaseAggregates, *, volume: VolumeStats,
                        skipped: Sequence[SkippedRow], options: MarketOptions,
                        taxonomy: Taxonomy | None = None) -> MarketReport:
    """Every table of the market report, and summary.json, from an engine's base aggregations.

    Shares are fractions of unique postings (of the group), money is annual in
    ``options.currency``, unknown group values are shown as "unknown"; see docs/market.md for
    what each table means and how each statistic is computed.
    """
    taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    builder = _Builder(agg, options, taxonomy)
    builder.tables["volume"] = _volume_table(volume, builder.n)
    builder.add_demand()
    builder.add_trends()
    builder.add_cooccurrence()
    builder.add_pay()
    builder.add_requirements()
    quality = builder.data_quality()
    tables = builder.tables
    tables["data_quality"] = pd.DataFrame({"metric": list(quality),
                                           "value": list(quality.values())})
    tables["skipped"] = pd.DataFrame(
        [(row.source, row.id, row.reason, row.message) for row in skipped],
        columns=["source", "id", "reason", "message"], dtype=object)
    rates = options.rates
    tables["currency_rates"] = pd.DataFrame(
        [(code, float(rates.per_usd[code]), rates.as_of, rates.source)
         for code in sorted(rates.per_usd)],
        columns=["currency", "per_usd", "as_of", "source"])
    order = ["volume", "role_families", "skill_demand", "skill_demand_by_role_family",
             "skill_demand_by_seniority", "skill_demand_by_city", "skill_demand_by_period",
             "top_skills_by_role_family", "skill_trends", "emerging_terms", "skill_pairs",
             "skill_clusters", "pay_by_role_family", "pay_by_seniority", "pay_by_city",
             "pay_by_role_seniority", "pay_by_role_seniority_city", "skill_pay_premium", "experience_by_role_family", "education_by_role_family",
             "data_quality", "skipped", "currency_rates"]
    tables = {name: tables[name] for name in order}

    trends = tables["skill_trends"]
    top = tables["top_skills_by_role_family"]
    summary: dict[str, Any] = {
        "postings_read": volume.postings_read,
        "duplicates": volume.exact_duplicates + volume.near_duplicates,
        "exact_duplicates": volume.exact_duplicates,
        "near_duplicates": volume.near_duplicates,
        "unique_postings": builder.n,
        "skipped": volume.skipped,
        "skipped_by_reason": {k: int(volume.skipped_by_reason[k])
                              for k in sorted(volume.skipped_by_reason)},
        "duplicate_ids": volume.duplicate_ids,
        "currency": options.currency,
        "rates_as_of": rates.as_of,
        "granularity": options.granularity,
        "periods": builder.periods,
        "trend_periods": list(builder.trend_periods) if builder.trend_periods else None,
        "role_families": {r: int(n) for r, n in zip(tables["role_families"]["role_family"],
                                                    tables["role_families"]["postings"],
                                                    strict=True)},
        "top_skills": {role: [{"slug": s, "share": float(v)} for s, v in
                              zip(group["slug"], group["share"], strict=True)]
                       for role, group in top.groupby("role_family", sort=False)},
        "rising": [s for s, t in zip(trends["slug"], trends["trend"], strict=True)
                   if t == "rising"],
        "falling": [s for s, t in zip(trends["slug"][::-1], trends["trend"][::-1], strict=True)
                    if t == "falling"],
        "emerging": list(tables["emerging_terms"]["phrase"].head(_EMERGING_IN_SUMMARY)),
        "data_quality": quality,
        "engine": options.engine,
        "taxonomy_version": taxonomy.version,
    }
    return MarketReport(tables=tables, summary=summary, options=options)
