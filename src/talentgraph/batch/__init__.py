"""Batch jobs on PySpark that reuse ``extract`` and ``analytics`` unchanged.

- ``collect_spark``: the market analysis's first step (read, extract, deduplicate, aggregate)
  with Spark executors; returns the same ``EngineResult`` as ``services.collect_local``.
- ``SparkAggregates``: the ``BaseAggregates`` group-by counts as Spark DataFrame operations.
- ``find_spark_duplicates`` / ``collect_duplicates``: the duplicate rule as Spark joins.
- ``build_spark_session``: a quiet, offline session (local mode by default).

PySpark is an optional extra (``pip install 'talentgraph[spark]'``); it is imported only when
one of these runs.
"""

from talentgraph.batch._spark_aggregates import SparkAggregates
from talentgraph.batch._spark_dedup import (
    DEDUP_SCHEMA,
    collect_duplicates,
    find_spark_duplicates,
)
from talentgraph.batch._spark_market import collect_spark
from talentgraph.batch._spark_session import build_spark_session

__all__ = [
    "DEDUP_SCHEMA",
    "SparkAggregates",
    "build_spark_session",
    "collect_duplicates",
    "collect_spark",
    "find_spark_duplicates",
]
