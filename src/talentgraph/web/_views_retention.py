"""Pay and retention pages (issue 7), hr and admin only.

Pay (薪酬): pay bands, each current employee's pay against their band (compa-ratio) and the
market (with its source), under-market and at-risk people highlighted, the groups by role
family and level, and the raise-budget simulator with its results.

Retention (留才): risk band counts, the people at highest risk with their drivers in the page
language and their actions, the action tracker (status and outcome forms), what happened after
done actions, the fairness table, and the forms to suggest actions and to score an HR export.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.api._deps import ActorDep, DatabaseDep, SessionDep, SettingsDep
from talentgraph.domain import Actor
from talentgraph.errors import TalentGraphError
from talentgraph.services import _pay_market as pay_market
from talentgraph.services import _raise_budget as raise_budget
from talentgraph.services import _retention_actions as actions
from talentgraph.services import _retention_dashboard as dashboard
from talentgraph.services import _risk_scoring as scoring
from talentgraph.services._people import list_pay_bands
from talentgraph.services._retention_drivers import driver_text
from talentgraph.services._uploads import save_upload
from talentgraph.settings import Settings
from talentgraph.store import ACTION_OUTCOMES, ACTION_STATUSES, Employee, RetentionAction
from talentgraph.web._page import format_number, render_page, request_language, translate_for

__all__ = ["CODE_LABELS", "SHOWN", "action_summary", "router"]

router = APIRouter()

#: Rows shown in a table of a page.
SHOWN = 200
#: Message keys of the coded values the pages show, by kind of value.
CODE_LABELS: Mapping[str, Mapping[str, str]] = {
    "kind": {k: f"retention.kind_{k}" for k in actions.ACTION_KINDS},
    "status": {s: f"retention.status_{s}" for s in ACTION_STATUSES},
    "outcome": {o: f"retention.outcome_{o}" for o in ACTION_OUTCOMES},
    "owner": {o: f"retention.owner_{o}" for o in ("hr", "manager", "employee")},
    "source": {s: f"pay.source_{s}" for s in ("survey", "market")},
    "limit": {s: f"pay.limit_{s}" for s in ("market", "band", "max_raise", "budget", "min_raise")},
    "attribute": {a: f"retention.attr_{a}" for a in dashboard.PROTECTED_ATTRIBUTES},
}
ActionId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Currency = Annotated[str, Query(pattern="^[A-Z]{3}$")]


def _labels(translate: Callable[..., str]) -> dict[str, dict[str, str]]:
    return {kind: {code: translate(key) for code, key in keys.items()}
            for kind, keys in CODE_LABELS.items()}


def _money(value: Any, currency: str | None = None) -> str:
    text = format_number(value)
    return f"{text} {currency}" if currency and value is not None else text


def action_summary(action: RetentionAction, translate: Callable[..., str], lang: str) -> str:
    """The figures behind an action in a sentence of the page language."""
    f = dict(action.figures or {})
    parts = []
    if action.reason == "pay_below_market":
        parts.append(translate("retention.fig_pay", pay=_money(f.get("pay")),
                               median=_money(f.get("market_median"), f.get("currency")),
                               gap=format_number((f.get("gap_pct") or 0) * 100, 1),
                               source=f.get("market_source") or "–"))
    if action.kind == "career_conversation" and f.get("years_without_level_change") is not None:
        parts.append(translate("retention.fig_promotion",
                               years=format_number(f["years_without_level_change"], 1),
                               level=f.get("level") or "–"))
    readiness = f.get("readiness")
    if isinstance(readiness, Mapping):
        parts.append(translate("retention.fig_readiness", level=readiness.get("target_level"),
                               score=format_number((readiness.get("score") or 0) * 100),
                               ready=translate("retention.ready_yes" if readiness.get("is_ready")
                                               else "retention.ready_no")))
    if action.kind == "learning_plan" and action.reason == "no_development":
        parts.append(translate("retention.fig_development",
                               date=f.get("last_evidence_on") or "–"))
    driver = f.get(f"driver_{lang}") or f.get("driver_en")
    if driver:
        parts.append(translate("retention.fig_driver", driver=driver))
    return "；".join(parts) if lang == "zh" else "; ".join(parts)


# --- pay ----------------------------------------------------------------------------------------

def _pay_page(request: Request, session: Session, actor: Actor, *, currency: str = "CNY",
              plan: raise_budget.RaisePlan | None = None, form: Mapping[str, Any] | None = None,
              status_code: int = 200, error: str = "") -> HTMLResponse:
    bands = list_pay_bands(session, actor=actor, limit=200, sort="role_family")
    comparison = pay_market.compare_pay(session, actor=actor, currency=currency)
    defaults = {"budget": "", "currency": comparison.currency, "w_risk": 1.0, "w_perf": 0.5,
                "w_gap": 1.0, "max_raise_pct": 20.0, "min_raise": 0.0, "pay_effect": 1.0}
    return render_page(
        request, "pay.html.j2", actor=actor, status_code=status_code,
        flashes=[{"level": "error", "message": error}] if error else [],
        bands=bands.items, comparison=comparison, lines=comparison.lines[:SHOWN],
        total=len(comparison.lines), plan=plan, form={**defaults, **(form or {})},
        labels=_labels(translate_for(request)))


@router.get("/pay", name="web.pay", response_class=HTMLResponse)
def pay(request: Request, session: SessionDep, actor: ActorDep,
        currency: Currency = "CNY") -> HTMLResponse:
    """Pay bands, pay against band and market, groups, and the raise-budget simulator."""
    return _pay_page(request, session, actor, currency=currency)


@router.post("/pay/simulate", name="web.pay_simulate", response_class=HTMLResponse)
def pay_simulate(request: Request, session: SessionDep, actor: ActorDep,
                 budget: Annotated[float, Form(ge=0, le=1e12, allow_inf_nan=False)],
                 currency: Annotated[str, Form(pattern="^[A-Z]{3}$")] = "CNY",
                 w_risk: Annotated[float, Form(ge=0, le=10, allow_inf_nan=False)] = 1.0,
                 w_perf: Annotated[float, Form(ge=0, le=10, allow_inf_nan=False)] = 0.5,
                 w_gap: Annotated[float, Form(ge=0, le=10, allow_inf_nan=False)] = 1.0,
                 max_raise_pct: Annotated[float, Form(gt=0, le=100, allow_inf_nan=False)] = 20.0,
                 min_raise: Annotated[float, Form(ge=0, le=1e12, allow_inf_nan=False)] = 0.0,
                 pay_effect: Annotated[float, Form(ge=0, le=1, allow_inf_nan=False)] = 1.0
                 ) -> HTMLResponse:
    """Run the raise-budget simulation and show its result on the pay page."""
    form = {"budget": budget, "currency": currency, "w_risk": w_risk, "w_perf": w_perf,
            "w_gap": w_gap, "max_raise_pct": max_raise_pct, "min_raise": min_raise,
            "pay_effect": pay_effect}
    try:
        plan = raise_budget.simulate_raises(
            session, actor=actor, budget=budget, currency=currency,
            weights=raise_budget.RaiseWeights(risk=w_risk, performance=w_perf, gap=w_gap),
            max_raise_pct=max_raise_pct, min_raise=min_raise, pay_effect=pay_effect)
    except TalentGraphError as exc:
        if exc.status >= 500 or exc.status in (403, 404):
            raise
        return _pay_page(request, session, actor, form=form, status_code=exc.status,
                         error=exc.message)
    return _pay_page(request, session, actor, currency=currency, plan=plan, form=form)


# --- retention ----------------------------------------------------------------------------------

def _retention_page(request: Request, session: Session, actor: Actor, settings: Settings, *,
                    flashes: list[dict[str, str]] | None = None,
                    status_code: int = 200) -> HTMLResponse:
    lang = request_language(request)
    translate = translate_for(request)
    board = dashboard.risk_dashboard(session, actor=actor, top=20)
    tracked = actions.list_actions(session, actor=actor, limit=SHOWN)
    refs = _refs(session, [a.employee_id for a in tracked.items])
    drivers = {line.employee_id: [driver_text(d, lang) for d in line.drivers[:3]]
               for line in board.top}
    return render_page(
        request, "retention.html.j2", actor=actor, status_code=status_code,
        flashes=flashes or [], board=board, drivers=drivers, tracked=tracked.items,
        tracked_total=tracked.total, refs=refs,
        summaries={a.id: action_summary(a, translate, lang) for a in tracked.items},
        outcomes=actions.action_outcomes(session, actor=actor, limit=50),
        fairness=dashboard.risk_fairness(session, actor=actor), labels=_labels(translate),
        statuses=ACTION_STATUSES, outcome_codes=ACTION_OUTCOMES,
        models=scoring.list_models(settings), four_fifths=dashboard.FOUR_FIFTHS)


def _refs(session: Session, ids: list[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.execute(select(Employee.id, Employee.ref).where(Employee.id.in_(wanted)))
    return {employee_id: ref for employee_id, ref in rows}


def _notice(request: Request, key: str, **fields: object) -> list[dict[str, str]]:
    return [{"level": "success", "message": translate_for(request)(key, **fields)}]


@router.get("/retention", name="web.retention", response_class=HTMLResponse)
def retention(request: Request, session: SessionDep, actor: ActorDep, settings: SettingsDep,
              suggested: Annotated[int | None, Query(ge=0, le=10**6)] = None,
              scored: Annotated[int | None, Query(ge=0, le=10**9)] = None) -> HTMLResponse:
    """The retention dashboard: bands, people at risk, actions, outcomes and fairness."""
    flashes = []
    if suggested is not None:
        flashes += _notice(request, "retention.suggested", count=suggested)
    if scored is not None:
        flashes += _notice(request, "retention.scored", count=scored)
    return _retention_page(request, session, actor, settings, flashes=flashes)


@router.post("/retention/actions/suggest", name="web.retention_suggest",
             response_class=HTMLResponse)
def retention_suggest(session: SessionDep, actor: ActorDep) -> Response:
    """Suggest actions for the people at risk (never twice while one is still to do)."""
    result = actions.suggest_actions(session, actor=actor)
    return RedirectResponse(f"/retention?suggested={len(result.created)}#actions",
                            status_code=303)


@router.post("/retention/actions/{action_id}", name="web.retention_action_update",
             response_class=HTMLResponse)
def retention_action_update(
        action_id: ActionId, session: SessionDep, actor: ActorDep,
        status: Annotated[str, Form(pattern="^(suggested|open|done|dismissed)$")],
        outcome: Annotated[str, Form(pattern="^(unknown|stayed|left)$")] = "unknown",
        notes: Annotated[str, Form(max_length=4000)] = "") -> Response:
    """Change an action's status and outcome (and notes) from the tracker."""
    changes: dict[str, Any] = {"status": status, "outcome": outcome}
    if notes.strip():
        changes["notes"] = notes.strip().replace("\x00", "")
    actions.update_action(session, actor=actor, action_id=action_id, changes=changes)
    return RedirectResponse(f"/retention#action-{action_id}", status_code=303)


