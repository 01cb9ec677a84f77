"""``SparkAggregates``: the market analysis's base group-by counts computed by Spark.

It answers exactly what ``talentgraph.analytics.LocalAggregates`` answers (the
``BaseAggregates`` Protocol), from the same flat rows (``posting_row``, ``skill_rows``,
``phrase_rows`` run inside the executors, so money conversion and periods are the same code),
and hands back small pandas DataFrames with the same columns, dtypes and row order, so the
report code downstream cannot tell the engines apart. The grouping, joining and exploding happen
in Spark; only the (small) answers are collected to the driver.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from talentgraph.analytics import (
    POSTING_COLUMNS,
    CurrencyRates,
    check_engine_options,
    check_group_columns,
    phrase_rows,
    posting_row,
    skill_rows,
)
from talentgraph.batch._spark_session import import_pyspark
from talentgraph.domain import PostingFacts
from talentgraph.errors import ParameterError

__all__ = ["SparkAggregates"]

_OWNER = "talentgraph.batch.SparkAggregates"

#: Spark type of the posting-row columns that are not strings (flags ``has_*``/``is_*`` are
#: booleans, so a flag added to POSTING_COLUMNS needs no change here).
_POSTING_TYPES = {"seq": "long", "salary_annual": "double"}


def _spark_type(column: str) -> str:
    if column in _POSTING_TYPES:
        return _POSTING_TYPES[column]
    return "boolean" if column.startswith(("has_", "is_")) else "string"


_SALARY_COLUMNS = ("seq", "role_family", "seniority", "city", "period", "language",
                   "salary_annual", "has_text")


def _schema(types: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"`{name}` {kind}" for name, kind in types)


def _frame(rows: list[Any], *, keys: Sequence[str], counts: Sequence[str]) -> pd.DataFrame:
    """Collected Spark rows (``*keys, *counts``) as the pandas frame the Protocol describes: key
    columns ``object`` with Python values and None for unknown, counts ``int64``; sorted by the
    keys (stable, None last, code-point order, as pandas sorts object columns) with a default
    RangeIndex."""
    names = [*keys, *counts]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    data = {name: pd.Series(values, dtype=np.int64 if name in counts else object)
            for name, values in zip(names, columns, strict=True)}
    frame = pd.DataFrame(data, columns=names)
    if keys and len(frame):
        frame = frame.sort_values(list(keys), na_position="last", kind="mergesort")
    return frame.reset_index(drop=True)


class SparkAggregates:
    """Group-by counts over the unique postings, computed with Spark DataFrames.

    ``facts`` is an RDD of ``PostingFacts`` (as ``collect_spark`` produces) or any iterable of
    them (parallelised on ``spark``, or the active session). The flat frames are built and cached
    once at construction; each method runs one Spark job and returns a pandas DataFrame.
    """

    n_postings: int

    def __init__(self, facts: Any, *, rates: CurrencyRates, currency: str, granularity: str,
                 spark: Any = None) -> None:
        check_engine_options(rates=rates, currency=currency, granularity=granularity,
                             owner=_OWNER)
        sql = import_pyspark()
        if spark is None:
            spark = sql.SparkSession.getActiveSession()
            if spark is None:
                raise ParameterError("SparkAggregates needs a Spark session: pass spark=... or "
                                     "build one with talentgraph.batch.build_spark_session().")
        self.spark = spark
        self.rates = rates
        self.currency = currency
        self.granularity = granularity
        rdd = facts if hasattr(facts, "mapPartitions") else spark.sparkContext.parallelize(
            list(facts), max(1, spark.sparkContext.defaultParallelism))

        def to_posting(f: PostingFacts) -> tuple[Any, ...]:
            row = posting_row(f, rates=rates, currency=currency, granularity=granularity)
            if row["salary_annual"] is not None:
                row["salary_annual"] = float(row["salary_annual"])
            return tuple(row[c] for c in POSTING_COLUMNS)

        self._postings = spark.createDataFrame(
            rdd.map(to_posting), _schema((c, _spark_type(c)) for c in POSTING_COLUMNS)).cache()
        self._skills = spark.createDataFrame(
            rdd.flatMap(lambda f: [(r["seq"], r["slug"], r["requirement"])
                                   for r in skill_rows(f)]),
            "seq long, slug string, requirement string").cache()
        self._phrases = spark.createDataFrame(
            rdd.flatMap(lambda f: [(r["seq"], r["phrase"]) for r in phrase_rows(f)]),
            "seq long, phrase string").cache()
        # materialise the three caches now, while the caller still holds what they come from
        self.n_postings = int(self._postings.count())
        self._skills.count()
        self._phrases.count()

    def count_postings(self, by: Sequence[str]) -> pd.DataFrame:
        """Columns ``*by, postings``: unique postings per group."""
        cols = check_group_columns(by, owner=f"{_OWNER}.count_postings")
        if not cols:
            return pd.DataFrame({"postings": np.array([self.n_postings], dtype=np.int64)})
        rows = self._postings.groupBy(*cols).count().select(*cols, "count").collect()
        return _frame(rows, keys=cols, counts=["postings"])

    def count_skills(self, by: Sequence[str]) -> pd.DataFrame:
        """Columns ``*by, slug, postings, required, preferred``."""
        F = import_pyspark().functions
        cols = check_group_columns(by, owner=f"{_OWNER}.count_skills")
        joined = self._skills.join(self._postings.select("seq", *cols), on="seq")
        rows = (joined.groupBy(*cols, "slug")
                .agg(F.count(F.lit(1)).alias("postings"),
                     F.sum(F.when(F.col("requirement") == "required", 1).otherwise(0))
                     .alias("required"),
                     F.sum(F.when(F.col("requirement") == "preferred", 1).otherwise(0))
                     .alias("preferred"))
                .select(*cols, "slug", "postings", "required", "preferred").collect())
        return _frame(rows, keys=[*cols, "slug"], counts=["postings", "required", "preferred"])

    def count_pairs(self, *, min_together: int) -> pd.DataFrame:
        """Columns ``slug_a, slug_b, together`` (slug_a < slug_b), ``together >= min_together``:
        a self-join of the skill rows on the posting."""
        F = import_pyspark().functions
        a = self._skills.select("seq", F.col("slug").alias("slug_a"))
        b = self._skills.select("seq", F.col("slug").alias("slug_b"))
        rows = (a.join(b, on="seq").where(F.col("slug_a") < F.col("slug_b"))
                .groupBy("slug_a", "slug_b").agg(F.count(F.lit(1)).alias("together"))
                .where(F.col("together") >= int(min_together))
                .select("slug_a", "slug_b", "together").collect())
        return _frame(rows, keys=["slug_a", "slug_b"], counts=["together"])

    def count_phrases(self, by: Sequence[str], *, min_postings: int) -> pd.DataFrame:
        """Columns ``*by, phrase, postings`` for phrases in >= ``min_postings`` postings."""
        F = import_pyspark().functions
        cols = check_group_columns(by, owner=f"{_OWNER}.count_phrases")
        frequent = (self._phrases.groupBy("phrase").agg(F.count(F.lit(1)).alias("n"))
                    .where(F.col("n") >= int(min_postings)).select("phrase"))
        joined = (self._phrases.join(frequent, on="phrase")
                  .join(self._postings.select("seq", *cols), on="seq"))
        rows = (joined.groupBy(*cols, "phrase").agg(F.count(F.lit(1)).alias("postings"))
                .select(*cols, "phrase", "postings").collect())
        return _frame(rows, keys=[*cols, "phrase"], counts=["postings"])

    def salary_sample(self) -> pd.DataFrame:
        """The salaried postings: ``seq, role_family, seniority, city, period, language,
        salary_annual, has_text, skills`` (a sorted tuple of slugs), sorted by seq."""
        F = import_pyspark().functions
        salaried = self._postings.where(F.col("has_salary")).select(*_SALARY_COLUMNS)
        slugs = self._skills.groupBy("seq").agg(F.collect_list("slug").alias("skills"))
        rows = salaried.join(slugs, on="seq", how="left").select(
            *_SALARY_COLUMNS, "skills").collect()
        records = sorted(rows, key=lambda r: r["seq"])
        data: dict[str, pd.Series] = {
            "seq": pd.Series([r["seq"] for r in records], dtype=np.int64)}
        for name in ("role_family", "seniority", "city", "period", "language"):
            data[name] = pd.Series([r[name] for r in records], dtype=object)
        data["salary_annual"] = pd.Series([r["salary_annual"] for r in records],
                                          dtype=np.float64)
        data["has_text"] = pd.Series([bool(r["has_text"]) for r in records], dtype=bool)
        data["skills"] = pd.Series([tuple(sorted(r["skills"] or ())) for r in records],
                                   dtype=object)
        return pd.DataFrame(data, columns=[*_SALARY_COLUMNS, "skills"])
