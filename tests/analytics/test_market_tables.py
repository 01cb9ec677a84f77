"""build_market_tables on small corpora whose answers are known."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from _market_facts import RATES, fact

from talentgraph.analytics import (
    LocalAggregates,
    MarketOptions,
    MarketReport,
    VolumeStats,
    build_market_tables,
)
from talentgraph.domain import SkippedRow
from talentgraph.errors import ParameterError

TABLES = {
    "volume": ["metric", "value"],
    "role_families": ["role_family", "postings", "share"],
    "skill_demand": ["rank", "slug", "name_en", "name_zh", "postings", "share", "required",
                     "preferred", "required_share"],
    **{f"skill_demand_by_{g}": [g, "slug", "name_en", "name_zh", "postings", "group_postings",
                                "share", "required", "preferred"]
       for g in ("role_family", "seniority", "city", "period")},
    "top_skills_by_role_family": ["role_family", "rank", "slug", "name_en", "name_zh", "share"],
    "skill_trends": ["slug", "name_en", "name_zh", "period_from", "period_to", "postings_from",
                     "total_from", "share_from", "postings_to", "total_to", "share_to", "change",
                     "p_value", "q_value", "trend"],
    "emerging_terms": ["phrase", "postings", "share", "postings_from", "postings_to", "status"],
    "skill_pairs": ["slug_a", "slug_b", "name_a", "name_b", "together", "postings_a",
                    "postings_b", "lift", "jaccard"],
    "skill_clusters": ["cluster", "slug", "name_en", "name_zh", "postings", "degree"],
    **{f"pay_by_{g}": [g, "postings", "p10", "p25", "median", "p75", "p90", "mean"]
       for g in ("role_family", "seniority", "city")},
    "pay_by_role_seniority": ["role_family", "seniority", "postings", "p10", "p25", "median",
                              "p75", "p90", "mean"],
    "pay_by_role_seniority_city": ["role_family", "seniority", "city", "postings", "p10", "p25",
                                   "median", "p75", "p90", "mean"],
    "skill_pay_premium": ["slug", "name_en", "name_zh", "postings_with", "premium", "ci_low",
                          "ci_high", "p_value"],
    "experience_by_role_family": ["role_family", "experience_bucket", "postings", "share"],
    "education_by_role_family": ["role_family", "education_min", "postings", "share"],
    "data_quality": ["metric", "value"],
    "skipped": ["source", "id", "reason", "message"],
    "currency_rates": ["currency", "per_usd", "as_of", "source"],
}
SUMMARY_KEYS = {
    "postings_read", "duplicates", "exact_duplicates", "near_duplicates", "unique_postings",
    "skipped", "skipped_by_reason", "duplicate_ids", "currency", "rates_as_of", "granularity",
    "periods", "trend_periods", "role_families", "top_skills", "rising", "falling", "emerging",
    "data_quality", "engine", "taxonomy_version"}


def _corpus() -> list:
    """100 postings: 60 ml-engineer, 40 data-analyst; python in 30 (required in the first 10);
    pytorch 5 -> 30 between 2024-Q1 and 2024-Q2; sql 2 -> 4 in the two quarters;
    the first 5 without a city, then Beijing (even) 47, Shanghai (odd) 48; "lead" seniority in
    3 postings only."""
    facts = []
    for i in range(100):
        q1 = i < 50
        skills = []
        if i % 10 < 3:
            skills.append(("python", "required" if i < 10 else None))
        if (q1 and i < 5) or (not q1 and i < 80):
            skills.append(("pytorch", "preferred"))
        if i in (1, 2, 51, 52, 53, 54):
            skills.append(("sql", None))
        facts.append(fact(
            i, skills=skills, role_family="ml-engineer" if i % 5 < 3 else "data-analyst",
            city=None if i < 5 else ("Beijing" if i % 2 == 0 else "Shanghai"),
            seniority="lead" if i < 3 else (None if i % 4 == 0 else "senior"),
            date=("2024-02-01" if q1 else "2024-05-01"),
            salary=(100000.0 if i % 2 == 0 else 70000.0) if i < 40 else None,
            currency="USD" if i % 2 == 0 else "CNY",
            experience_min_years=3.0 if i % 3 == 0 else None, education_min="bachelor",
            phrases=("agent evals",) if i >= 75 else ("prompt chains",) if i < 4 else ()))
    return facts


def _report(facts=None, **options) -> MarketReport:
    opts = MarketOptions(rates=RATES, **{"currency": "USD", **options})
    agg = LocalAggregates(_corpus() if facts is None else facts, rates=opts.rates,
                          currency=opts.currency, granularity=opts.granularity)
    volume = VolumeStats(postings_read=110, exact_duplicates=6, near_duplicates=2, skipped=2,
                         skipped_by_reason={"no_text": 2}, duplicate_ids=1)
    skipped = [SkippedRow("a.csv:3", "x1", "no_text", "a.csv row 3: the text is empty"),
               SkippedRow("a.csv:9", None, "no_text", "a.csv row 9: the text is empty")]
    return build_market_tables(agg, volume=volume, skipped=skipped, options=opts)


@pytest.fixture(scope="module")
def report() -> MarketReport:
    return _report()


def test_tables_and_columns_follow_the_contract(report: MarketReport) -> None:
    assert {n: list(t.columns) for n, t in report.tables.items()} == TABLES
    assert list(report.tables) == list(TABLES)


def test_skill_share_and_required_share(report: MarketReport) -> None:
    demand = report.tables["skill_demand"].set_index("slug")
    assert demand.loc["python", "postings"] == 30 and demand.loc["python", "share"] == 0.3
    assert demand.loc["python", "required"] == 3  # i in 0, 1, 2
    assert demand.loc["python", "preferred"] == 0
    assert demand.loc["python", "required_share"] == pytest.approx(3 / 30)
    assert demand.loc["python", "name_en"] == "Python"
    assert demand["rank"].tolist() == list(range(1, len(demand) + 1))
    assert demand.index.tolist() == ["pytorch", "python", "sql"]  # 35, 30, 6 postings


def test_volume_and_skipped(report: MarketReport) -> None:
    volume = dict(zip(report.tables["volume"]["metric"], report.tables["volume"]["value"],
                      strict=True))
    assert volume == {"postings_read": 110, "exact_duplicates": 6, "near_duplicates": 2,
                      "duplicates": 8, "unique_postings": 100, "skipped": 2, "duplicate_ids": 1}
    assert report.tables["skipped"]["id"].tolist() == ["x1", None]


def test_unknown_values_are_shown_and_small_groups_omitted(report: MarketReport) -> None:
    by_seniority = report.tables["skill_demand_by_seniority"]
    assert set(by_seniority["seniority"]) == {"senior", "unknown"}  # "lead" has 3 < 10
    by_city = report.tables["skill_demand_by_city"]
    assert "unknown" not in set(by_city["city"])  # 5 postings without a city < 10
    small = _report(min_group_postings=5).tables["skill_demand_by_city"]
    assert small["city"].drop_duplicates().tolist() == ["Shanghai", "Beijing", "unknown"]
    row = small[(small["city"] == "unknown") & (small["slug"] == "pytorch")].iloc[0]
    assert (row["postings"], row["group_postings"]) == (5, 5) and row["share"] == 1.0


def test_group_shares_within_group(report: MarketReport) -> None:
    by_role = report.tables["skill_demand_by_role_family"]
    row = by_role[(by_role["role_family"] == "ml-engineer") & (by_role["slug"] == "python")]
    # python postings (i % 10 < 3) that are ml-engineer (i % 5 < 3): i % 10 in 0,1,2 -> all 30
    assert row[["postings", "group_postings"]].iloc[0].tolist() == [30, 60]
    assert row["share"].iloc[0] == pytest.approx(0.5)
    by_period = report.tables["skill_demand_by_period"]
    assert by_period["period"].drop_duplicates().tolist() == ["2024-Q1", "2024-Q2"]


def test_trends(report: MarketReport) -> None:
    trends = report.tables["skill_trends"].set_index("slug")
    assert trends.loc["pytorch", "trend"] == "rising" and trends.loc["pytorch", "q_value"] < 0.05
    assert "sql" not in trends.index  # 2 -> 4 postings: below min_trend_postings, not tested
    assert trends.loc["python", "trend"] == "steady"  # 15 -> 15
    small = _report(min_trend_postings=2).tables["skill_trends"].set_index("slug")
    assert small.loc["sql", "trend"] == "steady" and small.loc["sql", "p_value"] > 0.05
    assert report.summary["rising"] == ["pytorch"] and report.summary["falling"] == []
    assert report.summary["trend_periods"] == ["2024-Q1", "2024-Q2"]
    no_trend = _report(min_period_postings=51)
    assert no_trend.tables["skill_trends"].empty and no_trend.summary["trend_periods"] is None


def test_emerging_terms(report: MarketReport) -> None:
    emerging = report.tables["emerging_terms"]
    assert emerging.to_dict("records") == [
        {"phrase": "agent evals", "postings": 25, "share": 0.25, "postings_from": 0,
         "postings_to": 25, "status": "new"},
        {"phrase": "prompt chains", "postings": 4, "share": 0.04, "postings_from": 4,
         "postings_to": 0, "status": ""},
    ]
    assert report.summary["emerging"] == ["agent evals", "prompt chains"]


def test_emerging_terms_drop_boilerplate_and_known_skills() -> None:
    """A phrase in more than 25% of the postings with text is boilerplate of the corpus, not an
    emerging skill; 25% exactly is still shown; a phrase the taxonomy resolves is known."""

    def with_phrase(phrase: str, n: int) -> list:
        return [replace(f, phrases=f.phrases + (phrase,) * (f.seq < n)) for f in _corpus()]

    over = _report(with_phrase("our platform", 26)).tables["emerging_terms"]
    assert set(over["phrase"]) == {"agent evals", "prompt chains"}
    at_limit = _report(with_phrase("our platform", 25)).tables["emerging_terms"]
    row = at_limit[at_limit["phrase"] == "our platform"]
    assert row[["postings", "share"]].iloc[0].tolist() == [25, 0.25]
    known = _report(with_phrase("python", 10)).tables["emerging_terms"]
    assert "python" not in set(known["phrase"])  # resolves in the taxonomy
    assert "zorbflow" in set(_report(with_phrase("zorbflow", 10)).tables["emerging_terms"]
                             ["phrase"])



def test_pay_in_report_currency_with_stated_rates() -> None:
    usd = _report().tables["pay_by_role_family"].set_index("role_family")
    # 40 salaried postings: 100000 USD (even i) and 70000 CNY = 10000 USD (odd i)
    assert usd["postings"].sum() == 40
    cny = _report(currency="CNY").tables["pay_by_city"].set_index("city")
    assert cny.loc["Beijing", "median"] == pytest.approx(700000.0)
    assert cny.loc["Shanghai", "median"] == pytest.approx(70000.0)
    cross = _report(currency="CNY").tables["pay_by_role_seniority_city"]
    groups = {tuple(row[:3]): row[3] for row in cross.itertuples(index=False)}
    flat = _report(currency="CNY").tables["pay_by_city"].set_index("city")["postings"]
    # every cross group is a part of its city's group; together no more than the city's
    assert groups and all(n >= 5 for n in groups.values())
    for city in {key[2] for key in groups}:
        assert sum(n for key, n in groups.items() if key[2] == city) <= flat[city]
    rates = _report().tables["currency_rates"]
    assert rates.to_dict("records")[0] == {"currency": "CNY", "per_usd": 7.0,
                                           "as_of": "2026-01-01", "source": "test rates"}


def test_experience_and_education_shares(report: MarketReport) -> None:
    exp = report.tables["experience_by_role_family"]
    ml = exp[exp["role_family"] == "ml-engineer"].set_index("experience_bucket")
    assert ml.index.tolist() == ["3-4", "unknown"]
    assert ml["postings"].sum() == 60 and ml["share"].sum() == pytest.approx(1.0)
    edu = report.tables["education_by_role_family"]
    assert set(edu["share"]) == {1.0}


def test_data_quality(report: MarketReport) -> None:
    quality = report.summary["data_quality"]
    assert quality == {"share_with_salary": 0.4, "share_salary_unparsed": 0.0,
                       "share_known_role_family": 1.0, "share_with_text": 1.0,
                       "share_with_skill": 0.53,
                       "share_with_date": 1.0, "share_with_city": 0.95}
    facts = [fact(0, salary_raw="面议", role_family="other"), fact(1, salary=5.0)]
    quality = _report(facts).summary["data_quality"]
    assert quality["share_salary_unparsed"] == 0.5
    assert quality["share_known_role_family"] == 0.5


def test_summary_keys_and_top_skills_shape(report: MarketReport) -> None:
    summary = report.summary
    assert set(summary) == SUMMARY_KEYS
    assert summary["top_skills"]["ml-engineer"] == [
        {"slug": "python", "share": 0.5},
        {"slug": "pytorch", "share": pytest.approx(21 / 60)},
        {"slug": "sql", "share": pytest.approx(4 / 60)}]
    for skills in summary["top_skills"].values():
        shares = [s["share"] for s in skills]
        assert shares == sorted(shares, reverse=True) and len(skills) <= 15
    assert summary["role_families"] == {"ml-engineer": 60, "data-analyst": 40}
    assert summary["periods"] == ["2024-Q1", "2024-Q2"]
    assert summary["currency"] == "USD" and summary["engine"] == "local"
    assert json.loads(json.dumps(summary)) == summary  # plain JSON, no numpy types


def test_csv_output_is_byte_identical_on_two_runs(tmp_path) -> None:
    outputs = []
    for run in range(2):
        folder = tmp_path / str(run)
        folder.mkdir()
        rep = _report()
        for name, table in rep.tables.items():
            table.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8-sig")
        (folder / "summary.json").write_text(json.dumps(rep.summary, ensure_ascii=False))
        outputs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert outputs[0] == outputs[1] and len(outputs[0]) == len(TABLES) + 1


def test_empty_corpus_gives_empty_tables() -> None:
    rep = _report([])
    assert rep.tables["skill_demand"].empty and rep.summary["unique_postings"] == 0
    assert rep.summary["data_quality"]["share_with_salary"] == 0.0


def test_options_defaults_and_validation() -> None:
    assert MarketOptions(lang="zh").currency == "CNY" and MarketOptions().currency == "USD"
    assert MarketOptions(currency="eur").currency == "EUR"
    with pytest.raises(ParameterError, match="'lang' parameter .* Got 'fr'"):
        MarketOptions(lang="fr")
    with pytest.raises(ParameterError, match="'currency' parameter .*--rates"):
        MarketOptions(currency="XYZ")
    with pytest.raises(ParameterError, match="'top_n' parameter .* an int >= 1"):
        MarketOptions(top_n=0)
    with pytest.raises(ParameterError, match="'alpha'"):
        MarketOptions(alpha=1.5)


def test_options_change_the_tables() -> None:
    assert len(_report(top_n=1).tables["top_skills_by_role_family"]) == 2  # one per role
    pairs = _report(min_pair_postings=1).tables["skill_pairs"]
    assert set(zip(pairs["slug_a"], pairs["slug_b"], strict=True)) <= {
        ("python", "pytorch"), ("python", "sql"), ("pytorch", "sql")}
    assert pd.api.types.is_float_dtype(pairs["lift"]) and (pairs["lift"] > 1).all()


def test_title_only_records_count_in_pay_but_not_in_skill_shares() -> None:
    # 10 postings with text, 3 of them asking for SQL; 90 title-only salary records
    facts = [fact(i, skills=["sql"] if i < 3 else ["python"], salary=100.0 + i)
             for i in range(10)]
    facts += [fact(10 + i, salary=200.0, has_text=False) for i in range(90)]
    report = _report(facts)
    demand = report.tables["skill_demand"].set_index("slug")
    assert demand.loc["sql", "share"] == pytest.approx(0.3)
    assert report.tables["role_families"]["postings"].sum() == 100
    pay = report.tables["pay_by_role_family"].set_index("role_family")
    assert pay.loc["ml-engineer", "postings"] == 100
    assert report.summary["data_quality"]["share_with_text"] == pytest.approx(0.1)


def test_pay_premium_controls_for_the_language_market() -> None:
    # English postings pay twice the Chinese ones; "cuda" is asked for by 80% of English and
    # 20% of Chinese postings but pays nothing extra within either market
    rng = np.random.default_rng(3)
    facts = []
    for i in range(400):
        english = i % 2 == 0
        asks = rng.random() < (0.8 if english else 0.2)
        salary = float((200_000 if english else 100_000) * np.exp(rng.normal(0, 0.1)))
        facts.append(fact(i, skills=["cuda", "python"] if asks else ["python", "sql"],
                          salary=salary, language="en" if english else "zh"))
    premium = _report(facts).tables["skill_pay_premium"].set_index("slug")
    assert premium.loc["cuda", "ci_low"] < 0 < premium.loc["cuda", "ci_high"]
    assert abs(premium.loc["cuda", "premium"]) < 0.05
