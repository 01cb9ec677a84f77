"""Pay against the band and against the market (issue 7), hr and admin only.

For each current employee (no ``left_on``): their latest pay (the PayRecord with the latest
``effective_on``), the compa-ratio (pay / midpoint of the pay band of their role family and level
in their city, written either way — "Beijing" or 北京 —, else the band for every city), and the market median for their role, level and
city, chosen in this order (the first that has data wins):

1. an imported salary survey (``salary_surveys``) of their role family at their level, in their
   city, else for every city; then a survey of the role family for every level (same city order).
   Among several rows, the latest ``effective_on`` wins (then the source's name, A-Z);
2. the latest market analysis (MarketSnapshot, advertised salaries), most specific table
   first (``MARKET_TABLES``): ``pay_by_role_seniority_city`` (their role family, the seniority
   of their level by ``SENIORITY_BY_LEVEL``, and their city), ``pay_by_role_seniority``,
   ``pay_by_role_family``, ``pay_by_seniority``, then ``pay_by_city``. A group with fewer
   salaried postings than the analysis's ``min_pay_group`` is not in its table, so a thin
   cross group falls back to a broader one; "unknown" rows never match. Analyses made before
   the cross tables existed simply lack them.

Every amount is converted to one report currency with ``talentgraph.analytics.
load_currency_rates()`` (the shipped rates: units per US dollar, with their date and source,
reported with the comparison). The gap to market is ``median - pay`` (positive: paid below the
market) and ``gap / median``; a person is *under the market* when their pay is below
``UNDER_MARKET`` (95%) of the median, and *at risk* when the band of their latest risk score is
in ``AT_RISK_BANDS`` ("high"). Reads of pay, names and risk scores are audited (ids and field
names only).
"""

from __future__ import annotations

import csv
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentgraph.analytics import CurrencyRates, load_currency_rates
from talentgraph.domain import Actor
from talentgraph.errors import ParameterError
from talentgraph.extract._city import extract_city
from talentgraph.services._audit import record_event
from talentgraph.services._people import require_hr
from talentgraph.store import (
    Employee,
    MarketSnapshot,
    PayBand,
    PayRecord,
    RiskScore,
    SalarySurvey,
)

__all__ = [
    "AT_RISK_BANDS",
    "MARKET_TABLES",
    "PAY_SORTS",
    "SENIORITY_BY_LEVEL",
    "UNDER_MARKET",
    "MarketPay",
    "PayComparison",
    "PayGroup",
    "PayLine",
    "compare_pay",
    "latest_risk_scores",
    "read_market_pay",
]

#: The market analysis's seniority for each rung of the ladder.
SENIORITY_BY_LEVEL: Mapping[str, str] = {"L1": "junior", "L2": "mid", "L3": "senior",
                                         "L4": "lead", "L5": "principal"}
#: Pay below this share of the market median is "under the market".
UNDER_MARKET = 0.95
#: Risk bands that count as "at risk".
AT_RISK_BANDS = frozenset({"high"})
#: The market analysis's pay tables, most specific first: (group columns, table name).
MARKET_TABLES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("role_family", "seniority", "city"), "pay_by_role_seniority_city"),
    (("role_family", "seniority"), "pay_by_role_seniority"),
    (("role_family",), "pay_by_role_family"),
    (("seniority",), "pay_by_seniority"),
    (("city",), "pay_by_city"))
#: How lines may be sorted ("-" prefix: descending).
PAY_SORTS = ("ref", "gap_pct", "compa_ratio", "risk", "annual")


@dataclass(frozen=True, slots=True)
class MarketPay:
    """The market pay an employee is compared with, in the report currency: its median (and
    quartiles when known), where it comes from (``source``: survey or market; ``group``: the
    table or survey match used), a label saying so, and its sample (postings; None for a
    survey)."""

    median: float
    p25: float | None
    p75: float | None
    source: str
    group: str
    label: str
    sample: int | None
    as_of: str | None


@dataclass(frozen=True, slots=True)
class PayLine:
    """One current employee's pay against their band and the market (report currency)."""

    employee_id: int
    ref: str
    name: str
    role_family: str | None
    level: str | None
    city: str | None
    department: str | None
    annual: float | None
    currency: str
    pay_currency: str | None
    effective_on: date | None
    band: PayBand | None
    band_minimum: float | None
    band_midpoint: float | None
    band_maximum: float | None
    compa_ratio: float | None
    market: MarketPay | None
    gap: float | None
    gap_pct: float | None
    is_under_market: bool
    risk: float | None
    risk_band: str | None
    drivers: list[Any] = field(default_factory=list)

    @property
    def is_at_risk(self) -> bool:
        """Whether the latest risk score's band is one of AT_RISK_BANDS."""
        return self.risk_band in AT_RISK_BANDS

    @property
    def is_also_at_risk(self) -> bool:
        """Under the market and at risk."""
        return self.is_under_market and self.is_at_risk


