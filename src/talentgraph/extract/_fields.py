"""Minimum experience, minimum education, seniority and remote work from posting text.

All four are pure functions over NFKC-normalised, simplified-Chinese text (zh or en); the rules
and their limits are written down in docs/fields.md.

- ``extract_experience``: the smallest minimum number of years asked for ("3-5年" -> 3,
  "5+ years of experience" -> 5, "经验不限"/"应届"/"entry level" -> 0), counted only next to an
  experience word, so "5 years old" and "founded 10 years ago" are ignored.
- ``extract_education``: the lowest level required; a level written only as preferred
  ("硕士优先", "PhD preferred") is not the minimum.
- ``extract_seniority``: from the title first, then a few strong cues in the text.
- ``extract_remote``: True / False from explicit cues, None when the text is silent.
"""

from __future__ import annotations

import functools
import re
import threading

import ahocorasick

from talentgraph.domain import EDUCATION_LEVELS

__all__ = [
    "SENIORITY_LEVELS",
    "extract_education",
    "extract_experience",
    "extract_remote",
    "extract_seniority",
]

#: Seniority levels, lowest first.
SENIORITY_LEVELS = ("intern", "junior", "mid", "senior", "lead", "principal", "manager",
                    "director")

# --------------------------------------------------------------------------- experience

_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9, "十": 10, "半": 0.5}
_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
               "twenty": 20}
_ZH_NUM = r"\d+(?:\.\d+)?|[一二两三四五六七八九十半]{1,3}"
_EN_NUM = r"\d+(?:\.\d+)?|" + "|".join(_EN_NUMBERS)

_ZH_ZERO = re.compile(r"经验不限|工作经验不限|年限不限|不限经验|无经验要求|无需经验|无经验|"
                      r"接受应届|应届毕业生|应届生|应届|在校生|零经验|经验[:：]?\s*不限")
_ZH_YEARS = re.compile(
    rf"(?P<a>{_ZH_NUM})\s*(?:(?:-|~|～|至|到)\s*(?P<b>{_ZH_NUM})\s*)?(?:年|年份)"
    r"(?P<tail>以上|及以上|或以上|以下|以内|内)?"
)
_ZH_EXP_WORD = re.compile(r"经验|工作年限|年限|从业|工作经历|经历")
_EN_ZERO = re.compile(r"\b(?:no (?:prior )?experience (?:required|needed|necessary)|"
                      r"entry[- ]level|new grad(?:uate)?s? welcome|"
                      r"0\s*(?:-|to)\s*\d+\s*years?)\b", re.IGNORECASE)
_EN_YEARS = re.compile(
    rf"\b(?P<a>{_EN_NUM})\s*(?P<plus>\+)?\s*(?:(?:-|–|to)\s*(?P<b>{_EN_NUM})\s*\+?\s*)?"
    r"(?:\(\s*\d+\s*\)\s*)?(?:years?|yrs?)$",
    re.IGNORECASE,
)
_EN_ZERO_WORDS = ("no experience", "no prior experience", "entry level", "entry-level",
                  "new grad")
_EN_EXP_AFTER = re.compile(r"[^.;\n]{0,60}?\bexperience\b", re.IGNORECASE)
_EN_EXP_BEFORE = re.compile(r"\bexperience\b[^.;\n]{0,40}$", re.IGNORECASE)
_EN_NOT_EXP = re.compile(r"\s*(?:old|ago|of age|warranty|history|in business|running)\b",
                         re.IGNORECASE)
#: A whole field that is only "3-5年" or "不限" (a board's experience column).
_FIELD_MAX_CHARS = 12


def _zh_number(token: str) -> float:
    if token[0].isdigit():
        return float(token)
    if token == "十":
        return 10.0
    if "十" in token:
        tens, _, ones = token.partition("十")
        return float(_ZH_DIGITS.get(tens, 1) * 10 + (_ZH_DIGITS.get(ones, 0) if ones else 0))
    return float(_ZH_DIGITS.get(token[0], 0))


def _en_number(token: str) -> float:
    low = token.lower()
    return float(_EN_NUMBERS[low]) if low in _EN_NUMBERS else float(low)


