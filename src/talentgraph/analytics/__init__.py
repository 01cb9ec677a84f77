"""Analytics: pure functions from extracted facts to typed reports (market demand first)."""

from talentgraph.analytics._base import (
    PERIOD_GRANULARITIES,
    POSTING_COLUMNS,
    BaseAggregates,
    CurrencyRates,
    experience_bucket,
    load_currency_rates,
    period_of,
    phrase_rows,
    posting_row,
    skill_rows,
)

__all__ = [
    "PERIOD_GRANULARITIES",
    "POSTING_COLUMNS",
    "BaseAggregates",
    "CurrencyRates",
    "experience_bucket",
    "load_currency_rates",
    "period_of",
    "phrase_rows",
    "posting_row",
    "skill_rows",
]
