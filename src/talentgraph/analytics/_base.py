"""The base aggregations both market engines implement, and the one-row views they aggregate.

The local engine (pandas, ``LocalAggregates``) and the Spark engine
(``talentgraph.batch.SparkAggregates``) both turn the unique postings' ``PostingFacts`` into the
same flat rows (``posting_row``, ``skill_rows``, ``phrase_rows``) and answer the same small set of
group-by questions (``BaseAggregates``). Everything in the report is derived from those answers
by shared code (``build_market_tables``), so the two engines give equal tables by construction
of the derivation and by test of the counts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from talentgraph.domain import PostingFacts
from talentgraph.errors import ParameterError

__all__ = [
    "PERIOD_GRANULARITIES",
    "POSTING_COLUMNS",
    "BaseAggregates",
    "CurrencyRates",
    "check_engine_options",
    "check_group_columns",
    "experience_bucket",
    "load_currency_rates",
    "period_of",
    "phrase_rows",
    "posting_row",
    "skill_rows",
]

PERIOD_GRANULARITIES = ("month", "quarter", "year")
EXPERIENCE_BUCKETS = ("0", "1-2", "3-4", "5-9", "10+")

#: Columns of the per-posting row every aggregation groups by.
POSTING_COLUMNS = (
    "seq", "id", "language", "role_family", "seniority", "city", "period",
    "experience_bucket", "education_min", "is_remote", "has_salary", "has_skill",
    "salary_annual",  # midpoint, in the report currency; None without a salary
    "has_salary_raw",  # the input had a salary text (parsed or not): the unparsed-salary share
    "has_text",  # a description was given: only these count in skill statistics
)


@dataclass(frozen=True, slots=True)
class CurrencyRates:
    """Units of each currency per US dollar, with the date and source stated in the report."""

    per_usd: dict[str, float]
    as_of: str
    source: str

    def convert(self, amount: float, *, from_currency: str, to_currency: str) -> float | None:
        """``amount`` in ``to_currency``; None when either currency has no rate."""
        src = self.per_usd.get(from_currency)
        dst = self.per_usd.get(to_currency)
        if src is None or dst is None:
            return None
        return amount / src * dst


@lru_cache(maxsize=4)
def _load_rates_text(text: str) -> CurrencyRates:
    data = json.loads(text)
    return CurrencyRates(per_usd={k.upper(): float(v) for k, v in data["per_usd"].items()},
                         as_of=str(data.get("as_of", "")), source=str(data.get("source", "")))


def load_currency_rates(path: Path | str | None = None) -> CurrencyRates:
    """The shipped rates, or those in a JSON file shaped like ``analytics/data/currency_rates.json``."""
    if path is None:
        text = (resources.files("talentgraph.analytics") / "data" / "currency_rates.json"
                ).read_text(encoding="utf-8")
        return _load_rates_text(text)
    try:
        return _load_rates_text(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ParameterError(
            f"The rates file {path} could not be read: {exc}. Expected JSON like "
            '{"as_of": "2026-11-02", "source": "...", "per_usd": {"USD": 1.0, "CNY": 7.12}}.'
        ) from exc


def period_of(date_iso: str | None, granularity: str) -> str | None:
    """The period a yyyy-mm-dd date falls in: "2024" (year), "2024-Q1" (quarter), "2024-03"."""
    if not date_iso or len(date_iso) < 7:
        return None
    year, month = date_iso[:4], int(date_iso[5:7])
    if granularity == "year":
        return year
    if granularity == "quarter":
        return f"{year}-Q{(month - 1) // 3 + 1}"
    if granularity == "month":
        return date_iso[:7]
    raise ParameterError.invalid("granularity", "talentgraph.analytics.period_of",
                                 "one of " + ", ".join(PERIOD_GRANULARITIES), granularity)


def experience_bucket(years: float | None) -> str | None:
    """The experience band of a minimum-years requirement (None when unknown)."""
    if years is None:
        return None
    if years < 1:
        return "0"
    if years < 3:
        return "1-2"
    if years < 5:
        return "3-4"
    if years < 10:
        return "5-9"
    return "10+"


def posting_row(facts: PostingFacts, *, rates: CurrencyRates, currency: str,
                granularity: str) -> dict[str, Any]:
    """The flat row of one posting (keys ``POSTING_COLUMNS``)."""
    mid = facts.salary_annual_mid
    annual = None
    if mid is not None and facts.salary_currency:
        annual = rates.convert(mid, from_currency=facts.salary_currency, to_currency=currency)
    return {
        "seq": facts.seq,
        "id": facts.id,
        "language": facts.language,
        "role_family": facts.role_family,
        "seniority": facts.seniority,
        "city": facts.city,
        "period": period_of(facts.date, granularity),
        "experience_bucket": experience_bucket(facts.experience_min_years),
        "education_min": facts.education_min,
        "is_remote": facts.is_remote,
        "has_salary": annual is not None,
        "has_skill": bool(facts.skills),
        "salary_annual": annual,
        "has_salary_raw": bool(facts.salary_raw and facts.salary_raw.strip()),
        "has_text": facts.has_text,
    }


def skill_rows(facts: PostingFacts) -> list[dict[str, Any]]:
    """One row per skill of a posting: seq, slug, requirement (required|preferred|None)."""
    return [{"seq": facts.seq, "slug": slug, "requirement": req} for slug, req in facts.skills]


def phrase_rows(facts: PostingFacts) -> list[dict[str, Any]]:
    """One row per candidate emerging phrase of a posting: seq, phrase."""
    return [{"seq": facts.seq, "phrase": phrase} for phrase in facts.phrases]


def check_engine_options(*, rates: CurrencyRates, currency: str, granularity: str,
                         owner: str) -> None:
    """Refuse what no engine can aggregate with: an unknown period length, or a report currency
    the rates do not cover (the same message from every engine)."""
    if granularity not in PERIOD_GRANULARITIES:
        raise ParameterError.invalid("granularity", owner,
                                     "one of " + ", ".join(PERIOD_GRANULARITIES), granularity)
    if currency not in rates.per_usd:
        raise ParameterError.invalid(
            "currency", owner, "a currency with a rate (" + ", ".join(sorted(rates.per_usd))
            + "); add its rate to the rates file", currency)


def check_group_columns(by: Sequence[str], *, owner: str) -> list[str]:
    """The group-by columns of a ``BaseAggregates`` question, checked: distinct columns of
    ``POSTING_COLUMNS`` other than seq and id."""
    columns = list(by)
    bad = [c for c in columns if c not in POSTING_COLUMNS or c in ("seq", "id")]
    if bad or isinstance(by, str) or len(set(columns)) != len(columns):
        raise ParameterError.invalid(
            "by", owner, "distinct columns from POSTING_COLUMNS other than seq and id ("
            + ", ".join(POSTING_COLUMNS[2:]) + ")", by)
    return columns


class BaseAggregates(Protocol):
    """Group-by counts over the unique postings. Every DataFrame returned is a pandas DataFrame
    with a default RangeIndex, the columns named below, ``None``/NaN for an unknown group value
    (unknown values are groups too), and rows sorted by the ``by`` columns then slug/phrase, so
    two engines' answers compare equal with ``DataFrame.equals`` after ``reset_index``.

    Conventions that make the answers equal across engines: group columns are ``object`` dtype
    holding Python ``str``/``bool`` values and ``None`` for unknown; counts are ``int64``;
    unknown (``None``) sorts after every known value; strings sort by code point (Python's
    ``sorted``). ``build_market_tables`` re-sorts what it reads, so it does not rely on row
    order, but engine-equality tests do."""

    #: number of unique postings
    n_postings: int

    def count_postings(self, by: Sequence[str]) -> Any:
        """Columns ``*by, postings``: unique postings per group (``by`` from POSTING_COLUMNS)."""
        ...

    def count_skills(self, by: Sequence[str]) -> Any:
        """Columns ``*by, slug, postings, required, preferred``: postings of each group asking for
        each skill; ``required``/``preferred`` count those where it is required/preferred."""
        ...

    def count_pairs(self, *, min_together: int) -> Any:
        """Columns ``slug_a, slug_b, together`` (slug_a < slug_b): postings asking for both,
        only pairs with ``together >= min_together``."""
        ...

    def count_phrases(self, by: Sequence[str], *, min_postings: int) -> Any:
        """Columns ``*by, phrase, postings``: postings containing each candidate emerging phrase;
        only phrases with at least ``min_postings`` postings over all groups."""
        ...

    def salary_sample(self) -> Any:
        """The postings with a salary: columns ``seq, role_family, seniority, city, period,
        language, salary_annual, has_text, skills`` (skills: a sorted tuple of slugs), sorted
        by seq."""
        ...
