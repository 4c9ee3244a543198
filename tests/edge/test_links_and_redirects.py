"""Issue 13.2 and 13.3: e-mail links come only from BASE_URL; redirects only ever go to our own paths."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import PASSWORD, csrf_from

BASE = "https://greenconnect.test"
EVIL = {"Host": "evil.example"}
URL = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture()
def base_url(app):
    old = app.config["BASE_URL"]
    app.config["BASE_URL"] = BASE + "/"
    yield BASE
    app.config["BASE_URL"] = old


def _forged_post(client, path: str, data: dict, get_path: str | None = None):
    """A browser form submitted to us under a forged Host header (the CSRF token is fetched normally)."""
    token = csrf_from(client.get(get_path or path, headers=EVIL).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data}, headers=EVIL)


def _links(message) -> list[str]:
    raw = message.as_string()
    assert "evil.example" not in raw
    body = "\n".join(part.get_content() for part in message.walk() if part.get_content_maintype() == "text")
    return URL.findall(body)


def test_emails_sent_under_a_forged_host_link_only_to_the_base_url(app, client, base_url, make_user, make_org,
                                                                   login, token_for, outbox):
    from app.permissions import Actor
    from app.sourcing import services as sourcing
    from tests.sourcing.conftest import rfq_data

    # registration (page and API), the fresh link on signing in unconfirmed, password reset
    assert _forged_post(client, "/account/register", {"email": "lan@example.vn", "password": PASSWORD,
                                                      "confirm": PASSWORD}).status_code == 200
    assert client.post("/api/v1/auth/register", json={"email": "minh@example.vn", "password": PASSWORD},
                       headers=EVIL).status_code in (201, 202)
    assert _forged_post(client, "/account/login", {"email": "lan@example.vn", "password": PASSWORD}).status_code == 401
    make_user(email="reset@example.vn")
    assert _forged_post(client, "/account/forgot", {"email": "reset@example.vn"}).status_code == 200
    # an organisation invitation
    owner = make_user()
    org = make_org("buyer", owner=owner)
    assert client.post(f"/api/v1/organisations/{org.id}/invitations", json={"email": "other@example.vn"},
                       headers={**token_for(owner), **EVIL}).status_code == 202
    # a sourcing message e-mailed to the other party
    rfq = sourcing.create_rfq(Actor.for_user(owner), rfq_data(visibility="public"))
    supplier = make_user()
    make_org("producer", owner=supplier)
    assert client.post(f"/api/v1/rfqs/{rfq.id}/messages", json={"body": "Cho hỏi về nắp hộp?"},
                       headers={**token_for(supplier), **EVIL}).status_code == 201
    from app.notifications.delivery import deliver_pending

    deliver_pending()  # notification e-mails leave from the job runner

    expected = {"lan@example.vn": 2, "minh@example.vn": 1, "reset@example.vn": 1, "other@example.vn": 1, owner.email: 1}
    for to, n in expected.items():
        messages = outbox(to)
        assert len(messages) == n, to
        for message in messages:
            links = _links(message)
            assert links, (to, message["Subject"])
            assert all(link.startswith(BASE + "/") for link in links), links


def test_production_answers_only_its_own_host(monkeypatch):
    import importlib

    import config
    from app import create_app

    monkeypatch.setenv("BASE_URL", "https://greenconnect.example/")
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    importlib.reload(config)
    try:
        prod = create_app("production", SECRET_KEY="a-real-secret-for-this-test-only", SQLALCHEMY_DATABASE_URI="sqlite://")
        assert prod.config["TRUSTED_HOSTS"] == ["greenconnect.example"]
        c = prod.test_client()
        assert c.get("/api/v1/geo/provinces", headers=EVIL).status_code == 400
        assert c.get("/api/v1/geo/provinces", headers={"Host": "greenconnect.example"}).status_code == 200
        monkeypatch.setenv("TRUSTED_HOSTS", "greenconnect.vn, .greenconnect.vn")
        importlib.reload(config)
        assert config.ProductionConfig.TRUSTED_HOSTS == ["greenconnect.vn", ".greenconnect.vn"]
        assert config.DevelopmentConfig.TRUSTED_HOSTS == ["greenconnect.vn", ".greenconnect.vn"]
    finally:
        monkeypatch.undo()
        importlib.reload(config)


# ----------------------------------------------------------------------------------------- safe_next
OWN = "http://localhost"
REFUSED = [
    "//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/.//evil.example",
    "/./evil//x", "/..//evil.example", "/a/../..//evil.example", f"{OWN}//evil.example/x", f"{OWN}/.//evil.example",
    "https://evil.example/", "http://evil.example", "HTTP://evil.example/", "//evil.example@localhost/",
    "http://localhost@evil.example/", "http://localhost.evil.example/", "javascript:alert(1)", "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "mailto:x@evil.example", "/\t/evil.example", "/\n/evil.example",
    "\t//evil.example", " /x", "/x\r\nSet-Cookie: a=b", "/x\x00", "/\x7f", "evil.example", "x/y", "./x", "../x",
    "?next=//evil", "#x", "", "http://[::1", "http://localhost:99999/x", "/%0a" + "\\x", "/a\\b",
]
KEPT = [
    ("/dashboard", "/dashboard"), ("/fairs/3?tab=meetings&x=%2F%2Fy", "/fairs/3?tab=meetings&x=%2F%2Fy"),
    (f"{OWN}/fairs/1?a=b", "/fairs/1?a=b"), ("HTTP://LOCALHOST/x", "/x"), ("/a/./b/../c", "/a/c"),
    ("/orgs/", "/orgs/"), ("/tìm-kiếm?q=bã mía", "/tìm-kiếm?q=bã mía"), ("/%2F%2Fevil", "/%2F%2Fevil"),
    ("/x#top", "/x"),
]


@pytest.mark.parametrize("target", REFUSED)
def test_safe_next_refuses(app, target):
    from app.security import safe_next

    with app.test_request_context("/", base_url=OWN):
        assert safe_next(target, "/home") == "/home"


@pytest.mark.parametrize("target, expected", KEPT)
def test_safe_next_keeps_own_paths(app, target, expected):
    from app.security import safe_next

    with app.test_request_context("/", base_url=OWN):
        assert safe_next(target, "/home") == expected


def _stays_home(result: str) -> bool:
    if not result.startswith("/") or result[1:2] in ("/", "\\"):
        return False
    if any(ch < " " or ch in "\\\x7f" for ch in result):
        return False
    parts = urlsplit(result)
    return not parts.scheme and not parts.netloc and urlsplit(urljoin(OWN + "/a/b", result)).netloc == "localhost"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(list("/\\.:@?#%20 \t\n\r\x00aEvil") + ["http:", "https:", "//", OWN, "evil.example"]),
                max_size=12).map("".join) | st.text(max_size=40))
def test_safe_next_only_ever_returns_a_same_origin_path(app, target):
    from app.security import safe_next

    with app.test_request_context("/", base_url=OWN):
        result = safe_next(target, "/home")
        assert result == "/home" or _stays_home(result), (target, result)
        assert safe_next(result, "/home") == result  # stable: a kept path is kept as it is


def test_login_and_post_handlers_redirect_only_to_own_paths(app, client, make_user, post_form, login, actor_for):
    make_user(email="e@example.vn")
    for target in ("/.//evil.example", f"{OWN}//evil.example/x", "https://evil.example/", "/\\evil.example"):
        r = post_form(f"/account/login?next={target}", {"email": "e@example.vn", "password": PASSWORD})
        assert r.status_code == 302 and urlsplit(r.headers["Location"]).path == "/dashboard", r.headers["Location"]
        client.post("/account/logout", data={"csrf_token": csrf_from(client.get("/dashboard").get_data(as_text=True))})
    r = post_form("/account/login?next=/fairs/", {"email": "e@example.vn", "password": PASSWORD})
    assert urlsplit(r.headers["Location"]).path == "/fairs/"


def test_every_next_field_in_the_code_goes_through_safe_next():
    """No view reads `next` (form, query or Referer) and redirects to it without `safe_next`."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "app"
    offenders = []
    pattern = re.compile(r"redirect\((?!safe_next)[^)]*(get\(\"next\"\)|referrer)")
    for path in root.rglob("*.py"):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line) or ('"next"' in line and "startswith" in line):
                offenders.append(f"{path.relative_to(root)}:{n}: {line.strip()}")
    assert not offenders, offenders


@pytest.mark.parametrize("path, canonical", [
    ("/procurement/", "/procurement"),
    ("/search/?q=hop+ba+mia", "/search?q=hop+ba+mia"),
    ("/orgs/new/", "/orgs/new"),
])
def test_a_trailing_slash_redirects_permanently_to_the_canonical_address(client, path, canonical):
    r = client.get(path)
    assert r.status_code == 301
    assert urlsplit(r.headers["Location"])._replace(scheme="", netloc="").geturl() == canonical


@pytest.mark.parametrize("path", ["/no-such-page/", "/evil.example//", "/api/v1/no-such/"])
def test_a_trailing_slash_on_an_unknown_address_is_still_not_found(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert "evil.example" not in r.headers.get("Location", "")
