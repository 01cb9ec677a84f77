"""Schemas of the pay and retention routes (issue 7): pay against the market, the raise-budget
simulation, salary surveys, risk scoring, the dashboard, fairness and retention actions."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from talentgraph.api._people_schemas import Text, Timestamp

__all__ = [
    "ActionOutcomePublic",
    "ActionSuggest",
    "ActionUpdate",
    "FairnessTablePublic",
    "PayComparisonPublic",
    "RaisePlanPublic",
    "RaiseSimulation",
    "RetentionActionPublic",
    "RiskDashboardPublic",
    "SalarySurveyPublic",
    "ScoringPublic",
    "SuggestPublic",
]

Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
Money = Field(ge=0, le=1e12, allow_inf_nan=False)
ActionStatus = Literal["suggested", "open", "done", "dismissed"]
ActionOutcome = Literal["unknown", "stayed", "left"]
RiskBand = Literal["low", "medium", "high"]


# --- pay against the market ---------------------------------------------------------------------

class MarketPayPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    median: float
    p25: float | None
    p75: float | None
    source: str = Field(description="survey (an imported salary survey) or market (advertised "
                                    "salaries of the latest market analysis).")
    group: str = Field(description="survey, or the market table used: role_family, seniority, "
                                   "city.")
    label: str
    sample: int | None = Field(description="Postings behind a market figure; null for a survey.")
    as_of: str | None


class PayLinePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    employee_id: int
    ref: str
    name: str
    role_family: str | None
    level: str | None
    city: str | None
    department: str | None
    annual: float | None = Field(description="Latest annual pay, in the report currency.")
    currency: str
    pay_currency: str | None
    effective_on: date | None
    band_minimum: float | None
    band_midpoint: float | None
    band_maximum: float | None
    compa_ratio: float | None
    market: MarketPayPublic | None
    gap: float | None = Field(description="Market median - pay (positive: below the market).")
    gap_pct: float | None
    is_under_market: bool
    risk: float | None
    risk_band: str | None
    is_at_risk: bool
    is_also_at_risk: bool


class PayGroupPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    role_family: str | None
    level: str | None
    people: int
    with_pay: int
    mean_compa_ratio: float | None
    under_market: int
    under_market_at_risk: int
    total_gap: float
    median_gap_pct: float | None


class RatesPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    as_of: str
    source: str


class PayComparisonPublic(BaseModel):
    items: list[PayLinePublic]
    total: int
    limit: int
    offset: int
    currency: str
    rates: RatesPublic
    snapshot_id: int | None
    snapshot_title: str | None
    snapshot_currency: str | None
    under_market_share: float = Field(description="Pay below this share of the market median "
                                                  "is under the market.")
    overall: PayGroupPublic
    groups: list[PayGroupPublic]


# --- the raise-budget simulation ----------------------------------------------------------------

class RaiseWeightsIn(BaseModel):
    risk: float = Field(1.0, ge=0, le=10, allow_inf_nan=False)
    performance: float = Field(0.5, ge=0, le=10, allow_inf_nan=False)
    gap: float = Field(1.0, ge=0, le=10, allow_inf_nan=False)


class RaiseSimulation(BaseModel):
    budget: float = Money
    currency: str = Field("CNY", pattern=r"^[A-Z]{3}$")
    weights: RaiseWeightsIn = Field(default_factory=RaiseWeightsIn)
    max_raise_pct: float = Field(20.0, gt=0, le=100, allow_inf_nan=False,
                                 description="The largest raise, in % of current pay.")
    min_raise: float = Field(0.0, ge=0, le=1e12, allow_inf_nan=False,
                             description="A smaller raise is not given.")
    pay_effect: float = Field(1.0, ge=0, le=1, allow_inf_nan=False,
                              description="Share of the pay drivers' effect on risk that closing "
                                          "the whole gap removes (the estimate's assumption).")


class RaiseLinePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    employee_id: int
    ref: str
    pay: float
    market_median: float
    gap: float
    gap_pct: float
    priority: float
    cap: float
    limited_by: str
    raise_amount: float
    raise_pct: float
    new_pay: float
    compa_ratio: float | None
    new_compa_ratio: float | None
    is_at_risk: bool
    is_brought_to_market: bool
    leavers_avoided: float


class RaisePlanPublic(BaseModel):
    currency: str
    budget: float
    spent: float
    remaining: float
    people_raised: int
    brought_to_market: int
    gap_total: float
    gap_closed: float
    gap_closed_pct: float | None
    at_risk_total: int
    at_risk_covered: int
    leavers_avoided: float
    assumption: str
    lines: list[RaiseLinePublic]


# --- surveys and scoring ------------------------------------------------------------------------

class SalarySurveyPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    source: str
    role_family: str
    level: str
    city: str
    currency: str
    p25: float | None
    p50: float
    p75: float | None
    effective_on: date


class ScoringPublic(BaseModel):
    file: str
    model: str
    model_version: str
    rows: int
    scored: int
    bands: dict[str, int]
    unmatched: int
    unmatched_rows: list[int]


# --- dashboard and fairness ---------------------------------------------------------------------

class RetentionActionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    employee_id: int
    kind: str
    owner_role: str
    owner_user_id: int | None
    status: str
    reason: str
    figures: dict[str, Any]
    created_at: Timestamp
    updated_at: Timestamp
    due_on: date | None
    done_at: Timestamp | None
    outcome: str
    outcome_at: Timestamp | None
    notes: str | None


class RiskLinePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    employee_id: int
    ref: str
    name: str
    department: str | None
    role_family: str | None
    level: str | None
    risk: float
    band: str
    drivers: list[Any]
    model_version: str
    scored_at: Timestamp
    actions: list[RetentionActionPublic]


class RiskGroupPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    name: str | None
    people: int
    mean_risk: float
    high: int
    medium: int
    low: int


class RiskDashboardPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    current: int
    scored: int
    bands: dict[str, int]
    top: list[RiskLinePublic]
    by_department: list[RiskGroupPublic]
    by_role_family: list[RiskGroupPublic]
    model_versions: list[str]


class FairnessGroupPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    group: str
    n: int
    mean_risk: float
    p25: float
    median: float
    p75: float
    share_high: float
    impact_ratio: float | None
    is_small: bool
    is_below_four_fifths: bool


class FairnessTablePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    attribute: str
    recorded: int
    missing: int
    groups: list[FairnessGroupPublic]
    min_impact_ratio: float | None


# --- actions ------------------------------------------------------------------------------------

class ActionSuggest(BaseModel):
    employee_ids: list[Id] | None = Field(None, max_length=10_000,
                                           description="Only these employees (default: all).")
    bands: list[RiskBand] = Field(default_factory=lambda: ["high", "medium"], max_length=3,
                                  description="Risk bands to suggest actions for.")


class SuggestPublic(BaseModel):
    people: int
    existing: int
    created: list[RetentionActionPublic]


class ActionUpdate(BaseModel):
    status: ActionStatus | None = None
    outcome: ActionOutcome | None = None
    notes: Text | None = Field(None, max_length=4000)
    due_on: date | None = None
    owner_user_id: int | None = Field(None, ge=1, le=2**31 - 1)


class ActionOutcomePublic(BaseModel):
    action: RetentionActionPublic
    ref: str
    left_on: date | None
    has_left: bool
    risk_before: float | None
    risk_after: float | None
