"""NeuralSpanTagger: the shipped int8 ONNX model loads and tags English skill spans."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from talentgraph.errors import ModelNotFoundError, ParameterError
from talentgraph.extract._neural_spans import NeuralSpanTagger, default_neural_model_path

SENTENCE = "We need strong experience with Python and machine learning to build data pipelines."


@pytest.fixture(scope="module")
def tagger() -> NeuralSpanTagger:
    return NeuralSpanTagger(threads=1).initialize()


def _texts(text: str, spans: list[tuple[int, int, float]]) -> list[str]:
    return [text[s:e] for s, e, _ in spans]


def test_shipped_model_files_exist_and_are_small() -> None:
    model = default_neural_model_path()
    assert model.is_file()
    assert model.with_name("neural_spans_tokenizer.json").is_file()
    assert model.stat().st_size < 30_000_000


def test_finds_python_and_machine_learning_with_exact_offsets(tagger: NeuralSpanTagger) -> None:
    spans = tagger.predict_spans(SENTENCE)
    found = {SENTENCE[s:e]: (s, e) for s, e, _ in spans}
    start = SENTENCE.index("Python")
    assert found.get("Python") == (start, start + len("Python"))
    start = SENTENCE.index("machine learning")
    assert found.get("machine learning") == (start, start + len("machine learning"))
    assert all(0.0 < conf <= 1.0 for _, _, conf in spans)


def test_offsets_point_into_the_original_text_across_lines(tagger: NeuralSpanTagger) -> None:
    line = "Experience with Python, SQL and Docker is required."
    text = "Senior engineer\n\n- " + line + "\n\tWe offer a friendly team."
    spans = tagger.predict_spans(text)
    found = _texts(text, spans)
    for skill in ("Python", "SQL", "Docker"):
        assert skill in found
        start = text.index(skill)
        assert (start, start + len(skill)) in [(s, e) for s, e, _ in spans]
    for s, e, _ in spans:
        assert text[s:e] == text[s:e].strip()
        assert "\n" not in text[s:e]


def test_chinese_text_returns_no_spans(tagger: NeuralSpanTagger) -> None:
    assert tagger.predict_spans("熟悉Python和机器学习，负责数据平台的设计与开发。") == []
    assert tagger.predict_spans("") == []


def test_predict_tokens_gives_one_bio_tag_per_token(tagger: NeuralSpanTagger) -> None:
    tokens = SENTENCE.rstrip(".").split() + ["."]
    tags = tagger.predict_tokens(tokens)
    assert len(tags) == len(tokens)
    assert set(tags) <= {"B", "I", "O"}
    assert tags[tokens.index("Python")] == "B"
    assert tagger.predict_tokens([]) == []


def test_long_sentence_is_split_into_model_sized_pieces(tagger: NeuralSpanTagger) -> None:
    filler = "You will work closely with researchers and product managers to turn prototypes into"
    tail = "reliable services . Experience with Python , SQL and Docker is required ."
    tokens = (filler.split() * 10) + tail.split()  # 143 words, over the 128 sub-word window
    assert len(tagger._chunks(tokens)) == 2
    tags = tagger.predict_tokens(tokens)
    assert len(tags) == len(tokens)
    assert tags[tokens.index("Python")] == "B"  # tagged although it is past the first window
    assert tags[tokens.index("SQL")] == "B"


def test_missing_model_raises_model_not_found(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="neural_spans.onnx"):
        NeuralSpanTagger(tmp_path / "neural_spans.onnx").initialize()


def test_missing_tokenizer_raises_model_not_found(tmp_path: Path) -> None:
    shutil.copy(default_neural_model_path(), tmp_path / "neural_spans.onnx")
    with pytest.raises(ModelNotFoundError, match="neural_spans_tokenizer.json"):
        NeuralSpanTagger(tmp_path / "neural_spans.onnx").initialize()


def test_init_only_stores_and_rejects_bad_threads(tmp_path: Path) -> None:
    tagger = NeuralSpanTagger(tmp_path / "nothing.onnx")  # no error before initialize()
    assert tagger.model_path == tmp_path / "nothing.onnx"
    with pytest.raises(ParameterError):
        NeuralSpanTagger(threads=0)
