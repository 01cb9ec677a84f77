"""Duplicate keys of postings: an exact-duplicate key and a MinHash signature for near-duplicates.

- ``text_key(title, text)``: a blake2b (16-byte) hex digest of the title and text after
  normalisation (NFKC, casefold, punctuation dropped, whitespace collapsed), so a repost that
  differs only in spacing, case or punctuation has the same key. A title-only posting (empty
  text) is keyed by its title plus the other raw fields given (company, city, date, salary).
- ``minhash_signature(text)``: a datasketch MinHash (affine32 scheme, SHA-1 based 32-bit hashes,
  permutations from ``seed``) over shingles of the normalised text: word 3-grams of the latin
  words and character 4-grams of the CJK characters (mixed text: both). It never uses Python's
  ``hash()``, so the same text gives the same signature in every process and on every machine.
  Text with no shingle (empty, or only punctuation) gives the empty tuple: such a posting can
  never be a near-duplicate.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from talentgraph.errors import ParameterError

__all__ = ["MINHASH_NUM_PERM", "MINHASH_SEED", "minhash_signature", "shingles_of", "text_key"]

#: Defaults shared by both market engines (the LSH banding in analytics assumes 64 = 16 x 4).
MINHASH_NUM_PERM = 64
MINHASH_SEED = 1
_SCHEME = "affine32"

_SEP = "\x1f"
_CJK_CHARS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK_CHARS}]+")
#: Latin (and other non-CJK) words: letters and digits, with + and # kept (c++, c#).
_WORD_RE = re.compile(f"[^\\W_{_CJK_CHARS}]+[+#]*")
_SPACE_RE = re.compile(r"\s+")
#: Everything that is not a letter, digit, space, "+" or "#": punctuation and symbols.
_PUNCT_RE = re.compile(r"[^\w\s+#]|_")
_WORD_SHINGLE = 3
_CHAR_SHINGLE = 4


def _normalise_for_key(text: str) -> str:
    """NFKC, casefold, punctuation and symbols dropped (``+``/``#`` kept), whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE_RE.sub(" ", _PUNCT_RE.sub(" ", folded)).strip()


def text_key(title: str | None, text: str | None,
             fields: Sequence[str | None] = ()) -> str:
    """The exact-duplicate key of a posting: 32 hex characters (blake2b, 16 bytes).

    Two postings share a key when their normalised title and text are equal (spacing, case,
    full-width forms and punctuation do not matter). ``fields`` (for example company, city,
    date and raw salary) count only when the text is empty: a title-only posting is a repost
    only when those agree too, not whenever two boards list the same title.
    """
    norm_text = _normalise_for_key(text or "")
    parts = [_normalise_for_key(title or ""), norm_text]
    if not norm_text:
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
def _permutations(num_perm: int, seed: int) -> Any:
    """The permutation parameters of (num_perm, seed), made once per process."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, scheme=_SCHEME).permutations


def minhash_signature(text: str, *, num_perm: int = MINHASH_NUM_PERM,
                      seed: int = MINHASH_SEED) -> tuple[int, ...]:
    """The MinHash signature of ``text`` (``num_perm`` ints), or ``()`` when it has no shingle.

    The fraction of equal positions of two signatures estimates the Jaccard similarity of
    their shingle sets; signatures made with different ``num_perm`` or ``seed`` are not
    comparable.
    """
    if not isinstance(num_perm, int) or isinstance(num_perm, bool) or not 1 <= num_perm <= 1024:
        raise ParameterError.invalid("num_perm", "minhash_signature", "an int in [1, 1024]",
                                     num_perm)
    shingles = shingles_of(text or "")
    if not shingles:
        return ()
    from datasketch import MinHash

    mh = MinHash(num_perm=num_perm, seed=seed, scheme=_SCHEME,
                 permutations=_permutations(num_perm, seed))
    mh.update_batch(list(shingles))
    return tuple(int(v) for v in mh.hashvalues)
