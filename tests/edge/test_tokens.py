"""Issue 13.4: API tokens are bound to the user's security stamp, listed and revocable by their owner."""
from __future__ import annotations

import datetime as dt

from app import clock
from app.accounts.models import ApiToken, User
from app.extensions import db
from tests.conftest import PASSWORD, csrf_from
from tests.test_migrations import empty_database_url  # noqa: F401  (fixture)

NEW = "Brand-new-pass-99"


def _me(client, headers) -> int:
    return client.get("/api/v1/me", headers=headers).status_code


def test_a_password_change_ends_every_token(app, client, make_user, login, token_for, post_form):
    user = make_user()
    first, second = token_for(user), token_for(user)
    assert _me(client, first) == _me(client, second) == 200
    c = login(user, app.test_client())
    r = post_form("/account/profile", {"action": "password", "pw-current_password": PASSWORD,
                                       "pw-new_password": NEW}, c=c)
    assert r.status_code == 302
    assert _me(client, first) == _me(client, second) == 401
    db.session.refresh(user)
    assert _me(client, token_for(user)) == 200  # a token issued afterwards works


def test_a_password_reset_ends_every_token(client, make_user, token_for, post_form, outbox):
    import re

    user = make_user(email="reset@example.vn")
    headers = token_for(user)
    post_form("/account/forgot", {"email": "reset@example.vn"})
    [message] = outbox("reset@example.vn")
    link = re.search(r"https?://\S+", message.get_body(preferencelist=("plain",)).get_content()).group(0)
    assert post_form(link.replace("http://localhost", ""), {"password": NEW, "confirm": NEW}).status_code == 302
    assert _me(client, headers) == 401
    r = client.post("/api/v1/auth/tokens", json={"email": "reset@example.vn", "password": NEW})
    assert r.status_code == 201 and _me(client, {"Authorization": f"Bearer {r.json['token']}"}) == 200


def test_deactivation_ends_tokens_and_reactivation_does_not_revive_them(app, client, make_user, token_for):
    user = make_user(email="gone@example.vn")
    headers = token_for(user)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "deactivate", "gone@example.vn"]).exit_code == 0
    assert _me(client, headers) == 401
    assert client.post("/api/v1/auth/tokens", json={"email": "gone@example.vn", "password": PASSWORD}).status_code == 401
    assert runner.invoke(args=["users", "activate", "gone@example.vn"]).exit_code == 0
    assert _me(client, headers) == 401  # the old token stays dead
    r = client.post("/api/v1/auth/tokens", json={"email": "gone@example.vn", "password": PASSWORD})
    assert r.status_code == 201 and _me(client, {"Authorization": f"Bearer {r.json['token']}"}) == 200
    assert runner.invoke(args=["users", "deactivate", "nobody@example.vn"]).exit_code != 0


def test_users_list_and_revoke_their_tokens_through_the_api(client, make_user, token_for):
    user, other = make_user(), make_user()
    r = client.post("/api/v1/auth/tokens", json={"email": user.email, "password": PASSWORD, "name": "ERP sync"})
    erp = {"Authorization": f"Bearer {r.json['token']}"}
    mine = token_for(user)
    theirs = token_for(other)
    listed = client.get("/api/v1/auth/tokens", headers=mine).json
    assert [t["name"] for t in listed] == ["api", "ERP sync"]  # newest first
    assert all(t["status"] == "active" and "token" not in t and "token_hash" not in t for t in listed)
    erp_id = listed[1]["id"]
    other_id = client.get("/api/v1/auth/tokens", headers=theirs).json[0]["id"]
    assert client.delete(f"/api/v1/auth/tokens/{other_id}", headers=mine).status_code == 404
    assert _me(client, theirs) == 200
    assert client.delete(f"/api/v1/auth/tokens/{erp_id}", headers=mine).status_code == 204
    assert _me(client, erp) == 401 and _me(client, mine) == 200
    statuses = {t["name"]: t["status"] for t in client.get("/api/v1/auth/tokens", headers=mine).json}
    assert statuses == {"api": "active", "ERP sync": "revoked"}
    assert client.get("/api/v1/auth/tokens").status_code == 401


