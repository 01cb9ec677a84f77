"""Analytics: pure functions from extracted facts to typed reports (market demand first)."""

from talentgraph.analytics._base import (
    PERIOD_GRANULARITIES,
    POSTING_COLUMNS,
    BaseAggregates,
    CurrencyRates,
    check_engine_options,
    check_group_columns,
    experience_bucket,
    load_currency_rates,
    period_of,
    phrase_rows,
    posting_row,
    skill_rows,
)
from talentgraph.analytics._dedup import (
    DEDUP_THRESHOLD,
    LSH_BANDS,
    LSH_ROWS,
    Deduplicator,
    DuplicateOf,
    estimate_jaccard,
    find_duplicates,
    lsh_bands,
)
from talentgraph.analytics._local import LocalAggregates
from talentgraph.analytics._market import (
    MarketOptions,
    MarketReport,
    VolumeStats,
    build_market_tables,
)
from talentgraph.analytics._report import render_market_report

__all__ = [
    "DEDUP_THRESHOLD",
    "LSH_BANDS",
    "LSH_ROWS",
    "Deduplicator",
    "DuplicateOf",
    "estimate_jaccard",
    "find_duplicates",
    "lsh_bands",
    "PERIOD_GRANULARITIES",
    "POSTING_COLUMNS",
    "BaseAggregates",
    "CurrencyRates",
    "check_engine_options",
    "check_group_columns",
    "LocalAggregates",
    "MarketOptions",
    "MarketReport",
    "VolumeStats",
    "build_market_tables",
    "experience_bucket",
    "load_currency_rates",
    "period_of",
    "phrase_rows",
    "posting_row",
    "render_market_report",
    "skill_rows",
]
