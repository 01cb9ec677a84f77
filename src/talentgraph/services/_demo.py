"""The demo workspace that ``make run`` serves: five logins (one per role, one password), the
synthetic HR data of ``talentgraph/demo/workspace/`` (employees, pay, skills, openings,
candidates and their applications, learning resources and a plan) and, when given, the demo
market analysis as a market snapshot.

Seeding is idempotent: every step adds only what is missing (the CSV files go through the
ordinary all-or-nothing import, which leaves equal records unchanged), so running it twice
changes nothing and ``DemoWorkspace.created`` and ``.updated`` are all zero the second time.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentgraph.domain import SYSTEM, Actor
from talentgraph.errors import FileNotFoundInputError
from talentgraph.services._accounts import actor_of, create_user
from talentgraph.services._audit import record_event
from talentgraph.services._demo_risk import seed_demo_risk
from talentgraph.services._imports import import_records
from talentgraph.services._learning import create_learning_plan
from talentgraph.services._pipeline import STAGES, create_application, move_application
from talentgraph.services._profiles import derive_level
from talentgraph.settings import Settings
from talentgraph.store import (
    Application,
    Candidate,
    Database,
    Employee,
    EmployeeSkill,
    LearningPlan,
    LearningResource,
    MarketSnapshot,
    Opening,
    PayBand,
    PayRecord,
    RetentionAction,
    RiskScore,
    SkillEvidence,
    User,
)
from talentgraph.store._base import utcnow

__all__ = [
    "DEMO_EMPLOYEE_REF",
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "DEMO_SNAPSHOT_TITLE",
    "DemoLogin",
    "DemoWorkspace",
    "seed_demo_workspace",
]

#: The one password of every demo login (a demo on one machine, never a shared server).
DEMO_PASSWORD = "talentgraph-demo"
#: The employee the ``employee`` login is linked to (李婷, an L2 LLM algorithm engineer).
DEMO_EMPLOYEE_REF = "E014"
DEMO_SNAPSHOT_TITLE = "Demo market 2024"
#: The CSV files imported, in dependency order (hiring managers are users, made first).
IMPORT_ORDER = ("employees", "pay_bands", "pay", "learning_resources", "employee_skills",
                "openings", "candidates")
_HAPPY_PATH = STAGES[:STAGES.index("offer") + 1]
_PLAN_STEPS = (
    {"slug": "rlhf", "order": 1, "resources": ["LR-004"], "hours": 24,
     "check": "Train a reward model on the internal SFT set and report its accuracy"},
    {"slug": "preference-optimization", "order": 2, "resources": ["LR-005"], "hours": 16,
     "check": "Run a DPO experiment and compare it with the SFT baseline"},
    {"slug": "distributed-training", "order": 3, "resources": ["LR-015"], "hours": 12,
     "check": "Launch a multi-node DeepSpeed run"},
    {"slug": "llm-evaluation", "order": 4, "resources": ["LR-016"], "hours": 20,
     "check": "Own the evaluation report of one model release"},
)


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """One demo account: its username, role and what it shows."""

    username: str
    role: str
    sees: str


#: One login per role, all with the demo password.
DEMO_LOGINS = (
    DemoLogin("admin", "admin", "everything, plus users, tokens and the audit log"),
    DemoLogin("hr", "hr", "people, pay, risk scores and learning"),
    DemoLogin("recruiter", "recruiter", "openings and candidates (no pay, no risk)"),
    DemoLogin("manager", "hiring_manager", "candidates of their own three openings"),
    DemoLogin("employee", "employee",
              f"their own profile and plan (李婷, {DEMO_EMPLOYEE_REF})"),
)


@dataclass(frozen=True, slots=True)
class DemoWorkspace:
    """What seeding did: the logins and their password, what this run created and updated
    (by kind), what the workspace holds, and the demo market snapshot's id (if any)."""

    logins: tuple[DemoLogin, ...]
    password: str
    created: Mapping[str, int]
    updated: Mapping[str, int]
    totals: Mapping[str, int]
    snapshot_id: int | None

    @property
    def has_changed(self) -> bool:
        """Whether this run added or changed anything."""
        return any(self.created.values()) or any(self.updated.values())


