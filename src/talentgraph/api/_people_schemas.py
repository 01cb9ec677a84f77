"""Schemas of the people routes (employees, skill profiles, reviews, learning, pay, risk and
privacy requests): one per direction, XCreate / XUpdate / XPublic."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from talentgraph.domain import Actor
from talentgraph.store import Employee, PayRecord

__all__ = [
    "MAX_ID",
    "EmployeeCreate",
    "EmployeePublic",
    "EmployeeResumePublic",
    "EmployeeResumeReport",
    "EmployeeUpdate",
    "ErasurePublic",
    "EvidenceCreate",
    "EvidencePublic",
    "EvidenceSource",
    "LearningPlanCreate",
    "LearningPlanPublic",
    "LearningResourceCreate",
    "LearningResourcePublic",
    "PayBandCreate",
    "PayBandPublic",
    "PayRecordCreate",
    "PayRecordPublic",
    "PlanStatus",
    "PlanStep",
    "ProfileSkillPublic",
    "ResourceKind",
    "ResourceLanguage",
    "ReviewCreate",
    "ReviewPublic",
    "RiskScorePublic",
    "Text",
    "Timestamp",
    "employee_public",
    "pay_record_public",
]

#: The largest id a route accepts (ids are 32-bit on every database we run on).
MAX_ID = 2**31 - 1


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _plain_json(value: Any) -> Any:
    """Refuse NUL characters and non-finite numbers anywhere in a JSON value (PostgreSQL
    and strict JSON readers refuse them)."""
    if isinstance(value, str):
        _no_nul(value)
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must not contain NaN or infinite numbers")
    elif isinstance(value, dict):
        for key, item in value.items():
            _plain_json(key)
            _plain_json(item)
    elif isinstance(value, list):
        for item in value:
            _plain_json(item)
    return value


def _as_utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored time is UTC (store.utcnow)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


#: Text without NUL characters (PostgreSQL refuses them).
Text = Annotated[str, AfterValidator(_no_nul)]
#: A UTC timestamp, always with its offset.
Timestamp = Annotated[datetime, AfterValidator(_as_utc)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Level = Annotated[str, Field(pattern=r"^L[1-5]$", description="A ladder level, L1..L5.")]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217, e.g. CNY.")]
Score = Annotated[float, Field(ge=0, le=100)]
EvidenceSource = Literal["resume", "self", "manager", "check", "course"]
ResourceKind = Literal["book", "paper", "course", "documentation", "mentor", "project"]
ResourceLanguage = Literal["en", "zh"]
PlanStatus = Literal["active", "completed", "cancelled"]
Scalar = str | int | float | bool | None
Record = Annotated[dict[Annotated[str, Field(max_length=100)], Any], AfterValidator(_plain_json)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, str_strip_whitespace=True)


# --- employees ----------------------------------------------------------------------------------

class EmployeePublic(BaseModel):
    """An employee; ``protected`` is present for hr and admin only."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    ref: str
    name: str
    email: str | None
    phone: str | None
    role_family: str | None
    level: str | None
    department: str | None
    city: str | None
    manager_id: int | None
    hired_on: date | None
    left_on: date | None
    candidate_id: int | None
    created_at: Timestamp
    updated_at: Timestamp
    protected: dict[str, Any] | None = Field(
        None, description="Protected attributes (gender, age ...): hr and admin only; the key "
                          "is absent for other roles.")


def employee_public(employee: Employee, *, actor: Actor) -> EmployeePublic:
    """The public form of an employee as ``actor`` may see it (protected attributes for hr
    and admin only: the field is left unset, so the route omits it)."""
    fields = {name: getattr(employee, name) for name in EmployeePublic.model_fields
              if name != "protected"}
    if actor.is_hr:
        fields["protected"] = employee.protected
    return EmployeePublic(**fields)


