"""The duplicate rule of the market analysis, shared by the local and the Spark engines.

A posting is a duplicate iff an EARLIER posting (lower ``seq``) has

1. the same ``text_key`` (an *exact* duplicate: the same ad reposted, up to spacing, case and
   punctuation), or, failing that,
2. an estimated Jaccard similarity of their MinHash signatures ``>= threshold`` (default 0.8)
   AND at least one equal LSH band (a *near* duplicate: the same ad with a changed sentence or
   another board's footer).

``of_seq`` is the LOWEST such earlier seq (of the exact rule when it applies, else of the near
rule). "Earlier posting", not "earlier kept posting": whether a posting is a duplicate depends
only on the postings before it, not on what was dropped, so the answer does not depend on the
order postings are processed in, and the Spark engine can compute it by joining band buckets
(self-join on (band, key), keep pairs with lower seq and Jaccard >= threshold, min seq).

LSH banding is fixed: 32 bands x 4 rows over the 128-permutation signature. A pair with
Jaccard s shares a band with probability 1 - (1 - s^4)^32: 1.0000 at s = 0.8, 0.98 at 0.5,
0.23 at 0.3, so every pair the threshold accepts is a candidate. 128 permutations (not 64)
keep the estimate close: its standard deviation at s = 0.85 is 0.03, so a true 0.87 pair is
called a duplicate 99% of the time (64 permutations: 95%).
A signature of ``()`` (a posting with no text) has no bands and is never a near duplicate.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from talentgraph.errors import ParameterError

__all__ = [
    "DEDUP_THRESHOLD",
    "LSH_BANDS",
    "LSH_ROWS",
    "DuplicateOf",
    "Deduplicator",
    "estimate_jaccard",
    "find_duplicates",
    "lsh_bands",
]

DEDUP_THRESHOLD = 0.8
LSH_BANDS = 32
LSH_ROWS = 4


@dataclass(frozen=True, slots=True)
class DuplicateOf:
    """Why a posting is dropped: ``kind`` "exact" or "near", and the earlier posting's seq."""

    kind: str
    of_seq: int


def _check_threshold(threshold: object, owner: str) -> float:
    if (not isinstance(threshold, (int, float)) or isinstance(threshold, bool)
            or not 0.0 < float(threshold) <= 1.0):
        raise ParameterError.invalid("threshold", owner, "a number in (0, 1]", threshold)
    return float(threshold)