def extract_experience(text: str) -> float | None:
    """The minimum years of experience asked for, or None when the text does not say.

    Chinese: "3-5年" (3), "3年以上", "五年及以上", "1年以下" (0), "经验不限"/"应届"/"在校生" (0).
    English: "3+ years", "at least 5 years", "3 to 5 years of experience", "entry level" (0).
    A number counts only near an experience word (经验, 工作年限, experience) unless the whole
    text is the field ("3-5年"). With several requirements the smallest minimum wins.
    """
    if not text:
        return None
    found: list[float] = []
    is_field = len(text.strip()) <= _FIELD_MAX_CHARS
    if is_field and text.strip() in ("不限", "无", "无要求", "none", "None"):
        return 0.0
    has_zh = "年" in text or "经验" in text or "应届" in text or "在校" in text
    has_en = "xperience" in text or "XPERIENCE" in text or "ntry" in text
    low = text.lower() if has_en else ""
    if (has_zh and _ZH_ZERO.search(text)) or (
            has_en and any(word in low for word in _EN_ZERO_WORDS) and _EN_ZERO.search(text)):
        found.append(0.0)
    if has_zh:
        found += _zh_years(text, is_field=is_field)
    if has_en:
        found += _en_years(text, low)
    return min(found) if found else None


_HEADER_SEP = "|｜·•/／丨"


def _is_header_cell(text: str, start: int, end: int) -> bool:
    """A bare "1-3年" between separators in a board's header line ("上海 | 1-3年 | 本科")."""
    before = text[:start].rstrip(" \t")
    after = text[end:].lstrip(" \t")
    left = not before or before[-1] in _HEADER_SEP or before[-1] == "\n"
    right = not after or after[0] in _HEADER_SEP or after[0] == "\n"
    return left and right


def _zh_years(text: str, *, is_field: bool) -> list[float]:
    found: list[float] = []
    for match in _ZH_YEARS.finditer(text):
        start, end = match.start(), match.end()
        if start > 0 and text[start - 1].isdigit():
            continue
        before = text[max(0, start - 12):start]
        after = text[end:end + 16]
        clause_after = re.split(r"[，,。;；\n]", after, maxsplit=1)[0]
        clause_before = re.split(r"[，,。;；\n]", before)[-1]
        if not (is_field or _ZH_EXP_WORD.search(clause_after) or _ZH_EXP_WORD.search(
                clause_before) or _is_header_cell(text, start, end)):
            continue
        if "其中" in clause_before or "including" in clause_before:
            continue  # "3年以上经验，其中1年以上AI经验": a narrower part of the main requirement
        if "经验" not in clause_after and not is_field and (
                re.match(r"\s*(?:前|后|的?历史|来|的?公司|的?企业|成立|内)", after)
                or re.search(r"成立|创立|创办|历史", clause_before)):
            continue
        low = _zh_number(match.group("a"))
        if match.group("tail") in ("以下", "以内", "内") and match.group("b") is None:
            low = 0.0
        if 0 <= low <= 30:
            found.append(low)
    return found


def _year_words(low: str) -> list[tuple[int, int]]:
    """Spans of "year(s)" and "yr(s)" in the lower-cased text."""
    spans: list[tuple[int, int]] = []
    for word in ("year", "yr"):
        pos = low.find(word)
        while pos >= 0:
            end = pos + len(word)
            if low[end:end + 1] == "s":
                end += 1
            spans.append((pos, end))
            pos = low.find(word, end)
    return spans


def _en_years(text: str, low: str) -> list[float]:
    found: list[float] = []
    for anchor_start, anchor_end in _year_words(low):
        # the number sits just before "years": search a short window ending there
        match = _EN_YEARS.search(text, max(0, anchor_start - 24), anchor_end)
        if match is None:
            continue
        end = match.end()
        if _EN_NOT_EXP.match(text, end):
            continue
        after = text[end:end + 80]
        before = text[max(0, match.start() - 50):match.start()]
        if not (("experience" in after.lower() and _EN_EXP_AFTER.match(after)) or (
                "experience" in before.lower() and _EN_EXP_BEFORE.search(before))):
            continue
        low = _en_number(match.group("a"))
        if 0 <= low <= 30:
            found.append(low)
    return found


# --------------------------------------------------------------------------- education