@dataclass(frozen=True, slots=True)
class PayGroup:
    """The employees of one role family and level (None, None: everyone): how many, how many
    with pay, their mean compa-ratio, how many are under the market (and also at risk), the sum
    of their gaps to the market median and the median gap in % of those under it."""

    role_family: str | None
    level: str | None
    people: int
    with_pay: int
    mean_compa_ratio: float | None
    under_market: int
    under_market_at_risk: int
    total_gap: float
    median_gap_pct: float | None


@dataclass(frozen=True, slots=True)
class PayComparison:
    """Everyone's pay against band and market, the groups, and what the figures rest on."""

    currency: str
    rates: CurrencyRates
    snapshot_id: int | None
    snapshot_title: str | None
    snapshot_currency: str | None
    lines: list[PayLine]
    groups: list[PayGroup]
    total: PayGroup
    under_market_share: float = UNDER_MARKET


# --- the market's pay tables --------------------------------------------------------------------

def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def read_market_pay(out_dir: str | Path) -> dict[str, dict[tuple[str, ...], dict[str, Any]]]:
    """The pay tables of a market analysis folder: {table name: {group values: {postings, p25,
    median, p75}}}; a missing or unreadable table is empty."""
    tables: dict[str, dict[tuple[str, ...], dict[str, Any]]] = {}
    for columns, name in MARKET_TABLES:
        rows: dict[tuple[str, ...], dict[str, Any]] = {}
        path = Path(out_dir) / f"{name}.csv"
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    values = tuple((row.get(column) or "").strip() for column in columns)
                    median = _number(row.get("median"))
                    if (not all(values) or "unknown" in values or median is None
                            or median <= 0):
                        continue
                    postings = _number(row.get("postings"))
                    rows[values] = {"postings": int(postings) if postings else None,
                                    "p25": _number(row.get("p25")), "median": median,
                                    "p75": _number(row.get("p75"))}
        except (OSError, UnicodeDecodeError, csv.Error):
            rows = {}
        tables[name] = rows
    return tables


def _convert(amount: float | None, rates: CurrencyRates, *, source: str | None,
             target: str) -> float | None:
    if amount is None or source is None:
        return None
    if source == target:
        return float(amount)
    return rates.convert(float(amount), from_currency=source, to_currency=target)


def _city_key(city: str | None) -> str | None:
    """The market's name of a city (北京 for "Beijing"), else the city as written."""
    if not city or not city.strip():
        return None
    return extract_city(city.strip()) or city.strip()


class _Market:
    """Finds the market median of a role family, level and city (module doc's order)."""

    def __init__(self, session: Session, *, currency: str, rates: CurrencyRates) -> None:
        self.currency, self.rates = currency, rates
        self.surveys: dict[str, list[SalarySurvey]] = defaultdict(list)
        for survey in session.scalars(select(SalarySurvey)):
            self.surveys[survey.role_family].append(survey)
        self.snapshot = session.scalar(select(MarketSnapshot).order_by(
            MarketSnapshot.created_at.desc(), MarketSnapshot.id.desc()).limit(1))
        self.snapshot_currency: str | None = None
        self.tables: dict[str, dict[tuple[str, ...], dict[str, Any]]] = {}
        if self.snapshot is not None:
            self.snapshot_currency = str((self.snapshot.summary or {}).get("currency") or "") or None
            self.tables = read_market_pay(self.snapshot.out_dir)

    def _survey(self, role_family: str | None, level: str | None,
                cities: set[str]) -> MarketPay | None:
        if not role_family:
            return None
        matches = [row for row in self.surveys.get(role_family, ())
                   if row.level in ("", level) and (not row.city or row.city in cities)]
        if not matches:
            return None
        chosen = min(matches, key=lambda row: (row.level != level, not row.city,
                                               -row.effective_on.toordinal(), row.source,
                                               row.id))
        median = _convert(chosen.p50, self.rates, source=chosen.currency, target=self.currency)
        if median is None or median <= 0:
            return None
        where = " ".join(part for part in (role_family, chosen.level, chosen.city) if part)
        return MarketPay(
            median=median, source="survey",
            p25=_convert(chosen.p25, self.rates, source=chosen.currency, target=self.currency),
            p75=_convert(chosen.p75, self.rates, source=chosen.currency, target=self.currency),
            group="survey", label=f"{chosen.source} ({where}, {chosen.effective_on.isoformat()})",
            sample=None, as_of=chosen.effective_on.isoformat())

    def _advertised(self, values: Mapping[str, str | None]) -> MarketPay | None:
        if self.snapshot is None:
            return None
        for columns, name in MARKET_TABLES:
            key = tuple(values.get(column) or "" for column in columns)
            row = self.tables.get(name, {}).get(key) if all(key) else None
            if row is None:
                continue
            value = " · ".join(key)
            column = "+".join(columns)
            median = _convert(row["median"], self.rates, source=self.snapshot_currency,
                              target=self.currency)
            if median is None:
                return None
            return MarketPay(
                median=median,
                p25=_convert(row["p25"], self.rates, source=self.snapshot_currency,
                             target=self.currency),
                p75=_convert(row["p75"], self.rates, source=self.snapshot_currency,
                             target=self.currency),
                source="market", group=column, sample=row["postings"],
                label=f"{self.snapshot.title} · {name}: {value}",
                as_of=self.snapshot.created_at.date().isoformat())
        return None

    def find(self, employee: Employee) -> MarketPay | None:
        """The market pay of the employee's role family, level and city, or None."""
        city = _city_key(employee.city)
        cities = {c for c in (employee.city, city) if c}
        found = self._survey(employee.role_family, employee.level, cities)
        if found is not None:
            return found
        return self._advertised({"role_family": employee.role_family, "city": city,
                                 "seniority": SENIORITY_BY_LEVEL.get(employee.level or "")})


