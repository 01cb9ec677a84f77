"""Use cases: one function per thing a user does; each owns its files and transactions."""

from talentgraph.services._market import (
    EngineResult,
    MarketRun,
    ProgressFn,
    collect_local,
    posting_json,
    posting_record,
    run_market_analysis,
    volume_stats,
    write_market_outputs,
)

__all__ = [
    "EngineResult",
    "MarketRun",
    "ProgressFn",
    "collect_local",
    "posting_json",
    "posting_record",
    "run_market_analysis",
    "volume_stats",
    "write_market_outputs",
]
