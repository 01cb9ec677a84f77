"""The fast paths of the exact-only pipeline give the answers of the slow, obvious ways.

Each fast path (pruned occupation search, one-letter aliases outside the automaton, word-pair
ids for the role classifier, one scan for clause and sentence breaks, cached title features)
is checked against a reference computed the direct way, on inputs chosen to reach it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pytest

from talentgraph.extract import SkillMatcher
from talentgraph.extract._occupation import (
    _PRUNE_AFTER,
    OccupationNormaliser,
    _clean,
    _code_scores,
    _prepare_pruning,
    _pruned_code_scores,
    _tfidf_query,
)

ENGLISH_TITLES = [
    "Senior Data Scientist", "Machine Learning Engineer", "Registered Nurse - ICU Night Shift",
    "Software Developer (Java/Python)", "Chief Executive Officer", "Forklift Operator",
    "Barista", "Electrical Engineer II", "Marketing Manager, EMEA", "Data Analyst",
    "Principal Product Manager - Payments", "Truck driver CDL-A", "Accountant",
    "Quantitative Researcher", "Customer Service Representative", "Kindergarten teacher",
    "Head of Talent Acquisition", "Welder / Fabricator", "Business Intelligence Developer",
    "Research Scientist, Computer Vision", "hairdresser", "Dental hygienist part time",
    "Junior Web Designer", "Warehouse associate", "zzqx", "a b c d e f g h",
]
CHINESE_TITLES = ["数据分析师", "高级机器学习算法工程师（大模型方向）", "电商运营专员", "护士",
                  "人工智能训练师", "Java开发工程师", "销售经理"]


@pytest.fixture(scope="module")
def norm() -> OccupationNormaliser:
    normaliser = OccupationNormaliser().initialize()
    for data in normaliser.schemes_.values():  # as after _PRUNE_AFTER full scans
        _prepare_pruning(data)
    return normaliser


def _full_top(best: np.ndarray, k: int) -> list[tuple[int, float]]:
    order = np.argsort(-best, kind="stable")[:k]
    return [(int(i), float(best[i])) for i in order]


@pytest.mark.parametrize("k", [1, 3, 5])
def test_pruned_occupation_search_equals_the_full_scan(norm: OccupationNormaliser, k: int) -> None:
    pruned_used = 0
    for title, scheme, language in (
        [(t, "esco", "en") for t in ENGLISH_TITLES] + [(t, "csco", "zh") for t in CHINESE_TITLES]
    ):
        data = norm.schemes_[scheme]
        feats, q = _tfidf_query(_clean(title, language), data)
        want = _full_top(_code_scores(feats, q, data), k)
        pruned = _pruned_code_scores(feats, q, data, k=k)
        if pruned is None:
            continue
        pruned_used += 1
        codes, scores = pruned
        order = np.lexsort((codes, -scores))[:k]
        got = [(int(codes[i]), float(scores[i])) for i in order]
        assert got == want, title  # same occupations, same order, same float32 bits
    assert pruned_used >= len(ENGLISH_TITLES) // 2  # the test reaches the pruned path


def test_pruning_arrays_are_built_only_once_an_input_is_large() -> None:
    fresh = OccupationNormaliser().initialize()
    titles = [f"{title} {i}x" for i in range(3) for title in ENGLISH_TITLES]  # all distinct
    answers = [fresh.normalise(title, language="en") for title in titles[:10]]
    assert "pruning" not in fresh.schemes_["esco"]  # a small input pays no set-up
    assert answers == [fresh._top(_clean(t, "en"), "esco", 1)[0] for t in titles[:10]]
    for word in ("team", "north", "remote", "office", "group", "retail", "health"):
        for title in ENGLISH_TITLES:
            fresh.normalise(f"{title} {word} and operations", language="en")
    assert fresh.schemes_["esco"]["full_scans"] > _PRUNE_AFTER
    assert "pruning" in fresh.schemes_["esco"]


def test_normalise_top_is_cached_by_cleaned_title(norm: OccupationNormaliser) -> None:
    first = norm.normalise_top("Sr. Data Scientist", language="en", k=3)
    again = norm.normalise_top("data scientist", language="en", k=3)  # cleans the same
    assert first == again and first[0].esco_label == "data scientist"
    first.clear()  # a caller's list is its own
    assert norm.normalise_top("Sr. Data Scientist", language="en", k=3) == again
    assert norm.normalise_top("data scientist", language="en", k=1) == again[:1]


@dataclass(frozen=True)
class _Alias:
    text: str
    slug: str
    is_exact: bool = True
    is_ambiguous: bool = False
    source: str = "curated"


def test_one_letter_aliases_without_any_longer_alias() -> None:
    matcher = SkillMatcher().fit([_Alias("R", "r", False, True), _Alias("x", "x-tool")])
    assert matcher.keys_ == [] and set(matcher.single_) == {"r", "x"}
    found = [(m.slug, m.start) for m in matcher.find("Use X and R programming; R&D; box; r code")]
    assert found == [("x-tool", 4), ("r", 10)]


def test_text_ids_are_the_ids_of_the_word_ngrams() -> None:
    from talentgraph.extract._role import _word_ngrams, load_role_classifier

    clf = load_role_classifier()
    assert clf.text_ngram_range_ == (1, 2)
    vocab = clf._text[0]
    for text in ["", "python", "Machine learning engineer with Python, SQL and Spark experience",
                 "熟悉Python和机器学习，有大模型微调经验者优先", "data data data science science",
                 "C++ / C# developer -- 5 years"]:
        want = sorted(j for j in map(vocab.get, _word_ngrams(text, (1, 2))) if j is not None)
        assert sorted(clf._text_ids(text).tolist()) == want, text


def test_cached_title_features_are_shared_read_only_and_give_the_same_probabilities() -> None:
    from talentgraph.extract._role import load_role_classifier

    clf = load_role_classifier()
    first = clf.predict_proba(["Data Scientist", "数据分析师"], ["Python, SQL", "熟悉SQL"])
    feats, values = clf._title_features("Data Scientist")
    assert not values.flags.writeable and not feats.flags.writeable
    again = clf.predict_proba(["Data Scientist", "数据分析师"], ["Python, SQL", "熟悉SQL"])
    np.testing.assert_array_equal(first, again)


def test_one_scan_gives_the_clause_and_sentence_breaks_of_both_patterns() -> None:
    from talentgraph.text import _requirement as r

    cjk = "\u3400-\u9fff\uf900-\ufaff"
    old_clause = re.compile(rf"[。；;!?！？\n，]|\.\s|(?<=[{cjk}]),|,(?=[{cjk}])")
    for text in ["熟悉PyTorch，有大模型微调经验者优先;良好沟通。\nA, B. C,中,文,a,b",
                 "Python, SQL. Docker is a plus!\n\nGo?", "中,", ",中", ",,", "a.\nb. c", ""]:
        clauses, sentences = r._break_units(text)
        want_clauses = r._Units(text, old_clause)
        want_sentences = r._Units(text, r._SENTENCE_BREAK)
        assert (clauses.starts, clauses.ends) == (want_clauses.starts, want_clauses.ends), text
        assert (sentences.starts, sentences.ends) == (
            want_sentences.starts, want_sentences.ends), text


@pytest.mark.parametrize(
    ("text", "want"),
    [("a  b", "a b"), ("a\n \n \nb", "a\n\nb"), ("a\n\n\nb", "a\n\nb"), ("a\n\nb", "a\n\nb"),
     ("a \n b", "a \n b"), ("a\nb c", "a\nb c"), ("繁體中文 text", "繁体中文 text")],
)
def test_normalise_skips_only_steps_that_cannot_change_the_text(text: str, want: str) -> None:
    from talentgraph.text import normalise_text

    result = normalise_text(text)
    assert result.text == want
    assert len(result.offsets) == len(want)


def test_carriage_returns_still_map_to_one_line_break_each() -> None:
    from talentgraph.text import normalise_text

    result = normalise_text("a\r\nb\rc\r\r\nd\u2028e")
    assert result.text == "a\nb\nc\n\nd\ne"
    assert (result.offsets[1], result.ends[1]) == (1, 3)  # "\r\n" -> one "\n"
    assert (result.offsets[3], result.ends[3]) == (4, 5)  # a lone "\r"
    assert (result.offsets[6], result.ends[6]) == (7, 9)