class _EmployeeFields(_Input):
    email: Annotated[Text, Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")] | None = None
    phone: Annotated[Text, Field(max_length=40)] | None = None
    protected: dict[Annotated[str, Field(max_length=60)], Scalar] | None = Field(
        None, max_length=30, description="Protected attributes, encrypted at rest.")
    role_family: Annotated[Text, Field(max_length=120)] | None = Field(
        None, description="A role family slug of the framework.")
    level: Level | None = None
    department: Annotated[Text, Field(max_length=120)] | None = None
    city: Annotated[Text, Field(max_length=120)] | None = None
    manager_id: Id | None = None
    hired_on: date | None = None
    left_on: date | None = None
    candidate_id: Id | None = None


class EmployeeCreate(_EmployeeFields):
    ref: Annotated[Text, Field(min_length=1, max_length=64)]
    name: Annotated[Text, Field(min_length=1, max_length=200)]


class EmployeeUpdate(_EmployeeFields):
    """The fields to change; a field sent as null is cleared."""

    ref: Annotated[Text, Field(min_length=1, max_length=64)] | None = None
    name: Annotated[Text, Field(min_length=1, max_length=200)] | None = None


# --- skill profiles -----------------------------------------------------------------------------

class EvidencePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    skill_slug: str
    source: str
    level: int
    observed_on: date
    detail: str
    recorded_by: int | None
    created_at: Timestamp


class ProfileSkillPublic(BaseModel):
    """A skill of an employee: the derived level and its evidence, newest first."""

    model_config = ConfigDict(from_attributes=True)
    employee_id: int
    skill_slug: str
    level: int
    updated_at: Timestamp
    evidence: list[EvidencePublic]


class EvidenceCreate(_Input):
    skill: Annotated[Text, Field(min_length=1, max_length=200,
                                 description="A skill slug, or its name in Chinese or English.")]
    source: EvidenceSource = Field(
        description="Employees may add 'self' only.")
    level: int = Field(ge=0, le=4)
    observed_on: date | None = Field(None, description="Defaults to today; never in the future.")
    detail: Annotated[Text, Field(max_length=2000)] = ""


class EmployeeResumePublic(BaseModel):
    """What became of one resume file: imported (evidence added), unchanged (nothing new),
    unknown_employee (no employee has the file's name as ref) or error (code and message)."""

    model_config = ConfigDict(from_attributes=True)
    file: str
    ref: str = Field(description="The employee ref read from the file's name.")
    status: Literal["imported", "unchanged", "unknown_employee", "error"]
    employee_id: int | None
    skills_found: int
    skills_added: list[str] = Field(description="The skills that got new resume evidence.")
    levels_changed: int
    warnings: list[str]
    code: str | None
    error: str | None


class EmployeeResumeReport(BaseModel):
    """One report per file, in the order uploaded (a ZIP's files in their order), and the
    counts."""

    items: list[EmployeeResumePublic]
    imported: int
    unchanged: int
    unknown_employee: int
    failed: int
    evidence_added: int


# --- reviews ------------------------------------------------------------------------------------

class ReviewPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    employee_id: int
    cycle: str
    goals: list[Any]
    inputs: list[Any]
    final_score: float | None
    created_at: Timestamp


class ReviewCreate(_Input):
    employee_id: Id
    cycle: Annotated[Text, Field(min_length=1, max_length=40, description="e.g. 2025H1.")]
    goals: list[Record] = Field(default_factory=list, max_length=50,
                                description="Goals or KRAs with their weights.")
    inputs: list[Record] = Field(default_factory=list, max_length=50,
                                 description="Self, manager and peer input.")
    final_score: Score | None = None


# --- learning -----------------------------------------------------------------------------------

class LearningResourcePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    ref: str
    title: str
    kind: str
    language: str
    url: str | None
    skills: list[str]
    level: int
    hours: float
    is_internal: bool


class LearningResourceCreate(_Input):
    ref: Annotated[Text, Field(min_length=1, max_length=120)]
    title: Annotated[Text, Field(min_length=1, max_length=300)]
    kind: ResourceKind
    language: ResourceLanguage = "en"
    url: Annotated[Text, Field(max_length=500, pattern=r"^https?://")] | None = None
    skills: list[Annotated[Text, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=50, description="Skill slugs or names.")
    level: int = Field(1, ge=0, le=4)
    hours: float = Field(1.0, gt=0, le=10_000)
    is_internal: bool = False


class PlanStep(BaseModel):
    """One step of a learning plan (issue 5 fills in resources, hours and the check)."""

    model_config = ConfigDict(extra="allow", allow_inf_nan=False)
    slug: Annotated[Text, Field(min_length=1, max_length=200,
                                description="The skill: a slug or a name.")]
    order: int | None = Field(None, ge=0, le=10_000)
    resources: list[Annotated[Text, Field(max_length=120)]] = Field(default_factory=list,
                                                                   max_length=50)
    hours: float | None = Field(None, ge=0, le=10_000)
    check: Annotated[Text, Field(max_length=200)] | None = None

    @model_validator(mode="after")
    def _plain_extra(self) -> PlanStep:
        _plain_json(self.model_extra or {})
        return self


class LearningPlanPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    employee_id: int
    target_role: str
    target_level: str
    steps: list[dict[str, Any]]
    status: str
    created_at: Timestamp


class LearningPlanCreate(_Input):
    employee_id: Id | None = Field(None, description="Defaults to your own profile.")
    target_role: Annotated[Text, Field(min_length=1, max_length=120)]
    target_level: Level
    steps: list[PlanStep] = Field(default_factory=list, max_length=200)
    status: PlanStatus = "active"


# --- pay and risk -------------------------------------------------------------------------------

class PayBandPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    role_family: str
    level: str
    city: str
    currency: str
    minimum: float
    midpoint: float
    maximum: float


class PayBandCreate(_Input):
    role_family: Annotated[Text, Field(min_length=1, max_length=120)]
    level: Level
    city: Annotated[Text, Field(max_length=120, description="'' for every city.")] = ""
    currency: Currency = "CNY"
    minimum: float = Field(gt=0, le=1e12)
    midpoint: float = Field(gt=0, le=1e12)
    maximum: float = Field(gt=0, le=1e12)


class PayRecordPublic(BaseModel):
    id: int
    employee_id: int
    effective_on: date
    annual: float
    currency: str
    reason: str
    created_at: Timestamp


def pay_record_public(record: PayRecord) -> PayRecordPublic:
    """The public form of a pay record (its decrypted pay spread into fields)."""
    return PayRecordPublic(id=record.id, employee_id=record.employee_id,
                           effective_on=record.effective_on, annual=record.pay["annual"],
                           currency=record.pay["currency"], reason=record.reason,
                           created_at=record.created_at)


class PayRecordCreate(_Input):
    effective_on: date
    annual: float = Field(gt=0, le=1e12)
    currency: Currency = "CNY"
    reason: Annotated[Text, Field(max_length=200)] = ""


class RiskScorePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    employee_id: int
    model_version: str
    risk: float
    band: str
    drivers: list[Any]
    scored_at: Timestamp


# --- privacy requests ---------------------------------------------------------------------------

class ErasurePublic(BaseModel):
    """What an erasure removed: rows deleted per table, references set to null."""

    kind: str
    ref: str
    deleted: dict[str, int]
    detached: dict[str, int]
    rows: int
