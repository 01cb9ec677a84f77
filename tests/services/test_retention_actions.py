"""Retention actions from drivers, not duplicated, tracked to what happened next; the
dashboard and the fairness section (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from talentgraph.domain import SYSTEM, Actor
from talentgraph.errors import NotFoundError, ParameterError, PermissionDeniedError
from talentgraph.services._accounts import create_user, get_user
from talentgraph.services._people import update_employee
from talentgraph.services._retention_actions import (
    action_outcomes,
    list_actions,
    suggest_actions,
    update_action,
)
from talentgraph.services._retention_dashboard import risk_dashboard, risk_fairness
from talentgraph.services._retention_drivers import driver_kind, driver_text, pay_contribution
from talentgraph.store import AuditEvent, Database, Employee, RetentionAction, RiskScore
from tests.services._retention_team import Team, build_team, pay_driver

HR = Actor(user_id=None, username="hr-actions", role="hr")


@pytest.fixture
def team(database: Database, tmp_path: Path) -> Team:
    built = build_team(database, tmp_path)
    with database.session() as session:
        create_user(session, username="boss", password="correct horse battery",
                    role="hiring_manager", employee_id=built.ids["E5"], actor=SYSTEM)
        # E3 changed level today: their promotion action can only come from the model
        update_employee(session, employee_id=built.ids["E3"], actor=SYSTEM,
                        changes={"level": "L2"})
        update_employee(session, employee_id=built.ids["E3"], actor=SYSTEM,
                        changes={"level": "L3"})
    return built


@pytest.mark.parametrize(("feature", "kind"), [
    ("MonthlyIncome", "pay"), ("月收入", "pay"), ("income_vs_level", "pay"),
    ("PercentSalaryHike", "pay"), ("PayGrade", "other"), ("OverTime", "overtime"),
    ("是否加班", "overtime"), ("overtime_x_low_scores", "overtime"),
    ("YearsSinceLastPromotion", "promotion"), ("promotion_gap", "promotion"),
    ("TrainingTimesLastYear", "development"), ("JobSatisfaction", "other"),
])
def test_driver_kinds(feature: str, kind: str) -> None:
    assert driver_kind(feature) == kind


def test_driver_words_and_pay_contribution() -> None:
    drivers = [pay_driver(0.9), {"feature": "MonthlyIncome", "direction": "lowers",
                                 "contribution": -0.5}, {"feature": "pay below band"}]
    assert pay_contribution(drivers) == pytest.approx(0.9)  # lowering or unknown: not counted
    assert driver_text(drivers[0], "zh") == "收入低于同职级中位数（风险升高）"
    assert driver_text(drivers[2], "zh") == "pay below band"


def _actions(database: Database) -> dict[tuple[str, str], RetentionAction]:
    with database.session() as session:
        rows = session.execute(select(RetentionAction, Employee.ref).join(
            Employee, Employee.id == RetentionAction.employee_id)).all()
        for action, _ in rows:
            session.expunge(action)
    return {(ref, action.kind): action for action, ref in rows}


def test_drivers_become_actions_with_owners_and_figures(database: Database, team: Team) -> None:
    with database.session() as session:
        result = suggest_actions(session, actor=HR)
    assert (result.people, result.existing, len(result.created)) == (2, 0, 7)
    actions = _actions(database)
    assert sorted(actions) == [
        ("E1", "career_conversation"), ("E1", "learning_plan"), ("E1", "pay_review"),
        ("E1", "workload_review"),
        ("E3", "career_conversation"), ("E3", "learning_plan"), ("E3", "pay_review")]
    pay = actions[("E1", "pay_review")]
    assert (pay.owner_role, pay.owner_user_id, pay.status, pay.reason) == (
        "hr", None, "suggested", "pay_below_market")
    assert pay.figures["pay"] == 480_000 and pay.figures["market_median"] == 600_000
    assert pay.figures["gap_pct"] == 0.2 and pay.figures["compa_ratio"] == 0.96
    assert "ml-engineer" in pay.figures["market_source"]
    assert pay.figures["driver_zh"] == "收入低于同职级中位数（风险升高）"
    with database.session() as session:
        boss = get_user(session, username="boss").id  # E5's account: E1's manager
    career = actions[("E1", "career_conversation")]
    assert career.owner_role == "manager" and career.owner_user_id == boss
    assert career.reason == "no_promotion"
    assert career.figures["years_without_level_change"] >= 3
    assert career.figures["since"] == "2019-03-01"
    readiness = career.figures["readiness"]
    assert readiness["target_level"] == "L4" and readiness["is_ready"] is False
    workload = actions[("E1", "workload_review")]
    assert (workload.reason, workload.owner_role) == ("overtime_driver", "manager")
    assert workload.figures["driver_en"] == "works overtime (raises risk)"
    learning = actions[("E1", "learning_plan")]
    assert learning.reason == "no_development" and learning.figures["has_active_plan"] is False
    assert learning.owner_user_id == boss
    e3 = actions[("E3", "career_conversation")]
    assert e3.reason == "promotion_driver" and e3.owner_role == "hr"  # no manager
    assert actions[("E3", "learning_plan")].owner_role == "employee"
    assert ("E2", "pay_review") not in actions  # low risk: nothing suggested
    assert all(a.due_on is not None for a in actions.values())


def test_suggesting_again_makes_no_duplicate(database: Database, team: Team) -> None:
    with database.session() as session:
        suggest_actions(session, actor=HR)
    with database.session() as session:
        again = suggest_actions(session, actor=HR)
    assert (len(again.created), again.existing) == (0, 7)
    first = _actions(database)[("E1", "pay_review")]
    with database.session() as session:  # dismissed: not suggested again until rescored
        update_action(session, actor=HR, action_id=first.id, changes={"status": "dismissed"})
    with database.session() as session:
        assert suggest_actions(session, actor=HR).created == []
        session.add(RiskScore(employee_id=team.ids["E1"], model_version="attrition-test",
                              risk=0.85, band="high", drivers=[pay_driver()]))
    with database.session() as session:
        rescored = suggest_actions(session, actor=HR)
        assert [a.kind for a in rescored.created] == ["pay_review"]
    with database.session() as session:
        assert len(session.scalars(select(RetentionAction).where(
            RetentionAction.kind == "pay_review")).all()) == 3
        created = session.scalars(select(AuditEvent).where(
            AuditEvent.resource == "retention_action", AuditEvent.action == "create")).all()
    assert len(created) == 2 and "480000" not in str([e.detail for e in created])


def test_tracking_an_action_to_what_happened_next(database: Database, team: Team) -> None:
    with database.session() as session:
        suggest_actions(session, actor=HR)
    action = _actions(database)[("E1", "pay_review")]
    with database.session() as session:
        updated = update_action(session, actor=HR, action_id=action.id, changes={
            "status": "done", "outcome": "stayed", "notes": "raised to 560k"})
        assert updated.done_at is not None and updated.outcome_at is not None
    with database.session() as session:
        session.add(RiskScore(employee_id=team.ids["E1"], model_version="attrition-test",
                              risk=0.5, band="medium", drivers=[]))
        session.get(Employee, team.ids["E1"]).left_on = datetime.now(UTC).date()
    with database.session() as session:
        outcomes = action_outcomes(session, actor=HR)
        page = list_actions(session, actor=HR, status="done")
        assert [a.id for a in page.items] == [action.id]
        assert page.items[0].notes == "raised to 560k"
        with pytest.raises(ParameterError, match="'status' parameter must be one of"):
            list_actions(session, actor=HR, status="finished")
        with pytest.raises(ParameterError, match="'outcome' parameter"):
            update_action(session, actor=HR, action_id=action.id, changes={"outcome": "maybe"})
        with pytest.raises(NotFoundError):
            update_action(session, actor=HR, action_id=999_999, changes={"status": "open"})
        with pytest.raises(PermissionDeniedError):
            list_actions(session, actor=Actor(user_id=1, username="r", role="recruiter"))
    [outcome] = outcomes
    assert outcome.ref == "E1" and outcome.has_left and outcome.left_on is not None
    assert (outcome.risk_before, outcome.risk_after) == (0.8, 0.5)
    with database.session() as session:
        update = session.scalars(select(AuditEvent).where(
            AuditEvent.resource == "retention_action", AuditEvent.action == "update")).one()
    assert update.detail["fields"] == ["notes", "outcome", "status"]
    assert "560k" not in str(update.detail)


def test_the_dashboard(database: Database, team: Team) -> None:
    with database.session() as session:
        suggest_actions(session, actor=HR)
    with database.session() as session:
        board = risk_dashboard(session, actor=HR, top=2)
    assert (board.current, board.scored) == (5, 3)
    assert board.bands == {"high": 1, "medium": 1, "low": 1}
    assert [line.ref for line in board.top] == ["E1", "E3"]
    assert sorted(a.kind for a in board.top[0].actions) == [
        "career_conversation", "learning_plan", "pay_review", "workload_review"]
    assert board.top[0].drivers[0]["kind"] == "pay"
    departments = {g.name: g for g in board.by_department}
    assert departments["AI"].people == 2 and departments["AI"].mean_risk == pytest.approx(0.6)
    assert (departments["BI"].low, departments["BI"].high) == (1, 0)
    assert [g.name for g in board.by_role_family][0] == "ml-engineer"
    assert board.model_versions == ["attrition-test"]


def test_fairness_by_protected_group(database: Database, team: Team) -> None:
    with database.session() as session:
        tables = {t.attribute: t for t in risk_fairness(session, actor=HR, min_group=1)}
        small = {t.attribute: t for t in risk_fairness(session, actor=HR)}
        with pytest.raises(PermissionDeniedError):
            risk_fairness(session, actor=Actor(user_id=1, username="e", role="employee"))
    assert sorted(tables) == ["age", "gender"]  # marital status is recorded for nobody
    gender = {g.group: g for g in tables["gender"].groups}
    assert (gender["female"].n, gender["female"].share_high) == (2, 0.5)
    assert gender["female"].mean_risk == pytest.approx(0.6)
    assert gender["female"].impact_ratio == 1.0 and gender["male"].impact_ratio == 0.0
    assert gender["male"].is_below_four_fifths and tables["gender"].min_impact_ratio == 0.0
    assert [g.group for g in tables["age"].groups] == ["30-39", "40-49", "<30"]
    assert all(g.is_small and g.impact_ratio is None for g in small["gender"].groups)
    with database.session() as session:
        read = session.scalars(select(AuditEvent).where(
            AuditEvent.actor == "hr-actions", AuditEvent.resource == "employee")).all()
    assert any(e.detail.get("fields") == ["protected"] for e in read)


def test_fairness_covers_the_attributes_an_organisation_records(database: Database,
                                                                team: Team) -> None:
    with database.session() as session:
        for ref, extra in (("E1", {"ethnicity": "B", "birth_year": 1995}),
                           ("E2", {"ethnicity": "A"})):
            employee = session.get(Employee, team.ids[ref])
            employee.protected = {**(employee.protected or {}), **extra}
    with database.session() as session:
        tables = {t.attribute: t for t in risk_fairness(session, actor=HR, min_group=1)}
    assert sorted(tables) == ["age", "ethnicity", "gender"]  # a birth year is no group
    ethnicity = {g.group: g for g in tables["ethnicity"].groups}
    assert (ethnicity["B"].n, ethnicity["B"].share_high) == (1, 1.0)
    assert ethnicity["A"].impact_ratio == 0.0 and tables["ethnicity"].missing == 1  # E3
