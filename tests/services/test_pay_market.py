"""Pay against band and market (SQLite and PostgreSQL): compa-ratios, the market median from
the latest market analysis's pay tables (role family, then seniority, then city) and from
imported salary surveys, currency conversion, the gap, the flags, the groups and the audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from talentgraph.analytics import load_currency_rates
from talentgraph.domain import SYSTEM, Actor
from talentgraph.errors import ImportValidationError, ParameterError, PermissionDeniedError
from talentgraph.services._imports import import_records
from talentgraph.services._pay_market import MARKET_TABLES, compare_pay, read_market_pay
from talentgraph.services._people import create_pay_band
from talentgraph.store import AuditEvent, Database, SalarySurvey
from tests.services._retention_team import HEADER, build_team, write_market

HR = Actor(user_id=None, username="hr-test", role="hr")


def test_the_market_tables_are_read_without_unknown_groups(tmp_path: Path) -> None:
    tables = read_market_pay(write_market(tmp_path / "m"))
    assert tables["pay_by_role_family"][("ml-engineer",)] == {
        "postings": 40, "p25": pytest.approx(480_000), "median": 600_000,
        "p75": pytest.approx(720_000)}
    assert ("unknown",) not in tables["pay_by_role_family"]
    assert ("unknown",) not in tables["pay_by_seniority"]
    assert set(tables["pay_by_city"]) == {("北京",), ("上海",)}
    assert tables["pay_by_role_seniority_city"] == {}  # an analysis without the cross tables
    assert read_market_pay(tmp_path / "nowhere") == {name: {} for _, name in MARKET_TABLES}


def _write_cross_tables(folder: Path) -> None:
    """The cross tables a market analysis writes: role family x seniority (x city)."""
    header = ",".join(("role_family", "seniority", "city", *HEADER))
    (folder / "pay_by_role_seniority_city.csv").write_text(
        f"\ufeff{header}\n"
        "ml-engineer,senior,北京,12,1,1,700000,1,1,1\n"
        "ml-engineer,senior,unknown,30,1,1,5,1,1,1\n", "utf-8")
    header = ",".join(("role_family", "seniority", *HEADER))
    (folder / "pay_by_role_seniority.csv").write_text(
        f"\ufeff{header}\n"
        "ai-application-engineer,senior,9,1,1,550000,1,1,1\n"
        "ml-engineer,unknown,40,1,1,1,1,1,1\n", "utf-8")


def test_the_most_specific_market_group_wins(database: Database, tmp_path: Path) -> None:
    team = build_team(database, tmp_path)
    _write_cross_tables(team.market_dir)
    with database.session() as session:
        lines = {line.ref: line for line in compare_pay(session, actor=HR).lines}
    e1 = lines["E1"]  # ml-engineer, L3 = senior, 北京: the cross table's row
    assert (e1.market.group, e1.market.median, e1.market.sample) == (
        "role_family+seniority+city", 700_000, 12)
    assert "ml-engineer · senior · 北京" in e1.market.label
    e3 = lines["E3"]  # ai-application-engineer senior in 上海: no city row, the role x seniority
    assert (e3.market.group, e3.market.median) == ("role_family+seniority", 550_000)
    e5 = lines["E5"]  # ml-engineer lead: no lead row (the unknown one never matches)
    assert (e5.market.group, e5.market.median) == ("role_family", 600_000)
    assert lines["E4"].market.group == "city"


def test_compa_ratio_and_gap_to_the_market(database: Database, tmp_path: Path) -> None:
    team = build_team(database, tmp_path)
    with database.session() as session:
        result = compare_pay(session, actor=HR)
        lines = {line.ref: line for line in result.lines}
    assert [line.ref for line in result.lines] == ["E4", "E1", "E3", "E2", "E5"]  # largest gap
    assert "E6" not in lines  # left the company
    e1 = lines["E1"]
    assert e1.annual == 480_000 and e1.effective_on.isoformat() == "2025-01-01"  # latest pay
    assert e1.band is not None and e1.band.city == "北京"  # the city's band wins
    assert e1.compa_ratio == pytest.approx(0.96)
    assert (e1.market.median, e1.market.source, e1.market.group, e1.market.sample) == (
        600_000, "market", "role_family", 40)
    assert "AI jobs 2026" in e1.market.label and "ml-engineer" in e1.market.label
    assert e1.gap == pytest.approx(120_000) and e1.gap_pct == pytest.approx(0.2)
    assert e1.is_under_market and e1.is_at_risk and e1.is_also_at_risk
    assert e1.risk == 0.8 and e1.risk_band == "high"
    e2 = lines["E2"]  # band for every city; 290k is 96.7% of 300k: not under the market
    assert e2.compa_ratio == pytest.approx(290 / 280)
    assert e2.gap_pct == pytest.approx(1 / 30) and not e2.is_under_market
    e3 = lines["E3"]  # paid in USD, no band, no role family row: the seniority of L3
    rate = load_currency_rates().per_usd["CNY"]
    assert e3.annual == pytest.approx(60_000 * rate) and e3.pay_currency == "USD"
    assert e3.compa_ratio is None
    assert (e3.market.group, e3.market.median, e3.market.sample) == ("seniority", 500_000, 25)
    assert e3.is_under_market and not e3.is_at_risk  # medium is not "at risk"
    e4 = lines["E4"]  # no role family, no level: the city
    assert (e4.market.group, e4.market.median) == ("city", 450_000)
    e5 = lines["E5"]
    assert e5.gap == pytest.approx(-300_000) and not e5.is_under_market
    assert result.total.people == 5 and result.total.under_market == 3
    assert result.total.under_market_at_risk == 1
    assert result.total.total_gap == pytest.approx(120_000 + 150_000 + (500_000 - 60_000 * rate))
    groups = {(g.role_family, g.level): g for g in result.groups}
    assert groups[("ml-engineer", "L3")].under_market == 1
    assert groups[("ml-engineer", "L3")].mean_compa_ratio == pytest.approx(0.96)
    assert groups[(None, None)].people == 1
    assert result.rates.as_of and result.snapshot_id is not None
    with database.session() as session:
        reads = session.scalars(select(AuditEvent).where(
            AuditEvent.actor == "hr-test", AuditEvent.action == "read")).all()
    pay_read = next(e for e in reads if e.resource == "pay")
    assert pay_read.detail["ids"] == sorted(v for k, v in team.ids.items() if k != "E6")
    assert "480000" not in str([e.detail for e in reads])  # ids and fields, never values
    assert {e.resource for e in reads} == {"pay", "employee", "risk_score"}


def test_amounts_in_another_currency_and_filters(database: Database, tmp_path: Path) -> None:
    build_team(database, tmp_path)
    rate = load_currency_rates().per_usd["CNY"]
    with database.session() as session:
        result = compare_pay(session, actor=HR, currency="USD", is_under_market=True,
                             sort="ref")
        with pytest.raises(ParameterError, match="'currency' parameter must be one of"):
            compare_pay(session, actor=HR, currency="XYZ")
        with pytest.raises(ParameterError, match="'sort' parameter"):
            compare_pay(session, actor=HR, sort="name")
        with pytest.raises(PermissionDeniedError):
            compare_pay(session, actor=Actor(user_id=1, username="r", role="recruiter"))
    assert [line.ref for line in result.lines] == ["E1", "E3", "E4"]
    e1 = result.lines[0]
    assert e1.currency == "USD" and e1.annual == pytest.approx(480_000 / rate)
    assert e1.market.median == pytest.approx(600_000 / rate)
    assert e1.compa_ratio == pytest.approx(0.96)  # a ratio does not depend on the currency


SURVEY = """source,role_family,level,city,currency,p25,p50,p75,effective_on
Mercer 2026,ml-engineer,L3,北京,CNY,550000,700000,800000,2026-01-01
Mercer 2026,ml-engineer,L3,,CNY,,650000,,2026-01-01
Mercer 2025,ml-engineer,L3,北京,CNY,,640000,,2025-01-01
Radford,data-analyst,l2,上海,USD,,50000,,2025-07-01
"""


def test_an_imported_salary_survey_is_the_market_when_it_matches(database: Database,
                                                                tmp_path: Path) -> None:
    build_team(database, tmp_path)
    path = tmp_path / "survey.csv"
    path.write_text(SURVEY, encoding="utf-8")
    report = import_records(database, kind="salary_survey", path=path, actor=SYSTEM)
    assert (report.rows, report.created) == (4, 4)
    again = import_records(database, kind="salary_survey", path=path, actor=SYSTEM)
    assert (again.created, again.unchanged) == (0, 4)  # idempotent
    with database.session() as session:
        stored = session.scalars(select(SalarySurvey).order_by(SalarySurvey.id)).all()
        assert [(s.level, s.city, s.p25) for s in stored] == [
            ("L3", "北京", 550_000), ("L3", "", None), ("L3", "北京", None), ("L2", "上海", None)]
        lines = {line.ref: line for line in compare_pay(session, actor=HR).lines}
    e1 = lines["E1"]  # the city's row of the latest survey wins
    assert (e1.market.source, e1.market.median, e1.market.sample) == ("survey", 700_000, None)
    assert e1.market.label == "Mercer 2026 (ml-engineer L3 北京, 2026-01-01)"
    assert e1.market.p25 == 550_000
    e2 = lines["E2"]  # "Shanghai" is 上海; the survey is in USD
    rate = load_currency_rates().per_usd["CNY"]
    assert e2.market.median == pytest.approx(50_000 * rate) and e2.market.source == "survey"
    assert lines["E5"].market.source == "market"  # no survey of L4: the advertised pay


def test_a_bad_survey_row_is_refused_with_its_row_and_column(database: Database,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "调研.csv"
    path.write_text("调研来源,岗位族,职级,中位数,25分位,生效日期\n"
                    "Mercer,ml-engineer,L3,500000,600000,2026-01-01\n"
                    "Mercer,ml-engineer,L9,500000,,2026-01-01\n", encoding="utf-8")
    with pytest.raises(ImportValidationError) as caught:
        import_records(database, kind="salary_survey", path=path, actor=SYSTEM)
    issues = caught.value.report.issues
    assert [(i.row, i.column) for i in issues] == [(2, "25分位"), (3, "职级")]
    assert "at most the median p50 500000" in issues[0].message
    with database.session() as session:
        assert session.scalars(select(SalarySurvey)).all() == []
    with pytest.raises(PermissionDeniedError, match="may not import salary_survey"):
        import_records(database, kind="salary_survey", path=path,
                       actor=Actor(user_id=None, username="r", role="recruiter"))


def test_a_band_city_matches_however_it_is_written(database: Database, tmp_path: Path) -> None:
    build_team(database, tmp_path)
    with database.session() as session:  # E2 lives in "Shanghai"; this band says 上海
        create_pay_band(session, actor=SYSTEM, role_family="data-analyst", level="L2",
                        city="上海", minimum=200_000, midpoint=250_000, maximum=300_000)
    with database.session() as session:
        e2 = next(line for line in compare_pay(session, actor=HR).lines if line.ref == "E2")
    assert e2.band is not None and e2.band.city == "上海"
    assert e2.compa_ratio == pytest.approx(290 / 250)
