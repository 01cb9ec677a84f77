"""The Spark engine of the market analysis equals the local one: the duplicate rule as Spark joins
against ``find_duplicates``, ``SparkAggregates`` against ``LocalAggregates`` on hand-made facts,
and ``collect_spark`` against ``collect_local`` on a small zh/en corpus (every base aggregate,
every report table, the summary and postings.jsonl). One local[2] session for the module."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from talentgraph.analytics import LocalAggregates, find_duplicates, load_currency_rates
from talentgraph.batch import (
    DEDUP_SCHEMA,
    SparkAggregates,
    build_spark_session,
    collect_duplicates,
    find_spark_duplicates,
)
from talentgraph.domain import PostingFacts
from talentgraph.errors import MissingColumnError, ParameterError
from talentgraph.text import minhash_signature, text_key

pytestmark = [pytest.mark.spark, pytest.mark.slow]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = build_spark_session(master="local[2]", app_name="talentgraph-tests",
                                  shuffle_partitions=2)
    yield session
    session.stop()


# ------------------------------------------------------------------ dedup
_BASE_EN = ("We are hiring a machine learning engineer to build ranking models in Python "
            "with PyTorch and Spark, deploy them on Kubernetes and measure them online.")
_BASE_ZH = "招聘机器学习工程师，负责推荐系统排序模型的研发，熟悉Python和PyTorch，有Spark经验者优先。"


def _dedup_items() -> list[tuple[int, str, tuple[int, ...]]]:
    """Originals, exact reposts (spacing/case), near copies (a changed sentence or footer),
    unrelated postings, empty texts, a chain (c near b near a) and seqs out of order."""
    rng = random.Random(7)
    words = ("data platform search ads vision speech robotics finance health retail logistics "
             "compiler kernel network storage security mobile frontend backend").split()
    texts: list[tuple[str, str]] = [("ML engineer", _BASE_EN), ("算法工程师", _BASE_ZH)]
    texts.append(("ML engineer", _BASE_EN.upper().replace(" ", "  ")))        # exact
    texts.append(("ML engineer", _BASE_EN + " Apply at jobs.example.com."))  # near
    texts.append(("算法工程师", _BASE_ZH + "欢迎投递。"))                     # near (zh)
    texts.append(("算法工程师", _BASE_ZH.replace("。", "！")))                # exact (zh)
    for i in range(30):
        topic = " ".join(rng.sample(words, 6))
        texts.append((f"role {i}", f"Engineer for {topic} team number {i}, using "
                      f"{' '.join(rng.sample(words, 5))} every day."))
    chain_a = " ".join(f"w{i}" for i in range(60))
    chain_b = " ".join(f"w{i}" for i in range(4, 64))
    chain_c = " ".join(f"w{i}" for i in range(8, 68))
    texts += [("chain", chain_a), ("chain", chain_b), ("chain", chain_c)]
    texts += [("empty", ""), ("empty", "   "), ("other empty", "!!!")]
    texts.append(("ML engineer", _BASE_EN + " Apply at jobs.example.com."))  # exact of a near
    seqs = list(range(0, 3 * len(texts), 3))
    rng.shuffle(seqs)  # seq, not list position, decides what is earlier
    items = [(seq, text_key(title, text), minhash_signature(text))
             for seq, (title, text) in zip(seqs, texts, strict=True)]
    # the same key with another signature (the key ignores what the shingles see, or not):
    # near copies of chain_b can be near it though it is an exact duplicate itself
    items.append((1, text_key("ML engineer", _BASE_EN), minhash_signature(chain_b + " w64")))
    items.append((seqs[0] + 1, text_key("ML engineer", _BASE_EN), minhash_signature(_BASE_EN)))
    return items


def test_spark_dedup_equals_find_duplicates(spark: Any) -> None:
    items = _dedup_items()
    expected = find_duplicates(items)
    kinds = {d.kind for d in expected.values()}
    assert kinds == {"exact", "near"}  # the corpus exercises both rules
    frame = spark.createDataFrame([(s, k, list(m)) for s, k, m in items], DEDUP_SCHEMA)
    got = collect_duplicates(find_spark_duplicates(frame))
    assert got == expected


def test_spark_dedup_threshold_matters_and_is_checked(spark: Any) -> None:
    items = _dedup_items()
    frame = spark.createDataFrame([(s, k, list(m)) for s, k, m in items], DEDUP_SCHEMA)
    strict = collect_duplicates(find_spark_duplicates(frame, threshold=0.95))
    assert strict == find_duplicates(items, threshold=0.95)
    assert len(strict) < len(find_duplicates(items))  # fewer near copies are near enough
    with pytest.raises(ParameterError, match="'threshold' parameter"):
        find_spark_duplicates(frame, threshold=1.5)


# ------------------------------------------------------------------ ids across files
def test_per_file_ids_renamed_over_the_whole_input_equal_one_reader(tmp_path: Any) -> None:
    """The Spark engine reads each file alone, then renames ids ("a#2") as one reader over every
    file would: the same ids as ``iter_postings`` over all files, repeats and copy-shaped ids
    within and across files included."""
    from talentgraph.batch._spark_market import _RawIds, _unique_ids
    from talentgraph.text import iter_postings

    files = {"f1.csv": ["a#2", "a", "a", "b", "a", "a#2#2"], "f2.csv": ["a", "a#3", "b#2", "c"],
             "f3.csv": ["c", "b", "a#4", "d"]}
    paths = []
    for name, ids in files.items():
        path = tmp_path / name
        path.write_text("id,title\n" + "".join(f"{i},Data Engineer {i}\n" for i in ids),
                        encoding="utf-8")
        paths.append(path)
    expected = [p.id for p in iter_postings(paths)]
    raws: list[tuple[int, str]] = []
    offset = 0
    for path in paths:
        replay = _RawIds()
        postings = list(iter_postings([path]))
        raws += [(offset + p.seq, replay.raw_of(p.id)) for p in postings]
        offset += len(postings)
    renames = _unique_ids(raws)
    assert [renames.get(seq, raw) for seq, raw in raws] == expected
    assert len(renames) == sum(1 for seq, raw in raws if expected[seq] != raw) >= 5


# ------------------------------------------------------------------ aggregates on hand-made facts
_SLUGS = ("python", "pytorch", "apache-spark", "kubernetes", "sql", "c++", "深度学习-x")


def _facts() -> list[PostingFacts]:
    rng = random.Random(3)
    out = []
    for seq in range(40):
        has_text = seq % 7 != 3  # a title-only posting has no skills or phrases
        skills = tuple((slug, rng.choice(["required", "preferred", None]))
                       for slug in sorted(rng.sample(_SLUGS, rng.randint(0, 4) * has_text)))
        has_pay = seq % 3 != 0
        currency = rng.choice(["CNY", "USD", "XXX"])  # XXX: no rate -> no salary_annual
        low = float(rng.randint(10, 90) * 1000)
        out.append(PostingFacts(
            seq=seq * 2 + 5, id=f"p{seq}", language=rng.choice(["zh", "en"]),
            title=None, company=None,
            role_family=rng.choice(["ml-engineering", "data-science", "other"]),
            seniority=rng.choice(["junior", "senior", None]),
            city=rng.choice(["北京", "Shanghai", "上海", None]),
            date=rng.choice(["2025-02-03", "2025-05-20", "2025-11-01", None]),
            salary_raw=f"{low}" if has_pay or seq % 5 == 0 else None,
            salary_currency=currency if has_pay else None,
            salary_annual_min=low if has_pay else None,
            salary_annual_max=(low * 1.5 if seq % 2 else None) if has_pay else None,
            experience_min_years=rng.choice([None, 0.0, 2.0, 3.0, 12.0]),
            education_min=rng.choice([None, "bachelor", "master"]),
            is_remote=rng.choice([None, True, False]),
            skills=skills,
            phrases=tuple(sorted(rng.sample(["大模型", "rag", "agents", "mlops"],
                                            rng.randint(0, 2) * has_text))),
            has_text=has_text,
        ))
    rng.shuffle(out)  # engines must not depend on the order facts arrive in
    return out


_BYS = [(), ("role_family",), ("seniority",), ("city",), ("period",), ("is_remote",),
        ("role_family", "seniority"), ("experience_bucket", "education_min"), ("has_salary",),
        ("city", "has_text"), ("language", "has_salary_raw", "has_skill")]


@pytest.fixture(scope="module")
def both(spark: Any) -> tuple[LocalAggregates, SparkAggregates]:
    facts = _facts()
    rates = load_currency_rates()
    kwargs: dict[str, Any] = {"rates": rates, "currency": "CNY", "granularity": "quarter"}
    return LocalAggregates(facts, **kwargs), SparkAggregates(facts, spark=spark, **kwargs)


@pytest.mark.parametrize("by", _BYS, ids=lambda by: "+".join(by) or "all")
def test_spark_counts_equal_local(both: tuple[Any, Any], by: tuple[str, ...]) -> None:
    local, spark_agg = both
    assert_frame_equal(spark_agg.count_postings(by), local.count_postings(by))
    if by:  # the local engine needs a group for skills and phrases
        assert_frame_equal(spark_agg.count_skills(by), local.count_skills(by))
        assert_frame_equal(spark_agg.count_phrases(by, min_postings=3),
                           local.count_phrases(by, min_postings=3))


def test_spark_pairs_salary_sample_and_totals_equal_local(both: tuple[Any, Any]) -> None:
    local, spark_agg = both
    assert spark_agg.n_postings == local.n_postings == 40
    for min_together in (1, 3, 6):
        assert_frame_equal(spark_agg.count_pairs(min_together=min_together),
                           local.count_pairs(min_together=min_together))
    sample = spark_agg.salary_sample()
    assert_frame_equal(sample, local.salary_sample())
    assert list(sample["seq"]) == sorted(sample["seq"])
    assert all(list(s) == sorted(s) for s in sample["skills"])


def test_spark_counts_match_a_brute_force_count(both: tuple[Any, Any]) -> None:
    """Not just equal to the local engine: equal to counting by hand."""
    _, spark_agg = both
    facts = _facts()
    skills = spark_agg.count_skills(["role_family"])
    for row in skills.itertuples(index=False):
        mine = [f for f in facts if f.role_family == row.role_family
                and row.slug in dict(f.skills)]
        assert row.postings == len(mine)
        assert row.required == sum(dict(f.skills)[row.slug] == "required" for f in mine)
    pairs = spark_agg.count_pairs(min_together=1)
    for a, b in itertools.combinations(sorted(_SLUGS), 2):
        together = sum(1 for f in facts if {a, b} <= set(dict(f.skills)))
        hit = pairs[(pairs.slug_a == a) & (pairs.slug_b == b)]
        assert (int(hit.together.iloc[0]) if len(hit) else 0) == together
    cities = spark_agg.count_postings(["city"])
    assert cities["city"].iloc[-1] is None  # unknown last
    assert int(cities["postings"].sum()) == 40


def test_spark_aggregates_reject_a_bad_group(both: tuple[Any, Any]) -> None:
    _, spark_agg = both
    with pytest.raises(ParameterError, match="'by' parameter"):
        spark_agg.count_postings(["salary"])
    with pytest.raises(ParameterError, match="'by' parameter"):
        spark_agg.count_skills(["city", "city"])


def test_spark_aggregates_on_no_postings(spark: Any) -> None:
    rates = load_currency_rates()
    empty = SparkAggregates([], spark=spark, rates=rates, currency="USD", granularity="month")
    local = LocalAggregates([], rates=rates, currency="USD", granularity="month")
    assert empty.n_postings == 0
    assert_frame_equal(empty.count_postings(["city"]), local.count_postings(["city"]))
    assert_frame_equal(empty.count_skills(["city"]), local.count_skills(["city"]))
    assert_frame_equal(empty.count_pairs(min_together=1), local.count_pairs(min_together=1))
    assert_frame_equal(empty.salary_sample(), local.salary_sample())
    assert isinstance(empty.count_postings([]), pd.DataFrame)


# ------------------------------------------------------------------ the whole engine vs local
_EN_SKILLS = ["Python", "PyTorch", "TensorFlow", "Spark", "SQL", "Kubernetes", "Docker", "AWS",
              "Java", "Go", "Kafka", "Airflow"]
_ZH_SKILLS = ["Python", "深度学习", "机器学习", "PyTorch", "Spark", "Hadoop", "SQL", "大模型",
              "推荐系统", "自然语言处理", "Java", "Linux"]
_EN_TITLES = ["Machine Learning Engineer", "Senior Data Scientist", "Data Engineer",
              "Backend Engineer", "Junior Data Analyst"]
_ZH_TITLES = ["算法工程师", "高级数据科学家", "数据开发工程师", "后端开发工程师", "数据分析师"]
_EN_CITIES = ["San Francisco", "New York", "Seattle", "London"]
_ZH_CITIES = ["北京", "上海", "深圳", "杭州"]
_DATES = ["2025-02-10", "2025-03-21", "2025-05-06", "2025-06-30", "2025-08-12"]


def _en_text(rng: random.Random, i: int) -> str:
    must = rng.sample(_EN_SKILLS, 3)
    nice = rng.sample([s for s in _EN_SKILLS if s not in must], 2)
    return (f"About the role: you will build data products for team {i} and own them end to "
            f"end.\nRequirements: {', '.join(must)}; {rng.randint(1, 8)}+ years of "
            f"experience; Bachelor's degree.\nNice to have: {' and '.join(nice)}.")


def _zh_text(rng: random.Random, i: int) -> str:
    must = rng.sample(_ZH_SKILLS, 3)
    nice = rng.sample([s for s in _ZH_SKILLS if s not in must], 2)
    return (f"岗位职责：负责第{i}号业务的数据与模型研发。\n任职要求：熟悉{'、'.join(must)}，"
            f"{rng.randint(1, 8)}年以上工作经验，本科及以上学历。\n加分项：{'、'.join(nice)}。")


def _write_corpus(root: Any) -> list[Any]:
    """~60 postings: an English CSV and a Chinese JSONL in a folder, a second CSV given after
    it, and a one-document TXT; exact reposts, near copies, a row without title and text, ids
    repeated within and across files, salaries, dates (some missing)."""
    import csv
    import json

    rng = random.Random(11)
    folder = root / "boards"
    folder.mkdir()
    en_rows = []
    for i in range(24):
        low = rng.randint(8, 20) * 10
        en_rows.append({
            "id": f"en-{i}" if i != 5 else "en-1",  # a repeated id inside the file
            "title": rng.choice(_EN_TITLES), "description": _en_text(rng, i),
            "salary": rng.choice([f"${low},000 - ${low + 30},000 a year", "", "competitive"]),
            "city": rng.choice(_EN_CITIES), "date": rng.choice(_DATES + [""]),
            "company": f"Acme {i % 4}"})
    en_rows.append(dict(en_rows[3], id="en-repost"))                        # exact repost
    # near copies need a real description (short ones are only ever exact duplicates)
    en_rows[4]["description"] = " ".join(_en_text(random.Random(100 + k), 4) for k in range(4))
    en_rows.append(dict(en_rows[4], id="en-near",
                        description=en_rows[4]["description"] + " Apply today."))  # near copy
    en_rows.append({"id": "en-empty", "title": "", "description": "", "salary": "",
                    "city": "", "date": "", "company": "Acme 0"})       # skipped: no_text
    with (folder / "a_en.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(en_rows[0]))
        writer.writeheader()
        writer.writerows(en_rows)
    zh_rows = []
    for i in range(24):
        low = rng.randint(10, 40)
        zh_rows.append({
            "编号": f"zh-{i}" if i != 7 else "en-2",  # an id another file uses too
            "职位名称": rng.choice(_ZH_TITLES), "职位描述": _zh_text(rng, i),
            "薪资": rng.choice([f"{low}-{low + 10}K·14薪", f"{low}k-{low + 15}k", "面议"]),
            "城市": rng.choice(_ZH_CITIES), "发布日期": rng.choice(_DATES)})
    zh_rows.append(dict(zh_rows[2], 编号="zh-repost"))
    zh_rows[6]["职位描述"] = "".join(_zh_text(random.Random(200 + k), 6) for k in range(5))
    zh_rows.append(dict(zh_rows[6], 编号="zh-near", 职位描述=zh_rows[6]["职位描述"] + "欢迎投递简历。"))
    zh_rows.append({"编号": "zh-title-only", "职位名称": "机器学习工程师", "职位描述": "",
                    "薪资": "", "城市": "北京", "发布日期": "2025-06-01"})
    (folder / "b_zh.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in zh_rows), encoding="utf-8")
    (folder / "c_note.txt").write_text(
        "Data Scientist\nWe need Python, SQL and statistics. 3+ years. Remote.", encoding="utf-8")
    extra = root / "late.csv"
    with extra.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(en_rows[0]))
        writer.writeheader()
        writer.writerow(dict(en_rows[0], id="en-0"))                    # exact, id repeated
        writer.writerow(dict(en_rows[1], id="late-1", description=_en_text(rng, 99)))
    return [folder, extra]


@pytest.fixture(scope="module")
def engines(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from talentgraph.analytics import MarketOptions
    from talentgraph.batch import collect_spark
    from talentgraph.services import collect_local

    root = tmp_path_factory.mktemp("corpus")
    inputs = _write_corpus(root)
    small = {"min_trend_postings": 2, "min_pair_postings": 2, "min_premium_postings": 3,
             "min_premium_sample": 10, "min_pay_group": 2, "min_phrase_postings": 2,
             "min_period_postings": 5, "min_group_postings": 2, "lang": "en"}
    out = {"local": root / "local" / "postings.jsonl", "spark": root / "spark" / "postings.jsonl"}
    options = {name: MarketOptions(engine=name, **small) for name in out}
    seen: list[int] = []
    return {
        "local": collect_local(inputs, options=options["local"], postings_out=out["local"],
                               workers=1),
        "spark": collect_spark(inputs, options=options["spark"], postings_out=out["spark"],
                               spark=spark, progress=seen.append),
        "out": out, "options": options, "progress": seen,
    }


def test_spark_engine_reads_dedups_and_counts_like_local(engines: dict[str, Any]) -> None:
    local, spark_result = engines["local"], engines["spark"]
    volume = local.volume
    assert volume.exact_duplicates >= 3 and volume.near_duplicates >= 2  # the corpus has both
    assert volume.duplicate_ids >= 2 and volume.skipped >= 1
    assert spark_result.volume == volume
    assert spark_result.skipped == local.skipped
    assert spark_result.aggregates.n_postings == local.aggregates.n_postings
    assert engines["progress"] == [volume.postings_read - volume.skipped_by_reason["no_text"]]


def test_spark_engine_base_aggregates_equal_local(engines: dict[str, Any]) -> None:
    local, spark_agg = engines["local"].aggregates, engines["spark"].aggregates
    # every grouping is compared on hand-made facts above; here those of the report's tables
    for by in [(), ("role_family",), ("city", "has_text"), ("period",), ("seniority",)]:
        assert_frame_equal(spark_agg.count_postings(by), local.count_postings(by))
        if by:
            assert_frame_equal(spark_agg.count_skills(by), local.count_skills(by))
            assert_frame_equal(spark_agg.count_phrases(by, min_postings=2),
                               local.count_phrases(by, min_postings=2))
    assert_frame_equal(spark_agg.count_pairs(min_together=2), local.count_pairs(min_together=2))
    assert_frame_equal(spark_agg.salary_sample(), local.salary_sample())
    assert len(local.salary_sample()) >= 10


def test_spark_engine_tables_summary_and_postings_equal_local(engines: dict[str, Any]) -> None:
    from talentgraph.analytics import build_market_tables

    reports = {name: build_market_tables(engines[name].aggregates, volume=engines[name].volume,
                                         skipped=engines[name].skipped,
                                         options=engines["options"][name])
               for name in ("local", "spark")}
    local, spark_report = reports["local"], reports["spark"]
    assert list(spark_report.tables) == list(local.tables)
    for name, frame in local.tables.items():
        assert_frame_equal(spark_report.tables[name], frame, obj=name)
    assert sum(len(f) for f in local.tables.values()) > 100  # the tables are not empty
    assert spark_report.summary.pop("engine") == "spark"
    assert local.summary.pop("engine") == "local"
    assert spark_report.summary == local.summary
    lines = {name: engines["out"][name].read_text(encoding="utf-8") for name in ("local", "spark")}
    assert lines["spark"] == lines["local"]
    assert len(lines["local"].splitlines()) == engines["local"].aggregates.n_postings


def test_spark_engine_raises_the_readers_error_for_an_unmappable_table(
        spark: Any, tmp_path: Any) -> None:
    """A table whose columns cannot be mapped stops the run with the reader's own error (the
    user must fix --map), not a Spark traceback, and nothing is written."""
    from talentgraph.analytics import MarketOptions
    from talentgraph.batch import collect_spark

    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    out = tmp_path / "out" / "postings.jsonl"
    with pytest.raises(MissingColumnError, match="bad.csv") as info:
        collect_spark([bad], options=MarketOptions(), postings_out=out, spark=spark)
    assert "--map" in str(info.value)
    assert not out.exists()
