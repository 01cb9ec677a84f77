"""Pay statistics: distributions per group, and the pay premium of a skill.

Distributions are quantiles of the annual salary (the midpoint of the posted range, converted to
the report currency) with numpy's default (linear) interpolation.

The premium of a skill is estimated with one regression per skill,

    log(salary) = a + b * has_skill + C(role_family) + C(seniority) + C(city) + e,

premium = exp(b) - 1, with a 95% confidence interval from heteroscedasticity-robust (HC1)
standard errors: the same estimate, interval and p-value as statsmodels'
``OLS(...).fit(cov_type="HC1")`` on that model (the tests check this), computed for all skills at
once through the Frisch-Waugh-Lovell theorem: the controls are projected out of log(salary) and of
every skill indicator once, after which each skill's coefficient and robust variance are sums over
the residuals. That keeps 100k salaried postings and hundreds of skills within seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import norm

__all__ = ["PAY_COLUMNS", "PREMIUM_COLUMNS", "estimate_skill_premiums", "summarise_pay"]

PAY_COLUMNS = ("postings", "p10", "p25", "median", "p75", "p90", "mean")
PREMIUM_COLUMNS = ("slug", "postings_with", "premium", "ci_low", "ci_high", "p_value")
_QUANTILES = (0.10, 0.25, 0.50, 0.75, 0.90)
_CHUNK = 32  # skills residualised at once (n x 32 float64: 26 MB for 100k postings)


def summarise_pay(sample: pd.DataFrame, *, by: str | Sequence[str], min_group: int,
                  limit: int | None = None) -> pd.DataFrame:
    """Salary quantiles and mean of each group of ``sample[by]`` (one column, or several for a
    cross table) with at least ``min_group`` salaried postings: columns ``*by, *PAY_COLUMNS``,
    by postings descending then group; only the first ``limit`` groups when given."""
    keys = [by] if isinstance(by, str) else list(by)
    rows = []
    grouped = sample.groupby(keys[0] if len(keys) == 1 else keys, sort=True)["salary_annual"]
    for group, values in grouped:
        salaries = values.to_numpy(dtype=float)
        if len(salaries) < min_group:
            continue
        quantiles = np.quantile(salaries, _QUANTILES)
        names = group if isinstance(group, tuple) else (group,)
        rows.append((*names, len(salaries), *(float(q) for q in quantiles),
                     float(np.mean(salaries))))
    frame = pd.DataFrame(rows, columns=[*keys, *PAY_COLUMNS])
    frame = frame.sort_values(["postings", *keys], ascending=[False, *([True] * len(keys))],
                              kind="mergesort")
    if limit is not None:
        frame = frame.head(limit)
    return frame.astype({"postings": np.int64}).reset_index(drop=True)


def _control_matrix(sample: pd.DataFrame, controls: Sequence[str]) -> np.ndarray:
    """Intercept plus one indicator per level of each control (rank handled by the SVD)."""
    blocks = [np.ones((len(sample), 1))]
    for name in controls:
        codes, levels = pd.factorize(sample[name], sort=True)
        block = np.zeros((len(sample), len(levels)))
        block[np.arange(len(sample)), codes] = 1.0
        blocks.append(block)
    return np.hstack(blocks)


def _skill_matrix(skills: Sequence[Sequence[str]]) -> tuple[sparse.csc_matrix, list[str]]:
    slugs = sorted({s for row in skills for s in row})
    index = {slug: i for i, slug in enumerate(slugs)}
    rows = [i for i, row in enumerate(skills) for _ in row]
    cols = [index[s] for row in skills for s in row]
    matrix = sparse.csc_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(skills), len(slugs)))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix, slugs


def estimate_skill_premiums(sample: pd.DataFrame, *, min_with: int, min_sample: int,
                            controls: Sequence[str] = ("role_family", "seniority", "city"),
                            level: float = 0.95) -> pd.DataFrame:
    """The pay premium of each skill, controlling for ``controls`` (columns of ``sample``).

    ``sample`` has one row per salaried posting: ``salary_annual`` (> 0), the control columns
    (labels, with unknown already a label of its own) and ``skills`` (tuples of slugs). Only
    skills with at least ``min_with`` postings with and ``min_with`` without are estimated, only
    when the sample has ``min_sample`` postings, and not a skill whose indicator the controls
    explain entirely (e.g. asked for by every posting in one city and nowhere else). Returns
    ``PREMIUM_COLUMNS`` sorted by premium descending, ties by slug.
    """
    empty = pd.DataFrame({c: pd.Series(dtype=object if c == "slug" else
                                       (np.int64 if c == "postings_with" else float))
                          for c in PREMIUM_COLUMNS})
    salary = sample["salary_annual"].to_numpy(dtype=float)
    usable = np.isfinite(salary) & (salary > 0)
    sample, salary = sample[usable], salary[usable]
    n = len(sample)
    if n < min_sample:
        return empty
    matrix, slugs = _skill_matrix(list(sample["skills"]))
    with_skill = np.asarray(matrix.sum(axis=0)).ravel()
    chosen = np.flatnonzero((with_skill >= min_with) & (n - with_skill >= min_with))
    if len(chosen) == 0:
        return empty

    controls_matrix = _control_matrix(sample, controls)
    u, s, _ = np.linalg.svd(controls_matrix, full_matrices=False)
    basis = u[:, s > s[0] * max(controls_matrix.shape) * np.finfo(float).eps]
    y = np.log(salary)
    y_res = y - basis @ (basis.T @ y)
    df_resid = n - (basis.shape[1] + 1)
    if df_resid <= 0:
        return empty
    hc1 = n / df_resid
    z = float(norm.ppf(0.5 + level / 2))
    chosen_matrix = matrix[:, chosen]
    projected = (chosen_matrix.T @ basis).T  # k x skills: basis' D

    rows = []
    for start in range(0, len(chosen), _CHUNK):
        stop = min(start + _CHUNK, len(chosen))
        d_res = chosen_matrix[:, start:stop].toarray() - basis @ projected[:, start:stop]
        ss = np.einsum("ij,ij->j", d_res, d_res)
        counts = with_skill[chosen[start:stop]]
        identified = ss > 1e-9 * counts
        ss_safe = np.where(identified, ss, 1.0)
        beta = (d_res.T @ y_res) / ss_safe
        resid = y_res[:, None] - d_res * beta
        variance = hc1 * np.einsum("ij,ij->j", d_res * d_res, resid * resid) / ss_safe ** 2
        se = np.sqrt(variance)
        for j in np.flatnonzero(identified):
            b, e = float(beta[j]), float(se[j])
            p_value = float(2 * norm.sf(abs(b / e))) if e > 0 else 0.0
            rows.append((slugs[chosen[start + j]], int(counts[j]), float(np.expm1(b)),
                         float(np.expm1(b - z * e)), float(np.expm1(b + z * e)), p_value))
    if not rows:
        return empty
    frame = pd.DataFrame(rows, columns=list(PREMIUM_COLUMNS))
    frame = frame.sort_values(["premium", "slug"], ascending=[False, True], kind="mergesort")
    return frame.astype({"postings_with": np.int64}).reset_index(drop=True)
