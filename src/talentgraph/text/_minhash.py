"""Duplicate keys of postings: an exact-duplicate key and a MinHash signature for near-duplicates.

- ``text_key(title, text)``: a blake2b (16-byte) hex digest of the title and text after
  normalisation (NFKC, casefold, punctuation dropped, whitespace collapsed), so a repost that
  differs only in spacing, case or punctuation has the same key. A title-only posting (empty
  text) is keyed by its title plus the other raw fields given (company, city, date, salary).
- ``minhash_signature(text)``: a MinHash with datasketch's affine32 permutations of ``seed``
  over 32-bit hashes (crc32 of words and code points, mixed by vectorised arithmetic) of shingles of the normalised text: word 3-grams of the latin
  words and character 4-grams of the CJK characters (mixed text: both). It never uses Python's
  ``hash()``, so the same text gives the same signature in every process and on every machine.
  Text with no shingle (empty, or only punctuation) gives the empty tuple: such a posting can
  never be a near-duplicate.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from talentgraph.errors import ParameterError

__all__ = ["MINHASH_NUM_PERM", "MINHASH_SEED", "SHORT_TEXT_CHARS", "duplicate_keys",
           "minhash_signature", "shingles_of", "text_key"]

#: Defaults shared by both market engines (the LSH banding in analytics assumes 128 = 32 x 4).
MINHASH_NUM_PERM = 128
MINHASH_SEED = 1
_SCHEME = "affine32"

_SEP = "\x1f"
_CJK_CHARS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK_CHARS}]+")
#: Latin (and other non-CJK) words: letters and digits, with + and # kept (c++, c#).
_WORD_RE = re.compile(f"[^\\W_{_CJK_CHARS}]+[+#]*")
_WORD_SHINGLE = 3
_CHAR_SHINGLE = 4


#: A run of letters, digits, "+" and "#" once "_" is a space: what ``_normalise_for_key`` keeps.
_KEPT_RE = re.compile(r"[\w+#]+")


def _folded(text: str) -> str:
    """NFKC and casefolding (for ASCII text both are ``lower()``)."""
    return text.lower() if text.isascii() else unicodedata.normalize("NFKC", text).casefold()


def _key_tokens(text: str) -> list[str]:
    """The runs of letters, digits, "+" and "#" of the folded text (punctuation, symbols, "_"
    and whitespace separate them): ``_normalise_for_key`` is these joined by single spaces."""
    return _KEPT_RE.findall(_folded(text).replace("_", " "))


def _normalise_for_key(text: str) -> str:
    """NFKC, casefold, punctuation and symbols dropped (``+``/``#`` kept), whitespace collapsed."""
    return " ".join(_key_tokens(text))


def text_key(title: str | None, text: str | None,
             fields: Sequence[str | None] = ()) -> str:
    """The exact-duplicate key of a posting: 32 hex characters (blake2b, 16 bytes).

    Two postings share a key when their normalised title and text are equal (spacing, case,
    full-width forms and punctuation do not matter). ``fields`` (for example company, city,
    date and raw salary) count only when the text is shorter than ``SHORT_TEXT_CHARS``: a
    title-only posting, or one whose "description" is a few skill tags, is a repost only when
    those agree too, not whenever two companies list the same title and tags.
    """
    return _key_of(title, _normalise_for_key(text or ""), fields)


#: A description shorter than this (normalised characters) cannot tell two ads apart (a list of
#: skill tags, "see website"): like a title-only record it is keyed together with the company,
#: city, date and salary, and never compared for near duplicates.
SHORT_TEXT_CHARS = 200


def _key_of(title: str | None, norm_text: str, fields: Sequence[str | None]) -> str:
    parts = [_normalise_for_key(title or ""), norm_text]
    if len(norm_text) < SHORT_TEXT_CHARS:
        parts += [_normalise_for_key(f or "") for f in fields]
    return hashlib.blake2b(_SEP.join(parts).encode("utf-8"), digest_size=16).hexdigest()


def shingles_of(text: str) -> set[bytes]:
    """The shingles MinHash is computed over: word 3-grams of the latin words (the whole word
    run when it has fewer than 3 words) and character 4-grams of the CJK characters (the
    whole run when shorter), from NFKC-normalised, casefolded text."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    out: set[bytes] = set()
    words = _WORD_RE.findall(folded)
    if words:
        if len(words) < _WORD_SHINGLE:
            out.add(" ".join(words).encode("utf-8"))
        else:
            for i in range(len(words) - _WORD_SHINGLE + 1):
                out.add(" ".join(words[i:i + _WORD_SHINGLE]).encode("utf-8"))
    cjk = "".join(_CJK_RE.findall(folded))
    if cjk:
        if len(cjk) < _CHAR_SHINGLE:
            out.add(cjk.encode("utf-8"))
        else:
            for i in range(len(cjk) - _CHAR_SHINGLE + 1):
                out.add(cjk[i:i + _CHAR_SHINGLE].encode("utf-8"))
    return out


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters ``(a, b)`` of (num_perm, seed) as uint32
    arrays, made once per process."""
    from datasketch import MinHash

    a, b = MinHash(num_perm=num_perm, seed=seed, scheme=_SCHEME).permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


_MASK32 = np.uint64(0xFFFFFFFF)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio): spreads the bits
_WORD_SALT = np.uint64(0x5851F42D4C957F2D)
_CJK_SALT = np.uint64(0x14057B7EF767814F)


