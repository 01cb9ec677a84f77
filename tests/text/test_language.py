"""detect_language: the 10% ideograph rule."""

from __future__ import annotations

import pytest

from talentgraph.text import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("负责大模型训练与推理", "zh"),
        ("熟悉Python和PyTorch，有大模型微调经验", "zh"),
        ("熟悉 Python, PyTorch, Kubernetes, TensorFlow 和 Spark", "en"),  # 3 of 40: a skill list
        ("Senior Machine Learning Engineer, Python and PyTorch", "en"),
        (
            "Machine learning engineer (机器学习) with Python, PyTorch and Kubernetes experience",
            "en",
        ),
        ("", "en"),
        ("2024-01-01 12:00 ¥30,000", "en"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_threshold_is_ten_percent_of_letters() -> None:
    assert detect_language("中" + "a" * 9) == "zh"  # 1 of 10 letters
    assert detect_language("中" + "a" * 10) == "en"  # 1 of 11
