"""Hand-built PostingFacts for the market aggregation tests (one factory, used by every file)."""

from __future__ import annotations

from typing import Any

from talentgraph.analytics import CurrencyRates
from talentgraph.domain import PostingFacts

#: Stated test rates: 1 USD = 7 CNY = 0.5 GBP (round numbers so conversions are checkable).
RATES = CurrencyRates(per_usd={"USD": 1.0, "CNY": 7.0, "GBP": 0.5}, as_of="2026-01-01",
                      source="test rates")


def fact(seq: int, *, skills: Any = (), salary: float | None = None, currency: str = "USD",
         role_family: str = "ml-engineer", **fields: Any) -> PostingFacts:
    """One posting's facts. ``skills``: slugs (requirement None) or (slug, requirement) pairs;
    ``salary``: an annual amount (min = max) in ``currency``; other fields as PostingFacts."""
    pairs = tuple((s, None) if isinstance(s, str) else (s[0], s[1]) for s in skills)
    values: dict[str, Any] = {
        "id": f"p{seq}", "language": "en", "title": None, "company": None,
        "seniority": None, "city": None, "date": None,
        "salary_raw": None if salary is None else f"{salary} {currency}",
        "salary_currency": None if salary is None else currency,
        "salary_annual_min": salary, "salary_annual_max": salary,
        "experience_min_years": None, "education_min": None, "is_remote": None,
    }
    values.update(fields)
    return PostingFacts(seq=seq, role_family=role_family, skills=pairs, **values)
