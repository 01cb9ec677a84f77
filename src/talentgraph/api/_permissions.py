"""Who may call what: one declarative table, route name -> roles. Deny by default.

A route missing from the table is refused to everyone (and tests/api/test_permissions.py fails,
naming it). Row-level rules (a hiring manager sees only the candidates of their own openings, an
employee only their own profile and plan) are applied by the services, which get the Actor.
docs/permissions.md prints this table.
"""

from __future__ import annotations

from talentgraph.store import ROLES

__all__ = ["PERMISSIONS", "PUBLIC", "is_allowed", "permissions_markdown"]

ALL = frozenset(ROLES)
ADMIN = frozenset({"admin"})
HR = frozenset({"admin", "hr"})
RECRUITING = frozenset({"admin", "hr", "recruiter", "hiring_manager"})
RECRUITERS = frozenset({"admin", "hr", "recruiter"})
SELF_OR_HR = frozenset({"admin", "hr", "employee"})
#: Cultivation: an employee their own, a manager (any role whose employee manages people) their
#: team, hr and admin everyone (the services apply the rows).
CULTIVATION = frozenset({"admin", "hr", "hiring_manager", "employee"})

#: Routes anyone may call, logged in or not.
PUBLIC = frozenset({
    "health.get", "openapi", "swagger_ui_html", "swagger_ui_redirect", "redoc_html", "static",
    "web.login_form", "web.login", "web.lang",
})