# --- the comparison -----------------------------------------------------------------------------

def _latest_pay(session: Session, ids: Sequence[int]) -> dict[int, PayRecord]:
    latest: dict[int, PayRecord] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        records = session.scalars(select(PayRecord).where(PayRecord.employee_id.in_(chunk))
                                  .order_by(PayRecord.effective_on.desc(), PayRecord.id.desc()))
        for record in records:
            latest.setdefault(record.employee_id, record)
    return latest


def latest_risk_scores(session: Session, ids: Iterable[int]) -> dict[int, RiskScore]:
    """Each employee's latest risk score (by scored_at, then id). Not audited: callers audit
    what they show."""
    wanted = sorted(set(ids))
    latest: dict[int, RiskScore] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        rows = session.scalars(select(RiskScore).where(RiskScore.employee_id.in_(chunk))
                               .order_by(RiskScore.scored_at.desc(), RiskScore.id.desc()))
        for row in rows:
            latest.setdefault(row.employee_id, row)
    return latest


def _band_for(bands: Mapping[tuple[str, str, str], PayBand], employee: Employee) -> PayBand | None:
    """The band of the employee's role family and level in their city (a city matches however
    it is written: "Beijing" is 北京), else the band for every city."""
    key = (employee.role_family or "", employee.level or "")
    return bands.get((*key, _city_key(employee.city) or "")) or bands.get((*key, ""))


def _line(employee: Employee, *, record: PayRecord | None, band: PayBand | None,
          market: MarketPay | None, score: RiskScore | None, currency: str,
          rates: CurrencyRates) -> PayLine:
    pay: dict[str, Any] = dict(record.pay) if record is not None else {}
    pay_currency = pay.get("currency") or ("CNY" if pay else None)
    annual = _convert(pay.get("annual"), rates, source=pay_currency, target=currency)
    band_currency = band.currency if band is not None else None
    minimum, midpoint, maximum = (
        _convert(getattr(band, name, None), rates, source=band_currency, target=currency)
        for name in ("minimum", "midpoint", "maximum"))
    ratio = annual / midpoint if annual and midpoint else None
    gap = market.median - annual if market is not None and annual else None
    gap_pct = gap / market.median if gap is not None and market is not None else None
    under = bool(annual and market is not None and annual < UNDER_MARKET * market.median)
    return PayLine(
        employee_id=employee.id, ref=employee.ref, name=employee.name,
        role_family=employee.role_family, level=employee.level, city=employee.city,
        department=employee.department, annual=annual, currency=currency,
        pay_currency=pay_currency, effective_on=record.effective_on if record else None,
        band=band, band_minimum=minimum, band_midpoint=midpoint, band_maximum=maximum,
        compa_ratio=ratio, market=market, gap=gap, gap_pct=gap_pct, is_under_market=under,
        risk=score.risk if score is not None else None,
        risk_band=score.band if score is not None else None,
        drivers=list(score.drivers or []) if score is not None else [])


