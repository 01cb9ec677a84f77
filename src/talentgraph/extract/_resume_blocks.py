"""Lines and header pieces of a resume section: what the education and work parsers read.

A section is cut into lines (spans into the resume text). A line is a *bullet* when it starts
with a list mark (``-``, ``•``, ``1.``, ``（1）``...), and a *header line* when it could name an
entry: not a bullet, at most 80 characters, not a sentence (no final ``。``/``;``, at most one
Chinese comma, at most 12 words) and not a ``label: text`` line other than a known field
label (``公司：``, ``Title:`` ...). A line with a date range is always a header line.

A header line splits into *pieces* at ``|``, ``｜``, tabs, two spaces, commas, `` - `` and
`` @ ``/`` at ``; a piece is classified as a job title, an organisation, a school, a degree
or a place by its words (Chinese compounds by their last word: 集团副总经理 is a title,
字节跳动科技有限公司 an organisation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from talentgraph.extract._resume_dates import DateRange, find_date_range

__all__ = [
    "DEGREE_TERMS",
    "FIELD_LABELS",
    "Line",
    "classify_piece",
    "degree_mentions",
    "is_place",
    "section_lines",
    "split_pieces",
]

_BULLET = re.compile(r"^\s*(?:[-*•·●▪◦○■□►▶✓✔➢➤–—>]+\s*|\d{1,2}[.、)]\s+|\d{1,2}、|"
                     r"[（(]\d{1,2}[)）]\s*|[一二三四五六七八九十]{1,2}[、.]\s*)")
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|\*\*|__)")  # a Markdown heading or bold: not a bullet
_SENTENCE_END = tuple("。；;！!？?")
_LABEL = re.compile(r"^\s*(?P<label>[^\s:：|｜]{1,14}(?: [^\s:：|｜]{1,14}){0,2})\s*[:：]\s*"
                    r"(?P<value>.*)$")
#: Labels of header fields, lower-cased -> the kind of their value.
FIELD_LABELS = {
    "公司": "org", "公司名称": "org", "单位": "org", "工作单位": "org", "雇主": "org",
    "company": "org", "employer": "org", "organization": "org", "organisation": "org",
    "职位": "title", "职务": "title", "岗位": "title", "担任职位": "title", "title": "title",
    "position": "title", "role": "title", "job title": "title", "designation": "title",
    "学校": "school", "院校": "school", "毕业院校": "school", "school": "school",
    "university": "school", "college": "school", "institution": "school",
    "专业": "major", "major": "major", "field of study": "major", "field": "major",
    "学历": "degree", "学位": "degree", "degree": "degree", "qualification": "degree",
    "时间": "dates", "起止时间": "dates", "在职时间": "dates", "在校时间": "dates",
    "项目时间": "dates", "dates": "dates", "period": "dates", "duration": "dates",
    "项目名称": "name", "项目": "name", "project": "name", "project name": "name",
}
_SPLIT = re.compile(r"\s*[|｜丨\t、]\s*|\s{2,}|\s*[,，]\s*|\s+[-–—@·]\s+|\s+at\s+|"
                    r"(?<=[\u4e00-\u9fff）)])\s+(?=[\u4e00-\u9fff（(])")
_TRIM = " \t-–—~|｜,，;；:：<>\"'*_#。"  # characters trimmed off a piece's ends
_EMPTY_BRACKETS = re.compile(r"[（(\[【]\s*[)）\]】]")

_TITLE_ZH = ("工程师", "经理", "实习生", "实习", "研究员", "总监", "主管", "专员", "分析师", "设计师",
             "架构师", "负责人", "开发", "算法", "顾问", "助理", "科学家", "组长", "总裁", "董事",
             "董事长", "主任", "教授", "讲师", "程序员", "测试", "运维", "产品", "运营", "厂长",
             "所长", "总经理", "高工", "会计", "秘书", "监事", "委员", "经理人", "院长", "局长",
             "处长", "科长", "行长", "总工程师", "合伙人", "创始人", "书记", "会计师", "律师", "导师",
             "CTO", "CEO", "COO")
_TITLE_EN = re.compile(
    r"\b(?:engineer|developer|scientist|analyst|manager|intern|consultant|designer|director|"
    r"lead|researcher|architect|specialist|officer|associate|assistant|administrator|"
    r"programmer|technician|coordinator|executive|president|head of|founder|co-founder|"
    r"cto|ceo|coo|cfo|vp|professor|lecturer|teacher|accountant|tester|devops|sre|"
    r"product owner|fellow|trainee|apprentice|partner|advisor|adviser|owner|chief|scrum master|"
    r"postdoc(?:toral)?(?: researcher)?|research assistant|teaching assistant)s?\b",
    re.IGNORECASE)
_ORG_ZH = ("公司", "集团", "科技", "有限", "银行", "研究院", "研究所", "实验室", "医院", "中心",
           "工作室", "事务所", "股份", "网络", "信息技术", "厂", "局", "委员会", "基金会", "协会",
           "证券", "保险", "控股", "资本", "传媒", "电子", "软件")
_ORG_EN = re.compile(
    r"\b(?:inc|ltd|llc|llp|plc|corp|corporation|company|co|group|technologies|technology|"
    r"tech|labs?|bank|gmbh|limited|systems|solutions|software|consulting|partners|holdings|"
    r"services|studios?|agency|foundation|hospital|pvt|ventures|capital|networks|robotics|"
    r"ai|pharma|financial|insurance)\b\.?",
    re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TRAILING_BRACKET = re.compile(r"\s*[（(][^（()）]*[)）]$")
_SCHOOL_ZH = ("大学", "学院", "学校", "中学", "高中", "学堂", "党校", "研究生院", "分校", "书院")
_SCHOOL_EN = re.compile(r"\b(?:university|college|institute|school|academy|polytechnic|"
                        r"universit[éà]|hochschule|conservatory|iit|mit)\b", re.IGNORECASE)
#: Degree words, lower-cased; longest first is applied by the caller.
DEGREE_TERMS: dict[str, str] = {
    "博士研究生": "phd", "博士后": "phd", "博士": "phd", "phd": "phd", "ph.d": "phd",
    "ph.d.": "phd", "ph. d.": "phd", "doctor of philosophy": "phd", "doctorate": "phd",
    "d.phil": "phd",
    "硕士研究生": "master", "硕士": "master", "研究生": "master", "mba": "master", "emba": "master",
    "mpa": "master", "master of": "master", "master in": "master", "masters": "master",
    "master's": "master", "master degree": "master", "masters degree": "master",
    "m.s.": "master", "m.s": "master", "ms": "master", "msc": "master", "m.sc": "master",
    "m.sc.": "master", "m.eng": "master", "m.eng.": "master", "meng": "master",
    "m.tech": "master", "mtech": "master", "m.e.": "master", "m.a.": "master", "mca": "master",
    "m.com": "master", "mphil": "master", "m.phil": "master",
    "本科": "bachelor", "学士": "bachelor", "大学本科": "bachelor", "统招本科": "bachelor",
    "bachelor": "bachelor", "bachelors": "bachelor", "bachelor's": "bachelor",
    "b.s.": "bachelor", "b.s": "bachelor", "b.s.e.": "bachelor", "bse": "bachelor", "bs": "bachelor", "bsc": "bachelor",
    "b.sc": "bachelor", "b.sc.": "bachelor", "b.a.": "bachelor", "ba": "bachelor",
    "b.e.": "bachelor", "b.e": "bachelor", "be": "bachelor", "b.eng": "bachelor",
    "beng": "bachelor", "b.tech": "bachelor", "btech": "bachelor", "b.com": "bachelor",
    "bca": "bachelor", "bba": "bachelor", "undergraduate": "bachelor",
    "大专": "associate", "专科": "associate", "高职": "associate",
    "associate degree": "associate", "associate of": "associate", "associate's": "associate",
    "associates degree": "associate", "diploma": "associate",
    "高中": "high_school", "中专": "high_school", "职高": "high_school", "技校": "high_school",
    "high school": "high_school", "secondary school": "high_school", "hsc": "high_school",
    "ssc": "high_school", "12th": "high_school", "a-levels": "high_school",
    "a levels": "high_school",
}
#: English degree abbreviations that must be written in capitals (BE, BA, MS, ...).
_UPPER_ONLY = {"ms", "bs", "ba", "be", "bse", "ssc", "hsc", "mca", "bca", "bba"}
_DEGREE_RE = re.compile(
    "|".join(re.escape(term) for term in sorted(DEGREE_TERMS, key=len, reverse=True)),
    re.IGNORECASE)


@dataclass(slots=True)
class Line:
    """One line of a section: its span in the resume text, its text without a bullet mark."""

    start: int
    end: int
    text: str
    is_bullet: bool
    dates: DateRange | None = None
    label: str | None = None  # the kind of a "公司：" / "Title:" field line
    value: str = ""
    pieces: list[str] = field(default_factory=list)

    @property
    def is_header(self) -> bool:
        """True when the line can name an entry (see the module docstring)."""
        if self.dates is not None or self.label is not None:
            return True
        text = self.text
        if self.is_bullet or not text or len(text) > 80 or text.endswith(_SENTENCE_END):
            return False
        if _LABEL.match(text):
            return False  # "技术栈：Python" is a description
        if text.count("，") > 1 or "。" in text or len(text.split()) > 12:
            return False
        return not (text.endswith(".") and len(text.split()) >= 6)


def split_pieces(text: str) -> list[str]:
    """The non-empty parts of a header line, brackets and stray punctuation trimmed."""
    pieces = []
    for raw in _SPLIT.split(text):
        piece = raw.strip(_TRIM)
        if piece[:1] in "(（[【" and piece[-1:] in ")）]】":
            piece = piece[1:-1].strip()
        if piece and any(ch.isalnum() for ch in piece):
            pieces.append(piece)
    return pieces


def degree_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, level) of each degree word in ``text``, word-bounded for Latin ones."""
    found = []
    for match in _DEGREE_RE.finditer(text):
        term = match.group()
        start, end = match.span()
        low = term.lower()
        if term[0].isascii():
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’"):
                continue
            if end < len(text) and text[end].isalnum():
                continue
            if low in _UPPER_ONLY and term != term.upper():
                continue
            if low in ("be", "ba", "ms") and end < len(text) and text[end] in "'’":
                continue
        found.append((start, end, DEGREE_TERMS[low]))
    return found


