"""Tests of the English span tagger: tokeniser, features, metrics and the shipped CRF model."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentgraph.errors import ModelNotFoundError
from talentgraph.extract._spans import (
    SpanLexicon,
    SpanTagger,
    bio_to_spans,
    default_model_path,
    sentence_features,
    word_key,
)
from talentgraph.extract._spans_train import score_spans
from talentgraph.extract._tokens import is_mostly_cjk, split_sentences, tokenize

SENTENCE = "Experience with Python and machine learning required; strong communication skills."


@pytest.fixture(scope="module")
def tagger() -> SpanTagger:
    return SpanTagger().initialize()


# --- tokeniser -------------------------------------------------------------------------------


def test_tokenize_offsets_point_at_the_token_text() -> None:
    text = "Use C++, C# and Node.js (CI/CD)."
    tokens = tokenize(text)
    assert [t for t, _, _ in tokens] == [
        "Use",
        "C++",
        ",",
        "C#",
        "and",
        "Node.js",
        "(",
        "CI/CD",
        ")",
        ".",
    ]
    assert all(text[s:e] == t for t, s, e in tokens)


def test_split_sentences_on_newlines_bullets_and_punctuation() -> None:
    text = "We build tools. You know SQL!\n• Teamwork\n\n- Java"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "We build tools.",
        "You know SQL!",
        "Teamwork",
        "- Java",
    ]


def test_is_mostly_cjk() -> None:
    assert is_mostly_cjk("熟悉Python和机器学习算法")
    assert not is_mostly_cjk("Python and 机器 learning")


# --- features --------------------------------------------------------------------------------


def test_word_key_strips_edge_punctuation_and_maps_digits() -> None:
    assert word_key("Posted:") == "posted"
    assert word_key("C++") == "c++"
    assert word_key("2021") == "0000"


def test_sentence_features_on_a_tiny_example() -> None:
    lexicon = SpanLexicon(clusters={"python": "1/2/3"}, gazetteer={"python": "3"})
    feats = sentence_features(["Know", "Python"], lexicon)
    assert len(feats) == 2
    first, second = feats
    assert {"bias", "pos=0", "rpos=1", "w=know", "title", "c1=-", "g=u", "-1:pad", "-2:pad"} <= set(
        first
    )
    assert {"1:w=python", "1:c3=3", "1:g=3", "bg+1=know|python"} <= set(first)
    assert {"w=python", "c1=1", "c2=2", "c3=3", "g=3", "-1:w=know", "1:pad", "s3=hon"} <= set(
        second
    )


def test_bio_to_spans_treats_stray_inside_as_a_start() -> None:
    assert bio_to_spans(["O", "B", "I", "O", "I", "I", "B", "B"]) == [
        (1, 3),
        (4, 6),
        (6, 7),
        (7, 8),
    ]
    assert bio_to_spans([]) == []


# --- metrics ---------------------------------------------------------------------------------


def test_score_spans_strict_and_loose_on_known_cases() -> None:
    gold = [[(0, 2), (5, 7)], [(1, 3)], []]
    pred = [[(0, 2), (6, 8)], [(3, 4)], [(0, 1)]]
    scores = score_spans(gold, pred)
    # strict: 1 exact match of 4 predicted and 3 gold.
    assert scores.strict == {"precision": 0.25, "recall": 0.3333, "f1": 0.2857}
    # loose: predicted (0,2) and (6,8) overlap gold; gold (0,2) and (5,7) are found.
    assert scores.loose == {"precision": 0.5, "recall": 0.6667, "f1": 0.5714}


def test_score_spans_perfect_and_empty() -> None:
    assert score_spans([[(0, 1)]], [[(0, 1)]]).strict["f1"] == 1.0
    assert score_spans([[]], [[]]).strict == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


# --- the shipped model -----------------------------------------------------------------------


def test_missing_model_raises_model_not_found(tmp_path: Path) -> None:
    tagger = SpanTagger(tmp_path / "nope.crfsuite")
    with pytest.raises(ModelNotFoundError) as info:
        tagger.initialize()
    assert info.value.code == "E0501"
    assert "talentgraph train spans" in info.value.message


def test_init_stores_only(tmp_path: Path) -> None:
    tagger = SpanTagger(tmp_path / "nope.crfsuite")  # no file: construction must not load
    assert tagger.model_path == tmp_path / "nope.crfsuite"
    assert not hasattr(tagger, "tagger_")


def test_shipped_model_files_exist() -> None:
    path = default_model_path()
    assert path.is_file()
    assert path.stat().st_size < 20 * 1024 * 1024
    assert path.with_suffix(".json").is_file()


def test_finds_obvious_spans_with_exact_characters(tagger: SpanTagger) -> None:
    spans = tagger.predict_spans(SENTENCE)
    texts = [SENTENCE[s:e] for s, e, _ in spans]
    assert any("Python" in t for t in texts), texts
    assert any("machine learning" in t for t in texts), texts
    assert any("communication" in t for t in texts), texts
    for start, end, conf in spans:
        assert SENTENCE[start:end] == SENTENCE[start:end].strip()
        assert 0.0 < conf <= 1.0


def test_spans_map_into_long_multiline_text(tagger: SpanTagger) -> None:
    text = "About us\n\nWe are hiring.\n" + SENTENCE + "\n• Knowledge of SQL and Java."
    spans = tagger.predict_spans(text)
    offset = text.index(SENTENCE)
    inside = [(s - offset, e - offset) for s, e, _ in spans if s >= offset]
    assert any(SENTENCE[s:e].startswith("Python") for s, e in inside)
    assert any(text[s:e] in {"SQL", "SQL and Java", "Java"} for s, e, _ in spans), [
        text[s:e] for s, e, _ in spans
    ]
    assert spans == sorted(spans)


def test_chinese_text_returns_nothing(tagger: SpanTagger) -> None:
    assert tagger.predict_spans("熟悉Python和机器学习，具备良好的沟通能力。") == []
    assert tagger.predict_spans("") == []


def test_predict_tokens_returns_bio_per_token(tagger: SpanTagger) -> None:
    tokens = ["Experience", "with", "Python", "required", "."]
    tags = tagger.predict_tokens(tokens)
    assert len(tags) == len(tokens)
    assert set(tags) <= {"B", "I", "O"}
    assert tags[2] in {"B", "I"}
    assert tagger.predict_tokens([]) == []


# --- the fast feature path gives the model exactly what it gave before --------------------------

# Computed with the implementation before the fast path (features as str, no pruning) and the
# shipped model; the fast path must reproduce them exactly (confidences to 1e-9).
_EXPECTED_SPANS = {
    "We need a data engineer with strong SQL, Python and Apache Spark experience.": [
        (36, 39, 0.964899944334),
        (41, 47, 0.535060642207),
        (52, 58, 0.921413016482),
    ],
    "Responsibilities:\n• Build dashboards in Tableau and Power BI\n• Communicate results to "
    "stakeholders clearly.": [
        (20, 60, 0.832506456152),
        (63, 106, 0.978693840884),
    ],
    "Knowledge of C++ or C#, CI/CD pipelines and Node.js is a plus; 3+ years required.": [
        (13, 16, 0.759607906017),
        (20, 22, 0.621081264481),
        (24, 39, 0.842652729373),
        (44, 51, 0.699572890803),
    ],
}
_EXPECTED_TAGS = [
    (
        ["Familiarity", "with", "statistical", "modelling", "and", "A/B", "testing", "."],
        ["O", "O", "B", "I", "O", "B", "I", "O"],
    ),
    (
        ["You", "will", "mentor", "junior", "analysts", "and", "manage", "projects"],
        ["O", "O", "O", "O", "O", "O", "B", "I"],
    ),
]


@pytest.mark.parametrize("text", sorted(_EXPECTED_SPANS))
def test_predict_spans_matches_stored_outputs(tagger: SpanTagger, text: str) -> None:
    for _ in range(2):  # cold and warm feature cache
        got = tagger.predict_spans(text)
        expected = _EXPECTED_SPANS[text]
        assert [(s, e) for s, e, _ in got] == [(s, e) for s, e, _ in expected]
        for (_, _, conf), (_, _, want) in zip(got, expected, strict=True):
            assert conf == pytest.approx(want, abs=1e-9)


@pytest.mark.parametrize(("tokens", "tags"), _EXPECTED_TAGS)
def test_predict_tokens_matches_stored_outputs(
    tagger: SpanTagger, tokens: list[str], tags: list[str]
) -> None:
    assert tagger.predict_tokens(tokens) == tags


def test_encoded_features_equal_sentence_features_minus_unknown() -> None:
    from talentgraph.extract._spans import _encoded_fixed, _encoded_sentence_features

    lexicon = SpanLexicon(clusters={"python": "1/2/3"}, gazetteer={"sql": "2"})
    tokens = ["Know", "Python", ",", "SQL", "and", "C++", "2021", "Python"]
    plain = [[f.encode() for f in feats] for feats in sentence_features(tokens, lexicon)]
    everything = _encoded_sentence_features(
        tokens, lexicon, known=None, fixed=_encoded_fixed(None), cache={}
    )
    assert everything == plain
    known = frozenset(f for feats in plain[::2] for f in feats)  # an arbitrary subset
    cache: dict[object, object] = {}
    for _ in range(2):  # cold and warm cache
        pruned = _encoded_sentence_features(
            tokens, lexicon, known=known, fixed=_encoded_fixed(known), cache=cache
        )
        assert pruned == [[f for f in feats if f in known] for feats in plain]
    assert b"bg+1=know|python" in pruned[0]
