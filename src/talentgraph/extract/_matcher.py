"""Exact skill matching: every alias of the framework in Aho-Corasick automata (ahocorasick_rs).

The automaton runs over the lower-cased normalised text. Boundary rules decide which hits are
real mentions:

* an alias that starts (ends) with a Latin letter or digit must not touch another Latin letter or
  digit on that side, so "Go" is not found in "Google" and "Java" not in "JavaScript";
* an alias ending in a letter must not be followed by ``+`` or ``#`` ("C" is not "C++" / "C#");
* a one-letter alias must not touch ``& ' - / .`` ("R&D", "C-level", "U.S.");
* Chinese aliases have no word boundaries ("PyTorch深度学习框架" gives PyTorch and 深度学习);
* ambiguous aliases ("R", "Go") match only in their written case and only near a programming
  context: another non-ambiguous technical skill within ``context_window`` characters, or a cue
  word such as "language", "programming", 编程, 语言, 开发;
* overlapping hits keep the longest; among equal hits the curated layer wins.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

__all__ = ["ExactMatch", "SkillMatcher", "load_or_fit_matcher"]

_SOURCE_RANK = {"org": 0, "curated": 1, "onet": 2, "esco": 3}
_CONTEXT_CUES = re.compile(
    r"language|programming|coding|developer|develop|scripting|编程|语言|开发|代码|熟悉|掌握|精通"
)
_ONE_LETTER_FORBIDDEN = set("&'-/.")


class AliasLike(Protocol):
    text: str
    slug: str
    is_exact: bool
    is_ambiguous: bool
    source: str


@dataclass(frozen=True, slots=True)
class ExactMatch:
    """One exact hit in the normalised text."""

    slug: str
    start: int
    end: int
    is_ambiguous: bool
    source: str


_LATIN_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_AFTER_FORBIDDEN = _LATIN_ALNUM | {"+", "#"}


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")  # what _is_cjk accepts
_FROM_CJK = re.compile(r"[^\x00-\u33ff]")  # a quicker first test: any character from U+3400


def _is_latin_alnum(ch: str) -> bool:
    return ch in _LATIN_ALNUM


_SPELLING = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"),
             ("elling", "eling"), ("yse", "yze"))


def _variants(alias: str) -> set[str]:
    """Spelling variants of an alias as written in running text (hyphen/space/none, British
    and American spelling)."""
    base = " ".join(alias.lower().split())
    out = {base}
    padded = base + " "
    for uk, us in _SPELLING:
        if uk in padded:
            out.add(padded.replace(uk, us).strip())
        elif us in padded:
            out.add(padded.replace(us, uk).strip())
    for variant in list(out):
        out |= _joined(variant)
    return {v for v in out if v}


def _joined(base: str) -> set[str]:
    out = {base}
    if "-" in base:
        out.add(base.replace("-", " "))
        out.add(base.replace("-", ""))
    if " " in base and all(_is_latin_alnum(c) or c == " " for c in base):
        out.add(base.replace(" ", "-"))
    return {v for v in out if v}


def lower_same_length(text: str) -> str:
    """``text.lower()`` that never changes the length (so offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


#: Per ASCII code: 1 for a Latin letter or digit, 2 for "+" or "#" (0 for everything else).
_CHAR_CLASS = np.zeros(128, dtype=np.uint8)
for _ch in _LATIN_ALNUM:
    _CHAR_CLASS[ord(_ch)] = 1
_CHAR_CLASS[ord("+")] = _CHAR_CLASS[ord("#")] = 2


def _word_bounded(found: list[tuple[int, int, int]], low: str, first_latin: np.ndarray,
                  last_latin: np.ndarray) -> list[int]:
    """Indices into ``found`` ((key index, start, end) hits in ``low``) of the hits that do
    not touch a Latin letter or digit where their key starts (ends) with one, nor a "+" or
    "#" after a key ending in a letter or digit ("C" is not "C++") — the first two rules of
    ``SkillMatcher.find``, in numpy for all hits at once."""
    codes = np.frombuffer(low.encode("utf-32-le"), dtype=np.uint32)
    classes = np.zeros(len(codes) + 2, dtype=np.uint8)  # padded: text edges are spaces
    ascii_ = codes < 128
    classes[1:-1][ascii_] = _CHAR_CLASS[codes[ascii_]]
    hits = np.asarray(found, dtype=np.intp)
    keys, starts, ends = hits[:, 0], hits[:, 1], hits[:, 2]
    inside = (first_latin[keys] & (classes[starts] == 1)) | (
        last_latin[keys] & (classes[ends + 1] != 0))
    return np.flatnonzero(~inside).tolist()


class SkillMatcher:
    """Finds every alias of the skill framework in text. Build once, call many times.

    >>> matcher = SkillMatcher().fit(aliases)        # doctest: +SKIP
    >>> matcher.find("熟悉PyTorch深度学习框架")          # doctest: +SKIP
    """

    def __init__(self, *, context_window: int = 40) -> None:
        self.context_window = context_window

    def fit(
        self, aliases: Iterable[AliasLike], *, context_slugs: Iterable[str] | None = None
    ) -> SkillMatcher:
        """Build the automaton from the aliases marked safe for exact matching.

        ``context_slugs`` are the skills whose presence nearby licenses an ambiguous alias
        (programming languages and tools); by default any curated skill does.
        """
        self.context_slugs_ = frozenset(context_slugs) if context_slugs is not None else None

        best: dict[str, tuple[int, str, bool, str, str]] = {}
        for alias in aliases:
            if not alias.is_exact and not (alias.is_ambiguous and alias.source in ("curated", "org")):
                continue  # ESCO/O*NET words that need context are left to the other methods
            if len(alias.text.strip()) == 0:
                continue
            rank = _SOURCE_RANK.get(alias.source, 9)
            for key in _variants(alias.text):
                current = best.get(key)
                cand = (rank, alias.slug, alias.is_ambiguous, alias.source, alias.text.strip())
                if current is None or cand[:2] < current[:2]:
                    best[key] = cand
        # Three parts, which together report every hit one automaton of all keys would: keys
        # that start with a Chinese character (run only over text that has one), the other
        # keys, and the one-letter keys (found with str.find). English text so skips the
        # Chinese keys, and each automaton is smaller and faster to run.
        latin: dict[str, tuple] = {}
        cjk: dict[str, tuple] = {}
        single: dict[str, tuple[int, str, bool, str, str, bool, bool]] = {}
        for key, (_, slug, ambiguous, source, written) in best.items():
            value = (len(key), slug, ambiguous, source, written,
                     key[0] in _LATIN_ALNUM, key[-1] in _LATIN_ALNUM)
            if len(key) == 1:  # "R", "C": see _single_hits
                single[key] = value
            elif _is_cjk(key[0]):
                cjk[key] = value
            else:
                latin[key] = value
        self.keys_ = list(latin)
        self.values_ = list(latin.values())
        self.cjk_keys_ = list(cjk)
        self.cjk_values_ = list(cjk.values())
        self.single_ = single
        self.n_keys_ = len(best)
        self._build_automata()
        return self

    def _build_automata(self) -> None:
        """The automata (ahocorasick_rs, not picklable: rebuilt after unpickling) and, per
        Latin key, whether its first / last character is a Latin letter or digit."""
        import ahocorasick_rs
        import numpy as np

        self._latin = ahocorasick_rs.AhoCorasick(self.keys_) if self.keys_ else None
        self._cjk = ahocorasick_rs.AhoCorasick(self.cjk_keys_) if self.cjk_keys_ else None
        self._first_latin = np.fromiter((v[5] for v in self.values_), dtype=bool,
                                        count=len(self.values_))
        self._last_latin = np.fromiter((v[6] for v in self.values_), dtype=bool,
                                       count=len(self.values_))

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for name in ("_latin", "_cjk", "_first_latin", "_last_latin"):
            state.pop(name, None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._build_automata()

    def _automaton_hits(self, low: str) -> list[tuple[int, tuple]]:
        """``(end index, value)`` of every multi-character key in ``low`` that can be a
        mention: Latin hits inside a longer word ("go" in "google", "java" in "javascript",
        most of the automaton's hits) are dropped here with one vectorised test, before the
        per-hit rules of ``find`` run."""
        out: list[tuple[int, tuple]] = []
        if self._latin is not None:
            found = self._latin.find_matches_as_indexes(low, overlapping=True)
            if found:
                values = self.values_
                for i in _word_bounded(found, low, self._first_latin, self._last_latin):
                    idx, _, end = found[i]
                    out.append((end - 1, values[idx]))
        if self._cjk is not None and not low.isascii() and _FROM_CJK.search(low) and (
                _CJK_CHAR.search(low)):
            values = self.cjk_values_
            out.extend((end - 1, values[idx])
                       for idx, _, end in self._cjk.find_matches_as_indexes(low, overlapping=True))
        return out

    def _single_hits(self, text: str, low: str) -> list[tuple[int, tuple]]:
        """What the automaton would report for the one-letter keys, as ``(end index, value)``.

        A one-letter key inside the automaton fires at every "r" and "c" of the text (most of
        its hits); an ambiguous one is only ever accepted in its written case, so only those
        characters are looked up.
        """
        out: list[tuple[int, tuple]] = []
        for key, value in self.single_.items():
            written = value[4]
            wanted = {written, written.upper()} if value[2] else {key}
            source = text if value[2] else low
            for char in wanted:
                pos = source.find(char)
                while pos >= 0:
                    if low[pos] == key:
                        out.append((pos, value))
                    pos = source.find(char, pos + 1)
        return out

    def find(self, text: str) -> list[ExactMatch]:
        """All accepted, non-overlapping mentions in ``text`` (already normalised), in order."""
        if self.n_keys_ == 0 or not text:
            return []
        low = lower_same_length(text)
        n = len(text)
        hits: list[tuple[int, int, str, bool, str, str]] = []
        found = self._automaton_hits(low)
        latin_alnum, after_forbidden = _LATIN_ALNUM, _AFTER_FORBIDDEN  # locals: a hot loop
        for end_idx, value in itertools.chain(found, self._single_hits(text, low)):
            length, slug, ambiguous, source, written, first_latin, last_latin = value
            start = end_idx - length + 1
            end = end_idx + 1
            before = low[start - 1] if start > 0 else " "
            if first_latin and before in latin_alnum:
                continue  # most hits end here: an alias inside a longer word
            after = low[end] if end < n else " "
            if last_latin and after in after_forbidden:
                continue
            if length == 1 and (before in _ONE_LETTER_FORBIDDEN or (
                after in _ONE_LETTER_FORBIDDEN
                and not (after == "." and (end + 1 >= n or not low[end + 1].isalnum()))
            )):
                continue
            if (
                first_latin
                and before == "-"
                and start > 1
                and low[start - 2] in latin_alnum
            ):
                continue  # inside a hyphenated compound such as "Objective-C"
            if ambiguous and text[start:end] != written and text[start:end] != written.upper():
                continue
            hits.append((start, end, slug, ambiguous, source, written))
        if not hits:
            return []
        # keep the longest of overlapping hits
        hits.sort(key=lambda h: (-(h[1] - h[0]), _SOURCE_RANK.get(h[4], 9), h[0]))
        taken: list[tuple[int, int, str, bool, str, str]] = []
        occupied = bytearray(n)
        shadowed = []
        for hit in hits:
            s, e = hit[0], hit[1]
            if any(occupied[s:e]):
                shadowed.append(hit)
                continue
            occupied[s:e] = b"\x01" * (e - s)
            taken.append(hit)
        taken.extend(self._nested(taken, shadowed, low))
        taken.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        result: list[ExactMatch] = []
        for i, (s, e, slug, ambiguous, source, _) in enumerate(taken):
            if ambiguous and not self._has_context(low, taken, i):
                continue
            result.append(ExactMatch(slug=slug, start=s, end=e, is_ambiguous=ambiguous,
                                     source=source))
        return result

    @staticmethod
    def _nested(taken: list, shadowed: list, low: str) -> list:
        """Shorter curated hits at the very start or end of a longer one, for another skill,
        where Latin meets Chinese: "SQL取数" also names SQL, "Kafka消息队列" message queues.
        Not within one script ("大语言模型" is not also 语言模型, "TensorRT-LLM" not LLM)."""
        out = []
        seen = set()
        for hit in shadowed:
            s, e, slug, _, source, _ = hit
            if source not in ("curated", "org"):
                continue
            for outer in taken:
                os_, oe, oslug = outer[0], outer[1], outer[2]
                if not (os_ <= s and e <= oe) or oslug == slug or (s, e) == (os_, oe):
                    continue
                if outer[4] not in ("curated", "org") or not (s == os_ or e == oe):
                    continue
                # only where the script changes: "SQL|取数", "Kafka|消息队列", "大模型|RAG"
                edge = low[e] if s == os_ else low[s - 1]
                inner = low[e - 1] if s == os_ else low[s]
                if _is_cjk(edge) == _is_cjk(inner):
                    continue
                if (s, e, slug) not in seen:
                    seen.add((s, e, slug))
                    out.append(hit)
        return out

    def _has_context(self, low: str, taken: list, i: int) -> bool:
        s, e = taken[i][0], taken[i][1]
        window = self.context_window
        for j, other in enumerate(taken):
            if j == i or other[3] or abs(other[0] - s) > window:
                continue
            if self.context_slugs_ is None:
                if other[4] in ("curated", "org"):
                    return True
            elif other[2] in self.context_slugs_:
                return True
        return bool(_CONTEXT_CUES.search(low, max(0, s - window), min(len(low), e + window)))


#: Bump when the automaton's values or the variant rules change (invalidates cached matchers).
MATCHER_FORMAT = 6


def _cache_dir() -> Path:
    import os

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "talentgraph"


def load_or_fit_matcher(aliases: list, *, context_slugs: Iterable[str],
                        cache_dir: Path | None = None) -> SkillMatcher:
    """A fitted matcher for these aliases: from the on-disk cache when one was built for the
    same taxonomy version and aliases, else fitted now and cached (best effort: a cache that
    cannot be written is skipped)."""
    import hashlib
    import pickle

    context = sorted(context_slugs)
    digest = hashlib.sha256()
    for a in aliases:
        digest.update(f"{a.text}\t{a.slug}\t{a.is_exact}\t{a.is_ambiguous}\t{a.source}\n".encode())
    digest.update("\n".join(context).encode())
    key = f"matcher-v{MATCHER_FORMAT}-{digest.hexdigest()[:16]}.pkl"
    path = (cache_dir or _cache_dir()) / key
    if path.is_file():
        try:
            with open(path, "rb") as fh:
                matcher = pickle.load(fh)
            if isinstance(matcher, SkillMatcher):
                return matcher
        except Exception:  # a damaged cache is rebuilt, never fatal
            pass
    matcher = SkillMatcher().fit(aliases, context_slugs=context)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(matcher, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass
    return matcher
