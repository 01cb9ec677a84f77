"""The app shell, login, error and pagination templates, rendered in both languages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from jinja2 import Environment, UndefinedError

from talentgraph.web import NAV_ITEMS, make_environment, render, translator
from tests.web._html import Element, parse_html

ALL_ROUTES = {item.route for item in NAV_ITEMS}


@pytest.fixture(scope="module")
def env() -> Environment:
    return make_environment()


def shell_context(lang: str, *, can: Callable[[str], bool] = lambda route: True,
                  user: dict[str, str] | None = None, request_path: str = "/",
                  **extra: Any) -> dict[str, Any]:
    """The context the app passes to every page that extends base.html.j2."""
    if user is None:
        user = {"username": "li.wei", "role": "recruiter"}
    return {"lang": lang, "_": translator(lang, strict=True), "user": user,
            "csrf_token": "tok-123", "can": can, "request_path": request_path, **extra}


def nav_links(page: Element) -> list[tuple[str, str]]:
    return [(a.attrs["href"], a.all_text()) for a in page.find("nav", class_="sidebar").find_all("a")]


@pytest.mark.parametrize(("lang", "html_lang", "labels"), [
    ("en", "en", ["Market", "Recruiting", "Development", "Team", "Performance", "Pay",
                  "Retention", "Skill framework", "Background jobs", "Administration"]),
    ("zh", "zh-CN", ["人才市场", "招聘", "培养发展", "团队", "绩效", "薪酬", "留才", "技能框架",
                     "后台任务", "系统管理"]),
])
def test_base_renders_the_full_shell_in_each_language(env: Environment, lang: str,
                                                      html_lang: str, labels: list[str]) -> None:
    page = parse_html(render(env, "base.html.j2", **shell_context(lang, request_path="/pay")))
    assert page.find("html").attrs["lang"] == html_lang
    assert page.find("meta", name="csrf-token").attrs["content"] == "tok-123"
    assert page.find("link", rel="stylesheet").attrs["href"] == "/static/app.css"
    scripts = [s.attrs["src"] for s in page.find_all("script")]
    assert scripts == ["/static/vendor/htmx.min.js", "/static/app.js"]
    assert [text for _, text in nav_links(page)] == labels
    assert [href for href, _ in nav_links(page)] == [item.href for item in NAV_ITEMS]
    title = page.find("title").all_text()
    assert title == ("TalentGraph" if lang == "en" else "人才图谱")


def test_nav_shows_only_what_can_allows(env: Environment) -> None:
    allowed = {"web.recruiting", "web.jobs"}
    asked: list[str] = []

    def can(route: str) -> bool:
        asked.append(route)
        return route in allowed

    page = parse_html(render(env, "base.html.j2", **shell_context("en", can=can)))
    assert nav_links(page) == [("/recruiting", "Recruiting"), ("/jobs", "Background jobs")]
    assert set(asked) == ALL_ROUTES
    groups = [p.all_text() for p in page.find_all("p", class_="nav-group-title")]
    assert groups == ["Talent lifecycle", "Workspace"]


def test_a_group_with_no_allowed_item_is_not_shown(env: Environment) -> None:
    page = parse_html(render(env, "base.html.j2",
                             **shell_context("zh", can=lambda r: r == "web.market")))
    assert nav_links(page) == [("/market", "人才市场")]
    assert [p.all_text() for p in page.find_all("p", class_="nav-group-title")] == ["人才全周期"]


def test_nothing_allowed_means_no_nav_links(env: Environment) -> None:
    page = parse_html(render(env, "base.html.j2", **shell_context("en", can=lambda r: False)))
    assert nav_links(page) == []


def test_the_current_section_is_marked(env: Environment) -> None:
    page = parse_html(render(env, "base.html.j2",
                             **shell_context("en", request_path="/framework/roles/ml-engineer")))
    current = page.find("nav", class_="sidebar").find_all("a", **{"aria-current": "page"})
    assert [a.attrs["href"] for a in current] == ["/framework"]
    # a path that merely starts with the same letters is not the section
    page = parse_html(render(env, "base.html.j2", **shell_context("en", request_path="/payroll")))
    assert page.find("nav", class_="sidebar").find_all("a", **{"aria-current": "page"}) == []


def test_user_role_language_switch_and_logout(env: Environment) -> None:
    page = parse_html(render(env, "base.html.j2", **shell_context(
        "zh", user={"username": "wang.fang", "role": "hiring_manager"},
        request_path="/recruiting/openings")))
    header = page.find("header", class_="topbar")
    assert header.find("span", class_="user-name").all_text() == "wang.fang"
    assert header.find("span", class_="role-badge").all_text() == "用人经理"
    switch = [(a.attrs["href"], a.all_text(), a.attrs.get("aria-current"))
              for a in header.find("nav", class_="lang-switch").find_all("a")]
    assert switch == [("/lang/zh?next=/recruiting/openings", "中文", "true"),
                      ("/lang/en?next=/recruiting/openings", "English", None)]
    logout = header.find("form", class_="logout-form")
    assert (logout.attrs["method"], logout.attrs["action"]) == ("post", "/logout")
    hidden = logout.find("input", name="csrf_token")
    assert (hidden.attrs["type"], hidden.attrs["value"]) == ("hidden", "tok-123")
    assert logout.find("button").all_text() == "退出登录"


def test_the_next_path_is_url_encoded(env: Environment) -> None:
    page = parse_html(render(env, "base.html.j2",
                             **shell_context("en", request_path="/framework?q=a&page=2")))
    hrefs = [a.attrs["href"] for a in page.find("nav", class_="lang-switch").find_all("a")]
    assert hrefs == ["/lang/zh?next=/framework%3Fq%3Da%26page%3D2",
                     "/lang/en?next=/framework%3Fq%3Da%26page%3D2"]


def test_anonymous_visitor_has_no_user_or_logout(env: Environment) -> None:
    context = shell_context("en", can=lambda r: False)
    context["user"] = None
    markup = render(env, "base.html.j2", **context)
    page = parse_html(markup)
    assert page.find_all("form", class_="logout-form") == []
    assert page.find_all("div", class_="current-user") == []


def test_user_text_is_escaped(env: Environment) -> None:
    markup = render(env, "base.html.j2", **shell_context(
        "en", user={"username": "<script>alert(1)</script>", "role": "hr"},
        flashes=[{"level": "error", "message": "<b>bad</b>"}]))
    assert "<script>alert(1)</script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&lt;b&gt;bad&lt;/b&gt;" in markup


def test_flashes_render_with_their_level(env: Environment) -> None:
    page = parse_html(render(env, "base.html.j2", **shell_context(
        "zh", flashes=[{"level": "success", "message": "已保存"},
                       {"level": "error", "message": "保存失败"}])))
    flashes = page.find("div", id="flash").find_all("div", class_="flash")
    assert [(f.attrs["class"], f.attrs["role"], f.all_text()) for f in flashes] == [
        ("flash flash-success", "status", "已保存"), ("flash flash-error", "alert", "保存失败")]


def test_a_missing_context_variable_is_an_error(env: Environment) -> None:
    context = shell_context("en")
    del context["can"]
    with pytest.raises(UndefinedError, match="can"):
        render(env, "base.html.j2", **context)


@pytest.mark.parametrize(("lang", "status", "heading", "detail"), [
    ("en", 403, "Forbidden", "You do not have access to this page."),
    ("zh", 403, "无权访问", "您没有访问此页面的权限。"),
    ("en", 404, "Not found", "The page you asked for does not exist or has been removed."),
    ("zh", 404, "页面不存在", "您访问的页面不存在或已被删除。"),
    ("en", 500, "Something went wrong",
     "The server could not finish your request. Please try again later."),
    ("zh", 500, "系统出错", "服务器未能完成您的请求，请稍后再试。"),
])
def test_error_page(env: Environment, lang: str, status: int, heading: str, detail: str) -> None:
    page = parse_html(render(env, "error.html.j2", status=status, **shell_context(lang)))
    section = page.find("section", class_="error-page")
    assert section.find("p", class_="error-status").all_text() == str(status)
    assert section.find("h1").all_text() == heading
    assert section.find("p", class_="error-message").all_text() == detail
    assert page.find("title").all_text().startswith(("Error " if lang == "en" else "错误 ")
                                                     + str(status))
    assert page.find_all("nav", class_="sidebar")  # the shell is still there


def test_error_page_shows_a_given_message_and_code(env: Environment) -> None:
    page = parse_html(render(env, "error.html.j2", status=422, code="E0412",
                             message="The 'page' parameter must be >= 1. Got 0 instead.",
                             **shell_context("en")))
    section = page.find("section", class_="error-page")
    assert section.find("h1").all_text() == "Error"
    assert section.find("p", class_="error-message").all_text() == (
        "The 'page' parameter must be >= 1. Got 0 instead.")
    assert section.find("p", class_="error-code").all_text() == "Error code: E0412"
    zh_page = parse_html(render(env, "error.html.j2", status=409, code="E0412",
                                **shell_context("zh")))
    assert zh_page.find("p", class_="error-code").all_text() == "错误代码：E0412"
    assert zh_page.find("p", class_="error-message").all_text() == "请求失败，请重试。"


@pytest.mark.parametrize(("lang", "labels"), [
    ("en", ("Username", "Password", "Sign in")),
    ("zh", ("用户名", "密码", "登录")),
])
def test_login_card(env: Environment, lang: str, labels: tuple[str, str, str]) -> None:
    page = parse_html(render(env, "login.html.j2", lang=lang, _=translator(lang, strict=True),
                             csrf_token="tok-9", next="/pay?year=2025"))
    form = page.find("form")
    assert (form.attrs["method"], form.attrs["action"]) == ("post", "/login")
    assert [lbl.all_text() for lbl in form.find_all("label")] == list(labels[:2])
    assert form.find("button").all_text() == labels[2]
    assert form.find("input", name="next").attrs["value"] == "/pay?year=2025"
    assert form.find("input", name="csrf_token").attrs["value"] == "tok-9"
    assert form.find("input", name="password").attrs["type"] == "password"
    assert page.find_all("div", class_="flash") == []
    assert page.find_all("nav", class_="sidebar") == []  # standalone, no shell


def test_login_error_slot_and_defaults(env: Environment) -> None:
    zh = translator("zh", strict=True)
    page = parse_html(render(env, "login.html.j2", lang="zh", _=zh, csrf_token="t",
                             error=zh("auth.too_many_attempts"), username="li<wei>"))
    alert = page.find("div", class_="flash-error")
    assert (alert.attrs["role"], alert.all_text()) == ("alert", "登录尝试次数过多，请几分钟后再试。")
    assert page.find("input", name="next").attrs["value"] == "/"
    assert page.find("input", name="username").attrs["value"] == "li<wei>"
    switch = [a.attrs["href"] for a in page.find("nav", class_="lang-switch").find_all("a")]
    assert switch == ["/lang/zh?next=/login%3Fnext%3D/", "/lang/en?next=/login%3Fnext%3D/"]


def render_pagination(env: Environment, page: int, pages: int, base_url: str,
                      lang: str = "en") -> Element:
    template = env.from_string('{% from "_pagination.html.j2" import pagination with context %}'
                               "{{ pagination(page, pages, base_url) }}")
    return parse_html(template.render(_=translator(lang, strict=True), page=page, pages=pages,
                                      base_url=base_url))


def test_pagination_window_and_links(env: Environment) -> None:
    nav = render_pagination(env, 7, 12, "/framework?q=ml").find("nav", class_="pagination")
    items = [(el.attrs.get("href"), el.all_text()) for el in nav.find_all("a")]
    assert items == [("/framework?q=ml&page=6", "Previous"),
                     ("/framework?q=ml&page=1", "1"),
                     *[(f"/framework?q=ml&page={n}", str(n)) for n in (5, 6, 8, 9)],
                     ("/framework?q=ml&page=12", "12"),
                     ("/framework?q=ml&page=8", "Next")]
    assert nav.find("span", **{"aria-current": "page"}).all_text() == "7"
    assert nav.find("span", class_="page-summary").all_text() == "Page 7 of 12"
    assert len(nav.find_all("li", class_="page-gap")) == 2


def test_pagination_edges_in_chinese(env: Environment) -> None:
    nav = render_pagination(env, 1, 3, "/jobs", lang="zh").find("nav", class_="pagination")
    disabled = [s.all_text() for s in nav.find_all("span", class_="disabled")]
    assert disabled == ["上一页"]
    assert [a.attrs["href"] for a in nav.find_all("a")] == ["/jobs?page=2", "/jobs?page=3",
                                                            "/jobs?page=2"]
    assert nav.find("span", class_="page-summary").all_text() == "第 1 页，共 3 页"
    assert nav.find_all("li", class_="page-gap") == []


def test_pagination_clamps_a_page_out_of_range(env: Environment) -> None:
    nav = render_pagination(env, 40, 3, "/jobs").find("nav", class_="pagination")
    assert nav.find("span", **{"aria-current": "page"}).all_text() == "3"
    assert [s.all_text() for s in nav.find_all("span", class_="disabled")] == ["Next"]


def test_a_single_page_has_no_pagination(env: Environment) -> None:
    assert render_pagination(env, 1, 1, "/jobs").find_all("nav") == []
    assert render_pagination(env, 1, 0, "/jobs").find_all("nav") == []