@router.post("/retention/scores", name="web.retention_score", response_class=HTMLResponse)
def retention_score(request: Request, session: SessionDep, database: DatabaseDep,
                    settings: SettingsDep, actor: ActorDep,
                    file: Annotated[UploadFile, File()],
                    model: Annotated[str, Form(min_length=1, max_length=300)],
                    id_col: Annotated[str, Form(max_length=120)] = "") -> Response:
    """Score an uploaded HR export with a trained model (large files: as a job)."""
    try:
        scoring.model_folder(settings, model)
        path = save_upload(settings, name=file.filename, stream=file.file)
        if path.stat().st_size > scoring.SYNC_BYTES:
            from talentgraph.services import _jobs as jobs

            jobs.submit_job(database, kind="risk_scores", actor=actor,
                            runner=request.app.state.jobs,
                            params={"path": str(path), "model": model,
                                    "id_col": id_col or None, "name": file.filename})
            return RedirectResponse("/jobs", status_code=303)
        try:
            report = scoring.score_file(database, actor=actor, settings=settings, path=path,
                                        model=model, id_col=id_col or None,
                                        name=file.filename)
        finally:
            path.unlink(missing_ok=True)
    except TalentGraphError as exc:
        if exc.status >= 500 or exc.status == 403:
            raise
        return _retention_page(request, session, actor, settings, status_code=exc.status,
                               flashes=[{"level": "error", "message": exc.message}])
    return RedirectResponse(f"/retention?scored={report.scored}", status_code=303)
