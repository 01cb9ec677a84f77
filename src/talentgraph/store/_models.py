"""Every table, imported in one place so that ``metadata`` knows them all."""

from __future__ import annotations

from talentgraph.store._accounts import ROLES, ApiToken, LoginAttempt, User, UserSession
from talentgraph.store._base import Base
from talentgraph.store._cultivation import ReviewCycle, SkillCheckAttempt
from talentgraph.store._framework import OrgRole, OrgSkill, SkillAlias
from talentgraph.store._operations import AuditEvent, Job, MarketSnapshot
from talentgraph.store._people import (
    Employee,
    EmployeeSkill,
    LearningPlan,
    LearningResource,
    PayBand,
    PayRecord,
    Review,
    RiskScore,
    SkillEvidence,
)
from talentgraph.store._recruiting import (
    Application,
    Candidate,
    Interview,
    Opening,
    Scorecard,
    StageEvent,
)
from talentgraph.store._retention import (
    ACTION_OUTCOMES,
    ACTION_STATUSES,
    RetentionAction,
    SalarySurvey,
)
from talentgraph.store._screening import CandidateEmbedding, CandidateKey, CandidateMerge

__all__ = [
    "ACTION_OUTCOMES",
    "ACTION_STATUSES",
    "ROLES",
    "ApiToken",
    "Application",
    "AuditEvent",
    "Base",
    "Candidate",
    "CandidateEmbedding",
    "CandidateKey",
    "CandidateMerge",
    "Employee",
    "EmployeeSkill",
    "Interview",
    "Job",
    "LearningPlan",
    "LearningResource",
    "LoginAttempt",
    "MarketSnapshot",
    "Opening",
    "OrgRole",
    "OrgSkill",
    "PayBand",
    "PayRecord",
    "RetentionAction",
    "Review",
    "ReviewCycle",
    "RiskScore",
    "SalarySurvey",
    "Scorecard",
    "SkillAlias",
    "SkillCheckAttempt",
    "SkillEvidence",
    "StageEvent",
    "User",
    "UserSession",
    "metadata",
]

metadata = Base.metadata