def classify_piece(piece: str) -> str | None:
    """"title", "org", "school", "degree" or None for one header piece."""
    if degree_mentions(piece) and len(piece) <= 80:
        degree_span = degree_mentions(piece)[0]
        if degree_span[1] - degree_span[0] >= len(piece) * 0.5 or not _is_school(piece):
            return "degree"
    if _is_school(piece):
        return "school"
    core = _TRAILING_BRACKET.sub("", piece).strip() or piece
    if _CJK.search(core):  # Chinese puts the head last: 集团副总经理 is a title
        if core.endswith(_TITLE_ZH):
            return "title"
        if core.endswith(_ORG_ZH):
            return "org"
        if any(word in core for word in _ORG_ZH):
            return "org"
        if any(word in core for word in _TITLE_ZH):
            return "title"
    orgs = list(_ORG_EN.finditer(piece))
    titles = list(_TITLE_EN.finditer(piece))
    if orgs and titles:  # English puts the head last: "AI Research Intern" is a title
        return "org" if orgs[-1].end() >= titles[-1].end() else "title"
    org, title = bool(orgs), bool(titles)
    if org:
        return "org"
    if title:
        return "title"
    return None


def _is_school(piece: str) -> bool:
    if any(word in piece for word in _SCHOOL_ZH):
        return not piece.endswith(("高中", "中专")) or len(piece) > 2
    return bool(_SCHOOL_EN.search(piece))


