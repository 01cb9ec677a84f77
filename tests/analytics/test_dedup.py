"""The duplicate rule: exact keys, MinHash + LSH near duplicates, streaming == reference."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from talentgraph.analytics import (
    Deduplicator,
    DuplicateOf,
    estimate_jaccard,
    find_duplicates,
    lsh_bands,
)
from talentgraph.errors import ParameterError
from talentgraph.text import minhash_signature, text_key

DATA = Path(__file__).resolve().parents[1] / "data"


def _item(seq: int, title: str, text: str) -> tuple[int, str, tuple[int, ...]]:
    return seq, text_key(title, text), minhash_signature(text)


def _run(items: list[tuple[int, str, tuple[int, ...]]], **kw: float) -> dict[int, DuplicateOf]:
    dedup = Deduplicator(**kw)
    out = {}
    for seq, key, sig in sorted(items):
        found = dedup.check_and_add(seq, key, sig)
        if found is not None:
            out[seq] = found
    assert out == find_duplicates(items, **kw)  # the streaming rule is the reference rule
    return out


def _golden(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


# ------------------------------------------------------------------ bands and Jaccard
def test_lsh_bands_are_thirty_two_stable_byte_keys() -> None:
    sig = minhash_signature("Build batch pipelines in Spark and Airflow every day")
    bands = lsh_bands(sig)
    assert [i for i, _ in bands] == list(range(32))
    assert all(isinstance(k, bytes) and len(k) == 16 for _, k in bands)
    assert bands == lsh_bands(tuple(sig))
    assert lsh_bands(()) == []
    changed = (sig[0] + 1, *sig[1:])
    assert [a == b for a, b in zip(lsh_bands(changed), bands, strict=True)] == [False] + [True] * 31
    with pytest.raises(ParameterError, match="bands"):
        lsh_bands(sig, bands=7)


def test_estimate_jaccard() -> None:
    a = tuple(range(128))
    assert estimate_jaccard(a, a) == 1.0
    assert estimate_jaccard(a, tuple(range(1, 129))) == 0.0
    assert estimate_jaccard(a, (99,) * 32 + a[32:]) == 0.75
    assert estimate_jaccard((), a) == 0.0
    with pytest.raises(ParameterError, match="same num_perm"):
        estimate_jaccard(a, a[:64])


# ------------------------------------------------------------------ the rule on postings
def test_repost_with_other_whitespace_and_case_is_an_exact_duplicate() -> None:
    text = _golden("en/en01_ml_engineer.txt")
    repost = "\n\n".join(line.upper() + "  " for line in text.split("\n"))
    found = _run([_item(0, "ML Engineer", text), _item(1, "ml engineer", repost)])
    assert found == {1: DuplicateOf("exact", 0)}


def test_changed_sentence_and_board_footer_are_near_duplicates() -> None:
    text = _golden("en/en01_ml_engineer.txt")
    changed = text.replace("Partner with product managers to define success metrics",
                           "Work closely with designers on experiment reviews")
    footer = text + "\n\nPosted on Acme Jobs. Apply today through our website, we reply fast."
    found = _run([_item(0, "MLE", text), _item(1, "MLE", changed), _item(2, "MLE", footer)])
    assert found == {1: DuplicateOf("near", 0), 2: DuplicateOf("near", 0)}


def test_chinese_near_duplicates() -> None:
    text = _golden("zh/zh01_llm_algo.txt")
    changed = text.replace("4. 具备良好的沟通能力和团队合作精神。", "4. 有强烈的责任心和自驱力，能承受压力。")
    footer = text + "\n（本职位由某某招聘网发布，投递请注明来源）"
    other = _golden("zh/zh02_rec_algo.txt")
    found = _run([_item(0, "大模型算法工程师", text), _item(1, "大模型算法工程师", changed),
                  _item(2, "算法工程师", footer), _item(3, "推荐算法", other)])
    assert found == {1: DuplicateOf("near", 0), 2: DuplicateOf("near", 0)}


def test_two_different_postings_of_the_same_role_are_not_duplicates() -> None:
    a = ("Data Analyst. Build dashboards in Tableau for the sales team, write SQL against "
         "the warehouse and present weekly findings to regional managers. 2+ years of "
         "experience, strong Excel. Hybrid in London, competitive salary and pension.")
    b = ("Data Analyst. Join our marketing analytics group: own attribution reports, run A/B "
         "test readouts in Python and Looker, and help product owners size opportunities. "
         "3+ years of experience with SQL. Remote within the UK.")
    items = [_item(0, "Data Analyst", a), _item(1, "Data Analyst", b)]
    assert estimate_jaccard(items[0][2], items[1][2]) < 0.3
    assert _run(items) == {}


def test_title_only_postings_are_only_exact_duplicates() -> None:
    def title_only(seq: int, company: str) -> tuple[int, str, tuple[int, ...]]:
        return seq, text_key("Data Analyst", "", (company, "London", None, None)), \
            minhash_signature("")

    found = _run([title_only(0, "Acme"), title_only(1, "Beta"), title_only(2, "Acme")])
    assert found == {2: DuplicateOf("exact", 0)}


# ------------------------------------------------------------------ the rule on signatures
def _changed(sig: tuple[int, ...], positions: range | list[int]) -> tuple[int, ...]:
    out = list(sig)
    for p in positions:
        out[p] += 1_000_000
    return tuple(out)


def test_an_earlier_dropped_posting_still_counts() -> None:
    a = tuple(range(128))
    b = _changed(a, range(0, 16))     # J(a, b) = 0.875
    c = _changed(b, range(16, 32))    # J(b, c) = 0.875, J(a, c) = 0.75
    found = _run([(0, "a", a), (1, "b", b), (2, "c", c)])
    assert found == {1: DuplicateOf("near", 0), 2: DuplicateOf("near", 1)}


def test_near_needs_a_shared_band() -> None:
    a = tuple(range(128))
    one_per_band = _changed(a, list(range(0, 128, 4)))  # J = 0.75, no band equal
    assert estimate_jaccard(a, one_per_band) == 0.75
    assert _run([(0, "a", a), (1, "b", one_per_band)], threshold=0.7) == {}
    two_bands_kept = _changed(a, list(range(0, 120, 4)) + [121, 122])  # J = 0.75, a band equal
    assert _run([(0, "a", a), (1, "b", two_bands_kept)], threshold=0.7) == {
        1: DuplicateOf("near", 0)}


def test_of_seq_is_the_lowest_earlier_match_and_exact_wins() -> None:
    a = tuple(range(128))
    items = [(5, "k1", a), (9, "k2", _changed(a, [0])), (12, "k3", _changed(a, [1])),
             (20, "k2", _changed(a, [2]))]
    assert _run(items) == {9: DuplicateOf("near", 5), 12: DuplicateOf("near", 5),
                           20: DuplicateOf("exact", 9)}


def test_bad_input_is_refused_with_a_message() -> None:
    dedup = Deduplicator()
    dedup.check_and_add(3, "k", tuple(range(128)))
    with pytest.raises(ParameterError, match="increasing seq"):
        dedup.check_and_add(2, "j", tuple(range(128)))
    with pytest.raises(ParameterError, match="threshold"):
        Deduplicator(threshold=1.5)
    with pytest.raises(ParameterError, match="twice"):
        find_duplicates([(1, "a", ()), (1, "b", ())])


# ------------------------------------------------------------------ streaming == reference
_WORDS = ("data pipeline model python spark sql kubernetes team product ranking search "
          "feature service cloud latency metrics training inference deploy review design "
          "customer growth analytics platform storage stream batch graph vector agent").split()


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 14))) + "."


def _corpus(rng: random.Random, n_base: int) -> list[tuple[str, str]]:
    postings = []
    for i in range(n_base):
        title = f"Engineer {i % 7}"
        sentences = [_sentence(rng) for _ in range(rng.randint(12, 20))]
        postings.append((title, " ".join(sentences)))
        kind = rng.random()
        if kind < 0.25:  # exact repost: other case and spacing
            postings.append((title.upper(), "  ".join(sentences).upper()))
        elif kind < 0.5:  # near repost: one sentence changed
            j = rng.randrange(len(sentences))
            postings.append((title, " ".join(sentences[:j] + [_sentence(rng)]
                                             + sentences[j + 1:])))
        elif kind < 0.6:  # title only
            postings.append((title, ""))
    return postings


def test_deduplicator_equals_find_duplicates_on_a_shuffled_corpus() -> None:
    rng = random.Random(7)
    postings = _corpus(rng, 220)
    seqs = list(range(len(postings)))
    rng.shuffle(seqs)  # a repost may come before its original
    items = [_item(seq, title, text) for seq, (title, text) in zip(seqs, postings, strict=True)]
    rng.shuffle(items)
    found = _run(items)
    kinds = [d.kind for d in found.values()]
    assert kinds.count("exact") >= 40 and kinds.count("near") >= 40
    assert all(d.of_seq < seq for seq, d in found.items())
