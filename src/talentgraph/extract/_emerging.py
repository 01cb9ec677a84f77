"""Candidate emerging terms: phrases of a posting that look like skills or tools but that the
taxonomy does not know yet (new AI skills appear faster than taxonomies update).

The list is for an analyst to review, so precision matters more than recall. A candidate is

- English (and latin words inside Chinese text): a *technical token* in the requirement,
  responsibility or skills sections (all of the text when it has no such section): a word with
  a capital after a lower-case letter (LangGraph, vLLM, GraphRAG), letters mixed with digits
  (Qwen2.5, H100), a short acronym not in a heading (MCP), or a dotted name ending in a code
  suffix (llama.cpp); or a 1-3 word phrase after a cue ("experience with", "knowledge of",
  "familiar with", "proficiency in" ...), split on commas, and, or, "such as";
- Chinese: the object of a cue verb (熟悉, 掌握, 了解, 精通, 熟练使用, 具备...经验), split on
  、/和/及/或, with 等/相关/技术/经验/能力 and similar trailing words stripped, 2-12 characters;

and it is dropped when it overlaps a skill the pipeline matched, resolves to a skill in the
taxonomy (``Taxonomy.resolve``, the alias key lookup the matcher indexes), is a stopword, a
generic word or a number. Candidates are normalised (casefold for latin, simplified Chinese as
the pipeline normalises it), given once each (by alias key) in text order, at most 20.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

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
    r"(?:experience|expertise|background) (?:with|in|using|building with)|"
    r"(?:(?:working|deep|strong|solid|good) )?knowledge of|familiar(?:ity)? with|"
    r"proficien(?:cy|t) (?:in|with)|skilled in|fluen(?:cy|t) in|exposure to|"
    r"comfortable (?:with|using)|understanding of)\s+",
    re.IGNORECASE,
)
#: Where the object of an English cue ends.
_EN_END = re.compile(r"[.;:!?()\[\]\n]|\s[-–—]\s| (?:is|are|would|will|to|for|that|which|who)\b")
_EN_SPLIT = re.compile(
    r",|/|&|\b(?:and|or|and/or|as well as|plus|such as|including|like|e\.g\.?|i\.e\.?|"
    r"especially|particularly|preferably|ideally)\b", re.IGNORECASE)
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#]*(?:[-.][A-Za-z0-9+#]+)*")
#: A technical token: one word with letters, digits, inner - or . (and trailing + #).
_TECH_TOKEN = re.compile(
    r"(?<![A-Za-z0-9_.+#-])[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*[+#]*(?![A-Za-z0-9_+#])")
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
#: Tokens that look technical but are not skills (degrees, places, forms, calendar).
_NOT_TECH = frozenset("""
phd ph.d msc bsc mba ba bs ms ma ms.c b.s m.s gpa ceo cto cfo coo cio vp hr pr us usa uk eu
emea apac na latam nyc sf la dc am pm est pst pdt cet utc gmt id ok tbd faq eeo eoe ada dei
etc vs q1 q2 q3 q4 h1b h-1b w2 w-2 opt cpt k-12 401k 1099 ai/ml linkedin youtube ipad iphone
wechat mcdonald usd cny rmb gbp eur hkd sgd fte ote pto wfh ic
kdd acl emnlp naacl coling cvpr iccv eccv icml iclr neurips nips aaai ijcai sigir recsys www
osdi sosp nsdi sigmod vldb icde siggraph interspeech icassp
""".split())

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


def _en_phrase(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The 1-3 word phrase of an English item, without leading/trailing stop and generic
    words; None when nothing specific is left."""
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
    return words[lo].start(), words[hi - 1].end()


def _is_tech_token(token: str, line: str) -> bool:
    """Whether a single word looks like a tool or model name (see the module docstring)."""
    low = token.casefold()
    if len(token) < 2 or low in _NOT_TECH or low in _STOPWORDS or low in _GENERIC:
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
    if token.isupper() and 2 <= len(token) <= 5 and token.isalpha():
        return not line.isupper()  # MCP, RAG, but not a HEADING
    if "." in token and token.islower():
        return token.rsplit(".", 1)[1] in _CODE_SUFFIXES
    return False


# ---------------------------------------------------------------------------- main


