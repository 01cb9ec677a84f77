"""The web pages through the real app (TestClient, SQLite and PostgreSQL): signing in and out,
CSRF, the language, error pages, the framework browser, the market pages and the jobs page."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from talentgraph.store import AuditEvent, Database, Job, MarketSnapshot, UserSession
from talentgraph.web._page import safe_next
from tests.api._client import PASSWORD, ensure_user, make_client
from tests.cli._market_corpus import write_corpus
from tests.web._html import parse_html
from tests.web._web import form_token, page_token, sign_in


@pytest.fixture
def client(database: Database, tmp_path: Path) -> TestClient:
    return make_client(database, tmp_path)


def _signed_in(client: TestClient, database: Database, role: str, *,
               username: str | None = None) -> TestClient:
    name = username or f"web_{role}"
    ensure_user(database, name, role)
    response = sign_in(client, name)
    assert response.status_code == 303, response.text
    return client


def _cookie_header(response: object, name: str) -> str:
    headers = response.headers.get_list("set-cookie")  # type: ignore[attr-defined]
    found = [h for h in headers if h.startswith(f"{name}=")]
    assert found, f"no Set-Cookie for {name}: {headers}"
    return found[0]


# ----------------------------------------------------------------------------- signing in

def test_login_sets_an_httponly_session_cookie_and_redirects(
        client: TestClient, database: Database) -> None:
    ensure_user(database, "li.wei", "hr")
    form = client.get("/login", params={"next": "/framework"})
    login_cookie = _cookie_header(form, "tg_login_csrf")
    assert "HttpOnly" in login_cookie and "SameSite=strict" in login_cookie
    assert 'name="next" value="/framework"' in form.text
    response = sign_in(client, "li.wei", next_path="/framework")
    assert response.status_code == 303
    assert response.headers["location"] == "/framework"
    cookie = _cookie_header(response, "tg_session")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Max-Age=43200" in cookie and "Secure" not in cookie  # 12 h; test env is plain http
    page = client.get("/framework")
    assert page.status_code == 200
    assert parse_html(page.text).find("span", class_="user-name").all_text() == "li.wei"
    with database.session() as session:
        assert session.scalar(select(AuditEvent.actor).where(AuditEvent.action == "login")) \
            == "li.wei"
        assert len(session.scalars(select(UserSession)).all()) == 1


def test_the_session_cookie_is_secure_when_the_settings_say_so(
        database: Database, tmp_path: Path) -> None:
    ensure_user(database, "li.wei", "hr")
    app = make_client(database, tmp_path, cookie_secure=True).app
    client = TestClient(app, base_url="https://testserver")  # Secure cookies need https
    response = sign_in(client, "li.wei")
    assert "Secure" in _cookie_header(response, "tg_session")


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Wrong username or password."), ("zh", "用户名或密码错误。")])
def test_a_wrong_password_shows_the_error(client: TestClient, database: Database, lang: str,
                                          message: str) -> None:
    ensure_user(database, "li.wei", "hr")
    client.cookies.set("tg_lang", lang)
    response = sign_in(client, "li.wei", password="not the password")
    assert response.status_code == 401
    page = parse_html(response.text)
    assert page.find("div", class_="flash-error").all_text() == message
    assert page.find("input", name="username").attrs["value"] == "li.wei"
    assert "tg_session" not in response.headers.get("set-cookie", "")
    assert client.get("/", follow_redirects=False).status_code == 303  # still signed out


def test_a_login_without_the_form_token_is_refused(client: TestClient,
                                                   database: Database) -> None:
    ensure_user(database, "li.wei", "hr")
    response = client.post("/login", data={"username": "li.wei", "password": PASSWORD},
                           follow_redirects=False)
    assert response.status_code == 403
    assert "The sign-in form has expired" in response.text
    assert "tg_session" not in response.headers.get("set-cookie", "")
    forged = client.post("/login", data={"username": "li.wei", "password": PASSWORD,
                                         "csrf_token": "x" * 43}, follow_redirects=False)
    assert forged.status_code == 403  # a token that is not the cookie's


def test_too_many_failed_logins_are_throttled(database: Database, tmp_path: Path) -> None:
    ensure_user(database, "li.wei", "hr")
    client = make_client(database, tmp_path, login_max_failures=2)
    for _ in range(2):
        assert sign_in(client, "li.wei", password="wrong password").status_code == 401
    response = sign_in(client, "li.wei")  # the right password, but too late
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text
    assert int(response.headers["retry-after"]) > 0


@pytest.mark.parametrize(("given", "expected"), [
    ("/market?page=2", "/market?page=2"), ("//evil.example/x", "/"),
    ("https://evil.example/", "/"), ("/\\evil.example", "/"), ("market", "/"), ("", "/"),
    ("/ok\r\nSet-Cookie: x=1", "/"), (None, "/")])
def test_next_is_only_ever_a_local_path(given: str | None, expected: str) -> None:
    assert safe_next(given) == expected


def test_login_never_redirects_off_site(client: TestClient, database: Database) -> None:
    ensure_user(database, "li.wei", "hr")
    response = sign_in(client, "li.wei", next_path="//evil.example/steal")
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_logout_needs_the_csrf_token(client: TestClient, database: Database) -> None:
    _signed_in(client, database, "recruiter")
    refused = client.post("/logout", follow_redirects=False)
    assert refused.status_code == 403
    assert "The form has expired or did not come from this site" in refused.text
    assert client.get("/").status_code == 200  # still signed in
    token = page_token(client)
    response = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert 'tg_session=""' in response.headers["set-cookie"]
    assert client.get("/", follow_redirects=False).status_code == 303
    with database.session() as session:
        assert session.scalars(select(UserSession)).all() == []
        assert session.scalar(select(AuditEvent.id).where(AuditEvent.action == "logout"))


# ----------------------------------------------------------------------------- access

def test_anonymous_pages_redirect_to_the_login(client: TestClient) -> None:
    response = client.get("/pay", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fpay"
    with_query = client.get("/framework?q=rag", follow_redirects=False)
    assert with_query.headers["location"] == "/login?next=%2Fframework%3Fq%3Drag"
    htmx = client.get("/jobs/table", headers={"HX-Request": "true"}, follow_redirects=False)
    assert htmx.status_code == 401 and htmx.headers["hx-redirect"] == "/login?next=%2Fjobs%2Ftable"
    post = client.post("/logout", follow_redirects=False)
    assert post.status_code == 401 and "Please sign in first." in post.text
    assert client.get("/static/app.css").status_code == 200  # static files are public


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "You do not have access to this page."), ("zh", "您没有访问此页面的权限。")])
def test_a_recruiter_is_refused_the_pay_page(client: TestClient, database: Database, lang: str,
                                             text: str) -> None:
    _signed_in(client, database, "recruiter")
    response = client.get("/pay", headers={"Accept-Language": lang})
    assert response.status_code == 403
    page = parse_html(response.text)
    assert page.find("p", class_="error-message").all_text() == text
    assert page.find("p", class_="error-status").all_text() == "403"
    links = {a.attrs["href"] for a in page.find("nav", class_="sidebar").find_all("a")}
    assert "/recruiting" in links and "/pay" not in links and "/admin" not in links


def test_an_unknown_page_is_a_404_page_inside_the_shell(client: TestClient,
                                                        database: Database) -> None:
    _signed_in(client, database, "hr")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = parse_html(response.text)
    assert page.find("h1").all_text() == "Not found"
    assert page.find("span", class_="user-name").all_text() == "web_hr"


# ----------------------------------------------------------------------------- language

def test_the_language_follows_the_browser_then_the_switch(client: TestClient,
                                                          database: Database) -> None:
    _signed_in(client, database, "admin")
    zh = parse_html(client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text)
    assert zh.find("html").attrs["lang"] == "zh-CN"
    assert "人才市场" in zh.find("nav", class_="sidebar").all_text()
    switched = client.get("/lang/en", params={"next": "/market"}, follow_redirects=False)
    assert switched.status_code == 303 and switched.headers["location"] == "/market"
    cookie = _cookie_header(switched, "tg_lang")
    assert cookie.startswith("tg_lang=en;") and "Max-Age=31536000" in cookie
    en = parse_html(client.get("/market", headers={"Accept-Language": "zh-CN"}).text)
    assert en.find("html").attrs["lang"] == "en" and en.find("h1").all_text() == "Talent market"
    assert client.get("/lang/fr", follow_redirects=False).status_code == 404
    off_site = client.get("/lang/zh", params={"next": "//evil.example"}, follow_redirects=False)
    assert off_site.headers["location"] == "/"


def test_the_login_page_speaks_the_browser_language(client: TestClient) -> None:
    page = parse_html(client.get("/login", headers={"Accept-Language": "zh-TW"}).text)
    assert page.find("h1").all_text() == "登录工作台"


# ----------------------------------------------------------------------------- framework

def test_the_framework_search_partial_finds_rag_for_chinese(client: TestClient,
                                                            database: Database) -> None:
    _signed_in(client, database, "employee")
    response = client.get("/framework/search", params={"q": "检索增强"},
                          headers={"HX-Request": "true", "Accept-Language": "zh"})
    assert response.status_code == 200
    assert "<html" not in response.text  # a fragment, swapped into the page
    rows = parse_html(response.text).find_all("tr", **{"data-slug": "rag"})
    assert len(rows) == 1
    link = rows[0].find("a")
    assert link.attrs["href"] == "/framework/skills/rag" and link.all_text() == "检索增强生成"
    nothing = client.get("/framework/search", params={"q": "zzzqqq"})
    assert "No skill matches “zzzqqq”." in nothing.text


def test_the_framework_page_wires_the_live_search(client: TestClient,
                                                  database: Database) -> None:
    _signed_in(client, database, "employee")
    page = parse_html(client.get("/framework", params={"q": "rag"}).text)
    box = page.find("input", id="skill-search")
    assert box.attrs["hx-get"] == "/framework/search"
    assert box.attrs["hx-trigger"] == "input changed delay:300ms, search"
    assert box.attrs["hx-target"] == "#skill-results" and box.attrs["value"] == "rag"
    assert page.find("div", id="skill-results").find_all("tr", **{"data-slug": "rag"})
    assert page.find("a", href="/framework/roles/llm-algorithm-engineer")
    assert not page.find_all("form", action="/framework/skills")  # employees add no skills


def test_a_role_shows_its_skills_by_level(client: TestClient, database: Database) -> None:
    _signed_in(client, database, "employee")
    page = parse_html(client.get("/framework/roles/llm-algorithm-engineer",
                                 headers={"Accept-Language": "zh"}).text)
    assert page.find("h1").all_text() == "大模型算法工程师"
    header = [th.all_text() for th in page.find("table", class_="level-matrix").find("thead")
              .find_all("th")]
    assert header[2:] == ["L1", "L2", "L3", "L4", "L5"]
    row = page.find("tr", **{"data-slug": "pytorch"})
    assert [td.all_text() for td in row.find_all("td")][1:] == ["2", "3", "3", "4", "4"]
    assert client.get("/framework/roles/nope").status_code == 404


def test_hr_adds_an_own_skill(client: TestClient, database: Database) -> None:
    _signed_in(client, database, "hr")
    token = form_token(client.get("/framework").text)
    form = {"csrf_token": token, "slug": "agent-evaluation", "name_en": "Agent evaluation",
            "name_zh": "智能体评测", "type": "skill", "prerequisites": "python， rag"}
    created = client.post("/framework/skills", data=form, follow_redirects=False)
    assert created.status_code == 303
    assert created.headers["location"] == "/framework/skills/agent-evaluation"
    page = parse_html(client.get(created.headers["location"]).text)
    assert page.find("h1").all_text() == "Agent evaluation"
    assert page.find("a", href="/framework/skills/rag")  # its prerequisite
    search = client.get("/framework/search", params={"q": "智能体评测"})
    assert parse_html(search.text).find_all("tr", **{"data-slug": "agent-evaluation"})
    again = client.post("/framework/skills", data=form)
    assert again.status_code == 409
    again_page = parse_html(again.text)
    assert "exists already" in again_page.find("div", class_="flash-error").all_text()
    assert again_page.find("input", id="new-slug").attrs["value"] == "agent-evaluation"


def test_a_recruiter_may_not_add_skills(client: TestClient, database: Database) -> None:
    _signed_in(client, database, "recruiter")
    token = page_token(client, "/framework")
    response = client.post("/framework/skills", data={
        "csrf_token": token, "slug": "x-skill", "name_en": "X"})
    assert response.status_code == 403


# ----------------------------------------------------------------------------- market

def _snapshot(database: Database, out_dir: Path, *, title: str = "AI market") -> int:
    with database.session() as session:
        row = MarketSnapshot(title=title, language="zh", out_dir=str(out_dir),
                             summary={"postings_read": 46, "unique_postings": 43,
                                      "duplicates": 2, "skipped": 1, "currency": "CNY",
                                      "periods": ["2025-Q1", "2025-Q3"],
                                      "role_families": {"data-analyst": 21},
                                      "top_skills": {"data-analyst": [
                                          {"slug": "sql", "share": 0.5}]}})
        session.add(row)
        session.flush()
        return row.id


def test_the_market_report_is_served_from_inside_its_folder_only(
        client: TestClient, database: Database, tmp_path: Path) -> None:
    _signed_in(client, database, "recruiter")
    folder = tmp_path / "market" / "1"
    folder.mkdir(parents=True)
    (folder / "report.html").write_text("<html><body>english report</body></html>")
    (folder / "report.zh.html").write_text("<html><body>中文报告</body></html>")
    good = _snapshot(database, folder)
    en = client.get(f"/market/{good}/report", headers={"Accept-Language": "en"})
    assert en.status_code == 200 and "english report" in en.text
    assert en.headers["content-type"].startswith("text/html")
    assert "sandbox" in en.headers["content-security-policy"]
    assert "中文报告" in client.get(f"/market/{good}/report",
                                headers={"Accept-Language": "zh"}).text
    # a report that is a link to a file outside the snapshot's folder is refused
    secret = tmp_path / "secret.html"
    secret.write_text("<p>not for you</p>")
    evil = tmp_path / "market" / "2"
    evil.mkdir()
    (evil / "report.html").symlink_to(secret)
    traversal = _snapshot(database, evil)
    refused = client.get(f"/market/{traversal}/report")
    assert refused.status_code == 404 and "not for you" not in refused.text
    gone = _snapshot(database, tmp_path / "market" / "missing")
    assert client.get(f"/market/{gone}/report").status_code == 404
    assert client.get("/market/999/report").status_code == 404


def test_the_snapshot_page_shows_headlines_and_the_report_inside(
        client: TestClient, database: Database, tmp_path: Path) -> None:
    _signed_in(client, database, "employee")
    snapshot_id = _snapshot(database, tmp_path)
    listing = parse_html(client.get("/market").text)
    assert listing.find("a", href=f"/market/{snapshot_id}").all_text() == "AI market"
    assert not listing.find_all("a", href="/market/run")  # employees run no analyses
    page = parse_html(client.get(f"/market/{snapshot_id}", headers={"Accept-Language": "zh"}).text)
    figures = {c.find("span", class_="stat-label").all_text():
               c.find("span", class_="stat-value").all_text()
               for c in page.find_all("div", class_="stat-card")}
    assert figures["去重后职位数"] == "43" and figures["币种"] == "CNY"
    assert "数据分析师" in page.all_text()  # the role family, named in Chinese
    frame = page.find("iframe", id="market-report")
    assert frame.attrs["src"] == f"/market/{snapshot_id}/report"


def test_running_an_analysis_uploads_queues_a_job_and_the_jobs_page_polls(
        client: TestClient, database: Database, tmp_path: Path) -> None:
    _signed_in(client, database, "recruiter")
    corpus = write_corpus(tmp_path / "corpus")
    token = form_token(client.get("/market/run").text)
    files = [("files", ("../../zh.csv", (corpus / "zh.csv").read_bytes(), "text/csv")),
             ("files", ("en.jsonl", (corpus / "en.jsonl").read_bytes(), "application/json"))]
    response = client.post("/market/run", files=files, follow_redirects=False, data={
        "csrf_token": token, "title": "Web run", "lang": "zh", "period": "quarter"})
    assert response.status_code == 303 and response.headers["location"] == "/jobs"
    with database.session() as session:
        job = session.scalars(select(Job)).one()
        paths = [Path(p) for p in job.params["paths"]]
    uploads = (tmp_path / "uploads").resolve()
    assert [p.name for p in paths] == ["zh.csv", "en.jsonl"]  # names sanitised
    assert all(p.parent.parent == uploads and len(p.parent.name) == 32 for p in paths)
    table = parse_html(client.get("/jobs/table").text).find("div", id="jobs-table")
    status = table.find("tr", **{"data-job": str(job.id)}).attrs["data-status"]
    if status in ("queued", "running"):
        assert table.attrs["hx-trigger"] == "every 2s" and table.attrs["hx-get"] == "/jobs/table"
    deadline = time.monotonic() + 240
    while status in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.5)
        table = parse_html(client.get("/jobs/table").text).find("div", id="jobs-table")
        status = table.find("tr", **{"data-job": str(job.id)}).attrs["data-status"]
    assert status == "succeeded"
    assert "hx-trigger" not in table.attrs  # nothing left to wait for: polling stops
    link = table.find("tr", **{"data-job": str(job.id)}).find("a").attrs["href"]
    assert re.fullmatch(r"/market/\d+", link)
    snapshot = parse_html(client.get(link).text)
    assert snapshot.find("h1").all_text() == "Web run"
    report = client.get(link + "/report")
    assert report.status_code == 200 and "<svg" in report.text


def test_running_an_analysis_without_files_shows_the_form_again(
        client: TestClient, database: Database) -> None:
    _signed_in(client, database, "recruiter")
    token = form_token(client.get("/market/run").text)
    response = client.post("/market/run", data={"csrf_token": token, "title": "Nothing"},
                           files=[("files", ("", b"", "application/octet-stream"))])
    assert response.status_code == 422
    page = parse_html(response.text)
    assert page.find("div", class_="flash-error").all_text() == \
        "Choose at least one file of job postings."
    assert page.find("input", id="title").attrs["value"] == "Nothing"
    with database.session() as session:
        assert session.scalars(select(Job)).all() == []
