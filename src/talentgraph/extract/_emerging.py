"""Candidate emerging terms: phrases of a posting that look like skills or tools but that the
taxonomy does not know yet (new AI skills appear faster than taxonomies update).

The list is for an analyst to review, so precision matters more than recall. A candidate is

- English (and latin words inside Chinese text): a *technical token* in the requirement,
  responsibility or skills sections (all of the text when it has no such section): a word with
  a capital after a lower-case letter (LangGraph, vLLM, GraphRAG), letters mixed with digits
  (Qwen2.5, H100), an acronym of 2-6 capitals (MCP), or a dotted name ending in a code
  suffix (llama.cpp); or a 1-3 word phrase after a cue ("experience with", "knowledge of",
  "familiar with", "proficiency in" ...), split on commas, and, or, "such as". A cue phrase
  must name something: a single word is kept only when it looks technical (inner capital,
  digit, hyphen, dot, ``+``, ``#``), is an acronym in the original text, or is capitalised
  mid-sentence (a proper name: Salesforce); a phrase of several words needs one such word
  ("statistical packages" is not a candidate, "QuuxFlow SDK" is). Phrases never start or end
  with a stopword or determiner ("the following");
- Chinese: the object of a cue verb (熟悉, 掌握, 了解, 精通, 熟练使用, 具备...经验), split on
  、/和/及/或, with 等/相关/技术/经验/能力 and similar trailing words stripped, 2-12 characters;
  function words and verbs (使用, 实际, 相关, 熟悉, 能够, 以上 ...) are stripped from both
  ends and are never a candidate alone; an all-Chinese item needs 3 characters or more unless
  it comes from a list (X、Y、Z等); an item ending in a job title (分析师, 产品经理) is a role,
  not a skill;

and it is dropped when it overlaps a skill the pipeline matched, resolves to a skill in the
taxonomy (``Taxonomy.resolve``, the alias key lookup the matcher indexes), is a stopword, a
generic word, a number, or one of a short curated list of words and acronyms of job ads that
are not skills (``_NOT_SKILLS``: degrees, places, currencies, business jargon such as CV, KPI,
SaaS, B2B). Tokens that are artefacts of the text, not names, are skipped: anonymisation
placeholders (``<NAME>``), US state codes after a city ("San Francisco, CA"), shouted runs of
capitals ("APPLY NOW") and words glued together by a scraper ("SummaryThe").
Candidates are normalised (casefold for latin, simplified Chinese as the pipeline normalises
it), given once each (by alias key) in text order, at most 20.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from talentgraph.domain import Extraction
from talentgraph.extract._phrases import _BREAK, _ITEM, _LEAD

__all__ = ["MAX_PHRASES", "candidate_phrases"]

MAX_PHRASES = 20

#: Sections whose words say nothing about the job's skills.
_SKIP_KINDS = frozenset({"benefits", "company", "legal", "contact"})
#: Sections where a bare technical token is trusted (elsewhere only cue phrases count).
_SKILL_KINDS = frozenset({"responsibilities", "requirements", "preferred", "skills"})

# ---------------------------------------------------------------------------- English

_EN_CUE = re.compile(
    r"\b(?:(?:hands-on |prior |proven |strong |solid |deep |practical |working )?"
    r"(?:experience|expertise) (?:with|in|using|building with)|"
    r"(?:(?:working|deep|strong|solid|good) )?knowledge of|familiar(?:ity)? with|"
    r"proficien(?:cy|t) (?:in|with)|skilled in|fluen(?:cy|t) in|exposure to|"
    r"comfortable (?:with|using)|understanding of)\s+",
    re.IGNORECASE,
)
#: Words every match of _EN_CUE contains (lower case): a line with none has no cue. Exact for a
#: line without the three characters that match a latin letter case-insensitively while their
#: lower case is not that letter (ı, ſ, İ).
_EN_CUE_WORDS = ("experience", "expertise", "knowledge of", "familiar", "proficien",
                 "skilled in", "fluen", "exposure to", "comfortable", "understanding of")
_CASE_ODD = ("\u0131", "\u017f", "\u0130")
#: Where the object of an English cue ends.
_EN_END = re.compile(r"[.;:!?()\[\]\n]|\s[-–—]\s| (?:is|are|would|will|to|for|that|which|who)\b")
_EN_SPLIT = re.compile(
    r",|/|&|\b(?:and|or|and/or|as well as|plus|such as|including|like|e\.g\.?|i\.e\.?|"
    r"especially|particularly|preferably|ideally)\b", re.IGNORECASE)
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#]*(?:[-.][A-Za-z0-9+#]+)*")
#: A technical token: one word with letters, digits, inner - or . (and trailing + #).
_TECH_TOKEN = re.compile(
    r"(?<![A-Za-z0-9_.+#-])"
    # look ahead for a digit, a capital after another character, or a dot in the word: most
    # words have none and are skipped inside the regex engine (_MAYBE_TECH checks exactly)
    r"(?=[A-Za-z0-9.+#-]*?(?:[0-9]|[A-Za-z0-9][A-Z]|\.))"
    r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*[+#]*(?![A-Za-z0-9_+#])")
#: A line with one of these is about perks, not skills (an inline "Benefits: ..." line).
_PERK_CUES = ("enefit", "Perk", "perk", "福利", "待遇", "401")
_CODE_SUFFIXES = frozenset({"js", "cpp", "py", "ai", "rs", "ts", "jl", "net", "io"})

_STOPWORDS = frozenset("""
a about above after again all also an and any are as at be been being both but by can could
do does doing each either etc for from further had has have having how i if in into is it its
just least less many may more most much must my no nor not of off on one only or other our out
over own per same several should so some such than that the their them then there these they
this those through to too under until up us very via was we well were what when where which
while who whom why will with within without would yes you your yours
following below given certain another every
""".split())
#: Words that are never an emerging skill on their own, nor as the head of a phrase.
_GENERIC = frozenset("""
ability abilities advanced agile application applications approach approaches area areas
background basic best business candidate code coding company concept concepts core
customer customers data deep degree design development different domain domains
effective engineering environment environments equivalent excellent experience expert
expertise field fields framework frameworks fundamentals good great hands-on high industry
infrastructure knowledge language languages large latest leading libraries library methods
methodologies modern new practice practices principles problem problems process processes
product production products professional proficiency programming project projects quality
related relevant role scale set skill skills software solid solution solutions stack
stakeholders startup strong system systems team teams technique techniques technologies
technology tool tooling tools understanding use user users various work working world
year years least plus bonus preferred required requirement requirements responsibilities
ideal ideally similar etc e.g. i.e. time full-time part-time remote hybrid office
""".split())
#: Words and acronyms of job ads that are not skills, kept short and curated (each line one
#: kind): degrees, fields and titles; places and time zones; forms, visas and pay;
#: currencies, units and company forms; business and HR jargon; concepts too broad to be a
#: skill (API, UI, QA); industries; shouted words; platforms named as channels; research
#: venues (a paper venue is not a skill).
_NOT_SKILLS = frozenset("""
phd ph.d msc bsc mba ba bs ms ma ms.c b.s m.s gpa cs mis stem cpa
ceo cto cfo coo cio cmo vp svp evp hr pr
us usa uk eu emea apac na latam nyc sf la dc am pm est pst pdt cet utc gmt un hq
id ok tbd faq eeo eoe ada dei etc vs q1 q2 q3 q4 h1b h-1b w2 w-2 opt cpt k-12 401k 1099
usd cny rmb gbp eur hkd sgd dkk sek nok chf jpy inr aud cad krw fte ote pto wfh ic
kb mb gb tb pb llc inc ltd corp gmbh
cv kpi kpis okr okrs roi cpg fmcg oem b2b b2c b2g saas paas iaas crm erp mvp poc vc smb smbs
sme ipo
api apis ui ux pc it qa qc pdf tv os db dbs ai/ml covid covid-19
ecommerce e-commerce fintech edtech adtech martech healthtech proptech insurtech
now apply join asap urgent hot free new hiring
linkedin youtube ipad iphone wechat mcdonald
kdd acl emnlp naacl coling cvpr iccv eccv icml iclr neurips nips aaai ijcai sigir recsys www
osdi sosp nsdi sigmod vldb icde siggraph interspeech icassp
""".split())
#: Words that head a posting's sections; glued to the next word by a scraper ("SummaryThe").
_HEADING_WORDS = frozenset("""
about benefits description duties education experience job location overview position
qualifications requirements responsibilities role skills specifications summary
""".split())
#: An anonymisation placeholder ("<NAME>", "<ORGANIZATION>"): its word is not a name.
_PLACEHOLDER = re.compile(r"<[A-Z_]+>")
#: "San Francisco, CA 94105", "San Jose CA": a US state code after a capitalised place name.
_STATE_AFTER = re.compile(r"\b[A-Z][a-z][A-Za-z.]*,? ?$")
_US_STATES = frozenset("""
AL AK AZ AR CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH
NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY
""".split())
#: A roman numeral of a job level ("Analyst III"), not an acronym.
_ROMAN = re.compile(r"[IVX]+$")
#: Three or more capitalised words in a row: shouting, not acronyms.
_SHOUTED = re.compile(r"\b[A-Z]{2,}(?: +[A-Z]{2,}\b){2,}")
#: The pieces of a camel-case word: "SummaryThe" -> Summary, The.
_CAMEL_PIECE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")

# ---------------------------------------------------------------------------- Chinese

_ZH_CUE = re.compile(r"熟练掌握|熟练使用|熟练运用|精通|熟悉|掌握|了解|深入理解")
_ZH_EXP_CUE = re.compile(r"具备|具有|拥有|有")
_ZH_SUFFIX = re.compile(
    r"(?:(?:的)?(?:相关|常用|主流)?(?:的)?(?:技术|经验|经历|能力|知识|技能|背景|等等|等|者优先|优先|"
    r"者|相关|项目|行业|平台|开发|使用|应用|原理|方向|工具|框架|及以上|以上|中的一种|中至少一种|之一)+)$")
_ZH_GENERIC = frozenset("""
算法 模型 数据 业务 技术 工具 框架 开发 设计 编程 语言 方法 知识 原理 基础 流程 系统 平台 产品
项目 工作 团队 沟通 文档 代码 架构 需求 场景 行业 领域 互联网 办公软件 常用工具 数据结构 计算机网络
操作系统 编程语言 开发语言 脚本语言 云端 云平台 云端平台 云服务 机器学习算法 深度学习框架 主流框架 相关工具 相关技术
""".split())
#: Function words and verbs of requirement clauses, never a candidate alone: those that never
#: start a term are stripped from its start ("使用Paimon" -> "Paimon", "实际项目" -> nothing),
#: those that never end one from its end ("Blorptune相关" -> "Blorptune").
_ZH_FUNCTION_LEAD_WORDS = (
    "熟练使用", "熟练掌握", "使用", "运用", "实际", "相关", "熟悉", "掌握", "了解", "理解", "精通",
    "具备", "具有", "拥有", "能够", "可以", "进行", "负责", "参与", "良好", "一定", "较强", "丰富",
    "扎实", "熟练", "基本", "常见", "常用", "主流", "各种", "各类", "其他", "至少", "一种", "多种",
    "一门", "以及", "或者", "并且",
)
_ZH_FUNCTION_TRAIL_WORDS = (
    "相关", "经验", "能力", "项目", "工作", "以上", "优先", "使用", "运用", "能够", "熟悉", "掌握",
    "了解", "等等", "等", "的", "者",
)
_ZH_FUNCTION_SET = frozenset(_ZH_FUNCTION_LEAD_WORDS + _ZH_FUNCTION_TRAIL_WORDS)
_ZH_FUNCTION_LEAD = re.compile("(?:" + "|".join(_ZH_FUNCTION_LEAD_WORDS) + ")+")
_ZH_FUNCTION_TRAIL = re.compile("(?:" + "|".join(_ZH_FUNCTION_TRAIL_WORDS) + ")+$")
#: An item ending in a job title names a role, not a skill (数据分析师, 产品经理).
_ZH_ROLE_END = re.compile(r"(?:师|经理|专员|总监|主管|助理|实习生|顾问|负责人)$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def _item_spans(text: str, start: int, end: int,
                split: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """The pieces of ``text[start:end]`` between separators."""
    pos = start
    for sep in split.finditer(text, start, end):
        yield pos, sep.start()
        pos = sep.end()
    yield pos, end


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in "+#"):
        end -= 1
    return start, end


def _en_phrase(text: str, start: int, end: int, *,
               title_case: bool) -> tuple[int, int, tuple[str, ...]] | None:
    """The 1-3 word phrase of an English item, without leading/trailing stop and generic
    words, and what it takes to name something: ``(start, end, ())`` when a word of it looks
    technical or is an acronym, ``(start, end, words)`` when it names something only if the
    posting never writes one of these capitalised ``words`` in lower case (see
    ``_proper_words``); None when nothing specific is left or no word can name anything.
    ``title_case``: the line capitalises every word, so a capital says nothing."""
    words = list(_EN_WORD.finditer(text, start, end))
    if not words:
        return None
    lower = [w.group().casefold() for w in words]
    # the item must be only words (no numbers, no symbols beyond the word pattern)
    if _LATIN.search(text[start:end]) is None:
        return None
    lo, hi = 0, len(words)
    while lo < hi and (lower[lo] in _STOPWORDS or lower[lo] in _GENERIC):
        lo += 1
    while hi > lo and (lower[hi - 1] in _STOPWORDS or lower[hi - 1] in _GENERIC):
        hi -= 1
    if lo == hi or hi - lo > 3:
        return None
    if any(w in _STOPWORDS for w in lower[lo:hi]):
        return None
    kept = [w.group() for w in words[lo:hi]]
    if len(kept) == 1 and lower[lo] in _NOT_SKILLS:
        return None
    if any(_is_glued(w) for w in kept):
        return None
    proper = _proper_words(kept, title_case=title_case)
    if proper is None:
        return None
    return words[lo].start(), words[hi - 1].end(), proper


def _proper_words(words: list[str], *, title_case: bool) -> tuple[str, ...] | None:
    """Whether a cue phrase of ``words`` reads as a name rather than plain English: ``()`` when
    one word looks technical (inner capital, digit, inner hyphen or dot, ``+``, ``#``) or is an
    acronym; else the casefolded words capitalised mid-sentence (a proper name: Salesforce) when
    the line is not in title case, of which one must never be written in lower case in the
    posting ("experience in Finance" when the posting also says "our finance team" is a field,
    not a product); None when no word can name anything."""
    proper: list[str] = []
    for word in words:
        low = word.casefold()
        if low in _NOT_SKILLS or low in _STOPWORDS or low in _GENERIC:
            continue
        if _looks_technical(word) or _is_acronym(word):
            return ()
        if not title_case and word[0].isupper() and word[1:].islower():
            proper.append(low)
    return tuple(proper) if proper else None


def _looks_technical(word: str) -> bool:
    """A capital after a lower-case letter, a digit, or an inner . + #: vLLM, H100, llama.cpp;
    an inner hyphen with a capital (DeepSeek-R1) or a two-letter non-stopword part (zorb-db,
    vue-js); other lower-case compounds are plain English (industry-wide, end-to-end,
    cross-functional, detail-oriented)."""
    if any(ch.isdigit() for ch in word) or any(ch in ".+#" for ch in word[1:]):
        return True
    if "-" in word[1:]:
        if not word.islower():
            return True
        parts = word.split("-")
        return any(len(p) == 2 and p not in _STOPWORDS for p in parts)
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False))


def _is_acronym(word: str) -> bool:
    """All capitals, 2-6 letters (MCP, RAG, LoRA is caught by the inner-capital rule)."""
    return word.isalpha() and word.isupper() and 2 <= len(word) <= 6


def _is_glued(word: str) -> bool:
    """Two words a scraper glued together ("SummaryThe", "SkillsExperience", "teamExperience"):
    a later camel-case piece is a stopword or a heading word, the first piece is a heading
    word, or every piece is a generic word ("EnvironmentAbility"). Real names (MyBatis,
    LangGraph, vLLM, DataRobot) have none of these."""
    pieces = [p.casefold() for p in _CAMEL_PIECE.findall(word)]
    if len(pieces) < 2:
        return False
    if pieces[0] in _HEADING_WORDS:
        return True
    if any(len(p) > 1 and (p in _STOPWORDS or p in _HEADING_WORDS) for p in pieces[1:]):
        return True
    return all(p in _GENERIC or p in _HEADING_WORDS or p in _STOPWORDS for p in pieces)


#: What a word needs for _is_tech_token to accept it: a digit, a capital after the first
#: character (acronym or inner capital) or a dot. Checked first: most words have none.
_MAYBE_TECH = re.compile(r"[0-9]|.[A-Z]|\.")


def _is_tech_token(text: str, start: int, end: int, line_is_upper: bool) -> bool:
    """Whether the word ``text[start:end]`` looks like a tool or model name (see the module
    docstring); ``line_is_upper``: the line it is on is all capitals (a heading)."""
    token = text[start:end]
    low = token.casefold()
    if len(token) < 2 or low in _NOT_SKILLS or low in _STOPWORDS or low in _GENERIC:
        return False
    if low in _HEADING_WORDS:
        return False  # "JOB SUMMARY", "DUTIES:" inside a line
    if text[start - 1:start] == "<" and _PLACEHOLDER.match(text, start - 1):
        return False  # <NAME>, <ORGANIZATION>
    if _is_glued(token):
        return False
    letters = sum(ch.isalpha() for ch in token)
    digits = sum(ch.isdigit() for ch in token)
    if digits:
        # model names and hardware (Qwen2.5, GPT-4o, H100), not "Q3" or "W2"
        return letters >= 2 or digits >= 3
    if letters < 2:
        return False
    if any(a.islower() and b.isupper() for a, b in zip(token, token[1:], strict=False)):
        return True  # LangGraph, vLLM, GraphRAG, DeepSeek-R1
    if _is_acronym(token):
        if _ROMAN.match(token):
            return False  # "Data Analyst II"
        if line_is_upper or any(m.start() <= start < m.end() for m in _SHOUTED.finditer(
                text, max(0, start - 60), min(len(text), end + 60))):
            return False  # a HEADING, or a shouted "WE ARE HIRING NOW"
        return not (token in _US_STATES
                    and _STATE_AFTER.search(text, max(0, start - 40), start) is not None)
    if "." in token and token.islower():
        return token.rsplit(".", 1)[1] in _CODE_SUFFIXES
    return False


# ---------------------------------------------------------------------------- one line

#: A phrase after an English cue: ``(start, end, phrase, proper words)`` (see ``_en_phrase``).
_Item = tuple[int, int, str, tuple[str, ...]]
#: An English cue on a line: where it is, and its items, or None when the cue runs on past the
#: line (its whitespace takes the newline: its object is found in the whole text).
_Cue = tuple[int, int, tuple[_Item, ...] | None]
#: A technical token: ``(start, end, token, recheck)``; ``recheck`` (whether its line is all
#: capitals) when it starts the line and is a US state code, whose test looks back over the
#: line break ("San Jose\nCA"), else None.
_Token = tuple[int, int, str, bool | None]


class _LineScan(NamedTuple):
    """What one line of a posting yields, in the line's coordinates, in text order."""

    cues: tuple[_Cue, ...]
    zh: tuple[tuple[int, int, str], ...]  # objects of 熟悉/掌握 ... cues
    zh_experience: tuple[tuple[int, int, str], ...]  # objects of 具备/有 ... 经验 cues
    tokens: tuple[_Token, ...]


def _scan_line(line: str) -> _LineScan | None:
    """The cue phrases, Chinese cue objects and technical tokens of one line (without its
    newline), or None when it has none. Every pattern stops at a line break, so a line gives
    the same candidates in any posting; what depends on the posting (sections, matched
    skills, the words it writes in lower case) is checked by ``candidate_phrases``."""
    text = line + "\n"  # as inside a posting (the last line is checked again in context)
    cues: list[_Cue] = []
    low = line.lower()
    has_cue = any(word in low for word in _EN_CUE_WORDS) or any(ch in line for ch in _CASE_ODD)
    for cue in _EN_CUE.finditer(text) if has_cue else ():
        if cue.end() == len(text):
            cues.append((cue.start(), cue.end(), None))
        elif items := _cue_items(text, cue):
            cues.append((cue.start(), cue.end(), items))
    zh: tuple[tuple[int, int, str], ...] = ()
    zh_experience: tuple[tuple[int, int, str], ...] = ()
    if _CJK.search(line):
        zh = tuple((a, b, line[a:b]) for a, b in _zh_objects(text, experience=False))
        zh_experience = tuple((a, b, line[a:b]) for a, b in _zh_objects(text, experience=True))
    tokens: list[_Token] = []
    if not any(cue in line for cue in _PERK_CUES):  # a line about perks has no skills
        is_upper = line.isupper()
        for tok in _TECH_TOKEN.finditer(text):
            token = tok.group()
            if _MAYBE_TECH.search(token) is None:
                continue  # a plain or Capitalised word can never pass _is_tech_token: skip fast
            if tok.start() == 0 and token in _US_STATES:
                tokens.append((tok.start(), tok.end(), token, is_upper))
            elif _is_tech_token(text, tok.start(), tok.end(), is_upper):
                tokens.append((tok.start(), tok.end(), token, None))
    if not (cues or zh or zh_experience or tokens):
        return None
    return _LineScan(tuple(cues), zh, zh_experience, tuple(tokens))


#: Job ads repeat lines (boilerplate, requirement templates, benefits; 57% of the lines of the
#: Glassdoor sample are repeats): each process remembers what the last 65,536 lines of up to
#: 500 characters gave. Longer lines (a whole posting on one line) seldom repeat.
_CACHED_LINE_CHARS = 500
_scan_short_line = lru_cache(maxsize=1 << 16)(_scan_line)


def _cue_items(text: str, cue: re.Match[str]) -> tuple[_Item, ...]:
    """The phrases after an English cue, up to the end of its clause: ``(start, end, phrase,
    proper words)`` (see ``_en_phrase``)."""
    stop = _EN_END.search(text, cue.end())
    title_case = any(ch.isupper() for ch in cue.group()[1:])  # "Experience With"
    end = stop.start() if stop else len(text)
    end = min(end, cue.end() + 160)
    items: list[_Item] = []
    for a, b in _item_spans(text, cue.end(), end, _EN_SPLIT):
        found = _en_phrase(text, a, b, title_case=title_case)
        if found is not None and not _CJK.search(text, found[0], found[1]):
            items.append((found[0], found[1], text[found[0]:found[1]], found[2]))
    return tuple(items)


# ---------------------------------------------------------------------------- main


_SPACES = re.compile(r"\s+")


class _Collector:
    """Candidates in text order, each once by alias key, dropping what a matched skill covers,
    what lies in a section without skills and what the taxonomy knows.

    Positions are in ``text`` (the pipeline's normalised text when ``offsets`` maps it back to
    the original, else the original itself); sections and skills are in original coordinates.
    """

    def __init__(self, ex: Extraction, *, offsets: list[int] | None, taxonomy: Any,
                 limit: int) -> None:
        from talentgraph.taxonomy import alias_key

        self.taxonomy, self.limit, self.alias_key = taxonomy, limit, alias_key
        self.seen: set[str] = set()
        self.found: list[tuple[int, str]] = []
        self._offsets = offsets or []
        self._n_original = len(ex.text)
        spans = sorted((m.start, m.end) for m in ex.skills)
        self._starts = [a for a, _ in spans]
        self._max_end = list(itertools.accumulate((e for _, e in spans), max))  # over spans[:i+1]
        self._skip = [(s.start, s.end) for s in ex.sections if s.kind in _SKIP_KINDS]
        self._skills_sections = [(s.start, s.end) for s in ex.sections if s.kind in _SKILL_KINDS]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """A span of the text in original coordinates."""
        offsets = self._offsets
        n_offsets = len(offsets)
        if not n_offsets:
            return start, end
        o_start = offsets[start if start < n_offsets else n_offsets - 1]
        if end <= start:
            return o_start, o_start
        o_end = offsets[(end if end < n_offsets else n_offsets) - 1] + 1
        if o_end < o_start:
            o_end = o_start
        return o_start, (o_end if o_end < self._n_original else self._n_original)

    def kind_ok(self, o_start: int, *, is_token: bool) -> bool:
        """Whether what starts at ``o_start`` (original) is in a section that can name skills
        (a bare token: in a skills section, when the posting has one)."""
        if any(a <= o_start < b for a, b in self._skip):
            return False
        if is_token and self._skills_sections:
            return any(a <= o_start < b for a, b in self._skills_sections)
        return True

    def add(self, start: int, end: int, phrase: str, *, check: bool = True,
            is_token: bool = False) -> None:
        """Offer ``phrase`` at ``text[start:end]``; ``check``: test its section (``kind_ok``)."""
        o_start, o_end = self.original(start, end)
        if check and not self.kind_ok(o_start, is_token=is_token):
            return
        before = bisect.bisect_left(self._starts, o_end)  # spans starting before this one ends
        if before and self._max_end[before - 1] > o_start:
            return  # a skill the pipeline found covers it
        phrase = _SPACES.sub(" ", phrase).strip().casefold()
        if not phrase or phrase.isdigit():
            return
        key = self.alias_key(phrase)
        if not key or key in self.seen or len(key) < 2:
            return
        self.seen.add(key)
        if self.taxonomy.resolve(phrase) is not None:
            return
        self.found.append((o_start, phrase))

    def result(self) -> tuple[str, ...]:
        self.found.sort(key=lambda item: item[0])
        return tuple(phrase for _, phrase in self.found[:self.limit])


def candidate_phrases(extraction: Extraction, *, taxonomy: Any = None,
                      limit: int = MAX_PHRASES) -> tuple[str, ...]:
    """Candidate emerging skill terms of an extracted posting, for an analyst to review.

    Runs on the pipeline's normalised text (or the original when the pipeline did not
    normalise) and maps positions back to the original text to skip what a matched skill
    covers. ``taxonomy`` defaults to the shipped one (``load_taxonomy()``).
    """
    if taxonomy is None:
        from talentgraph.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    ex = extraction
    text = ex.normalised if ex.normalised is not None and ex.offsets is not None else ex.text
    if not text:
        return ()
    out = _Collector(ex, offsets=ex.offsets if text is ex.normalised else None,
                     taxonomy=taxonomy, limit=limit)
    # each line's candidates (remembered by the line's text), placed at the line's offset
    scans: list[tuple[int, _LineScan]] = []
    pos = 0
    for line in text.split("\n"):
        scan = _scan_short_line(line) if len(line) <= _CACHED_LINE_CHARS else _scan_line(line)
        if scan is not None:
            scans.append((pos, scan))
        pos += len(line) + 1
    # the words as written, made when needed; a casefolded word is in it exactly when the
    # posting writes it in lower case (the set is built in C: no Python loop over every word)
    plain_words: frozenset[str] | None = None
    # English cue phrases (also in Chinese text, which mixes English in)
    for base, scan in scans:
        for cue_start, cue_end, cue_items in scan.cues:
            start, end, items, at = base + cue_start, base + cue_end, cue_items, base
            if items is None:  # the cue runs on past its line: its object is in the next one
                cue = _EN_CUE.match(text, start)
                if cue is None:  # the last line: no whitespace after the cue after all
                    continue
                end, items, at = cue.end(), _cue_items(text, cue), 0
            if not out.kind_ok(out.original(start, end)[0], is_token=False):
                continue
            for a, b, phrase, proper in items:
                if proper:  # a capitalised name: not when the posting writes it in lower case
                    if plain_words is None:
                        plain_words = frozenset(_EN_WORD.findall(text))
                    if all(low in plain_words for low in proper):
                        continue
                out.add(at + a, at + b, phrase, check=False)
    # Chinese cue objects: of 熟悉/掌握 ..., then of 具备/有 ... 经验
    for base, scan in scans:
        for a, b, phrase in scan.zh:
            out.add(base + a, base + b, phrase)
    for base, scan in scans:
        for a, b, phrase in scan.zh_experience:
            out.add(base + a, base + b, phrase)
    # technical tokens
    for base, scan in scans:
        for a, b, token, recheck in scan.tokens:
            if recheck is None or _is_tech_token(text, base + a, base + b, recheck):
                out.add(base + a, base + b, token, is_token=True)
    return out.result()


def _zh_objects(text: str, *, experience: bool) -> Iterator[tuple[int, int]]:
    """Spans of the objects of Chinese cue verbs (``experience``: of 具备/有 ... 经验), split
    into items and trimmed."""
    if not experience:
        cues = list(_ZH_CUE.finditer(text))
    elif "经验" in text:  # 有 is everywhere in Chinese: its cue only counts before a 经验
        cues = list(_ZH_EXP_CUE.finditer(text))
    else:
        return
    for cue in cues:
        if experience:
            # 具备/有 ... 经验 in one clause: only the part before 经验 names a skill
            exp = text.find("经验", cue.end())
            if exp < 0 or _BREAK.search(text, cue.end(), exp) is not None:
                continue
            clause_end = exp
        else:
            brk = _BREAK.search(text, cue.end())
            clause_end = brk.start() if brk else len(text)
        # a list (X、Y、Z等) vouches for its short items
        in_list = text.find("、", cue.end(), clause_end) >= 0 or (
            text.find("等", cue.end(), clause_end) >= 0)
        for a, b in _item_spans(text, cue.end(), clause_end, _ITEM):
            span = _zh_item(text, a, b, in_list=in_list)
            if span is not None:
                yield span


def _zh_item(text: str, start: int, end: int, *, in_list: bool) -> tuple[int, int] | None:
    """``_trim_zh_item`` of ``text[start:end]``, remembered by the item's text: the same items
    (Python、深度学习、沟通能力) come back in posting after posting."""
    found = _trim_zh_item_text(text[start:end], in_list)
    return None if found is None else (start + found[0], start + found[1])


@lru_cache(maxsize=65536)
def _trim_zh_item_text(item: str, in_list: bool) -> tuple[int, int] | None:
    return _trim_zh_item(item, 0, len(item), in_list=in_list)


def _trim_zh_item(text: str, start: int, end: int, *, in_list: bool) -> tuple[int, int] | None:
    """One Chinese item trimmed: lead words off, "X等Y" -> X, trailing 等/相关/技术/经验/能力 off,
    function words off both ends; None when no term is left (see the module docstring).
    ``in_list``: the item comes from a list (X、Y、Z等), so two characters are enough."""
    start, end = _strip_span(text, start, end)
    lead = _LEAD.match(text[start:end])
    if lead and 0 < lead.end() < end - start:
        start += lead.end()
    deng = text.find("等", start, end)
    if deng > start:
        end = deng
    trail = _ZH_SUFFIX.search(text, start, end)
    if trail and trail.start() > start + 1:
        end = trail.start()
    start, end = _strip_span(text, start, end)
    while start < end:  # function words off both ends, until none is left
        lead = _ZH_FUNCTION_LEAD.match(text, start, end)
        trail = _ZH_FUNCTION_TRAIL.search(text, start, end)
        if lead is None and trail is None:
            break
        if lead is not None:
            start = lead.end()
        if trail is not None and trail.start() >= start:
            end = trail.start()
        start, end = _strip_span(text, start, end)
    item = text[start:end]
    if not 2 <= len(item) <= 12 or item in _ZH_GENERIC or item in _ZH_FUNCTION_SET:
        return None
    if _CJK.search(item) is None:
        # a latin item after a Chinese cue: up to 3 words, no stopword, not a non-skill word
        words = _EN_WORD.findall(item)
        if not words or len(words) > 3 or any(w.casefold() in _STOPWORDS for w in words):
            return None
        if item.casefold() in _NOT_SKILLS or any(_is_glued(w) for w in words):
            return None
        return start, end
    if _ZH_ROLE_END.search(item):
        return None  # 数据分析师, 产品经理: a role, not a skill
    if _LATIN.search(item) is None:
        if re.search(r"[的了是在能并或与]", item):
            return None  # a clause, not a term
        if len(item) < 3 and not in_list:
            return None  # two characters alone are mostly ordinary words (实际, 沟通)
    return start, end