def test_last_use_is_recorded_without_a_write_per_call(client, make_user, token_for):
    user = make_user()
    headers = token_for(user)
    with clock.frozen(dt.datetime(2026, 3, 1, 9, 0)):
        _me(client, headers)
        first = db.session.scalar(db.select(ApiToken.last_used_at))
        assert first == dt.datetime(2026, 3, 1, 9, 0)
    with clock.frozen(dt.datetime(2026, 3, 1, 9, 2)):
        _me(client, headers)
        db.session.expire_all()
        assert db.session.scalar(db.select(ApiToken.last_used_at)) == first
    with clock.frozen(dt.datetime(2026, 3, 1, 9, 10)):
        _me(client, headers)
        db.session.expire_all()
        assert db.session.scalar(db.select(ApiToken.last_used_at)) == dt.datetime(2026, 3, 1, 9, 10)


def test_the_profile_page_lists_tokens_and_revokes_one(app, make_user, login, token_for, client):
    user = make_user()
    headers = token_for(user)
    c = login(user, app.test_client())
    html = c.get("/account/profile?lang=en").get_data(as_text=True)
    assert "API tokens" in html and "Active" in html and "never" in html  # not used yet
    token_id = db.session.scalar(db.select(ApiToken.id))
    assert c.post(f"/account/tokens/{token_id}/revoke").status_code == 400  # no CSRF token
    r = c.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_from(html)})
    assert r.status_code == 302 and r.headers["Location"].endswith("/account/profile#api-tokens")
    assert _me(client, headers) == 401
    html = c.get("/account/profile?lang=en").get_data(as_text=True)
    assert "Revoked" in html and f"/account/tokens/{token_id}/revoke" not in html
    intruder = login(make_user(), app.test_client())
    page = intruder.get("/account/profile").get_data(as_text=True)
    assert intruder.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_from(page)}).status_code == 404


def test_the_migration_revokes_tokens_older_than_a_password_change(empty_database_url, tmp_path):  # noqa: F811
    from flask_migrate import upgrade
    from sqlalchemy import text

    from app import create_app

    app = create_app("test", SQLALCHEMY_DATABASE_URI=empty_database_url, MAIL_OUTBOX_DIR=str(tmp_path / "m"),
                     UPLOAD_DIR=str(tmp_path / "u"), SEARCH_URL=f"tantivy://{tmp_path / 's'}")
    with app.app_context():
        upgrade(revision="0012_merge")
        with db.engine.begin() as conn:
            for uid, stamp in ((1, 3), (2, 1)):
                conn.execute(text("INSERT INTO users (id, email, password_hash, full_name, phone, locale, platform_role, "
                                  "is_active_account, security_stamp, created_at, updated_at) VALUES "
                                  f"({uid}, 'u{uid}@example.vn', 'x', '', '', 'vi', 'user', true, {stamp}, "
                                  "'2026-01-01', '2026-01-01')"))
            for tid, uid, created in ((1, 1, "2026-01-02"), (2, 1, "2026-02-02"), (3, 2, "2026-01-02")):
                conn.execute(text("INSERT INTO api_tokens (id, user_id, token_hash, name, created_at, expires_at) VALUES "
                                  f"({tid}, {uid}, 'h{tid}', 'api', '{created}', '2027-01-01')"))
            conn.execute(text("INSERT INTO audit_log (actor_user_id, action, object_type, object_id, changes, created_at) "
                              "VALUES (1, 'user.password_changed', 'user', 1, '{}', '2026-01-15')"))
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            stamps = dict(conn.execute(text("SELECT id, security_stamp FROM api_tokens")).all())
        assert stamps == {1: 0, 2: 3, 3: 1}  # older than user 1's password change: revoked; the others kept
        db.session.remove()
        db.engine.dispose()
