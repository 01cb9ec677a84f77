"""Contact details of a resume: e-mail addresses, phone numbers and the candidate's name.

- E-mails: ``local@domain.tld`` (full-width ＠ too), lower-cased, in order of appearance.
- Phones: Chinese mobiles (11 digits starting 13-19, optionally ``+86``/``0086`` and spaced or
  dashed as 3-4-4), Chinese landlines with an area code (``010-12345678``), and international
  numbers written with ``+`` and a country code (``+44 20 7946 0958``,
  ``+1 (415) 555-0142``), and North-American ``(415) 555-0142`` / ``206-555-0100``. A phone is kept as its digits,
  with a leading ``+`` when one was written: ``+8613812345678``, ``13812345678``. Runs of
  digits that are dates, years or ID numbers are not phones.
- Name: a ``姓名：``/``Name:`` field wins. Otherwise one of the first three non-blank lines that
  is not a title such as 个人简历/Resume: its first part (before ``|``, a comma or two spaces)
  when that is 2-4 Chinese characters starting with a common surname (``·`` allowed, 先生/女士
  dropped), or such a name right before 先生, a bracket or a field such as 性别
  (``杨小勇先生中国国籍…``, ``韩文武（离任）``), or 2-4 capitalised Latin words without digits
  and without job-title or heading words. No line like that, no name.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["extract_emails", "extract_name", "extract_phones", "phone_key"]

_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                    r"\.[A-Za-z]{2,}(?![\w-])")
_CN_MOBILE = re.compile(r"(?<![\d+])(?P<cc>(?:\+|00)\s*86\s*[-\s]?\s*)?(?P<num>1[3-9]\d"
                        r"(?:[\s-]?\d{4}[\s-]?\d{4}))(?!\d)")
_CN_LANDLINE = re.compile(r"(?<![\d+])(?P<num>0[1-9]\d{1,2}[-\s]\d{7,8})(?!\d)")
_INTERNATIONAL = re.compile(r"(?<![\d+])(?P<num>\+\s?[1-9]\d{0,2}(?:[\s.-]?\(?\d{1,4}\)?)"
                            r"(?:[\s.-]?\d{2,4}){2,4})(?!\d)")
_NORTH_AMERICA = re.compile(r"(?<![\d+.\-/])(?P<num>\(\d{3}\)\s?\d{3}[\s.-]\d{4}|"
                            r"[2-9]\d{2}([-.])\d{3}\2\d{4})(?![\d.\-/])")
_MIN_PHONE_DIGITS, _MAX_PHONE_DIGITS = 7, 15

_NAME_FIELD = re.compile(r"(?:^|[\s|｜])(?:姓\s*名|(?i:name|full name|candidate))\s*[:：]\s*"
                         r"(?P<name>[^\s|｜,，;；:：]+(?:[ \t][A-Z][^\s|｜,，;；:：]*){0,3})",
                         re.MULTILINE)
_TITLE_LINES = {"简历", "个人简历", "求职简历", "中文简历", "英文简历", "resume", "résumé", "cv",
                "curriculum vitae", "personal resume", "my resume"}
_ZH_NAME = re.compile(r"[\u4e00-\u9fff]{1,4}(?:·[\u4e00-\u9fff]{1,6})?")
#: Common Chinese surnames (a name on the first lines must start with one; a 姓名 field need not).
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
    "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简"
    "车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区"
    "郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍"
    "辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣"
    "信展阴昝智幸奉植衡富尧闭由"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
                      "宇文", "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "钟离")
_ZH_LABELS = r"性别|民族|出生|年龄|电话|手机|籍贯|学历|政治|邮箱|中国国籍|国籍"
#: A Chinese name at the head of a longer part: "杨小勇先生中国国籍…", "韩文武（离任）", "苏壮强性别：男".
_ZH_NAME_HEAD = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,4}?)(?:先生|女士|小姐|同志|\s*[（(][^）)]{0,12}[)）]|"
                           rf"(?={_ZH_LABELS}))")
_SPACED_ZH = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000](?=[\u4e00-\u9fff])")
_HONORIFIC = re.compile(r"(?:先生|女士|小姐|同志)$")
_LATIN_WORD = re.compile(r"[A-Z][a-zA-Z'’-]*\.?|[A-Z]\.")
_FIRST_PART = re.compile(r"\s*[|｜丨,，;；:：\t]\s*|\s{2,}| [-–—] ")
#: Lower-cased words that make a line a heading or a job title, not a name.
_NOT_NAME_WORDS = frozenset(
    "resume cv curriculum vitae profile summary contact education experience skills objective "
    "engineer developer scientist analyst manager designer consultant intern director lead "
    "architect researcher specialist officer assistant associate administrator programmer "
    "data software senior junior machine learning product project sales marketing business "
    "professional technical personal information details career about page email phone "
    "address mobile tel university college institute school inc ltd llc corp company".split()
)
_NOT_NAME_ZH = ("简历", "求职", "意向", "工程师", "经理", "分析师", "设计师", "信息", "技能", "教育",
                "经历", "经验", "联系", "电话", "邮箱", "手机", "地址", "大学", "学院", "公司",
                "科技", "自我", "评价", "专业", "项目", "实习", "工作", "基本", "个人")


def extract_emails(text: str) -> tuple[str, ...]:
    """Every e-mail address, lower-cased, each once, in order of appearance."""
    text = text.replace("＠", "@").replace("．", ".")
    seen: dict[str, None] = {}
    for match in _EMAIL.finditer(text):
        seen.setdefault(match.group().lower(), None)
    return tuple(seen)


def _digits(raw: str) -> str:
    return "".join(ch for ch in raw if ch.isdigit())


def extract_phones(text: str) -> tuple[str, ...]:
    """Every phone number: its digits, with ``+`` when written; each once, in order."""
    text = unicodedata.normalize("NFKC", text)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: str) -> None:
        if any(a < end and start < b for a, b in taken):
            return
        taken.append((start, end))
        found.append((start, value))

    for match in _CN_MOBILE.finditer(text):
        prefix = "+86" if match.group("cc") else ""
        add(*match.span(), prefix + _digits(match.group("num")))
    for match in _INTERNATIONAL.finditer(text):
        digits = _digits(match.group("num"))
        if _MIN_PHONE_DIGITS + 1 <= len(digits) <= _MAX_PHONE_DIGITS:
            add(*match.span(), "+" + digits)
    for pattern in (_CN_LANDLINE, _NORTH_AMERICA):
        for match in pattern.finditer(text):
            add(*match.span(), _digits(match.group("num")))
    seen: dict[str, None] = {}
    for _, value in sorted(found):
        seen.setdefault(value, None)
    return tuple(seen)


def phone_key(phone: str) -> str:
    """The digits that identify a phone however written: ``+86`` and ``+1`` dropped."""
    digits = _digits(phone)
    if phone.startswith("+"):
        if digits.startswith("86") and len(digits) == 13:
            return digits[2:]
        if digits.startswith("1") and len(digits) == 11:
            return digits[1:]  # +1 North America: (415) 555-0142 is the same phone
    return digits


def _has_surname(name: str) -> bool:
    return name[0] in _SURNAMES or name.startswith(_COMPOUND_SURNAMES)


def _name_of(part: str, *, is_field: bool = False) -> str | None:
    """``part`` when it looks like a person's name (zh or en), else None."""
    part = part.strip().strip("#*_ ").strip()
    if not part:
        return None
    zh = _SPACED_ZH.sub("", _HONORIFIC.sub("", part))  # "张 伟" is 张伟
    if _ZH_NAME.fullmatch(zh) and 2 <= len(zh.replace("·", "")) <= 8:
        if any(word in zh for word in _NOT_NAME_ZH):
            return None
        if is_field or "·" in zh or (_has_surname(zh) and len(zh) <= 4):
            return zh
        return None
    head = _ZH_NAME_HEAD.match(zh)
    if head is not None and (is_field or _has_surname(head.group("name"))):
        return head.group("name")
    words = part.split()
    if not 2 <= len(words) <= 4 or any(ch.isdigit() for ch in part):
        return None
    if not all(_LATIN_WORD.fullmatch(word) for word in words):
        return None
    if any(word.strip(".").lower() in _NOT_NAME_WORDS for word in words):
        return None
    return part


def extract_name(text: str) -> str | None:
    """The candidate's name: a 姓名/Name field, else a name-like first line; None if neither."""
    head = text[:4000]
    field = _NAME_FIELD.search(head)
    if field is not None:
        value = field.group("name")
        name = _name_of(value, is_field=True) or _name_of(value.split()[0], is_field=True)
        if name is not None:
            return name
    looked = 0
    for line in head.splitlines():
        line = unicodedata.normalize("NFKC", line).strip().strip("#*_ ").strip()
        if not line:
            continue
        if line.lower() in _TITLE_LINES:
            continue
        looked += 1
        name = _name_of(_FIRST_PART.split(line, maxsplit=1)[0])
        if name is not None:
            return name
        if looked >= 3:
            break
    return None
