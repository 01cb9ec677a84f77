"""The local market engine: the base aggregations of ``BaseAggregates`` with pandas.

The unique postings are turned once into three compact frames (one row per posting, per
posting-skill and per posting-phrase); every group-by then runs on those. Strings are stored as
categoricals with sorted categories and skills/phrases as integer codes, so 100k postings with ~15
skills each take a few tens of MB.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from talentgraph.analytics._base import (
    POSTING_COLUMNS,
    CurrencyRates,
    check_engine_options,
    check_group_columns,
    posting_row,
)
from talentgraph.domain import PostingFacts

__all__ = ["LocalAggregates"]

_OWNER = "talentgraph.analytics.LocalAggregates"
_STRING_COLUMNS = ("id", "language", "role_family", "seniority", "city", "period",
                   "experience_bucket", "education_min")
_CATEGORY_COLUMNS = _STRING_COLUMNS[1:]  # ids are unique: a categorical would not save memory
_FLAG_COLUMNS = ("has_salary", "has_skill", "has_salary_raw", "has_text")
_REQUIREMENT_CODES = {"required": 1, "preferred": 2}


def _coded(values: Sequence[str], codes: array) -> pd.Categorical:
    """A categorical with sorted categories from codes into ``values`` (first-seen order)."""
    order = np.argsort(np.asarray(values, dtype=object), kind="stable") if values else np.array(
        [], dtype=np.int64)
    remap = np.empty(len(values), dtype=np.int32)
    remap[order] = np.arange(len(values), dtype=np.int32)
    raw = np.frombuffer(codes, dtype=np.int32) if len(codes) else np.array([], dtype=np.int32)
    categories = pd.Index([values[i] for i in order], dtype=object)
    return pd.Categorical.from_codes(remap[raw], categories=categories)


def _as_objects(column: pd.Series) -> pd.Series:
    """A group column as Python objects with None for unknown (the engines' shared form)."""
    values = column.astype(object)
    return values.where(column.notna(), None)


class LocalAggregates:
    """``BaseAggregates`` over the given unique postings, computed in memory with pandas.

    ``rates``, ``currency`` and ``granularity`` fix how salaries are converted (annual, in
    ``currency``) and how dates become periods, exactly as ``posting_row`` does for every engine.
    """

    def __init__(self, facts: Iterable[PostingFacts], *, rates: CurrencyRates, currency: str,
                 granularity: str) -> None:
        check_engine_options(rates=rates, currency=currency, granularity=granularity,
                             owner=_OWNER)
        self.rates = rates
        self.currency = currency
        self.granularity = granularity
        self._build(facts)

    # -- construction -------------------------------------------------------------------------

    def _build(self, facts: Iterable[PostingFacts]) -> None:
        columns: dict[str, list] = {name: [] for name in POSTING_COLUMNS}
        slug_codes: dict[str, int] = {}
        phrase_codes: dict[str, int] = {}
        skill_pos, skill_code, skill_req = array("i"), array("i"), array("b")
        phrase_pos, phrase_code = array("i"), array("i")
        for pos, item in enumerate(facts):
            row = posting_row(item, rates=self.rates, currency=self.currency,
                              granularity=self.granularity)
            for name in POSTING_COLUMNS:
                columns[name].append(row[name])
            for slug, requirement in item.skills:
                skill_pos.append(pos)
                skill_code.append(slug_codes.setdefault(slug, len(slug_codes)))
                skill_req.append(_REQUIREMENT_CODES.get(requirement or "", 0))
            for phrase in item.phrases:
                phrase_pos.append(pos)
                phrase_code.append(phrase_codes.setdefault(phrase, len(phrase_codes)))

        posts: dict[str, object] = {"seq": np.asarray(columns["seq"], dtype=np.int64),
                                    "id": pd.Series(columns["id"], dtype=object)}
        for name in _CATEGORY_COLUMNS:
            values = columns[name]
            known = sorted({v for v in values if v is not None})
            posts[name] = pd.Categorical(values, categories=known)
        posts["is_remote"] = pd.array(columns["is_remote"], dtype="boolean")
        for name in _FLAG_COLUMNS:
            posts[name] = np.asarray(columns[name], dtype=bool)
        posts["salary_annual"] = np.asarray(
            [np.nan if v is None else v for v in columns["salary_annual"]], dtype=np.float64)
        self._posts = pd.DataFrame(posts, columns=list(POSTING_COLUMNS))
        del columns
        self.n_postings = len(self._posts)

        skills = pd.DataFrame({
            "pos": np.frombuffer(skill_pos, dtype=np.int32) if skill_pos else
            np.array([], dtype=np.int32),
            "slug": _coded(list(slug_codes), skill_code),
            "requirement": np.frombuffer(skill_req, dtype=np.int8) if skill_req else
            np.array([], dtype=np.int8),
        })
        # sorted by posting then slug: salary_sample slices each posting's sorted skills
        order = np.lexsort((skills["slug"].cat.codes.to_numpy(), skills["pos"].to_numpy()))
        self._skills = skills.take(order).reset_index(drop=True)
        self._phrases = pd.DataFrame({
            "pos": np.frombuffer(phrase_pos, dtype=np.int32) if phrase_pos else
            np.array([], dtype=np.int32),
            "phrase": _coded(list(phrase_codes), phrase_code),
        })

    # -- helpers ------------------------------------------------------------------------------

    def _group_columns(self, by: list[str], pos: np.ndarray) -> dict[str, pd.Series]:
        return {name: self._posts[name].iloc[pos].reset_index(drop=True) for name in by}

    @staticmethod
    def _finish(frame: pd.DataFrame, keys: list[str], counts: list[str]) -> pd.DataFrame:
        """Sort by the keys (unknown last) and convert to the engines' shared dtypes."""
        if keys:
            frame = frame.sort_values(keys, na_position="last", kind="mergesort")
        frame = frame.reset_index(drop=True)
        out = {name: _as_objects(frame[name]) for name in keys}
        out.update({name: frame[name].astype(np.int64) for name in counts})
        return pd.DataFrame(out, columns=keys + counts)

    # -- BaseAggregates -----------------------------------------------------------------------

    def count_postings(self, by: Sequence[str]) -> pd.DataFrame:
        """Columns ``*by, postings``: unique postings per group."""
        keys = check_group_columns(by, owner=f"{_OWNER}.count_postings")
        if not keys:
            return pd.DataFrame({"postings": np.array([self.n_postings], dtype=np.int64)})
        sizes = (self._posts.groupby(keys, observed=True, dropna=False, sort=False).size()
                 .rename("postings").reset_index())
        return self._finish(sizes, keys, ["postings"])

    def count_skills(self, by: Sequence[str]) -> pd.DataFrame:
        """Columns ``*by, slug, postings, required, preferred``: postings per group and skill."""
        keys = check_group_columns(by, owner=f"{_OWNER}.count_skills")
        skills = self._skills
        frame = pd.DataFrame(self._group_columns(keys, skills["pos"].to_numpy()))
        frame["slug"] = skills["slug"].array
        requirement = skills["requirement"].to_numpy()
        frame["required"] = requirement == 1
        frame["preferred"] = requirement == 2
        grouped = frame.groupby(keys + ["slug"], observed=True, dropna=False, sort=False).agg(
            postings=("required", "size"), required=("required", "sum"),
            preferred=("preferred", "sum")).reset_index()
        return self._finish(grouped, keys + ["slug"], ["postings", "required", "preferred"])

    def count_pairs(self, *, min_together: int) -> pd.DataFrame:
        """Columns ``slug_a, slug_b, together`` (slug_a < slug_b), ``together >= min_together``.

        Computed as the upper triangle of XᵀX for the binary posting x skill matrix X.
        """
        slugs = self._skills["slug"]
        n_slugs = len(slugs.cat.categories)
        matrix = sparse.csr_matrix(
            (np.ones(len(slugs), dtype=np.int32),
             (self._skills["pos"].to_numpy(), slugs.cat.codes.to_numpy())),
            shape=(self.n_postings, n_slugs))
        together = sparse.triu(matrix.T @ matrix, k=1).tocoo()
        keep = together.data >= min_together
        rows, cols, data = together.row[keep], together.col[keep], together.data[keep]
        order = np.lexsort((cols, rows))
        names = np.asarray(slugs.cat.categories, dtype=object)
        return pd.DataFrame({
            "slug_a": pd.Series(names[rows[order]], dtype=object),
            "slug_b": pd.Series(names[cols[order]], dtype=object),
            "together": data[order].astype(np.int64),
        })

    def count_phrases(self, by: Sequence[str], *, min_postings: int) -> pd.DataFrame:
        """Columns ``*by, phrase, postings`` for phrases in at least ``min_postings`` postings."""
        keys = check_group_columns(by, owner=f"{_OWNER}.count_phrases")
        phrases = self._phrases
        codes = phrases["phrase"].cat.codes.to_numpy()
        totals = np.bincount(codes, minlength=len(phrases["phrase"].cat.categories))
        keep = totals[codes] >= min_postings if len(codes) else np.zeros(0, dtype=bool)
        kept = phrases[keep]
        frame = pd.DataFrame(self._group_columns(keys, kept["pos"].to_numpy()))
        frame["phrase"] = kept["phrase"].array
        grouped = (frame.groupby(keys + ["phrase"], observed=True, dropna=False, sort=False)
                   .size().rename("postings").reset_index())
        return self._finish(grouped, keys + ["phrase"], ["postings"])

    def salary_sample(self) -> pd.DataFrame:
        """The salaried postings: ``seq, role_family, seniority, city, period, language,
        salary_annual, has_text, skills`` (a sorted tuple of slugs), sorted by seq."""
        posts = self._posts
        positions = np.flatnonzero(posts["has_salary"].to_numpy())
        positions = positions[np.argsort(posts["seq"].to_numpy()[positions], kind="stable")]
        skill_pos = self._skills["pos"].to_numpy()
        starts = np.searchsorted(skill_pos, positions, side="left")
        ends = np.searchsorted(skill_pos, positions, side="right")
        names = np.asarray(self._skills["slug"].cat.categories, dtype=object)
        codes = self._skills["slug"].cat.codes.to_numpy()
        skills = [tuple(names[codes[s:e]].tolist()) for s, e in zip(starts, ends, strict=True)]
        out = {"seq": posts["seq"].to_numpy()[positions]}
        for name in ("role_family", "seniority", "city", "period", "language"):
            out[name] = _as_objects(posts[name].iloc[positions].reset_index(drop=True))
        out["salary_annual"] = posts["salary_annual"].to_numpy()[positions]
        out["has_text"] = posts["has_text"].to_numpy()[positions].astype(bool)
        out["skills"] = pd.Series(skills, dtype=object)
        return pd.DataFrame(out)