def is_place(piece: str) -> bool:
    """True when the piece is only a city (北京, 北京市, San Francisco, CA)."""
    from talentgraph.extract._city import load_cities

    core = re.sub(r",\s*[A-Z]{2}$", "", piece.strip())
    core = re.sub(r"[市区]$", "", core) if len(core) > 2 else core
    hits = load_cities().hits(core)
    return len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(core)


def section_lines(text: str, start: int, end: int, *, heading: str | None,
                  today: date) -> list[Line]:
    """The lines of ``text[start:end]`` (blank ones dropped), the heading label cut off."""
    lines: list[Line] = []
    position = start
    for raw in text[start:end].splitlines(keepends=True):
        line_start, position = position, position + len(raw)
        body = raw.rstrip("\r\n")
        offset = 0
        if heading is not None and not lines and line_start == start:
            index = body.find(heading)
            if index < 0:
                continue
            offset = index + len(heading)
            rest = body[offset:]
            stripped = rest.lstrip(" \t:：*#】]〗」』")
            offset += len(rest) - len(stripped)
            body = body[offset:]
        if not body.strip():
            if heading is not None and not lines:
                heading = None
            continue
        heading = None
        markup = _MARKUP.match(body)
        bullet = None if markup else _BULLET.match(body)
        cut = (markup or bullet).end() if (markup or bullet) else len(body) - len(body.lstrip())
        line = Line(start=line_start + offset + cut, end=line_start + offset + len(body.rstrip()),
                    text=body[cut:].strip().rstrip("*_").strip(), is_bullet=bullet is not None)
        _read_fields(line, today=today)
        lines.append(line)
    return lines


def _read_fields(line: Line, *, today: date) -> None:
    """Fill ``dates``, ``label``/``value`` and ``pieces`` of a line."""
    text = line.text
    labelled = _LABEL.match(text)
    if labelled is not None:
        kind = FIELD_LABELS.get(labelled.group("label").strip().lower())
        if kind is not None:
            line.label, line.value = kind, labelled.group("value").strip()
    line.dates = find_date_range(text, today=today)
    if line.dates is not None and line.label not in (None, "dates"):
        line.label = None  # "2019.07-至今 公司：X" is a header, not one field
    if line.dates is not None:
        a, b = line.dates.span
        text = _EMPTY_BRACKETS.sub("  ", text[:a] + "  " + text[b:])
    text = text.replace("**", "  ").replace("__", "  ")
    if line.label is not None and line.label != "dates":
        line.pieces = split_pieces(line.value) if line.label != "major" else [line.value]
    elif line.label is None and (line.dates is not None or line.is_header):
        line.pieces = split_pieces(text)
