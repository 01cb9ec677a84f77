"""The demo workspace `make run` serves: seeding creates one login per role, the synthetic
people, pay, skills, openings, candidates and applications, a learning plan and the market
snapshot; a second run adds and changes nothing; the demo logins authenticate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from talentgraph.errors import AuthenticationError, FileNotFoundInputError
from talentgraph.services._accounts import authenticate
from talentgraph.services._demo import (
    DEMO_EMPLOYEE_REF,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DEMO_SNAPSHOT_TITLE,
    seed_demo_workspace,
)
from talentgraph.services._demo_risk import DEMO_MODEL
from talentgraph.settings import Settings
from talentgraph.store import (
    Application,
    AuditEvent,
    Candidate,
    Database,
    Employee,
    EmployeeSkill,
    LearningPlan,
    MarketSnapshot,
    Opening,
    PayRecord,
    RetentionAction,
    RiskScore,
    StageEvent,
    User,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", environment="test")


@pytest.fixture
def market_dir(tmp_path: Path) -> Path:
    """A small stand-in for the output folder of the market analysis."""
    folder = tmp_path / "market-out"
    folder.mkdir()
    (folder / "summary.json").write_text(json.dumps({"postings_read": 12, "unique_postings": 10}),
                                         encoding="utf-8")
    (folder / "report.html").write_text("<html><body>demo report</body></html>",
                                        encoding="utf-8")
    return folder


def _count(database: Database, model: type) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_seeding_builds_the_whole_demo_workspace(database: Database, settings: Settings,
                                                 market_dir: Path) -> None:
    result = seed_demo_workspace(database, settings=settings, market_dir=market_dir)

    assert result.password == DEMO_PASSWORD
    assert [(x.username, x.role) for x in result.logins] == [
        ("admin", "admin"), ("hr", "hr"), ("recruiter", "recruiter"),
        ("manager", "hiring_manager"), ("employee", "employee")]
    assert result.created["users"] == 5
    assert result.created["employees"] == result.totals["employees"] == 40
    assert result.created["openings"] == 6 and result.created["candidates"] == 30
    assert result.created["applications"] == result.totals["applications"] == 32
    assert result.created["learning_plans"] == 1 and result.created["market_snapshots"] == 1
    with database.session() as session:
        users = {u.username: u for u in session.scalars(select(User))}
        assert {name: u.role for name, u in users.items()} == {
            x.username: x.role for x in DEMO_LOGINS}
        demo = session.scalar(select(Employee).where(Employee.ref == DEMO_EMPLOYEE_REF))
        assert demo is not None and demo.name == "李婷" and demo.level == "L2"
        assert users["employee"].employee_id == demo.id
        assert demo.manager_id is not None  # managers were linked
        cities = set(session.scalars(select(Employee.city)))
        assert cities == {"北京", "上海", "深圳", "杭州", "Singapore"}
        managed = session.scalars(select(Opening.ref).where(
            Opening.hiring_manager_id == users["manager"].id)).all()
        assert len(managed) == 3
        candidate = session.scalar(select(Candidate).where(Candidate.ref == "C001"))
        assert candidate is not None and candidate.name == "赵一鸣"
        assert "SFT" in (candidate.resume_text or "")
        stages = {stage: n for stage, n in session.execute(
            select(Application.stage, func.count()).group_by(Application.stage))}
        assert set(stages) == {"applied", "screened", "interview", "offer", "rejected"}
        offer = session.scalar(select(Application).where(Application.stage == "offer"))
        assert offer is not None
        moves = session.scalars(select(StageEvent.to_stage).where(
            StageEvent.application_id == offer.id).order_by(StageEvent.id)).all()
        assert moves == ["applied", "screened", "interview", "offer"]
        pay = session.scalars(select(PayRecord).where(PayRecord.employee_id == demo.id)).all()
        assert {p.pay["currency"] for p in pay} == {"CNY"} and len(pay) == 2
        # a manager's assessment (1) outranks the self-assessment (2)
        rlhf = session.scalar(select(EmployeeSkill.level).where(
            EmployeeSkill.employee_id == demo.id, EmployeeSkill.skill_slug == "rlhf"))
        assert rlhf == 1
        plan = session.scalar(select(LearningPlan).where(LearningPlan.employee_id == demo.id))
        assert plan is not None and plan.target_level == "L3"
        assert [step["slug"] for step in plan.steps][:2] == ["rlhf", "preference-optimization"]
        snapshot = session.get(MarketSnapshot, result.snapshot_id)
        assert snapshot is not None and snapshot.title == DEMO_SNAPSHOT_TITLE
        assert snapshot.language == "en" and snapshot.summary["postings_read"] == 12
        assert Path(snapshot.out_dir) == (settings.data_dir / "market" / "demo").resolve()
        assert "demo report" in (Path(snapshot.out_dir) / "report.html").read_text("utf-8")
        # every current employee with pay is scored by the demo model, with drivers
        scores = session.scalars(select(RiskScore)).all()
        current = session.scalar(select(func.count()).select_from(Employee).where(
            Employee.left_on.is_(None)))
        assert len(scores) == result.created["risk_scores"] == current
        assert {s.model_version for s in scores} == {scores[0].model_version}
        assert {s.band for s in scores} >= {"high", "low"}
        assert all(0 < s.risk < 1 and s.drivers for s in scores)
        # the drivers of the people at risk suggest retention actions, each with an owner
        actions = session.scalars(select(RetentionAction)).all()
        assert len(actions) == result.created["retention_actions"] > 0
        assert all(a.status == "suggested" and a.owner_role for a in actions)
    model = settings.data_dir / "models" / DEMO_MODEL
    assert (model / "model_card.md").is_file() and (model / "metrics.json").is_file()


def test_a_second_run_adds_and_changes_nothing(database: Database, settings: Settings,
                                              market_dir: Path) -> None:
    first = seed_demo_workspace(database, settings=settings, market_dir=market_dir)
    events = _count(database, AuditEvent)
    second = seed_demo_workspace(database, settings=settings, market_dir=market_dir)

    assert first.has_changed and not second.has_changed
    assert set(second.created.values()) == {0} and set(second.updated.values()) == {0}
    assert second.totals == first.totals
    assert second.snapshot_id == first.snapshot_id
    assert _count(database, MarketSnapshot) == 1
    with database.session() as session:  # only the imports' own audit events are new
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.id > events)).all()
    assert set(actions) == {"import"}
    with database.session() as session:
        user = authenticate(session, username="employee", password=DEMO_PASSWORD,
                            ip="127.0.0.1", settings=settings)
        assert user.employee_id is not None


def test_the_demo_logins_authenticate_with_the_password_given(
        database: Database, settings: Settings) -> None:
    seed_demo_workspace(database, settings=settings, market_dir=None,
                        password="another-demo-secret")
    with database.session() as session:
        user = authenticate(session, username="employee", password="another-demo-secret",
                            ip="127.0.0.1", settings=settings)
        assert user.role == "employee" and user.employee_id is not None
        manager = authenticate(session, username="manager", password="another-demo-secret",
                               ip="127.0.0.1", settings=settings)
        assert manager.role == "hiring_manager"
    with database.session() as session, pytest.raises(AuthenticationError):
        authenticate(session, username="employee", password=DEMO_PASSWORD, ip="127.0.0.1",
                     settings=settings)
    assert _count(database, MarketSnapshot) == 0


def test_a_market_folder_without_an_analysis_is_refused_before_anything_is_written(
        database: Database, settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundInputError, match="no summary.json"):
        seed_demo_workspace(database, settings=settings, market_dir=tmp_path)
    assert _count(database, User) == 0 and _count(database, Employee) == 0


def test_readme_names_every_demo_login_and_the_password() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for login in DEMO_LOGINS:
        assert f"| `{login.username}` | {login.role} | {login.sees} |" in readme
    assert f"`{DEMO_PASSWORD}`" in readme and "http://127.0.0.1:8000" in readme
    data = (ROOT / "src" / "talentgraph" / "demo" / "workspace" / "README.md").read_text("utf-8")
    assert "synthetic" in data.lower() and DEMO_PASSWORD in data