#: Surface forms (lower case) of each education level. "generic" is a degree of no named
#: level, read as bachelor only when no level is named anywhere.
_EDU_TERMS = {
    "none": ["学历不限", "不限学历", "学历:不限", "学历：不限", "高中", "中专", "中技", "初中",
             "high school", "high-school", "ged", "no degree required", "no degree necessary"],
    "associate": ["大专", "专科", "高职", "associate degree", "associate's degree",
                  "associates degree", "associate’s degree"],
    "bachelor": ["本科", "学士", "bachelor", "bachelors", "bachelor's", "bachelor’s", "bs",
                 "b.s.", "b.s", "bsc", "b.sc", "b.sc.", "ba", "b.a.", "b.eng", "beng", "b.tech",
                 "btech", "undergraduate degree", "4-year degree", "4 year degree",
                 "four-year degree", "four year degree"],
    "master": ["硕士", "研究生", "master", "masters", "master's", "master’s", "ms", "m.s.",
               "m.s", "msc", "m.sc", "m.sc.", "mba", "m.eng", "meng", "m.a.",
               "graduate degree", "advanced degree", "postgraduate"],
    "phd": ["博士", "博士后", "phd", "ph.d", "ph.d.", "ph. d.", "doctorate", "doctoral",
            "d.phil"],
    "generic": ["college degree", "university degree", "degree in", "degree required",
                "degree is required", "大学学历", "全日制学历"],
}
_NOT_MS = re.compile(r"\s*(?:office|excel|word|sql|access|power|project|visio|teams|azure|"
                     r"windows|dynamics|outlook|dos|-dos|exchange|sharepoint)\b")
_NOT_MASTER_AFTER = re.compile(r"\s*(?:data|degree of|of ceremonies|planner|plan|scheduler)\b")
_BA_CONTEXT = re.compile(r"\s*(?:/|degree|in\b|or\b|,\s*b)")
_PREFERRED_AFTER = re.compile(
    r"[^，,。;；\n]{0,30}?(?:优先|更佳|为佳|加分|preferred|a plus|is a plus|desired|desirable|"
    r"nice to have|is an advantage|advantageous|a bonus|ideal)", re.IGNORECASE)
_PREFERRED_BEFORE = re.compile(r"(?:prefer(?:red|ably)?|ideally|bonus|plus)\W{0,4}"
                               r"[^.;\n]{0,6}$", re.IGNORECASE)
_JOINED = re.compile(r"\s*(?:/|or|或|、|及|和|and|,)\s*$")
_EDU_FIELD = re.compile(r"\s*(?:不限|无|none)\s*$", re.IGNORECASE)


class _EduAutomaton:
    """Built on first use: one Aho-Corasick pass over the lower-cased text."""

    automaton: ahocorasick.Automaton | None = None
    lock = threading.Lock()

    @classmethod
    def get(cls) -> ahocorasick.Automaton:
        if cls.automaton is None:
            with cls.lock:
                if cls.automaton is None:
                    automaton = ahocorasick.Automaton()
                    for level, terms in _EDU_TERMS.items():
                        for term in terms:
                            automaton.add_word(term, (len(term), level, term))
                    automaton.make_automaton()
                    cls.automaton = automaton
        return cls.automaton


def _edu_mentions(text: str, low: str) -> list[tuple[int, int, str]]:
    """(start, end, level) of every education mention, leftmost longest, with word checks."""
    raw: list[tuple[int, int, str, str]] = []
    for end_index, (length, level, term) in _EduAutomaton.get().iter(low):
        start, end = end_index - length + 1, end_index + 1
        if term.isascii():
            if start > 0 and low[start - 1].isascii() and low[start - 1].isalnum():
                continue
            if end < len(low) and low[end].isascii() and low[end].isalnum():
                continue
            if term == "ms" and (_NOT_MS.match(low, end) or text[start:end] != "MS"):
                continue
            if term == "ba" and (text[start:end] != "BA" or not (
                    _BA_CONTEXT.match(low, end) or low[start - 1:start] == "/")):
                continue
            if term == "bs" and text[start:end] not in ("BS", "Bs"):
                continue
            if term.startswith("master") and (_NOT_MASTER_AFTER.match(low, end) or low[
                    max(0, start - 6):start] in ("scrum ", "quiz m")):
                continue
        raw.append((start, end, level, term))
    raw.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[tuple[int, int, str]] = []
    last_end = -1
    for start, end, level, _term in raw:
        if start >= last_end:
            kept.append((start, end, level))
            last_end = end
    return kept


