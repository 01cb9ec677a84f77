"""extract_salary: Chinese board forms, English forms, conversions and false positives."""

from __future__ import annotations

import pytest

from talentgraph.domain import Salary
from talentgraph.extract._salary import extract_salary


def _parsed(text: str, **kwargs: str) -> Salary:
    salary = extract_salary(text, **kwargs)
    assert salary is not None, f"no salary found in {text!r}"
    return salary


@pytest.mark.parametrize(
    ("text", "lo_m", "hi_m", "lo_a", "hi_a", "months", "currency", "period"),
    [
        ("20-40K·14薪", 20000, 40000, 280000, 560000, 14, "CNY", "month"),
        ("岗位：数据分析师 20k-40k", 20000, 40000, 240000, 480000, 12, "CNY", "month"),
        ("15k-30k", 15000, 30000, 180000, 360000, 12, "CNY", "month"),
        ("1.5-2万/月", 15000, 20000, 180000, 240000, 12, "CNY", "month"),
        ("月薪1.5万-2万元", 15000, 20000, 180000, 240000, 12, "CNY", "month"),
        ("30-50万/年", 25000, 50000 / 1.2, 300000, 500000, 12, "CNY", "year"),
        ("年薪30-50万", 25000, 50000 / 1.2, 300000, 500000, 12, "CNY", "year"),
        ("待遇：30-50w", 25000, 50000 / 1.2, 300000, 500000, 12, "CNY", "year"),
        ("60-80万·16薪", 37500, 50000, 600000, 800000, 16, "CNY", "year"),
        ("200-300元/天", 200 * 21.75, 300 * 21.75, 50000, 75000, 12, "CNY", "day"),
        ("100-150元/时", 100 * 2080 / 12, 150 * 2080 / 12, 208000, 312000, 12, "CNY", "hour"),
        ("8千-1.2万", 8000, 12000, 96000, 144000, 12, "CNY", "month"),
        ("8000-12000元/月", 8000, 12000, 96000, 144000, 12, "CNY", "month"),
        ("薪资：25-35K", 25000, 35000, 300000, 420000, 12, "CNY", "month"),
        ("薪资 18-25K·13-15薪，经验3-5年", 18000, 25000, 234000, 325000, 13, "CNY", "month"),
        ("薪资20K*15", 20000, 20000, 300000, 300000, 15, "CNY", "month"),
        ("待遇：15-20k，14薪，六险一金", 15000, 20000, 210000, 280000, 14, "CNY", "month"),
        ("$53K-$91K (Glassdoor est.)", 53000 / 12, 91000 / 12, 53000, 91000, 12, "USD", "year"),
        ("$17-$24 Per Hour", 17 * 2080 / 12, 24 * 2080 / 12, 35360, 49920, 12, "USD", "hour"),
        ("£40,000 - £50,000 a year", 40000 / 12, 50000 / 12, 40000, 50000, 12, "GBP", "year"),
        ("€60k–€80k", 5000, 80000 / 12, 60000, 80000, 12, "EUR", "year"),
        ("USD 120,000 - 150,000 per year", 10000, 12500, 120000, 150000, 12, "USD", "year"),
        ("$120,000", 10000, 10000, 120000, 120000, 12, "USD", "year"),
        ("HK$30,000-40,000/month", 30000, 40000, 360000, 480000, 12, "HKD", "month"),
        ("S$6k-8k per month", 6000, 8000, 72000, 96000, 12, "SGD", "month"),
        ("Pay: $25.00 - $30.00 per hour", 25 * 2080 / 12, 30 * 2080 / 12, 52000, 62400, 12,
         "USD", "hour"),
        ("RMB 30k-50k/month", 30000, 50000, 360000, 600000, 12, "CNY", "month"),
        ("Rate: $1,200 per week", 1200 * 52 / 12, 1200 * 52 / 12, 62400, 62400, 12, "USD",
         "week"),
    ],
)
def test_salary_forms(text: str, lo_m: float, hi_m: float, lo_a: float, hi_a: float,
                      months: float, currency: str, period: str) -> None:
    salary = _parsed(text)
    assert salary.min_monthly == pytest.approx(lo_m)
    assert salary.max_monthly == pytest.approx(hi_m)
    assert salary.min_annual == pytest.approx(lo_a)
    assert salary.max_annual == pytest.approx(hi_a)
    assert salary.months_per_year == months
    assert salary.currency == currency
    assert salary.period == period


def test_raw_is_the_matched_text() -> None:
    salary = _parsed("职位诱惑：弹性工作\n薪资范围：25-35K·16薪\n工作地点：上海")
    assert salary.raw == "25-35K·16薪"


def test_open_ended_ranges() -> None:
    above = _parsed("1万以上")
    assert (above.min_monthly, above.max_monthly) == (10000, None)
    assert above.min_annual == 120000 and above.max_annual is None
    plus = _parsed("Rate: $50+/hr on W2")
    assert (plus.min_annual, plus.max_annual, plus.period) == (50 * 2080, None, "hour")
    up_to = _parsed("Competitive salary up to $150k plus equity")
    assert (up_to.min_annual, up_to.max_annual) == (None, 150000)
    assert up_to.currency == "USD" and up_to.period == "year"


def test_reversed_range_is_swapped() -> None:
    salary = _parsed("Salary: $100,000- $75,000")
    assert (salary.min_annual, salary.max_annual) == (75000, 100000)


@pytest.mark.parametrize(
    "text",
    [
        "薪资面议",
        "面议",
        "团队规模20-50人",
        "要求3-5年工作经验",
        "公司已完成B轮融资1000万美元",
        "Our app has 10K+ users",
        "同比增长30%",
        "2019-2020年度优秀员工",
        "联系电话13812345678",
        "We have 500+ employees and $2M in funding",
        "Annual $2,000 learning budget",
        "Tuition reimbursement up to $5,250 a year",
        "oversees over $2 trillion in assets",
        "Python 3.8, 64GB RAM, 8-16 GPUs",
        "",
    ],
)
def test_not_a_salary(text: str) -> None:
    assert extract_salary(text) is None


def test_currency_inference() -> None:
    assert _parsed("A$90k-110k").currency == "AUD"
    assert _parsed("C$80,000 per year").currency == "CAD"
    assert _parsed("Oakland, CA$100,000-$120,000").currency == "USD"
    assert _parsed("月薪2万").currency == "CNY"


def test_english_without_currency_needs_a_default() -> None:
    text = "The salary range for this role is 120,000 - 150,000 per year."
    assert extract_salary(text) is None
    salary = _parsed(text, default_currency="EUR")
    assert salary.currency == "EUR"
    assert (salary.min_annual, salary.max_annual) == (120000, 150000)


def test_strongest_evidence_wins_over_first_number() -> None:
    text = "公司估值10亿，团队100-200人。\n薪资：30-45K·15薪\n另有年终奖2-4个月"
    salary = _parsed(text)
    assert (salary.min_monthly, salary.max_monthly, salary.months_per_year) == (30000, 45000, 15)


def test_implausible_amounts_are_rejected() -> None:
    assert extract_salary("$0.50 per hour") is None
    assert extract_salary("月薪200万") is None
