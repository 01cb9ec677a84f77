"""Find the advertised salary in a posting and normalise it to month and year.

``extract_salary`` reads Chinese board forms ("20-40K·14薪", "1.5-2万/月", "年薪30-50万",
"200-300元/天", "30-50w") and English ones ("$53K-$91K (Glassdoor est.)", "$17-$24 Per Hour",
"£40,000 - £50,000 a year", "up to $150k"). Rules (see docs/fields.md):

- A number is a salary only with a salary context: a currency (symbol, code, 元), a salary
  word just before it (薪资, 月薪, salary, pay ...), a period (/月, per hour, a year) or the bare
  Chinese board range "15k-30k". Team sizes, experience years, percentages, funding and user
  counts are rejected, and so is anything outside 500-1,000,000 CNY-equivalent a month.
- Conversions: monthly x months_per_year = annual; daily x 21.75 = monthly and x 250 = annual;
  hourly x 2080 = annual and / 12 = monthly; weekly x 52 = annual.
- "N薪" / "x N" gives months_per_year (default 12); "13-15薪" takes the lower, 13.
- Without a written period: CNY above 150,000 is annual ("30-50万"), below is monthly; other
  currencies from 20,000 up are annual, below 300 hourly, between monthly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from talentgraph.domain import Salary

__all__ = ["extract_salary"]

#: Working days and hours used to turn day and hour rates into months and years.
DAYS_PER_MONTH = 21.75
DAYS_PER_YEAR = 250.0
HOURS_PER_YEAR = 2080.0
WEEKS_PER_YEAR = 52.0

#: Rough CNY value of one unit of each currency, only for the plausibility bounds.
_CNY_RATE = {"CNY": 1.0, "USD": 7.2, "EUR": 7.8, "GBP": 9.1, "HKD": 0.92, "SGD": 5.3,
             "AUD": 4.7, "CAD": 5.2, "JPY": 0.048, "INR": 0.086, "TWD": 0.22, "KRW": 0.0053,
             "CHF": 8.1}
_MIN_MONTHLY_CNY = 500.0
_MAX_MONTHLY_CNY = 1_000_000.0
_MIN_HOURLY_CNY = 15.0  # about USD 2
_MAX_HOURLY_CNY = 7_200.0  # about USD 1,000

_SYMBOLS = {"HK$": "HKD", "S$": "SGD", "SG$": "SGD", "A$": "AUD", "C$": "CAD", "US$": "USD", "NT$": "TWD", "$": "USD", "£": "GBP", "€": "EUR",
            "¥": "CNY", "￥": "CNY", "₹": "INR", "₩": "KRW"}
_CODES = {"RMB": "CNY", "CNY": "CNY", "USD": "USD", "EUR": "EUR", "GBP": "GBP", "HKD": "HKD",
          "SGD": "SGD", "AUD": "AUD", "CAD": "CAD", "JPY": "JPY", "INR": "INR", "CHF": "CHF",
          "TWD": "TWD", "KRW": "KRW", "元": "CNY", "块": "CNY", "人民币": "CNY",
          "美元": "USD", "美金": "USD", "港币": "HKD", "欧元": "EUR", "英镑": "GBP"}

_CUR = r"(?:(?<![A-Za-z])(?:HK|SG?|A|C|US|NT)\$|\$|£|€|¥|￥|₹|₩|RMB|CNY|USD|EUR|GBP|HKD|SGD|AUD|CAD|JPY|INR|CHF)"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULT = r"[kK千wW万](?!(?-i:[a-z]))"
_DASH = r"\s*(?:-|–|—|~|～|〜|至|到|to)\s*"
_POST_CUR = r"(?:元|块|RMB|CNY|USD|EUR|GBP|HKD|SGD|人民币|美元|美金|港币|欧元|英镑)"
_PERIOD = (
    r"(?:\s*(?:/|每|per|an?|一|a\s+)\s*(?P<per>月|个月|年|天|日|小时|时|周|星期|"
    r"hours?|hrs?|h|days?|weeks?|wk|months?|mo|years?|yrs?|annum)(?![a-z])"
    r"|\s*(?P<per2>hourly|daily|weekly|monthly|yearly|annually|p\.a\.|pa)(?![a-z]))"
)
_MONTHS = r"(?:\s*[·•*xX×,，]?\s*(?P<m1>\d{1,2})(?:\s*-\s*(?P<m2>\d{1,2}))?\s*(?:薪|个月薪?))"
_MONTHS_MULT = r"(?:\s*[·•*xX×]\s*(?P<m3>\d{1,2})(?!\d|\s*[kK千wW万%]))"

_CANDIDATE_RE = re.compile(
    rf"""
    (?P<lead>(?P<yl>年薪|月薪|日薪|时薪|周薪|底薪)\s*[:：]?\s*|(?P<upto>up\s+to|最高|高达|max(?:imum)?)\s*)?
    (?P<c1>{_CUR})?\s*(?P<a>{_NUM})\s*(?P<ma>{_MULT})?(?P<plus>\+)?
    (?:{_DASH}(?P<c2>{_CUR})?\s*(?P<b>{_NUM})\s*(?P<mb>{_MULT})?)?
    (?P<pc>\s*{_POST_CUR})?
    (?:\s*(?P<above>以上|起|及以上|or\s+more|\+))?
    (?:{_PERIOD})?
    (?:{_MONTHS}|{_MONTHS_MULT})?
    """,
    re.VERBOSE | re.IGNORECASE,
)

#: Where a salary can be: currency signs and codes, Chinese money units, a number with K/W.
#: Only windows around these are searched, which keeps the extractor fast on long postings.
_ANCHOR_RE = re.compile(
    r"\$|£|€|¥|￥|₹|₩|元|万|千|薪|USD|RMB|CNY|EUR|GBP|HKD|SGD|AUD|CAD|INR|JPY|CHF")
_ANCHOR_UNIT_RE = re.compile(r"[0-9] ?[kKwW](?![a-zA-Z])")
#: Extra anchors when a default currency makes a bare number a possible salary.
_ANCHOR_WORD_RE = re.compile(
    r"alary|ompensation|Pay|pay|wage|Wage|rate|Rate|hour|annum|year|month|工资|待遇|收入|报酬")
_WINDOW_BEFORE = 28
_WINDOW_AFTER = 36

#: The number that starts a candidate: the regex engine skips to digits fast.
_NUMBER_RE = re.compile(r"[0-9][0-9,.]*")
#: What may stand just before that number: a salary word, "up to", a currency.
_PREFIX_RE = re.compile(
    rf"(?:(?:年薪|月薪|日薪|时薪|周薪|底薪)\s*[:：]?\s*|(?:up\s+to|最高|高达|max(?:imum)?)\s*)?"
    rf"(?:{_CUR})?\s*$",
    re.IGNORECASE,
)
_PREFIX_CHARS = 16

#: Words that make the number before or around them a salary.
_CONTEXT_BEFORE = re.compile(
    r"(?:薪资|薪酬|薪水|月薪|年薪|日薪|时薪|工资|待遇|底薪|报酬|收入|薪|"
    r"\b(?:base|salary|salaries|pay|compensation|wages?|rate|OTE|earn|earnings|package))"
    r"[^。.;；!?！？\n]{0,32}$",
    re.IGNORECASE,
)
#: Words after a number that say it is not a salary.
_REJECT_AFTER = re.compile(
    r"\s*(?:人|名|个|岁|年(?!薪)|%|％|次|倍|天(?!/)|小时(?!/)|项|家|台|套|平|亿|"
    r"users?|people|employees|customers|members|downloads|stars|followers|years?|yrs?|"
    r"months?(?!ly)|days?|hours?(?!ly)|percent|million|billion|trillion|quadrillion|MM|"
    r"-dollar|[mMbB](?:n)?(?![a-z])|"
    r"\+?\s*(?:users|people|employees))",
    re.IGNORECASE,
)
_REJECT_BEFORE = re.compile(
    r"(融资|估值|营收|收入规模|市值|注册资本|投资|funding|raised|revenue|valuation|series\s+[a-e]|"
    r"market\s+cap|budget|预算|用户|规模|销售额|GMV)[^。\n.;；]{0,8}$",
    re.IGNORECASE,
)
#: Money that is not pay: budgets, bonuses, perks, funding. Rejects a candidate without a
#: salary word before it when one of these is near (same line).
_NOT_PAY = re.compile(
    r"budget|bonus|allowance|stipend|perk|reimburse|tuition|sign[- ]on|signing|relocation|"
    r"401|incentive|subsid|credit|loan|insurance|donat|funding|revenue|valuation|assets|补贴|补助|奖金|报销|津贴|融资|营收|估值|期权|股票",
    re.IGNORECASE,
)
_MONTHS_AFTER = re.compile(r"[^。\n;；]{0,12}?(?P<m1>\d{1,2})(?:\s*-\s*(?P<m2>\d{1,2}))?\s*薪")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_GLUED_BEFORE = re.compile(r"[A-Za-z0-9.,_/#+-]")
#: A whole field that is only a board range ("15k-30k") is read as CNY.
_FIELD_MAX_CHARS = 24

_PERIOD_WORDS = {
    "月": "month", "个月": "month", "年": "year", "天": "day", "日": "day", "小时": "hour",
    "时": "hour", "周": "week", "星期": "week", "hour": "hour", "hr": "hour", "h": "hour",
    "day": "day", "week": "week", "wk": "week", "month": "month", "mo": "month",
    "year": "year", "yr": "year", "annum": "year", "hourly": "hour", "daily": "day",
    "weekly": "week", "monthly": "month", "yearly": "year", "annually": "year", "pa": "year",
    "p.a": "year", "p.a.": "year", "pa.": "year",
    "年薪": "year", "月薪": "month", "日薪": "day", "时薪": "hour", "周薪": "week",
}


@dataclass(frozen=True, slots=True)
class _Candidate:
    score: int
    start: int
    salary: Salary


def _number(text: str, mult: str | None) -> float:
    value = float(text.replace(",", ""))
    if mult:
        m = mult.lower()
        value *= 1000.0 if m in ("k", "千") else 10000.0
    return value


def _currency(match: re.Match[str], default: str | None) -> tuple[str | None, int]:
    """The currency and how strong the evidence is (2 symbol/code, 1 Chinese unit, 0 none)."""
    for group in ("c1", "c2"):
        symbol = match.group(group)
        if symbol:
            up = symbol.upper()
            return (_SYMBOLS.get(up) or _SYMBOLS.get(symbol) or _CODES.get(up, "USD")), 2
    post = match.group("pc")
    if post:
        return _CODES.get(post.strip().upper(), _CODES.get(post.strip(), "CNY")), 2
    units = (match.group("ma") or "") + (match.group("mb") or "")
    if any(u in units for u in "千万wW") or match.group("yl") or match.group("m1") or (
            match.group("m3")):
        return "CNY", 1
    if default:
        return default, 0
    if _CJK.search(match.string) or (len(match.string) <= _FIELD_MAX_CHARS and match.group("b") and (
            match.group("ma") or match.group("mb"))):
        return "CNY", 0
    return None, 0


def _period(match: re.Match[str]) -> str | None:
    word = match.group("per") or match.group("per2") or match.group("yl")
    if not word:
        return None
    key = word.lower().replace(".", "")
    return _PERIOD_WORDS.get(key) or _PERIOD_WORDS.get(key.rstrip("s"))


def _guess_period(currency: str, high: float) -> str:
    if currency == "CNY":
        return "year" if high > 150_000 else "month"
    if high >= 20_000:
        return "year"
    if high < 300:
        return "hour"
    return "month"


def _normalise(low: float | None, high: float | None, period: str,
               months: float) -> tuple[float | None, float | None, float | None, float | None]:
    def per(value: float | None) -> tuple[float | None, float | None]:
        if value is None:
            return None, None
        if period == "month":
            return value, value * months
        if period == "year":
            return value / months, value
        if period == "day":
            return value * DAYS_PER_MONTH, value * DAYS_PER_YEAR
        if period == "week":
            return value * WEEKS_PER_YEAR / 12.0, value * WEEKS_PER_YEAR
        return value * HOURS_PER_YEAR / 12.0, value * HOURS_PER_YEAR  # hour

    lo_m, lo_a = per(low)
    hi_m, hi_a = per(high)
    return lo_m, hi_m, lo_a, hi_a


def _months(match: re.Match[str], text: str) -> float | None:
    m1 = match.group("m1") or match.group("m3")
    if m1 is None:
        tail = _MONTHS_AFTER.match(text, match.end())
        if tail is None:
            return None
        m1 = tail.group("m1")
    months = float(m1)
    return months if 12 <= months <= 24 else None


def _candidate(match: re.Match[str], text: str,
               default: str | None) -> _Candidate | None:
    a, b = match.group("a"), match.group("b")
    ma, mb = match.group("ma"), match.group("mb")
    if b is not None and mb and not ma:
        ma = mb  # "1.5-2万", "25-35K": the unit after the range applies to both ends
    after = text[match.end():match.end() + 12]
    core_end = match.end("pc") if match.group("pc") else (match.end("mb") if mb else (
        match.end("b") if b else (match.end("ma") if ma else match.end("a"))))
    if not match.group("per") and not match.group("per2") and _REJECT_AFTER.match(
            text, core_end):
        return None
    if match.group("plus") and b is None and not match.group("c1") and re.match(
            r"\s*[a-zA-Z\u4e00-\u9fff]", after):
        return None  # "10K+ users"
    before = text[max(0, match.start() - 24):match.start()]
    if _REJECT_BEFORE.search(before):
        return None
    currency, evidence = _currency(match, default)
    period = _period(match)
    has_context = bool(match.group("yl")) or bool(_CONTEXT_BEFORE.search(before))
    is_board_range = b is not None and bool(ma) and bool(mb or ma)
    months_written = match.group("m1") or match.group("m3")
    if not (evidence == 2 or period or has_context or months_written or (
            ma and match.group("above")) or
            (is_board_range and (ma or "").lower() in ("k", "w", "千", "万"))):
        return None
    if evidence == 1 and not (b is not None or period or has_context or months_written
                              or match.group("above")):
        # A lone "50万" or "8千" needs a salary word, a period or a range.
        return None
    if currency is None:
        return None
    if b is None and not ma and evidence < 2 and not has_context:
        return None
    if not has_context:
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        window = text[max(line_start, match.start() - 50):min(line_end, match.end() + 30)]
        if _NOT_PAY.search(window):
            return None
        if b is None and not period and not months_written and not match.group("above") and (
                len(text) > _FIELD_MAX_CHARS):
            return None  # a lone "$2,000" in running text is rarely the salary
    low = _number(a, ma)
    high = _number(b, mb or ma) if b is not None else None
    if high is not None and high < low:
        low, high = high, low
    if high is None:
        if match.group("upto"):
            low, high = None, low
        elif match.group("above") or match.group("plus"):
            high = None
        else:
            high = low
    top = high if high is not None else low
    assert top is not None
    if period is None:
        period = _guess_period(currency, top)
    months = _months(match, text) or 12.0
    if period in ("day", "hour", "week"):
        months = 12.0
    lo_m, hi_m, lo_a, hi_a = _normalise(low, high, period, months)
    rate = _CNY_RATE.get(currency, 1.0)
    if period == "hour" and not all(
            v is None or _MIN_HOURLY_CNY <= v * rate <= _MAX_HOURLY_CNY for v in (low, high)):
        return None
    for monthly in (lo_m, hi_m):
        if monthly is not None and not (
                _MIN_MONTHLY_CNY <= monthly * rate <= _MAX_MONTHLY_CNY):
            return None
    score = evidence + (2 if has_context else 0) + (1 if period else 0) + (1 if b else 0)
    raw = match.group(0).strip()
    salary = Salary(min_monthly=lo_m, max_monthly=hi_m, min_annual=lo_a, max_annual=hi_a,
                    months_per_year=months, currency=currency, period=period, raw=raw)
    return _Candidate(score=score, start=match.start(), salary=salary)


def extract_salary(text: str, *, default_currency: str | None = None) -> Salary | None:
    """The salary advertised in ``text``, normalised per month and per year, or None.

    ``text`` is NFKC-normalised, simplified Chinese. ``default_currency`` (an ISO code) is used
    when nothing in the text names one; otherwise Chinese text defaults to CNY and English text
    without a currency gives None. "面议" and "negotiable" give None. When several salaries
    appear, the one with the strongest evidence (currency, salary word, period) wins, then the
    first.
    """
    if not text:
        return None
    best: _Candidate | None = None
    for start_pos, end_pos in _windows(text, with_words=default_currency is not None):
        pos = start_pos
        while True:
            number = _NUMBER_RE.search(text, pos, end_pos)
            if number is None:
                break
            prefix = _PREFIX_RE.search(text, max(start_pos, number.start() - _PREFIX_CHARS),
                                       number.start())
            head = prefix.start() if prefix is not None else number.start()
            match = _CANDIDATE_RE.match(text, head, end_pos)
            if match is None or match.end() <= number.start():
                pos = number.end()
                continue
            pos = max(match.end(), number.end())
            found = _check(match, text, default_currency)
            if found is not None and (best is None or found.score > best.score):
                best = found
    return best.salary if best else None


def _windows(text: str, *, with_words: bool) -> list[tuple[int, int]]:
    """Merged windows of text around every anchor, as (start, end) offsets."""
    positions = [m.start() for m in _ANCHOR_RE.finditer(text)]
    positions += [m.start() for m in _ANCHOR_UNIT_RE.finditer(text)]
    if with_words:
        positions += [m.start() for m in _ANCHOR_WORD_RE.finditer(text)]
    if not positions:
        return []
    positions.sort()
    windows: list[tuple[int, int]] = []
    for pos in positions:
        start, end = max(0, pos - _WINDOW_BEFORE), min(len(text), pos + _WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def _check(match: re.Match[str], text: str,
           default_currency: str | None) -> _Candidate | None:
    """The candidate for one regex match, or None when it is not a plausible salary."""
    if match.group("a") is None:
        return None
    symbol = match.group("c1") or ""
    start = match.start("c1") if symbol else match.start("a")
    # "CA$100,000" (a US state glued to the price) is still a price; "A100", "v2" are not.
    if (not symbol or symbol[0].isalpha()) and start > 0 and not match.group("lead") and (
            _GLUED_BEFORE.match(text, start - 1)):
        return None
    return _candidate(match, text, default_currency)