@contextmanager
def _data_folder() -> Iterator[Path]:
    folder = resources.files("talentgraph") / "demo" / "workspace"
    with resources.as_file(folder) as path:
        yield Path(path)


def _add_users(database: Database, *, password: str) -> int:
    """Create the demo logins that do not exist yet."""
    with database.session() as session:
        taken = set(session.scalars(select(User.username)))
        missing = [login for login in DEMO_LOGINS if login.username not in taken]
        for login in missing:
            create_user(session, username=login.username, password=password, role=login.role,
                        actor=SYSTEM, display_name=f"Demo {login.role.replace('_', ' ')}")
    return len(missing)


def _link_employee(database: Database) -> int:
    """Link the ``employee`` login to the demo employee's profile (once)."""
    with database.session() as session:
        user = session.scalar(select(User).where(User.username == "employee"))
        employee_id = session.scalar(select(Employee.id).where(Employee.ref == DEMO_EMPLOYEE_REF))
        if user is None or employee_id is None or user.employee_id is not None:
            return 0
        user.employee_id = employee_id
        record_event(session, actor=SYSTEM, action="update", resource="user",
                     resource_id=user.id, detail={"fields": ["employee_id"]})
    return 1


def _derive_profiles(database: Database) -> tuple[int, int]:
    """Set each employee's skill levels from the imported evidence: (created, updated)."""
    created = updated = 0
    with database.session() as session:
        evidence: dict[tuple[int, str], list[SkillEvidence]] = {}
        query = select(SkillEvidence).order_by(SkillEvidence.observed_on, SkillEvidence.id)
        for piece in session.scalars(query):
            evidence.setdefault((piece.employee_id, piece.skill_slug), []).append(piece)
        stored = {(row.employee_id, row.skill_slug): row
                  for row in session.scalars(select(EmployeeSkill))}
        for (employee_id, slug), pieces in evidence.items():
            level = derive_level(pieces)
            row = stored.get((employee_id, slug))
            if row is None:
                session.add(EmployeeSkill(employee_id=employee_id, skill_slug=slug, level=level,
                                          updated_at=utcnow()))
                created += 1
            elif row.level != level:
                row.level, row.updated_at = level, utcnow()
                updated += 1
        if created or updated:
            record_event(session, actor=SYSTEM, action="update", resource="employee_skill",
                         detail={"created": created, "updated": updated})
    return created, updated


