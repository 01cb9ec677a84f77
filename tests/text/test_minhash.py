"""Duplicate keys: the exact-duplicate text key and the MinHash signature."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from talentgraph.errors import ParameterError
from talentgraph.text import minhash_signature, text_key
from talentgraph.text._minhash import shingles_of

AD = ("Senior Data Engineer\nBuild batch pipelines in Spark and Airflow. Own the warehouse "
      "models in dbt. 5+ years of experience, Python and SQL required.")


def test_repost_with_other_spacing_case_and_punctuation_has_the_same_key() -> None:
    repost = ("  senior data ENGINEER \n\n build batch pipelines in spark and airflow;  own the "
              "warehouse models in DBT 5+ years of experience, python and sql required ")
    key = text_key("Data Engineer", AD)
    assert key == text_key("DATA  engineer", repost)
    assert len(key) == 32 and int(key, 16) >= 0


def test_full_width_forms_are_the_same_key() -> None:
    assert text_key("数据工程师", "熟悉Ｐｙｔｈｏｎ，ＳＱＬ。") == text_key("数据工程师", "熟悉Python SQL")


def test_a_changed_word_or_title_changes_the_key() -> None:
    key = text_key("Data Engineer", AD)
    assert key != text_key("Data Engineer", AD.replace("Spark", "Flink"))
    assert key != text_key("Analytics Engineer", AD)
    assert text_key("C++ Developer", "x") != text_key("C Developer", "x")


def test_title_only_postings_are_keyed_by_their_other_fields() -> None:
    fields = ("Acme", "北京", "2025-03-01", "20-30K")
    assert text_key("数据分析师", "", fields) == text_key("数据分析师", " ", fields)
    assert text_key("数据分析师", "", fields) != text_key("数据分析师", "", ("Other", *fields[1:]))
    # a few words (skill tags, "see website") cannot tell two ads apart: the fields count too
    assert text_key("数据分析师", "SQL、Excel", fields) != text_key("数据分析师", "SQL、Excel", ())
    # with a real description they do not: a repost on another board is still a repost
    long_ad = AD + " Partner with analysts on data quality, lineage and documentation." * 3
    assert text_key("Data Analyst", long_ad, fields) == text_key("Data Analyst", long_ad, ())


def test_signature_has_num_perm_values_and_is_empty_without_text() -> None:
    assert len(minhash_signature(AD)) == 128
    assert len(minhash_signature(AD, num_perm=128)) == 128
    assert minhash_signature("") == ()
    assert minhash_signature(" ... ，。") == ()
    assert minhash_signature(AD, seed=2) != minhash_signature(AD)
    with pytest.raises(ParameterError, match="num_perm"):
        minhash_signature(AD, num_perm=0)


def test_signature_is_the_same_in_another_process_with_another_hash_seed() -> None:
    code = ("from talentgraph.text import minhash_signature; import sys; "
            "print(list(minhash_signature(sys.argv[1])))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    text = AD + " 熟悉大模型微调"
    out = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True,
                         env=env, check=True, timeout=60)
    assert out.stdout.strip() == str(list(minhash_signature(text)))


def test_shingles_are_word_trigrams_and_cjk_char_4grams() -> None:
    assert shingles_of("Build Spark pipelines daily") == {b"build spark pipelines",
                                                          b"spark pipelines daily"}
    assert shingles_of("熟悉大模型微调") == {s.encode() for s in ("熟悉大模", "悉大模型", "大模型微", "模型微调")}
    mixed = shingles_of("熟悉大模型 with PyTorch Lightning")
    assert "熟悉大模".encode() in mixed and b"with pytorch lightning" in mixed
    assert shingles_of("Spark") == {b"spark"}
    assert shingles_of("大模型") == {"大模型".encode()}


def test_signature_estimates_jaccard_of_the_shingle_sets() -> None:
    words = [f"w{i}" for i in range(300)]
    a = " ".join(words)
    b = " ".join(words[:240] + [f"x{i}" for i in range(60)])
    sa, sb = shingles_of(a), shingles_of(b)
    true = len(sa & sb) / len(sa | sb)
    sig_a, sig_b = minhash_signature(a, num_perm=256), minhash_signature(b, num_perm=256)
    estimate = sum(x == y for x, y in zip(sig_a, sig_b, strict=True)) / 256
    assert abs(estimate - true) < 0.1


def test_duplicate_keys_equal_the_two_separate_functions() -> None:
    from talentgraph.text import duplicate_keys
    from talentgraph.text._minhash import SHORT_TEXT_CHARS

    for title, text, fields in [("ML Engineer", AD, ()),
                                ("算法工程师", "熟悉PyTorch、大模型微调！有RAG经验者优先。", ()),
                                ("Data Analyst", "", ("Acme", "London", "2024-03-01", "£40k")),
                                (None, "C++/C#, Node.js & scikit_learn; 5+ yrs.", ())]:
        key, signature = duplicate_keys(title, text, fields)
        assert key == text_key(title, text, fields)
        short = len(text) < SHORT_TEXT_CHARS  # never a near duplicate: no signature
        assert signature == (() if short else minhash_signature(text))


def test_signature_equals_datasketch_affine32_minhash_of_the_same_hashes() -> None:
    import numpy as np
    from datasketch import MinHash

    from talentgraph.text._minhash import (
        _BLOCK,
        MINHASH_SEED,
        _folded_shingle_hashes,
        _signature,
    )

    rng = np.random.default_rng(7)
    cases = [rng.integers(0, 2**32, size=n, dtype=np.uint64) for n in (1, 3, 500, _BLOCK + 17)]
    cases.append(_folded_shingle_hashes((AD + " 熟悉大模型微调").casefold()))
    for hashes in cases:
        for num_perm in (128, 64):
            reference = MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme="affine32",
                                hashfunc=lambda value: value)
            reference.update_batch(hashes.tolist())
            expected = tuple(int(v) for v in reference.hashvalues)
            assert _signature(hashes, num_perm=num_perm, seed=MINHASH_SEED) == expected
    assert _signature(np.zeros(0, dtype=np.uint64), num_perm=128, seed=MINHASH_SEED) == ()
