"""LocalAggregates: the base counts of the pandas engine, checked by hand and against a naive
count in plain Python."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from _market_facts import RATES, fact

from talentgraph.analytics import POSTING_COLUMNS, LocalAggregates, posting_row
from talentgraph.errors import ParameterError


def _agg(facts, *, currency: str = "USD", granularity: str = "quarter") -> LocalAggregates:
    return LocalAggregates(facts, rates=RATES, currency=currency, granularity=granularity)


def _corpus() -> list:
    return [
        fact(0, skills=[("python", "required"), ("sql", "preferred")], city="Beijing",
             date="2024-02-10", salary=70000.0, currency="CNY"),
        fact(1, skills=[("python", "preferred")], city=None, date="2024-05-01"),
        fact(2, skills=[("sql", "required"), "python"], city="Shanghai", date=None,
             role_family="data-analyst", salary=20000.0, currency="USD"),
        fact(3, skills=[], city="Beijing", date="2024-02-11"),
    ]


def test_count_postings_by_group_with_unknown_last() -> None:
    got = _agg(_corpus()).count_postings(["city"])
    expected = pd.DataFrame({"city": pd.Series(["Beijing", "Shanghai", None], dtype=object),
                             "postings": np.array([2, 1, 1], dtype=np.int64)})
    pd.testing.assert_frame_equal(got, expected)
    assert _agg(_corpus()).count_postings([]).to_dict("list") == {"postings": [4]}


def test_count_postings_two_columns_sorted() -> None:
    got = _agg(_corpus()).count_postings(["role_family", "period"])
    assert got.to_dict("records") == [
        {"role_family": "data-analyst", "period": None, "postings": 1},
        {"role_family": "ml-engineer", "period": "2024-Q1", "postings": 2},
        {"role_family": "ml-engineer", "period": "2024-Q2", "postings": 1},
    ]


def test_count_skills_counts_required_and_preferred() -> None:
    agg = _agg(_corpus())
    overall = agg.count_skills([])
    assert overall.to_dict("records") == [
        {"slug": "python", "postings": 3, "required": 1, "preferred": 1},
        {"slug": "sql", "postings": 2, "required": 1, "preferred": 1},
    ]
    by_city = agg.count_skills(["city"])
    assert list(by_city.columns) == ["city", "slug", "postings", "required", "preferred"]
    assert [(r["city"], r["slug"], r["postings"]) for r in by_city.to_dict("records")] == [
        ("Beijing", "python", 1), ("Beijing", "sql", 1), ("Shanghai", "python", 1),
        ("Shanghai", "sql", 1), (None, "python", 1)]
    assert str(by_city["postings"].dtype) == "int64" and by_city["city"].dtype == object


def test_count_pairs_and_threshold() -> None:
    facts = [fact(i, skills=["a-skill", "b-skill", "c-skill"][: 1 + i % 3]) for i in range(9)]
    agg = _agg(facts)
    # postings 1,4,7 have a+b; 2,5,8 have a+b+c
    assert agg.count_pairs(min_together=1).to_dict("records") == [
        {"slug_a": "a-skill", "slug_b": "b-skill", "together": 6},
        {"slug_a": "a-skill", "slug_b": "c-skill", "together": 3},
        {"slug_a": "b-skill", "slug_b": "c-skill", "together": 3},
    ]
    assert agg.count_pairs(min_together=4)["together"].tolist() == [6]


def test_count_phrases_filters_on_total_over_groups() -> None:
    facts = [fact(0, phrases=("agent memory", "rare"), date="2024-01-05"),
             fact(1, phrases=("agent memory",), date="2024-04-05"),
             fact(2, phrases=("agent memory",))]
    got = _agg(facts).count_phrases(["period"], min_postings=2)
    assert got.to_dict("records") == [
        {"period": "2024-Q1", "phrase": "agent memory", "postings": 1},
        {"period": "2024-Q2", "phrase": "agent memory", "postings": 1},
        {"period": None, "phrase": "agent memory", "postings": 1},
    ]


def test_salary_sample_converts_with_stated_rates_and_sorts_by_seq() -> None:
    facts = list(reversed(_corpus()))  # input order must not matter
    sample = _agg(facts, currency="GBP").salary_sample()
    assert sample["seq"].tolist() == [0, 2]
    # 70000 CNY = 10000 USD = 5000 GBP; 20000 USD = 10000 GBP
    assert sample["salary_annual"].tolist() == pytest.approx([5000.0, 10000.0])
    assert sample["skills"].tolist() == [("python", "sql"), ("python", "sql")]
    assert sample["city"].tolist() == ["Beijing", "Shanghai"]
    assert sample["period"].tolist() == ["2024-Q1", None]


def test_salary_in_a_currency_without_rate_is_not_a_salary() -> None:
    facts = [fact(0, salary=100.0, currency="XYZ"), fact(1, salary_raw="negotiable")]
    agg = _agg(facts)
    assert len(agg.salary_sample()) == 0
    flags = agg.count_postings(["has_salary_raw", "has_salary"])
    assert flags.to_dict("records") == [
        {"has_salary_raw": True, "has_salary": False, "postings": 2}]


def test_posting_row_has_every_column() -> None:
    row = posting_row(fact(0, salary_raw="  "), rates=RATES, currency="USD",
                      granularity="month")
    assert tuple(row) == POSTING_COLUMNS
    assert row["has_salary_raw"] is False


def test_bad_parameters_say_what_was_expected() -> None:
    with pytest.raises(ParameterError, match="'currency' parameter .* Got 'EUR'"):
        _agg([], currency="EUR")
    with pytest.raises(ParameterError, match="'granularity' parameter"):
        _agg([], granularity="week")
    with pytest.raises(ParameterError, match="'by' parameter .*Got \\['town'\\]"):
        _agg(_corpus()).count_skills(["town"])


def test_empty_input_gives_empty_frames() -> None:
    agg = _agg([])
    assert agg.n_postings == 0
    assert agg.count_skills(["city"]).empty and agg.count_pairs(min_together=1).empty
    assert agg.count_phrases([], min_postings=1).empty and agg.salary_sample().empty


def test_counts_match_a_naive_count_on_a_random_corpus() -> None:
    rng = random.Random(7)
    slugs = ["docker", "python", "pytorch", "sql", "kubernetes", "aws"]
    cities = ["Beijing", "Shanghai", None]
    facts = [fact(i, skills=[(s, rng.choice(["required", "preferred", None]))
                             for s in rng.sample(slugs, rng.randint(0, 4))],
                  city=rng.choice(cities), seniority=rng.choice(["senior", None]))
             for i in range(400)]
    agg = _agg(facts)
    naive = Counter((f.city, f.seniority, s) for f in facts for s, _ in f.skills)
    got = agg.count_skills(["city", "seniority"])
    assert {(r["city"], r["seniority"], r["slug"]): r["postings"]
            for r in got.to_dict("records")} == dict(naive)
    naive_required = Counter(s for f in facts for s, req in f.skills if req == "required")
    overall = agg.count_skills([])
    assert dict(zip(overall["slug"], overall["required"], strict=True)) == dict(naive_required)
    pairs = Counter((a, b) for f in facts for a in (s for s, _ in f.skills)
                    for b in (s for s, _ in f.skills) if a < b)
    got_pairs = agg.count_pairs(min_together=1)
    assert {(r["slug_a"], r["slug_b"]): r["together"]
            for r in got_pairs.to_dict("records")} == dict(pairs)