def lsh_bands(signature: Sequence[int], *, bands: int = LSH_BANDS) -> list[tuple[int, bytes]]:
    """The LSH band keys of a signature: ``(band index, bytes of its rows)`` for each band.

    The bytes are the band's values as little-endian uint32, so the keys are the same in every
    process and can be a Spark join column. An empty signature has no bands.
    """
    if not signature:
        return []
    n = len(signature)
    if bands < 1 or n % bands:
        raise ParameterError.invalid(
            "bands", "lsh_bands", f"a positive divisor of the signature length {n}", bands)
    width = 4 * (n // bands)
    packed = _pack(signature)
    return [(i, packed[i * width:(i + 1) * width]) for i in range(bands)]


def _pack(signature: Sequence[int]) -> bytes:
    """The signature as little-endian uint32 bytes (band keys are slices of it)."""
    try:
        return struct.pack(f"<{len(signature)}I", *signature)
    except struct.error as exc:
        raise ParameterError(
            f"Got a MinHash signature with a value outside uint32 ({exc}). Expected a "
            "signature from talentgraph.text.minhash_signature (32-bit values)."
        ) from exc


def estimate_jaccard(a: Sequence[int], b: Sequence[int]) -> float:
    """The Jaccard similarity two MinHash signatures estimate: the share of equal positions.

    0.0 when either is empty (a posting without text resembles nothing).
    """
    if not a or not b:
        return 0.0
    if len(a) != len(b):
        raise ParameterError(
            f"estimate_jaccard got signatures of {len(a)} and {len(b)} values. Expected equal "
            "lengths: make both with the same num_perm and seed."
        )
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


class Deduplicator:
    """The duplicate rule over a stream of postings in increasing ``seq`` (the local engine).

    Memory: the first seq of every text key, one dict of band buckets per band (band bytes ->
    row, or a list of rows once two share it), and the signatures as one uint32 matrix (512
    bytes a posting at 128 permutations): about 3 KB a posting in all.
    An exact duplicate whose signature equals its original's is not indexed again: any later
    posting near it is as near the original, which has the lower seq.
    """

    def __init__(self, threshold: float = DEDUP_THRESHOLD) -> None:
        self.threshold = _check_threshold(threshold, "Deduplicator")
        self._first_seq: dict[str, int] = {}
        self._first_row: dict[str, int] = {}
        self._buckets: list[dict[bytes, int | list[int]]] = []
        self._seqs: list[int] = []
        self._sigs: np.ndarray | None = None
        self._last_seq: int | None = None
        self.n_seen = 0  # postings checked so far
        self._width = 0  # bytes of one packed signature

    def check_and_add(self, seq: int, text_key: str,
                      signature: Sequence[int]) -> DuplicateOf | None:
        """Whether the posting ``seq`` duplicates an earlier one (and which), then remember it.

        ``seq`` must be greater than every seq added before.
        """
        if self._last_seq is not None and seq <= self._last_seq:
            raise ParameterError(
                f"Deduplicator.check_and_add got seq {seq} after seq {self._last_seq}. Expected "
                "postings in increasing seq order; use find_duplicates for unordered input."
            )
        self._last_seq = seq
        self.n_seen += 1
        packed = _pack(signature) if signature else b""
        if packed and self._sigs is not None and len(packed) != self._width:
            raise ParameterError(
                f"Deduplicator got a signature of {len(signature)} values after ones of "
                f"{self._width // 4}. Expected one num_perm for the whole input."
            )
        first = self._first_seq.get(text_key)
        if first is not None:
            row = self._first_row.get(text_key)
            if row is None or self._sigs is None or self._sigs[row].tobytes() != packed:
                self._index(seq, packed, self._band_keys(packed))
            return DuplicateOf("exact", first)
        self._first_seq[text_key] = seq
        keys = self._band_keys(packed)
        found = self._near(packed, keys)
        row = self._index(seq, packed, keys)
        if row is not None:
            self._first_row[text_key] = row
        return found

    def _band_keys(self, packed: bytes) -> list[bytes]:
        """The LSH band keys of a packed signature (none for an empty one)."""
        if not packed:
            return []
        width = len(packed) // LSH_BANDS
        return [packed[i:i + width] for i in range(0, len(packed), width)]

    def _near(self, packed: bytes, keys: list[bytes]) -> DuplicateOf | None:
        if not packed or self._sigs is None:
            return None
        candidates: set[int] = set()
        for buckets, key in zip(self._buckets, keys, strict=True):
            rows = buckets.get(key)
            if rows is None:
                continue
            if isinstance(rows, int):
                candidates.add(rows)
            else:
                candidates.update(rows)
        if not candidates:
            return None
        rows_arr = np.fromiter(sorted(candidates), dtype=np.int64, count=len(candidates))
        sig = np.frombuffer(packed, dtype="<u4")
        similar = (self._sigs[rows_arr] == sig).mean(axis=1) >= self.threshold
        hits = rows_arr[similar]
        if not len(hits):
            return None
        return DuplicateOf("near", self._seqs[int(hits[0])])  # rows grow with seq

    def _index(self, seq: int, packed: bytes, keys: list[bytes]) -> int | None:
        if not packed:
            return None
        if self._sigs is None:
            if len(packed) % (4 * LSH_BANDS):
                raise ParameterError(
                    f"Deduplicator got a signature of {len(packed) // 4} values. Expected a "
                    f"multiple of {LSH_BANDS} (the LSH bands), such as the default 128.")
            self._width = len(packed)
            self._sigs = np.empty((1024, len(packed) // 4), dtype="<u4")
            self._buckets = [{} for _ in range(LSH_BANDS)]
        row = len(self._seqs)
        if row == len(self._sigs):
            grown = np.empty((2 * row, self._sigs.shape[1]), dtype="<u4")
            grown[:row] = self._sigs
            self._sigs = grown
        self._sigs[row] = np.frombuffer(packed, dtype="<u4")
        self._seqs.append(seq)
        for buckets, key in zip(self._buckets, keys, strict=True):
            rows = buckets.get(key)
            if rows is None:
                buckets[key] = row  # most buckets hold one posting: no list for them
            elif isinstance(rows, int):
                buckets[key] = [rows, row]
            else:
                rows.append(row)
        return row


def find_duplicates(items: Iterable[tuple[int, str, Sequence[int]]], *,
                    threshold: float = DEDUP_THRESHOLD) -> dict[int, DuplicateOf]:
    """The duplicates among ``(seq, text_key, signature)`` items given in any order.

    The plain reference of the rule (module docstring) that the streaming ``Deduplicator``
    and the Spark engine are tested against: seq -> DuplicateOf for every duplicate.
    """
    threshold = _check_threshold(threshold, "find_duplicates")
    ordered = sorted(items, key=lambda item: item[0])
    for (a, _, _), (b, _, _) in zip(ordered, ordered[1:], strict=False):
        if a == b:
            raise ParameterError(
                f"find_duplicates got seq {a} twice. Expected each posting's seq once.")
    first_by_key: dict[str, int] = {}
    buckets: dict[tuple[int, bytes], list[int]] = {}
    sig_of: dict[int, Sequence[int]] = {}
    out: dict[int, DuplicateOf] = {}
    for seq, key, sig in ordered:
        bands = lsh_bands(sig)
        if key in first_by_key:
            out[seq] = DuplicateOf("exact", first_by_key[key])
        else:
            first_by_key[key] = seq
            earlier = {q for band in bands for q in buckets.get(band, ())}
            near = [q for q in earlier if estimate_jaccard(sig, sig_of[q]) >= threshold]
            if near:
                out[seq] = DuplicateOf("near", min(near))
        sig_of[seq] = sig
        for band in bands:
            buckets.setdefault(band, []).append(seq)
    return out
