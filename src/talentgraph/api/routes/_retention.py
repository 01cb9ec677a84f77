"""/api/v1 pay and retention (issue 7), hr and admin only: pay against band and market, the
raise-budget simulation, salary surveys, scoring an HR export with a trained attrition model,
the retention dashboard with its fairness section, and retention actions.

Paths: /pay/comparison, /pay/simulate, /salary-surveys, /retention/scores,
/retention/dashboard, /retention/fairness, /retention/actions[/suggest|/outcomes|/{id}].
Salary surveys are imported with POST /imports/salary_survey. Every read of pay, risk or
protected data is audited by the services.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, Request, Response, UploadFile
from sqlalchemy import select

from talentgraph.api._deps import ActorDep, DatabaseDep, SessionDep, SettingsDep
from talentgraph.api._people_schemas import MAX_ID, Text
from talentgraph.api._retention_schemas import (
    ActionOutcomePublic,
    ActionSuggest,
    ActionUpdate,
    FairnessTablePublic,
    PayComparisonPublic,
    RaisePlanPublic,
    RaiseSimulation,
    RetentionActionPublic,
    RiskDashboardPublic,
    SalarySurveyPublic,
    ScoringPublic,
    SuggestPublic,
)
from talentgraph.api._schemas import PageOf
from talentgraph.api.routes._operations import JobAccepted
from talentgraph.services import _jobs as jobs
from talentgraph.services import _pay_market as pay_market
from talentgraph.services import _raise_budget as raise_budget
from talentgraph.services import _retention_actions as actions
from talentgraph.services import _retention_dashboard as dashboard
from talentgraph.services import _risk_scoring as scoring
from talentgraph.services._people import require_hr
from talentgraph.services._uploads import save_upload
from talentgraph.store import SalarySurvey, paginate

__all__ = ["ASSUMPTION", "router"]

router = APIRouter(tags=["pay and retention"])

Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=10**9)]
Sort = Annotated[Text | None, Query(max_length=40, description="A column; -column descends.")]
Filter = Annotated[Text | None, Query(max_length=120)]
EmployeeFilter = Annotated[int | None, Query(ge=1, le=MAX_ID)]
ActionId = Annotated[int, Path(ge=1, le=MAX_ID)]

#: The stated assumption behind "expected leavers avoided".
ASSUMPTION = ("Estimate: closing a share s of someone's gap to the market median removes "
              "pay_effect x s of the pay drivers' contribution to their log-odds of leaving; "
              "only people whose stored risk explanation has a pay driver raising it count. "
              "Not a forecast.")


# --- pay ----------------------------------------------------------------------------------------

@router.get("/pay/comparison", name="pay.compare", response_model=PayComparisonPublic)
def compare_pay(session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
                currency: Annotated[str, Query(pattern="^[A-Z]{3}$")] = "CNY",
                role_family: Filter = None, level: Filter = None, department: Filter = None,
                under_market: bool | None = None, sort: Sort = None) -> dict[str, Any]:
    """Current employees' pay against their band (compa-ratio) and the market (survey or
    advertised salaries), with the gap, whether under the market and also at risk, and the
    groups by role family and level; largest gap first unless sorted (ref, gap_pct,
    compa_ratio, risk, annual)."""
    found = pay_market.compare_pay(session, actor=actor, currency=currency,
                                   role_family=role_family, level=level, department=department,
                                   is_under_market=under_market, sort=sort)
    page = found.lines[offset:offset + limit]
    return {"items": page, "total": len(found.lines), "limit": limit,
            "offset": offset, "currency": found.currency, "rates": found.rates,
            "snapshot_id": found.snapshot_id, "snapshot_title": found.snapshot_title,
            "snapshot_currency": found.snapshot_currency,
            "under_market_share": found.under_market_share, "overall": found.total,
            "groups": found.groups}


def plan_public(plan: raise_budget.RaisePlan) -> dict[str, Any]:
    """A raise plan as the API and the web page show it."""
    return {"currency": plan.currency, "budget": plan.budget, "spent": plan.spent,
            "remaining": plan.remaining, "people_raised": plan.people_raised,
            "brought_to_market": plan.brought_to_market, "gap_total": plan.gap_total,
            "gap_closed": plan.gap_closed, "gap_closed_pct": plan.gap_closed_pct,
            "at_risk_total": plan.at_risk_total, "at_risk_covered": plan.at_risk_covered,
            "leavers_avoided": plan.leavers_avoided, "assumption": ASSUMPTION,
            "lines": plan.lines}


@router.post("/pay/simulate", name="pay.simulate", response_model=RaisePlanPublic)
def simulate_raises(body: RaiseSimulation, session: SessionDep,
                    actor: ActorDep) -> dict[str, Any]:
    """Share a raise budget: the largest weighted gaps to the market first, never above the
    market median or the band maximum, and what it buys (docs/retention.md)."""
    plan = raise_budget.simulate_raises(
        session, actor=actor, budget=body.budget, currency=body.currency,
        weights=raise_budget.RaiseWeights(**body.weights.model_dump()),
        max_raise_pct=body.max_raise_pct, min_raise=body.min_raise, pay_effect=body.pay_effect)
    return plan_public(plan)


@router.get("/salary-surveys", name="salary_surveys.list",
            response_model=PageOf[SalarySurveyPublic])
def list_salary_surveys(session: SessionDep, actor: ActorDep, limit: Limit = 50,
                        offset: Offset = 0, role_family: Filter = None, source: Filter = None,
                        sort: Sort = None) -> dict[str, Any]:
    """Imported salary survey rows (POST /imports/salary_survey); sort by role_family, level,
    city, effective_on or p50."""
    require_hr(actor, "see salary surveys")
    query = select(SalarySurvey)
    if role_family:
        query = query.where(SalarySurvey.role_family == role_family)
    if source:
        query = query.where(SalarySurvey.source == source)
    page = paginate(session, query, limit=limit, offset=offset, sort=sort, sortable={
        "role_family": SalarySurvey.role_family, "level": SalarySurvey.level,
        "city": SalarySurvey.city, "effective_on": SalarySurvey.effective_on,
        "p50": SalarySurvey.p50}, default_sort=SalarySurvey.effective_on.desc())
    return {"items": list(page.items), "total": page.total, "limit": page.limit,
            "offset": page.offset}


# --- risk scores --------------------------------------------------------------------------------

@router.post("/retention/scores", name="retention.scores.create",
             response_model=ScoringPublic | JobAccepted,
             responses={202: {"model": JobAccepted, "description": "Run as a job."}})
def score_risk(request: Request, response: Response, database: DatabaseDep,
               settings: SettingsDep, actor: ActorDep,
               file: Annotated[UploadFile, File(description="An HR export: CSV, XLSX, ...")],
               model: Annotated[str, Form(min_length=1, max_length=300,
                                          description="A model in DATA_DIR/models.")],
               id_col: Annotated[str | None, Form(max_length=120)] = None,
               background: Annotated[bool, Form()] = False) -> Any:
    """Score the employees of an HR export with a trained attrition model and store their risk
    scores (risk, band, drivers); large files (or background=true) run as a job."""
    require_hr(actor, "score attrition risk")
    scoring.model_folder(settings, model)  # a missing model is refused before the upload
    path = save_upload(settings, name=file.filename, stream=file.file)
    if background or path.stat().st_size > scoring.SYNC_BYTES:
        job_id = jobs.submit_job(database, kind="risk_scores", actor=actor,
                                 runner=request.app.state.jobs,
                                 params={"path": str(path), "model": model, "id_col": id_col,
                                         "name": file.filename})
        response.status_code = 202
        return JobAccepted(job_id=job_id, status_url=f"/api/v1/jobs/{job_id}")
    try:
        report = scoring.score_file(database, actor=actor, settings=settings, path=path,
                                    model=model, id_col=id_col, name=file.filename)
    finally:
        path.unlink(missing_ok=True)
    return report.to_dict()


@router.get("/retention/dashboard", name="retention.dashboard",
            response_model=RiskDashboardPublic)
def retention_dashboard(session: SessionDep, actor: ActorDep,
                        top: Annotated[int, Query(ge=0, le=200)] = 20) -> Any:
    """Counts by risk band, the people at highest risk with their drivers and open actions,
    and risk by department and role family (latest scores of current employees)."""
    return dashboard.risk_dashboard(session, actor=actor, top=top)


@router.get("/retention/fairness", name="retention.fairness",
            response_model=list[FairnessTablePublic])
def retention_fairness(session: SessionDep, actor: ActorDep,
                       min_group: Annotated[int, Query(ge=1, le=1000)] = dashboard.MIN_GROUP
                       ) -> Any:
    """Risk by protected group (gender, age band, marital status) where recorded, with impact
    ratios; the groups are never model features."""
    return dashboard.risk_fairness(session, actor=actor, min_group=min_group)


# --- actions ------------------------------------------------------------------------------------

@router.get("/retention/actions", name="retention.actions.list",
            response_model=PageOf[RetentionActionPublic])
def list_actions(session: SessionDep, actor: ActorDep, limit: Limit = 50, offset: Offset = 0,
                 status: Filter = None, kind: Filter = None,
                 employee_id: EmployeeFilter = None, sort: Sort = None) -> dict[str, Any]:
    """Retention actions, newest first unless sorted (created_at, due_on, status, kind)."""
    page = actions.list_actions(session, actor=actor, status=status, kind=kind,
                                employee_id=employee_id, limit=limit, offset=offset, sort=sort)
    return {"items": list(page.items), "total": page.total, "limit": page.limit,
            "offset": page.offset}


@router.post("/retention/actions/suggest", name="retention.actions.suggest",
             response_model=SuggestPublic)
def suggest_actions(body: ActionSuggest, session: SessionDep, actor: ActorDep) -> Any:
    """Suggest actions from the drivers of the people at risk (pay review, career
    conversation, workload review, learning plan); never twice while one is still to do."""
    result = actions.suggest_actions(session, actor=actor, employee_ids=body.employee_ids,
                                     bands=tuple(body.bands))
    return {"people": result.people, "existing": result.existing, "created": result.created}


@router.get("/retention/actions/outcomes", name="retention.actions.outcomes",
            response_model=list[ActionOutcomePublic])
def action_outcomes(session: SessionDep, actor: ActorDep,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> Any:
    """What happened after each done action: did the person leave, their risk before and
    after."""
    return actions.action_outcomes(session, actor=actor, limit=limit)


@router.patch("/retention/actions/{action_id}", name="retention.actions.update",
              response_model=RetentionActionPublic)
def update_action(action_id: ActionId, body: ActionUpdate, session: SessionDep,
                  actor: ActorDep) -> Any:
    """Change an action's status, outcome, notes, due date or owner."""
    return actions.update_action(session, actor=actor, action_id=action_id,
                                 changes=body.model_dump(exclude_unset=True))