class _Collector:
    """Candidates in text order, each once by alias key, dropping known skills."""

    def __init__(self, ex: Extraction, taxonomy: Any, limit: int) -> None:
        from talentgraph.taxonomy import alias_key

        self.ex, self.taxonomy, self.limit = ex, taxonomy, limit
        self.alias_key = alias_key
        self.seen: set[str] = set()
        self.found: list[tuple[int, str]] = []
        self.skill_spans = [(m.start, m.end) for m in ex.skills]

    def add(self, original: tuple[int, int], phrase: str) -> None:
        phrase = re.sub(r"\s+", " ", phrase).strip().casefold()
        if not phrase or phrase.isdigit():
            return
        start, end = original
        if any(s < end and start < e for s, e in self.skill_spans):
            return  # a skill the pipeline found covers it
        key = self.alias_key(phrase)
        if not key or key in self.seen or len(key) < 2:
            return
        self.seen.add(key)
        if self.taxonomy.resolve(phrase) is not None:
            return
        self.found.append((start, phrase))

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
    offsets = ex.offsets if text is ex.normalised else None
    n_original = len(ex.text)

    def to_original(start: int, end: int) -> tuple[int, int]:
        if offsets is None or not offsets:
            return start, end
        o_start = offsets[min(start, len(offsets) - 1)]
        o_end = offsets[min(end, len(offsets)) - 1] + 1 if end > start else o_start
        return o_start, min(max(o_end, o_start), n_original)

    # sections are in original coordinates after the pipeline's finalise step
    skip = [(s.start, s.end) for s in ex.sections if s.kind in _SKIP_KINDS]
    skills_sections = [(s.start, s.end) for s in ex.sections if s.kind in _SKILL_KINDS]

    def kind_ok(start: int, end: int, *, is_token: bool) -> bool:
        o_start, _ = to_original(start, end)
        if any(a <= o_start < b for a, b in skip):
            return False
        if is_token and skills_sections:
            return any(a <= o_start < b for a, b in skills_sections)
        return True

    out = _Collector(ex, taxonomy, limit)
    # English cue phrases (also in Chinese text, which mixes English in)
    for cue in _EN_CUE.finditer(text):
        if not kind_ok(cue.start(), cue.end(), is_token=False):
            continue
        stop = _EN_END.search(text, cue.end())
        end = stop.start() if stop else len(text)
        end = min(end, cue.end() + 160)
        for a, b in _item_spans(text, cue.end(), end, _EN_SPLIT):
            span = _en_phrase(text, a, b)
            if span is not None and not _CJK.search(text, span[0], span[1]):
                out.add(to_original(*span), text[span[0]:span[1]])
    # Chinese cue objects
    if _CJK.search(text):
        for start, end in _zh_objects(text):
            if kind_ok(start, end, is_token=False):
                out.add(to_original(start, end), text[start:end])
    # technical tokens
    for tok in _TECH_TOKEN.finditer(text):
        token = tok.group()
        line_start = text.rfind("\n", 0, tok.start()) + 1
        line_end = text.find("\n", tok.end())
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if any(cue in line for cue in _PERK_CUES):
            continue
        if _is_tech_token(token, line) and kind_ok(tok.start(), tok.end(), is_token=True):
            out.add(to_original(tok.start(), tok.end()), token)
    return out.result()


def _zh_objects(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the objects of Chinese cue verbs, split into items and trimmed."""
    cues = [(m, False) for m in _ZH_CUE.finditer(text)]
    cues += [(m, True) for m in _ZH_EXP_CUE.finditer(text)]
    for cue, needs_experience in cues:
        brk = _BREAK.search(text, cue.end())
        clause_end = brk.start() if brk else len(text)
        if needs_experience:
            # 具备/有 ... 经验: only the part before 经验 names a skill
            exp = text.find("经验", cue.end(), clause_end)
            if exp < 0:
                continue
            clause_end = exp
        for a, b in _item_spans(text, cue.end(), clause_end, _ITEM):
            span = _zh_item(text, a, b)
            if span is not None:
                yield span


def _zh_item(text: str, start: int, end: int) -> tuple[int, int] | None:
    """One Chinese item trimmed: lead words off, "X等Y" -> X, trailing 等/相关/技术/经验/能力 off."""
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
    item = text[start:end]
    if not 2 <= len(item) <= 12 or item in _ZH_GENERIC:
        return None
    if _CJK.search(item) is None:
        # a latin item after a Chinese cue: keep it only when it looks technical or is a name
        words = _EN_WORD.findall(item)
        if not words or len(words) > 3 or any(w.casefold() in _STOPWORDS for w in words):
            return None
        return start, end
    if _LATIN.search(item) is None and re.search(r"[的了是在能并或与]", item):
        return None  # a clause, not a term
    return start, end