def _mix32(values: np.ndarray, salt: np.uint64) -> np.ndarray:
    """A 32-bit hash of each uint64 (wrapping multiply and xor-shift: the same everywhere)."""
    with np.errstate(over="ignore"):
        h = (values ^ salt) * _MIX
        h ^= h >> np.uint64(29)
        h *= _MIX
        h ^= h >> np.uint64(32)
    return h & _MASK32


def _shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the shingles of ``text`` (the same shingles as ``shingles_of``), made
    with vectorised arithmetic: each word is hashed once (crc32) and three neighbours are
    combined; CJK 4-grams combine code points. One value per shingle occurrence, as uint64: a
    repeated shingle repeats its hash, which changes no minimum, so no MinHash either."""
    return _folded_shingle_hashes(unicodedata.normalize("NFKC", text).casefold())


def _word_shingle_hashes(words: list[str]) -> np.ndarray:
    """32-bit hashes (as uint64) of the word 3-grams of ``words`` (one shingle of them all
    when there are fewer than 3): crc32 of each word, three neighbours combined, mixed."""
    ids = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64,
                      count=len(words))
    if len(ids) < _WORD_SHINGLE:
        combined = np.zeros(1, dtype=np.uint64)
        for value in ids:
            combined = combined * np.uint64(0x100000001B3) + value
    else:
        with np.errstate(over="ignore"):
            combined = (ids[:-2] * np.uint64(0x100000001B3) + ids[1:-1]) \
                * np.uint64(0x100000001B3) + ids[2:]
    return _mix32(combined, _WORD_SALT)


def _folded_shingle_hashes(folded: str) -> np.ndarray:
    """``_shingle_hashes`` of text already NFKC-normalised and casefolded (punctuation may be
    gone already: words and CJK runs are the same either way)."""
    parts: list[np.ndarray] = []
    words = _WORD_RE.findall(folded)
    if words:
        parts.append(_word_shingle_hashes(words))
    cjk = "".join(_CJK_RE.findall(folded))
    if cjk:
        codes = np.frombuffer(cjk.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        if len(codes) < _CHAR_SHINGLE:
            combined = np.zeros(1, dtype=np.uint64)
            for value in codes:
                combined = (combined << np.uint64(21)) | value
        else:
            n = len(codes) - _CHAR_SHINGLE + 1
            # four 21-bit code points fill 84 bits: fold the first into the top with a xor
            combined = ((codes[:n] << np.uint64(42)) ^ (codes[1:n + 1] << np.uint64(21))
                        ^ codes[2:n + 2] ^ (codes[3:n + 3] << np.uint64(63 - 20)))
        parts.append(_mix32(combined, _CJK_SALT))
    if not parts:
        return np.zeros(0, dtype=np.uint64)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def minhash_signature(text: str, *, num_perm: int = MINHASH_NUM_PERM,
                      seed: int = MINHASH_SEED) -> tuple[int, ...]:
    """The MinHash signature of ``text`` (``num_perm`` ints), or ``()`` when it has no shingle.

    The fraction of equal positions of two signatures estimates the Jaccard similarity of
    their shingle sets; signatures made with different ``num_perm`` or ``seed`` are not
    comparable. The shingles are hashed with vectorised arithmetic (``_shingle_hashes``), then
    permuted with datasketch's affine32 permutations of ``seed``.
    """
    if not isinstance(num_perm, int) or isinstance(num_perm, bool) or not 1 <= num_perm <= 1024:
        raise ParameterError.invalid("num_perm", "minhash_signature", "an int in [1, 1024]",
                                     num_perm)
    return _signature(_shingle_hashes(text or ""), num_perm=num_perm, seed=seed)


def duplicate_keys(title: str | None, text: str | None,
                   fields: Sequence[str | None] = ()) -> tuple[str, tuple[int, ...]]:
    """``(text_key(title, text, fields), minhash_signature(text))`` with the text normalised
    once (the two share NFKC, casefolding and the word split; this is what the market
    engines call for every posting). The signature is ``()`` for a description shorter than
    ``SHORT_TEXT_CHARS``: such a posting is only ever an exact duplicate."""
    tokens = _key_tokens(text or "")
    norm_text = " ".join(tokens)
    key = _key_of(title, norm_text, fields)
    if len(norm_text) < SHORT_TEXT_CHARS:
        return key, ()  # too short to call two ads near duplicates
    if norm_text.isascii() and "+" not in norm_text and "#" not in norm_text:
        # ASCII letters and digits only: the key tokens are the words, and no CJK run
        hashes = _word_shingle_hashes(tokens)
    else:
        hashes = _folded_shingle_hashes(norm_text)
    return key, _signature(hashes, num_perm=MINHASH_NUM_PERM, seed=MINHASH_SEED)


_BLOCK = 8192  # shingles permuted at a time: 8192 x 128 x 4 bytes = 4 MB, for any text length
_FMIX_M1 = np.uint32(0x85EBCA6B)
_FMIX_M2 = np.uint32(0xC2B2AE35)


def _signature(hashes: np.ndarray, *, num_perm: int, seed: int) -> tuple[int, ...]:
    """datasketch's affine32 MinHash of the 32-bit ``hashes`` (what ``MinHash.update_batch``
    computes, in numpy without a Python call per shingle): the MurmurHash3 finalizer, then
    ``a * h + b`` modulo 2**32 for every permutation, then the minimum of each."""
    if not len(hashes):
        return ()
    a, b = _permutations(num_perm, seed)
    hv = _fmix32(hashes.astype(np.uint32))
    mins = np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)  # datasketch's empty signature
    for i in range(0, len(hv), _BLOCK):
        permuted = np.multiply.outer(hv[i:i + _BLOCK], a)  # uint32 wraps: modulo 2**32
        permuted += b
        np.minimum(mins, permuted.min(axis=0), out=mins)
    return tuple(mins.tolist())


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer datasketch applies before permuting (its ``_fmix``)."""
    hv = hv ^ (hv >> np.uint32(16))
    hv *= _FMIX_M1
    hv ^= hv >> np.uint32(13)
    hv *= _FMIX_M2
    hv ^= hv >> np.uint32(16)
    return hv