def extract_education(text: str) -> str | None:
    """The minimum education level required, one of ``EDUCATION_LEVELS``, or None.

    学历不限 -> none, 大专 -> associate, 本科/学士 -> bachelor, 硕士/研究生 -> master,
    博士 -> phd; "Bachelor's", "BS/MS", "degree in ..." -> bachelor, "MS or PhD" -> master,
    "high school diploma" -> none. The lowest required level wins; a level that appears only
    as preferred ("硕士优先", "PhD preferred") does not count, and when every level found is
    preferred the answer is None. A degree of no named level ("degree in Computer Science")
    reads as bachelor only when no level is named anywhere.
    """
    if not text:
        return None
    if len(text) <= _FIELD_MAX_CHARS and _EDU_FIELD.match(text):
        return "none"
    low = text.lower()
    mentions = _edu_mentions(text, low)
    if not mentions:
        return None
    required: list[int] = []
    has_named = any(level != "generic" for _, _, level in mentions)
    for i, (start, end, level) in enumerate(mentions):
        if level == "generic" and has_named:
            continue
        next_start = mentions[i + 1][0] if i + 1 < len(mentions) else len(text)
        # The clause after this level, cut before the next level mentioned ("BS required,
        # PhD preferred" keeps "preferred" with PhD); levels joined by or / / share it.
        after = text[end:min(next_start, end + 40)]
        if i + 1 < len(mentions) and _JOINED.match(after):
            following_end = mentions[i + 1][1]
            after = text[following_end:following_end + 40]
        before = text[max(0, start - 20):start]
        if _PREFERRED_AFTER.match(after) or _PREFERRED_BEFORE.search(before):
            continue
        required.append(EDUCATION_LEVELS.index("bachelor" if level == "generic" else level))
    if not required:
        return None
    return EDUCATION_LEVELS[min(required)]


# --------------------------------------------------------------------------- seniority

_SENIORITY_TITLE = [
    ("intern", r"实习|\bintern(?:ship)?s?\b|\btrainee\b|\bco-?op\b"),
    ("director", (r"总监|副总裁|\bVP\b|vice president|\bhead of\b|\bdirector\b|首席|\bchief\b|"
                 r"\bC[TDEO]O\b|合伙人|\bpartner\b")),
    ("principal", r"专家|\bstaff\b|\bprincipal\b|\bdistinguished\b|\bfellow\b|科学家(?!助理)"),
    ("manager", (r"(?<!产品)(?<!项目)(?<!客户)(?<!销售)(?<!大客户)(?<!客服)(?<!招商)经理|"
                r"\b(?<!product )(?<!project )(?<!program )(?<!account )(?<!sales )"
                r"(?<!marketing )manager\b")),
    ("lead", r"负责人|组长|主管|\btech(?:nical)? lead\b|\bteam lead\b|\blead\b|\bleader\b"),
    ("senior", r"高级|资深|\bsenior\b|\bsr\b\.?|\bIII\b|\bIV\b"),
    ("mid", r"中级|\bmid(?:-level)?\b|\bintermediate\b|\bII\b"),
    ("junior", (r"初级|助理|应届|校招|校园招聘|毕业生|\bjunior\b|\bjr\b\.?|\bassociate\b|"
               r"\bentry[- ]level\b|\bgraduate\b|\bnew grad\b|\bI\b$")),
]
_SENIORITY_TITLE_RE = [(level, re.compile(p, re.IGNORECASE)) for level, p in _SENIORITY_TITLE]
_SENIORITY_TEXT = re.compile(
    r"(?P<intern>实习生|实习岗|日常实习|暑期实习|\binternship\b|\bintern position\b)|"
    r"(?P<junior>校园招聘|校招|应届毕业生|应届生|\bnew grad(?:uate)? (?:role|position)\b|"
    r"\bentry[- ]level (?:role|position)\b)",
    re.IGNORECASE,
)
_SENIORITY_TEXT_WORDS = ("实习", "校招", "校园招聘", "应届", "nternship", "INTERNSHIP",
                         "ntern position", "ew grad", "ntry level", "ntry-level")
_SENIORITY_FIELD = re.compile(
    r"(?:seniority(?: level)?|职级|级别)\s*[:：]\s*(?P<value>[^\n,，;；]{1,30})", re.IGNORECASE)
#: LinkedIn-style seniority values.
_SENIORITY_VALUES = {"internship": "intern", "entry level": "junior", "associate": "junior",
                     "mid-senior level": "senior", "director": "director",
                     "executive": "director", "not applicable": None}


@functools.lru_cache(maxsize=20_000)  # postings repeat their titles
def _title_seniority(title: str) -> str | None:
    for level, pattern in _SENIORITY_TITLE_RE:
        if pattern.search(title):
            return level
    return None