def _add_applications(database: Database, *, folder: Path) -> int:
    """Add the applications of applications.csv that do not exist yet, each moved to its
    stage one recorded step at a time by the recruiter."""
    with (folder / "applications.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    added = 0
    with database.session() as session:
        recruiter = session.scalar(select(User).where(User.username == "recruiter"))
        actor = actor_of(recruiter) if recruiter is not None else SYSTEM
        candidates = {ref: id_ for ref, id_ in session.execute(select(Candidate.ref, Candidate.id))}
        openings = {ref: id_ for ref, id_ in session.execute(select(Opening.ref, Opening.id))}
        existing = {(candidate, opening) for candidate, opening in session.execute(
            select(Application.candidate_id, Application.opening_id))}
        for row in rows:
            pair = (candidates[row["candidate_ref"]], openings[row["opening_ref"]])
            if pair in existing:
                continue
            application = create_application(session, actor=actor, candidate_id=pair[0],
                                              opening_id=pair[1])
            _move(session, actor=actor, application=application, stage=row["stage"],
                  reason=row["reason"])
            added += 1
    return added


def _move(session: Session, *, actor: Actor, application: Application, stage: str,
          reason: str) -> None:
    """Move a new application to ``stage`` along the usual path (rejected after screening)."""
    path = list(_HAPPY_PATH[1:_HAPPY_PATH.index(stage) + 1]) if stage in _HAPPY_PATH \
        else ["screened", stage]
    for step in path:
        move_application(session, actor=actor, application_id=application.id, stage=step,
                         reason=reason if step == "rejected" else None)


def _add_plan(database: Database) -> int:
    """Give the demo employee a learning plan towards L3 (unless they have one)."""
    with database.session() as session:
        employee_id = session.scalar(select(Employee.id).where(Employee.ref == DEMO_EMPLOYEE_REF))
        if employee_id is None or session.scalar(
                select(LearningPlan.id).where(LearningPlan.employee_id == employee_id)):
            return 0
        hr = session.scalar(select(User).where(User.username == "hr"))
        create_learning_plan(session, actor=actor_of(hr) if hr is not None else SYSTEM,
                             target_role="llm-algorithm-engineer", target_level="L3",
                             employee_id=employee_id, steps=_PLAN_STEPS)
    return 1


def _find_snapshot(database: Database) -> int | None:
    with database.session() as session:
        return session.scalar(select(MarketSnapshot.id)
                              .where(MarketSnapshot.title == DEMO_SNAPSHOT_TITLE)
                              .order_by(MarketSnapshot.id).limit(1))


def _add_snapshot(database: Database, *, settings: Settings,
                  market_dir: Path) -> tuple[int, int]:
    """Copy the demo market analysis into the workspace and record it as a snapshot, unless
    the demo snapshot exists: (created, snapshot id)."""
    found = _find_snapshot(database)
    if found is not None:
        return 0, found
    summary = json.loads((market_dir / "summary.json").read_text(encoding="utf-8"))
    target = (settings.data_dir / "market" / "demo").resolve()
    partial = target.with_name("demo.partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(market_dir, partial)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    with database.session() as session:
        snapshot = MarketSnapshot(title=DEMO_SNAPSHOT_TITLE, language="en", summary=summary,
                                  out_dir=str(target))
        session.add(snapshot)
        session.flush()
        record_event(session, actor=SYSTEM, action="create", resource="market_snapshot",
                     resource_id=snapshot.id, detail={"source": "demo"})
        return 1, snapshot.id


_COUNTED = {"users": User, "employees": Employee, "pay_bands": PayBand, "pay": PayRecord,
            "learning_resources": LearningResource, "employee_skills": EmployeeSkill,
            "skill_evidence": SkillEvidence, "openings": Opening, "candidates": Candidate,
            "applications": Application, "learning_plans": LearningPlan,
            "market_snapshots": MarketSnapshot, "risk_scores": RiskScore,
            "retention_actions": RetentionAction}


def _totals(database: Database) -> dict[str, int]:
    with database.session() as session:
        return {name: session.scalar(select(func.count()).select_from(model)) or 0
                for name, model in _COUNTED.items()}


def seed_demo_workspace(database: Database, *, settings: Settings, market_dir: Path | None,
                        password: str = DEMO_PASSWORD) -> DemoWorkspace:
    """Fill ``database`` with the demo workspace (idempotent): the DEMO_LOGINS, all with
    ``password``; the synthetic HR data of talentgraph/demo/workspace/ imported as SYSTEM;
    applications and a learning plan; attrition risk scores from a model trained on a synthetic
    history (services._demo_risk); and, if ``market_dir`` (an output folder of the market
    analysis) is given and the demo snapshot is missing, a copy of it under
    DATA_DIR/market/demo recorded as the market snapshot "Demo market 2024"."""
    if market_dir is not None and not (market_dir / "summary.json").is_file():
        raise FileNotFoundInputError(
            f"The folder {market_dir} holds no market analysis: it has no summary.json. "
            f"Expected the output folder of `talentgraph market analyze` (or no market_dir).")
    created: dict[str, int] = {"users": _add_users(database, password=password)}
    updated: dict[str, int] = {}
    with _data_folder() as folder:
        for kind in IMPORT_ORDER:
            report = import_records(database, kind=kind, path=folder / f"{kind}.csv",
                                    actor=SYSTEM, settings=settings)
            key = "skill_evidence" if kind == "employee_skills" else kind
            created[key], updated[key] = report.created, report.updated
        updated["users"] = _link_employee(database)
        created["employee_skills"], updated["employee_skills"] = _derive_profiles(database)
        created["applications"] = _add_applications(database, folder=folder)
    created["learning_plans"] = _add_plan(database)
    snapshot_id = _find_snapshot(database)
    if market_dir is not None:
        created["market_snapshots"], snapshot_id = _add_snapshot(
            database, settings=settings, market_dir=market_dir)
    created["risk_scores"], created["retention_actions"] = seed_demo_risk(
        database, settings=settings)
    return DemoWorkspace(logins=DEMO_LOGINS, password=password, created=created,
                         updated=updated, totals=_totals(database), snapshot_id=snapshot_id)
