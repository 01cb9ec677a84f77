from talentgraph.taxonomy import alias_key
from talentgraph.taxonomy._keys import slugify, to_traditional


def test_alias_key_normalises_case_spacing_and_punctuation() -> None:
    assert alias_key("Fine-Tuning") == alias_key("fine tuning") == "finetuning"
    assert alias_key("Node.js") == "nodejs"
    assert alias_key("CI/CD") == "cicd"
    assert alias_key("pre_training") == "pretraining"
    assert alias_key("ＬＬＭ") == "llm"  # full-width letters (NFKC)


def test_alias_key_keeps_plus_and_hash() -> None:
    assert {alias_key("C"), alias_key("C++"), alias_key("C#")} == {"c", "c++", "c#"}


def test_alias_key_converts_traditional_chinese() -> None:
    assert alias_key("檢索增強生成") == alias_key("检索增强生成") == "检索增强生成"
    assert alias_key("機器·學習") == "机器学习"


def test_slugify_is_ascii_and_stable() -> None:
    assert slugify("Python (computer programming)") == "python-computer-programming"
    assert slugify("C++") == "cpp"
    assert slugify("Café Métier") == "cafe-metier"
    assert slugify("大模型") == slugify("大模型")
    assert slugify("大模型").startswith("x-")


def test_to_traditional() -> None:
    assert to_traditional("检索增强生成") == "檢索增強生成"
