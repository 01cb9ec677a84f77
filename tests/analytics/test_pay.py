"""Pay: quantiles per group and the skill premium regression (checked against statsmodels)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from talentgraph.analytics._pay import PREMIUM_COLUMNS, estimate_skill_premiums, summarise_pay

TRUE_BETA = 0.2  # +20% on the log scale: premium exp(0.2) - 1 = 22.1%


def _planted(n: int = 3000, seed: int = 1) -> pd.DataFrame:
    """City "hi" pays 60% more on the log scale. "pytorch" (any city) adds TRUE_BETA;
    "excel" is asked for only in "hi" (half its postings) and adds nothing."""
    rng = np.random.default_rng(seed)
    city = rng.choice(["hi", "lo"], size=n)
    role = rng.choice(["ml-engineer", "data-analyst"], size=n)
    seniority = rng.choice(["senior", "unknown"], size=n)
    pytorch = rng.random(n) < 0.3
    excel = (city == "hi") & (rng.random(n) < 0.5)
    log_pay = (11.0 + 0.6 * (city == "hi") + 0.3 * (role == "ml-engineer")
               + 0.1 * (seniority == "senior") + TRUE_BETA * pytorch
               + rng.normal(0.0, 0.3, size=n))
    skills = [tuple(s for s, has in (("excel", e), ("pytorch", p)) if has)
              for e, p in zip(excel, pytorch, strict=True)]
    return pd.DataFrame({"role_family": role, "seniority": seniority, "city": city,
                         "salary_annual": np.exp(log_pay), "skills": skills})


def test_quantiles_use_linear_interpolation() -> None:
    sample = pd.DataFrame({"city": ["a"] * 10 + ["b"] * 3,
                           "salary_annual": [float(v) for v in range(1, 11)] + [5.0] * 3})
    got = summarise_pay(sample, by="city", min_group=5)
    assert got.to_dict("records") == [{"city": "a", "postings": 10, "p10": pytest.approx(1.9),
                                       "p25": pytest.approx(3.25), "median": 5.5,
                                       "p75": pytest.approx(7.75), "p90": pytest.approx(9.1),
                                       "mean": 5.5}]  # "b" has 3 < 5 postings: omitted
    assert summarise_pay(sample, by="city", min_group=3)["city"].tolist() == ["a", "b"]
    assert summarise_pay(sample, by="city", min_group=3, limit=1)["city"].tolist() == ["a"]


def test_planted_premium_is_recovered_and_confounded_skill_is_not_a_premium() -> None:
    sample = _planted()
    got = estimate_skill_premiums(sample, min_with=30, min_sample=100).set_index("slug")
    true_premium = np.expm1(TRUE_BETA)
    assert got.loc["pytorch", "ci_low"] < true_premium < got.loc["pytorch", "ci_high"]
    assert got.loc["pytorch", "p_value"] < 1e-6
    # excel looks like a big premium naively (it sits in the expensive city) ...
    with_excel = sample["skills"].map(lambda s: "excel" in s)
    naive = (np.exp(np.log(sample.loc[with_excel, "salary_annual"]).mean()
                    - np.log(sample.loc[~with_excel, "salary_annual"]).mean()) - 1)
    assert naive > 0.3
    # ... but not once city is controlled: its interval covers zero
    assert got.loc["excel", "ci_low"] < 0 < got.loc["excel", "ci_high"]
    assert abs(got.loc["excel", "premium"]) < 0.05
    assert list(got.reset_index().columns) == list(PREMIUM_COLUMNS)
    assert got.index.tolist() == ["pytorch", "excel"]  # premium descending


def test_matches_statsmodels_ols_with_hc1() -> None:
    sample = _planted(n=600, seed=5)
    got = estimate_skill_premiums(sample, min_with=30, min_sample=100).set_index("slug")
    frame = sample.assign(has=sample["skills"].map(lambda s: "pytorch" in s).astype(float),
                          log_pay=np.log(sample["salary_annual"]))
    fit = smf.ols("log_pay ~ has + C(role_family) + C(seniority) + C(city)",
                  data=frame).fit(cov_type="HC1")
    low, high = fit.conf_int(alpha=0.05).loc["has"]
    assert got.loc["pytorch", "premium"] == pytest.approx(np.expm1(fit.params["has"]), rel=1e-9)
    assert got.loc["pytorch", "ci_low"] == pytest.approx(np.expm1(low), rel=1e-9)
    assert got.loc["pytorch", "ci_high"] == pytest.approx(np.expm1(high), rel=1e-9)
    assert got.loc["pytorch", "p_value"] == pytest.approx(fit.pvalues["has"], rel=1e-6)


def test_sample_size_rules() -> None:
    sample = _planted(n=400)
    # a skill in 20 postings is not estimated with min_with=30
    rare = sample["skills"].copy()
    rare.iloc[:20] = [s + ("rust",) for s in rare.iloc[:20]]
    got = estimate_skill_premiums(sample.assign(skills=rare), min_with=30, min_sample=100)
    assert "rust" not in set(got["slug"]) and "pytorch" in set(got["slug"])
    # a skill in all but 10 postings has too few postings without it
    common = sample["skills"].map(lambda s: s + ("python",))
    common.iloc[:10] = sample["skills"].iloc[:10]
    got = estimate_skill_premiums(sample.assign(skills=common), min_with=30, min_sample=100)
    assert "python" not in set(got["slug"])
    assert estimate_skill_premiums(sample, min_with=30, min_sample=401).empty


def test_skill_explained_by_controls_is_omitted() -> None:
    sample = _planted(n=400)
    exact = [s + ("go",) if c == "hi" else s
             for s, c in zip(sample["skills"], sample["city"], strict=True)]
    got = estimate_skill_premiums(sample.assign(skills=exact), min_with=30, min_sample=100)
    assert "go" not in set(got["slug"]) and "pytorch" in set(got["slug"])


def test_non_positive_salaries_are_left_out() -> None:
    sample = _planted(n=400)
    broken = sample.copy()
    broken.loc[:4, "salary_annual"] = [0.0, -1.0, np.nan, np.inf, 0.0]
    got = estimate_skill_premiums(broken, min_with=30, min_sample=100)
    assert np.isfinite(got[["premium", "ci_low", "ci_high"]].to_numpy()).all()
    assert len(got) == 2
