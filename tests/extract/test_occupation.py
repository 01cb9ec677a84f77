"""OccupationNormaliser on the shipped ESCO/CSCO index with self-written titles."""

from __future__ import annotations

import pytest

from talentgraph.errors import NotFittedError, ParameterError
from talentgraph.extract._occupation import OccupationNormaliser


@pytest.fixture(scope="module")
def norm() -> OccupationNormaliser:
    return OccupationNormaliser().initialize()


def test_chinese_analyst_title_gets_csco_analyst_code(norm: OccupationNormaliser) -> None:
    m = norm.normalise("高级数据分析师")
    assert m.csco_code == "4-07-02-05" and m.csco_name.startswith("商务数据分析师")
    assert m.esco_uri is None and 0.0 <= m.score <= 1.0


def test_chinese_ai_title_gets_ai_engineering_code(norm: OccupationNormaliser) -> None:
    assert norm.normalise("大模型算法工程师").csco_code == "2-02-38-01"


def test_english_software_developer(norm: OccupationNormaliser) -> None:
    m = norm.normalise("software developer")
    assert m.esco_label == "software developer"
    assert m.esco_uri.startswith("http://data.europa.eu/esco/occupation/")
    assert m.csco_code is None


def test_preferred_label_beats_alias(norm: OccupationNormaliser) -> None:
    # ESCO lists "senior data analyst" as an alias of "call centre analyst" too.
    assert norm.normalise("Senior Data Analyst").esco_label == "data analyst"


def test_top_k_sorted_and_language_override(norm: OccupationNormaliser) -> None:
    top = norm.normalise_top("Data Scientist", k=5)
    assert len(top) == 5 and [m.score for m in top] == sorted((m.score for m in top), reverse=True)
    assert norm.normalise("厨师", language="zh").csco_code.startswith("4-03-02")


def test_errors_and_empty(norm: OccupationNormaliser) -> None:
    with pytest.raises(NotFittedError, match="initialize"):
        OccupationNormaliser().normalise("chef")
    with pytest.raises(ParameterError, match="'language'"):
        norm.normalise("chef", language="fr")
    assert norm.normalise("   ").score == 0.0