def extract_seniority(title: str | None, text: str | None = None) -> str | None:
    """The seniority of a job, one of ``SENIORITY_LEVELS``, or None when unknown.

    The title decides first (实习/Intern -> intern, 初级/Junior/Associate -> junior,
    高级/资深/Senior/Sr. -> senior, 专家/Staff/Principal -> principal, Lead/负责人/组长 -> lead,
    经理/Manager -> manager (not 产品经理/Product Manager, which are roles),
    总监/Director/VP/Head of -> director). When the title is silent, only strong cues in the
    text count: a "Seniority level:" field, 实习/internship, 校招/应届/new grad. Experience years
    are not turned into a seniority.
    """
    if title:
        level = _title_seniority(title)
        if level is not None:
            return level
    if not text:
        return None
    field = _SENIORITY_FIELD.search(text) if ("eniority" in text or "级" in text) else None
    if field:
        value = field.group("value").strip().lower()
        if value in _SENIORITY_VALUES:
            return _SENIORITY_VALUES[value]
        level = _title_seniority(value)
        if level is not None:
            return level
    if not any(word in text for word in _SENIORITY_TEXT_WORDS):
        return None
    cue = _SENIORITY_TEXT.search(text)
    if cue:
        return cue.lastgroup
    return None


# --------------------------------------------------------------------------- remote

_REMOTE_NO = re.compile(
    r"非远程|不支持远程|不接受远程|不可远程|不能远程|无法远程|不提供远程|不可居家|不支持居家|"
    r"\bnot (?:a )?remote\b|\bno remote\b|\bnon-?remote\b|\bremote (?:work )?(?:is )?not "
    r"(?:available|possible|an option|offered)\b|\bnot (?:open to|eligible for) remote\b|"
    r"\bon-?site only\b|\bonsite only\b|\bin-office only\b|\bno (?:wfh|work from home)\b|"
    r"\b(?:100%|fully) (?:on-?site|in[- ]office)\b|\bmust (?:be|work) on-?site\b",
    re.IGNORECASE,
)
_REMOTE_YES = re.compile(
    r"远程办公|远程工作|可远程|支持远程|接受远程|全远程|远程岗位|远程职位|居家办公|在家办公|"
    r"在家工作|\bwork(?:ing)? from home\b|\bWFH\b|\bwork(?:ing)? remotely\b|\btelecommut\w*|"
    r"\b(?:fully|100%|partially|partly) remote\b|\bremote[- ](?:first|friendly|ok|eligible|"
    r"position|role|job|work|working|opportunity|option|possible|available)\b|"
    r"\b(?:location|based)\s*[:：]?\s*(?:remote|anywhere)\b|\(remote\)|\bremote\s*[-–(,]\s*"
    r"(?:us|usa|uk|eu|europe|emea|apac|worldwide|global|canada)\b|\bremote (?:or|/) "
    r"(?:hybrid|on-?site)\b|\b(?:hybrid|on-?site) (?:or|/) remote\b",
    re.IGNORECASE,
)


#: Cheap case-sensitive anchors: the full patterns run only in windows around these.
_REMOTE_WORDS = ("remote", "远程", "居家", "在家", "wfh", "from home", "telecommut", "onsite",
                 "on-site", "office only")
#: Fewer, rarer substrings of the words above: a quick "is there anything at all" test.
_REMOTE_GATE = ("mote", "wfh", "home", "ommut", "site", "ffice only", "远程", "居家", "在家")
_REMOTE_WINDOW = 40


def extract_remote(text: str) -> bool | None:
    """True when the job can be done remotely, False when the text rules it out, else None.

    True: 远程办公, 居家办公, remote (position, -first, Location: Remote), work from home, WFH.
    False: 非远程, 不支持远程, "not remote", "no remote", "onsite only". A negative cue wins over
    a positive one. Hybrid alone is None (documented in docs/fields.md); words such as
    "remote sensing" or "remote teams" are not cues.
    """
    if not text:
        return None
    low = text.lower()
    if not any(word in low for word in _REMOTE_GATE):
        return None
    windows: list[tuple[int, int]] = []
    for word in _REMOTE_WORDS:
        pos = low.find(word)
        while pos >= 0:
            windows.append((max(0, pos - _REMOTE_WINDOW), pos + len(word) + _REMOTE_WINDOW))
            pos = low.find(word, pos + 1)
    if any(_REMOTE_NO.search(text, start, end) for start, end in windows):
        return False
    if any(_REMOTE_YES.search(text, start, end) for start, end in windows):
        return True
    stripped = text.strip().lower()
    if stripped in ("remote", "远程", "remote only", "fully remote"):
        return True
    return None
