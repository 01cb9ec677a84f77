"""The duplicate rule of the market analysis (``talentgraph.analytics.find_duplicates``) as Spark
joins, for corpora too big for one machine's memory.

A posting is a duplicate iff an EARLIER posting (lower seq) has the same ``text_key`` (exact;
a window minimum per key), or, failing that, shares an LSH band with it and has an estimated
Jaccard >= threshold (near; the band keys come from ``lsh_bands`` in the executors, the pairs
from a self-join on (band index, band bytes) with ``seq_a < seq_b``). ``of_seq`` is the lowest
such earlier seq. The band keys and the Jaccard estimate (share of equal signature positions,
computed as a Spark expression) are those of the reference, so the answers are equal (tested).
"""

from __future__ import annotations

from typing import Any

from talentgraph.analytics import DEDUP_THRESHOLD, DuplicateOf, lsh_bands
from talentgraph.batch._spark_session import import_pyspark
from talentgraph.errors import ParameterError

__all__ = ["DEDUP_SCHEMA", "collect_duplicates", "find_spark_duplicates"]

#: Columns the input frame of ``find_spark_duplicates`` must have.
DEDUP_SCHEMA = "seq long, text_key string, minhash array<long>"


def _bands_of(row: Any) -> list[tuple[int, int, bytearray]]:
    seq, signature = row[0], row[1]
    return [(seq, index, bytearray(key)) for index, key in lsh_bands(signature or ())]


def find_spark_duplicates(frame: Any, *, threshold: float = DEDUP_THRESHOLD) -> Any:
    """The duplicates among the rows of ``frame`` (a Spark DataFrame with ``seq, text_key,
    minhash``; seq unique): a Spark DataFrame ``seq, kind, of_seq`` ("exact" or "near"), one row
    per duplicate, in no particular order.
    """
    if (not isinstance(threshold, (int, float)) or isinstance(threshold, bool)
            or not 0.0 < float(threshold) <= 1.0):
        raise ParameterError.invalid("threshold", "find_spark_duplicates", "a number in (0, 1]",
                                     threshold)
    sql = import_pyspark()
    F, Window = sql.functions, sql.Window
    spark = frame.sparkSession
    items = frame.select("seq", "text_key", "minhash")
    by_key = Window.partitionBy("text_key")
    keyed = (items.withColumn("first_seq", F.min("seq").over(by_key))
             .withColumn("first_sig", F.first("minhash").over(by_key.orderBy("seq"))))
    exact = (keyed.where(F.col("seq") > F.col("first_seq"))
             .select("seq", F.lit("exact").alias("kind"), F.col("first_seq").alias("of_seq")))
    # near: only postings that are not exact duplicates can be near ones. Any earlier posting can
    # be the one they are near, but an exact duplicate with its original's signature need not be
    # indexed: whatever is near it is as near the original, which has the lower seq (a text
    # reposted 10,000 times then adds 1 row per band, not 10,000)
    firsts = keyed.where(F.col("seq") == F.col("first_seq"))
    indexed = keyed.where((F.col("seq") == F.col("first_seq"))
                          | ~F.equal_null(F.col("minhash"), F.col("first_sig")))

    def bands_of(frame: Any) -> Any:
        return spark.createDataFrame(frame.select("seq", "minhash").rdd.flatMap(_bands_of),
                                     "seq long, band int, key binary")

    later = bands_of(firsts).select(F.col("seq").alias("seq_b"), "band", "key")
    earlier = bands_of(indexed).select(F.col("seq").alias("seq_a"), "band", "key")
    pairs = (later.join(earlier, on=["band", "key"]).where(F.col("seq_a") < F.col("seq_b"))
             .select("seq_a", "seq_b").distinct())
    sigs = items.select("seq", "minhash")
    scored = (pairs
              .join(sigs.select(F.col("seq").alias("seq_a"), F.col("minhash").alias("sig_a")),
                    on="seq_a")
              .join(sigs.select(F.col("seq").alias("seq_b"), F.col("minhash").alias("sig_b")),
                    on="seq_b"))
    equal = F.size(F.filter(F.zip_with("sig_a", "sig_b", lambda x, y: x == y), lambda t: t))
    near = (scored.where(equal / F.size("sig_a") >= float(threshold))
            .groupBy("seq_b").agg(F.min("seq_a").alias("of_seq"))
            .select(F.col("seq_b").alias("seq"), F.lit("near").alias("kind"), "of_seq"))
    return exact.unionByName(near)


def collect_duplicates(duplicates: Any) -> dict[int, DuplicateOf]:
    """A ``find_spark_duplicates`` answer on the driver, shaped like ``find_duplicates``'s."""
    return {int(r["seq"]): DuplicateOf(str(r["kind"]), int(r["of_seq"]))
            for r in duplicates.collect()}