def _group(lines: Sequence[PayLine], role_family: str | None, level: str | None) -> PayGroup:
    ratios = [line.compa_ratio for line in lines if line.compa_ratio is not None]
    under = [line for line in lines if line.is_under_market]
    return PayGroup(
        role_family=role_family, level=level, people=len(lines),
        with_pay=sum(1 for line in lines if line.annual),
        mean_compa_ratio=sum(ratios) / len(ratios) if ratios else None,
        under_market=len(under), under_market_at_risk=sum(1 for line in under if line.is_at_risk),
        total_gap=sum(line.gap or 0.0 for line in under),
        median_gap_pct=statistics.median(line.gap_pct or 0.0 for line in under) if under else None)


def _groups(lines: Sequence[PayLine]) -> list[PayGroup]:
    by_key: dict[tuple[str, str], list[PayLine]] = defaultdict(list)
    for line in lines:
        by_key[(line.role_family or "", line.level or "")].append(line)
    return [_group(members, role or None, level or None)
            for (role, level), members in sorted(by_key.items())]


def _sort_key(name: str) -> Any:
    def key(line: PayLine) -> tuple[Any, ...]:
        value = getattr(line, name)
        return (value is None, value if value is not None else 0, line.ref)
    return key


def _sorted(lines: list[PayLine], sort: str | None) -> list[PayLine]:
    if not sort:  # the largest gap first, then by ref
        return sorted(lines, key=lambda line: (line.gap_pct is None, -(line.gap_pct or 0.0),
                                               line.ref))
    name = sort.removeprefix("-")
    if name not in PAY_SORTS:
        raise ParameterError(f"The 'sort' parameter must be one of {', '.join(PAY_SORTS)} "
                             f"(prefix - for descending). Got {sort!r} instead.")
    ordered = sorted(lines, key=_sort_key(name))
    if sort.startswith("-"):
        known = [line for line in ordered if getattr(line, name) is not None]
        ordered = known[::-1] + [line for line in ordered if getattr(line, name) is None]
    return ordered


def _check_currency(currency: str, rates: CurrencyRates) -> str:
    code = (currency or "").strip().upper()
    if code not in rates.per_usd:
        raise ParameterError(f"The 'currency' parameter must be one of "
                             f"{', '.join(sorted(rates.per_usd))}. Got {currency!r} instead.")
    return code


def compare_pay(session: Session, *, actor: Actor, currency: str = "CNY",
                role_family: str | None = None, level: str | None = None,
                department: str | None = None, is_under_market: bool | None = None,
                sort: str | None = None) -> PayComparison:
    """Every current employee's pay against band and market in ``currency`` (module doc), the
    groups by role family and level, filtered; hr and admin; the reads are audited."""
    require_hr(actor, "see pay")
    rates = load_currency_rates()
    code = _check_currency(currency, rates)
    query = select(Employee).where(Employee.left_on.is_(None))
    if role_family:
        query = query.where(Employee.role_family == role_family)
    if level:
        query = query.where(Employee.level == level)
    if department:
        query = query.where(Employee.department == department)
    employees = list(session.scalars(query.order_by(Employee.ref)))
    ids = [e.id for e in employees]
    pay = _latest_pay(session, ids)
    scores = latest_risk_scores(session, ids)
    bands = {(b.role_family, b.level, _city_key(b.city) or ""): b
             for b in sorted(session.scalars(select(PayBand)), key=lambda b: b.id)}
    market = _Market(session, currency=code, rates=rates)
    lines = [_line(e, record=pay.get(e.id), band=_band_for(bands, e), market=market.find(e),
                   score=scores.get(e.id), currency=code, rates=rates) for e in employees]
    if is_under_market is not None:
        lines = [line for line in lines if line.is_under_market == is_under_market]
    record_event(session, actor=actor, action="read", resource="pay",
                 detail={"ids": sorted(pay), "fields": ["annual", "currency"]})
    record_event(session, actor=actor, action="read", resource="employee",
                 detail={"ids": ids, "fields": ["name"]})
    if scores:
        record_event(session, actor=actor, action="read", resource="risk_score",
                     detail={"ids": sorted(s.id for s in scores.values())})
    snapshot = market.snapshot
    return PayComparison(
        currency=code, rates=rates, snapshot_id=snapshot.id if snapshot else None,
        snapshot_title=snapshot.title if snapshot else None,
        snapshot_currency=market.snapshot_currency, lines=_sorted(lines, sort),
        groups=_groups(lines), total=_group(lines, None, None))
