"""Language negotiation and the zh/en message catalogue of the web app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from talentgraph.errors import ParameterError
from talentgraph.store._accounts import ROLES
from talentgraph.web import (
    NAV_GROUPS,
    NAV_ITEMS,
    MissingMessageWarning,
    load_messages,
    negotiate_language,
    translator,
)
from talentgraph.web._page import LABELS
from talentgraph.web._views_jobs import KIND_LABELS
from talentgraph.web._views_market import PERIODS

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "talentgraph" / "web" / "templates"
#: A message key passed literally to the translator: _("key") or t("key"), with either quote.
KEY_CALL = re.compile(r"""(?<![\w.])(?:_|t)\(\s*(["'])([^"']+)\1\s*[,)]""")
#: A key built from a literal prefix and data, e.g. _("role." ~ user.role).
COMPUTED_CALL = re.compile(r"""(?<![\w.])(?:_|t)\(\s*(["'])([^"']+)\1\s*~""")
JOB_STATUSES = ("queued", "running", "succeeded", "failed")


@pytest.mark.parametrize(("header", "expected"), [
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
    ("en-US,en;q=0.9,zh;q=0.8", "en"),
    ("fr", "en"),
    (None, "en"),
    ("", "en"),
    ("zh-TW", "zh"),
    ("zh-Hans-CN", "zh"),
    ("ZH_cn", "zh"),
    ("fr-FR,fr;q=0.9,zh;q=0.5", "zh"),
    ("en;q=0.3, zh-HK;q=0.7", "zh"),
    ("zh;q=0, en", "en"),
    ("zh;q=0", "en"),
    ("zh;q=0.000,fr", "en"),
    ("zh;q=abc, en;q=0.2", "en"),
    ("zh;q=1.5", "en"),
    ("*", "en"),
    ("de, *;q=0.5, zh;q=0.4", "en"),
    (" , ;q=1, zh ", "zh"),
])
def test_accept_language_picks_the_best_supported_language(header: str | None,
                                                           expected: str) -> None:
    assert negotiate_language(header, None) == expected


@pytest.mark.parametrize(("header", "cookie", "expected"), [
    ("zh-CN,zh;q=0.9", "en", "en"),
    ("en-US,en;q=0.9", "zh", "zh"),
    (None, "zh", "zh"),
    ("zh-CN", "fr", "zh"),  # an unsupported cookie is ignored
    ("en", "", "en"),
    ("en", "zh-CN", "zh"),
])
def test_the_language_cookie_wins(header: str | None, cookie: str, expected: str) -> None:
    assert negotiate_language(header, cookie) == expected


def test_every_message_has_both_languages_and_no_empty_text() -> None:
    messages = load_messages()
    assert len(messages) > 50
    bad = {key: entry for key, entry in messages.items()
           if set(entry) != {"en", "zh"} or not all(isinstance(v, str) and v.strip()
                                                    for v in entry.values())}
    assert bad == {}


def test_chinese_texts_are_chinese_and_english_texts_are_not() -> None:
    messages = load_messages()
    endonyms = {"lang.en", "lang.zh"}  # each language is named in its own script
    no_cjk_zh = [k for k, e in messages.items()
                 if k not in endonyms and not re.search(r"[\u4e00-\u9fff]", e["zh"])]
    cjk_en = [k for k, e in messages.items()
              if k not in endonyms and re.search(r"[\u4e00-\u9fff]", e["en"])]
    assert no_cjk_zh == []
    assert cjk_en == []


def test_product_vocabulary_in_chinese() -> None:
    zh = translator("zh", strict=True)
    assert [zh(k) for k in ("nav.framework", "nav.market", "nav.recruiting", "nav.development",
                            "nav.performance", "nav.pay", "nav.retention", "nav.jobs",
                            "admin.audit_log")] == [
        "技能框架", "人才市场", "招聘", "培养发展", "绩效", "薪酬", "留才", "后台任务", "审计日志"]


def test_every_template_key_exists() -> None:
    messages = load_messages()
    used = {match.group(2) for path in TEMPLATES.glob("*.j2")
            for match in KEY_CALL.finditer(path.read_text(encoding="utf-8"))}
    assert {"app.name", "auth.sign_in", "nav.main", "pagination.summary"} <= used
    assert sorted(used - set(messages)) == []


def test_every_computed_key_exists() -> None:
    """Keys the templates build from data: nav labels, roles, languages, job statuses and
    kinds, analysis periods, and the coded values the ``label`` filter names."""
    prefixes = {match.group(2) for path in TEMPLATES.glob("*.j2")
                for match in COMPUTED_CALL.finditer(path.read_text(encoding="utf-8"))}
    # a new computed key needs its own line below
    assert prefixes == {"lang.", "role.", "jobs.", "market.period_"}
    computed = ({item.label for item in NAV_ITEMS} | set(NAV_GROUPS)
                | {f"role.{role}" for role in ROLES} | {"lang.en", "lang.zh"}
                | {f"jobs.{status}" for status in JOB_STATUSES}
                | {f"market.period_{period}" for period in PERIODS}
                | {key for keys in LABELS.values() for key in keys.values()}
                | set(KIND_LABELS.values()))
    assert sorted(computed - set(load_messages())) == []


def test_translator_formats_fields() -> None:
    assert translator("en")("pagination.summary", page=2, pages=9) == "Page 2 of 9"
    assert translator("zh")("pagination.summary", page=2, pages=9) == "第 2 页，共 9 页"
    assert translator("zh")("error.title", status=404) == "错误 404"


def test_a_missing_key_raises_when_strict() -> None:
    with pytest.raises(KeyError, match="nav.nowhere"):
        translator("en", strict=True)("nav.nowhere")


def test_a_missing_key_warns_and_shows_the_key_otherwise() -> None:
    with pytest.warns(MissingMessageWarning, match="nav.nowhere"):
        assert translator("zh")("nav.nowhere") == "nav.nowhere"


def test_an_unsupported_language_is_refused() -> None:
    with pytest.raises(ParameterError) as caught:
        translator("fr")
    assert str(caught.value) == ("The 'lang' parameter of translator must be one of 'en', 'zh'. "
                                 "Got 'fr' instead.")
    assert caught.value.code == "E0412"