PERMISSIONS: dict[str, frozenset[str]] = {
    # -- who am I, accounts, tokens, audit
    "me.get": ALL,
    "users.list": ADMIN,
    "users.create": ADMIN,
    "users.update": ADMIN,
    "tokens.list": ALL,          # own tokens; admin sees all
    "tokens.create": ALL,        # for oneself; admin for anyone
    "tokens.revoke": ALL,        # own tokens; admin any
    "audit.list": ADMIN,
    "audit.export": ADMIN,
    # -- skill framework
    "framework.skills.list": ALL,
    "framework.skills.get": ALL,
    "framework.skills.create": HR,
    "framework.roles.list": ALL,
    "framework.roles.get": ALL,
    "framework.roles.create": HR,
    "framework.aliases.create": HR,
    # -- market
    "market.snapshots.list": ALL,
    "market.snapshots.get": ALL,
    "market.snapshots.report": ALL,
    "market.analyses.create": RECRUITERS,
    # -- background jobs (non-hr see their own)
    "jobs.list": ALL,
    "jobs.get": ALL,
    # -- imports (recruiters may import openings and candidates only)
    "imports.create": RECRUITERS,
    # -- recruiting (hiring managers: their own openings only)
    "openings.list": RECRUITING,
    "openings.get": RECRUITING,
    "openings.create": RECRUITERS,
    "openings.update": RECRUITERS,
    "candidates.list": RECRUITING,
    "candidates.get": RECRUITING,
    "candidates.create": RECRUITERS,
    "candidates.update": RECRUITERS,
    "applications.list": RECRUITING,
    "applications.create": RECRUITERS,
    "applications.move": RECRUITING,
    "applications.history": RECRUITING,
    "interviews.list": RECRUITING,
    "interviews.create": RECRUITERS,
    "scorecards.list": RECRUITING,
    "scorecards.submit": RECRUITING,
    # -- screening (issue 6): resumes, ranking, pipeline extras, structured interviews
    "candidates.upload": RECRUITERS,
    "candidates.merges": RECRUITING,
    "openings.extract": RECRUITERS,
    "openings.ranking": RECRUITING,
    "applications.bulk_move": RECRUITING,
    "applications.notes.create": RECRUITING,
    "funnel.get": RECRUITING,
    "interview_plans.get": RECRUITING,
    "interview_plans.set": RECRUITERS,
    "interviews.create_from_plan": RECRUITERS,
    "interviews.summary": RECRUITING,
    "openings.interview_stats": HR,
    # -- people (employees see their own)
    "employees.list": HR,
    "employees.get": SELF_OR_HR,
    "employees.create": HR,
    "employees.update": HR,
    "employees.resumes": HR,     # resumes named after refs -> resume evidence
    "employee_skills.list": SELF_OR_HR,
    "evidence.create": CULTIVATION,  # self: self; a manager: manager; hr any (the service)
    "reviews.list": SELF_OR_HR,
    "reviews.create": HR,
    "learning_resources.list": ALL,
    "learning_resources.create": HR,
    "learning_plans.list": SELF_OR_HR,
    "learning_plans.create": SELF_OR_HR,
    # -- cultivation (issue 5): own, team, hr all
    "employee_skills.why": CULTIVATION,
    "gaps.get": CULTIVATION,
    "readiness.get": CULTIVATION,
    "readiness.list": CULTIVATION,
    "onboarding.get": CULTIVATION,
    "learning_plans.build": CULTIVATION,
    "learning_plans.get": CULTIVATION,
    "learning_plans.complete_step": CULTIVATION,
    "checks.create": CULTIVATION,
    "checks.list": CULTIVATION,
    "checks.get": CULTIVATION,
    "checks.answer": CULTIVATION,
    "review_cycles.list": CULTIVATION,
    "review_cycles.create": HR,
    "review_cycles.update": HR,
    "reviews.get": CULTIVATION,
    "reviews.goals.set": CULTIVATION,      # hr or the person's manager
    "reviews.inputs.create": CULTIVATION,  # self, manager or peer
    "reviews.calibration": CULTIVATION,    # hr everyone, a manager their team
    "teams.me": CULTIVATION,
    "teams.get": CULTIVATION,
    "framework.roles.ladder": ALL,
    "framework.roles.lateral": ALL,
    # -- pay and risk: hr and admin only
    "pay_bands.list": HR,
    "pay_bands.create": HR,
    "pay.list": HR,
    "pay.create": HR,
    "risk_scores.list": HR,
    # -- pay against the market and retention (issue 7): hr and admin only
    "pay.compare": HR,
    "pay.simulate": HR,
    "salary_surveys.list": HR,
    "retention.scores.create": HR,
    "retention.dashboard": HR,
    "retention.fairness": HR,
    "retention.actions.list": HR,
    "retention.actions.suggest": HR,
    "retention.actions.update": HR,
    "retention.actions.outcomes": HR,
    # -- privacy requests
    "people.export": HR,
    "people.erase": HR,
    # -- web pages
    "web.logout": ALL,
    "web.home": ALL,
    "web.market": ALL,
    "web.market_snapshot": ALL,
    "web.market_report": ALL,
    "web.market_run_form": RECRUITERS,
    "web.market_run": RECRUITERS,
    "web.framework": ALL,
    "web.framework_search": ALL,
    "web.framework_role": ALL,
    "web.framework_skill": ALL,
    "web.framework_skill_create": HR,
    "web.jobs": ALL,
    "web.jobs_table": ALL,
    "web.recruiting": RECRUITING,
    # recruiting pages (issue 6): hiring managers their own openings (the services apply the rows)
    "web.recruiting_opening_propose": RECRUITERS,
    "web.recruiting_opening_create": RECRUITERS,
    "web.recruiting_funnel": RECRUITING,
    "web.recruiting_opening": RECRUITING,
    "web.recruiting_weights": RECRUITERS,
    "web.recruiting_resumes": RECRUITERS,
    "web.recruiting_bulk_move": RECRUITING,
    "web.recruiting_kanban": RECRUITING,
    "web.recruiting_move": RECRUITING,
    "web.recruiting_interview_stats": HR,
    "web.recruiting_candidate": RECRUITING,
    "web.recruiting_note": RECRUITING,
    "web.recruiting_interview_plan": RECRUITING,
    "web.recruiting_interview_plan_save": RECRUITERS,
    "web.recruiting_interviews_create": RECRUITERS,
    "web.recruiting_scorecard": RECRUITING,
    "web.recruiting_scorecard_submit": RECRUITING,
    # cultivation pages: own, team, hr all (the services apply the rows); not recruiters
    "web.development": CULTIVATION,
    "web.development_profile": CULTIVATION,
    "web.development_why": CULTIVATION,
    "web.development_plan_build": CULTIVATION,
    "web.development_check_start": CULTIVATION,
    "web.development_step_complete": CULTIVATION,  # the person's manager, hr or admin
    "web.development_evidence": CULTIVATION,  # self: self; manager: manager; hr any
    "web.development_resumes": HR,
    "web.check": CULTIVATION,
    "web.check_submit": CULTIVATION,
    "web.performance": CULTIVATION,
    "web.performance_cycle_create": HR,
    "web.performance_cycle_status": HR,
    "web.performance_goals": CULTIVATION,         # hr or the person's manager
    "web.performance_input": CULTIVATION,         # self, manager or peer
    "web.performance_calibration": CULTIVATION,   # hr everyone, a manager their team
    "web.team": CULTIVATION,
    "web.pay": HR,
    "web.pay_simulate": HR,
    "web.retention": HR,
    "web.retention_suggest": HR,
    "web.retention_action_update": HR,
    "web.retention_score": HR,
    "web.admin": ADMIN,
    "web.admin_user_create": ADMIN,
    "web.admin_token_create": ADMIN,
    "web.admin_token_revoke": ADMIN,
    "web.admin_audit_export": ADMIN,
}


def is_allowed(route_name: str, role: str | None) -> bool:
    """Whether a user of ``role`` (None: anonymous) may call the route."""
    if route_name in PUBLIC:
        return True
    return role is not None and role in PERMISSIONS.get(route_name, frozenset())


def permissions_markdown() -> str:
    """The table as Markdown (docs/permissions.md embeds it; a test keeps them equal)."""
    roles = sorted(ALL, key=list(ROLES).index)
    lines = ["| route | " + " | ".join(roles) + " |", "|---|" + "---|" * len(roles)]
    for name in sorted(PUBLIC):
        lines.append(f"| `{name}` | " + " | ".join("public" for _ in roles) + " |")
    for name, allowed in sorted(PERMISSIONS.items()):
        lines.append(f"| `{name}` | " + " | ".join("yes" if r in allowed else "-" for r in roles)
                     + " |")
    return "\n".join(lines) + "\n"
