import re

from app.accounts.models import User
from app.extensions import db

from tests.conftest import PASSWORD


def _link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+", body).group(0).replace("http://localhost", "")


def test_register_confirm_login_logout(client, post_form, outbox):
    r = post_form("/account/register", {"full_name": "Lê Thị Lan", "email": "Lan@Example.vn",
                                         "password": PASSWORD, "confirm": PASSWORD})
    assert r.status_code == 200
    assert "lan@example.vn" in r.get_data(as_text=True)
    user = db.session.scalar(db.select(User).where(User.email == "lan@example.vn"))
    assert user is not None and not user.email_confirmed
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash

    # Unconfirmed users cannot sign in yet; trying sends a fresh link (the first may be lost or expired).
    r = post_form("/account/login", {"email": "lan@example.vn", "password": PASSWORD})
    assert r.status_code == 401
    assert "confirm" in r.get_data(as_text=True).lower() or "xác nhận" in r.get_data(as_text=True).lower()

    first, message = outbox("lan@example.vn")
    assert _link(first).startswith("/account/confirm/") and _link(message).startswith("/account/confirm/")
    r = client.get(_link(message))
    assert r.status_code == 302
    db.session.refresh(user)
    assert user.email_confirmed

    r = post_form("/account/login", {"email": "lan@example.vn", "password": PASSWORD})
    assert r.status_code == 302 and r.headers["Location"].endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200

    r = post_form("/account/logout", {}, get_path="/dashboard")
    assert r.status_code == 302
    assert client.get("/dashboard").status_code == 302  # back to login


def test_register_rejects_weak_password_and_duplicate(post_form, make_user):
    r = post_form("/account/register", {"email": "a@example.vn", "password": "short", "confirm": "short"})
    assert r.status_code == 422
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    make_user(email="taken@example.vn")
    r = post_form("/account/register", {"email": "taken@example.vn", "password": PASSWORD, "confirm": PASSWORD})
    assert r.status_code == 200  # the same "check your e-mail" page: the owner is told by e-mail instead
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_forms_require_csrf(client):
    r = client.post("/account/login", data={"email": "x@example.vn", "password": "whatever"})
    assert r.status_code == 400


def test_wrong_password_and_login_rate_limit(post_form, make_user, app):
    make_user(email="b@example.vn")
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    statuses = [post_form("/account/login", {"email": "b@example.vn", "password": "wrong-password-1"}).status_code
                for _ in range(limit + 1)]
    assert statuses[:limit] == [401] * limit
    assert statuses[-1] == 429
    # even the right password is refused while limited
    assert post_form("/account/login", {"email": "b@example.vn", "password": PASSWORD}).status_code == 429


def test_password_reset_flow(client, post_form, make_user, outbox):
    user = make_user(email="c@example.vn")
    r = post_form("/account/forgot", {"email": "c@example.vn"})
    assert r.status_code == 200
    # unknown addresses get the same answer and no mail
    post_form("/account/forgot", {"email": "nobody@example.vn"})
    [message] = outbox("c@example.vn")
    assert outbox("nobody@example.vn") == []
    link = _link(message)
    new = "Another-good-pass-7"
    r = post_form(link, {"password": new, "confirm": new})
    assert r.status_code == 302
    r = post_form("/account/login", {"email": "c@example.vn", "password": new})
    assert r.status_code == 302
    # the link works only once
    client.post("/account/logout")
    r = post_form(link, {"password": "Third-good-pass-8", "confirm": "Third-good-pass-8"})
    assert r.status_code == 200 and "reset" in r.get_data(as_text=True).lower() or "đặt lại" in r.get_data(as_text=True).lower()
    db.session.refresh(user)
    from app.security import verify_password

    assert verify_password(user.password_hash, new)


def test_password_change_logs_out_other_sessions(app, make_user, login, post_form):
    user = make_user()
    other = login(user, app.test_client())
    assert other.get("/dashboard").status_code == 200
    me = login(user, app.test_client())
    r = post_form("/account/profile", {"action": "password", "pw-current_password": PASSWORD,
                                       "pw-new_password": "Brand-new-pass-99"}, c=me)
    assert r.status_code == 302
    assert me.get("/dashboard").status_code == 200
    assert other.get("/dashboard").status_code == 302


def test_security_headers_and_cookie_flags(client, post_form, make_user):
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    make_user(email="d@example.vn")
    r = post_form("/account/login", {"email": "d@example.vn", "password": PASSWORD})
    cookie = r.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_open_redirect_is_refused(post_form, make_user):
    make_user(email="e@example.vn")
    r = post_form("/account/login?next=https://evil.example.com/", {"email": "e@example.vn", "password": PASSWORD})
    assert r.status_code == 302 and "evil" not in r.headers["Location"]


def test_registration_survives_a_mail_failure(post_form, outbox, monkeypatch):
    from app import mail

    def broken(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr(mail, "send", broken)
    r = post_form("/account/register", {"email": "nomail@example.vn", "password": PASSWORD, "confirm": PASSWORD})
    assert r.status_code == 200 and "nomail@example.vn" in r.get_data(as_text=True)
    assert db.session.scalar(db.select(User).where(User.email == "nomail@example.vn")) is not None
    monkeypatch.undo()
    # signing in later sends the link that never went out
    assert post_form("/account/login", {"email": "nomail@example.vn", "password": PASSWORD}).status_code == 401
    assert len(outbox("nomail@example.vn")) == 1
