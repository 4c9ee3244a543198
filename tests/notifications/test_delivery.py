"""E-mail copies of notifications: sent by the job runner per each person's settings (immediately, daily
digest, off), with a one-click unsubscribe (RFC 8058) that works without signing in; links from BASE_URL."""
from __future__ import annotations

import re

import pytest


@pytest.fixture()
def public_base(app):
    old = app.config["BASE_URL"]
    app.config["BASE_URL"] = "https://greenconnect.example/"
    yield "https://greenconnect.example"
    app.config["BASE_URL"] = old


def _notify(user, kind="claim.verified", title="Chứng nhận đã được xác minh", url="/claims/1"):
    from app.extensions import db
    from app.notifications.services import notify

    n = notify(user.id, kind, title, "Chi tiết", url)
    db.session.commit()
    return n


def _state(n_id):
    from app.extensions import db
    from app.notifications.models import Notification

    db.session.expire_all()
    return db.session.get(Notification, n_id).email_state


def test_immediately_by_default_from_the_job_runner_with_one_click_unsubscribe(app, make_user, outbox, delivered,
                                                                              public_base):
    user = make_user()
    n = _notify(user)
    assert outbox(user.email) == []  # nothing is sent where the event happened
    mails = delivered(user.email)
    assert [m["Subject"] for m in mails] == ["Chứng nhận đã được xác minh"] and _state(n.id) == "sent"
    mail = mails[0]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsub = re.fullmatch(r"<(.+)>", mail["List-Unsubscribe"]).group(1)
    assert unsub.startswith(public_base + "/notifications/unsubscribe/")
    text = mail.get_content()
    assert f"{public_base}/claims/1" in text and unsub in text
    assert not re.search(r"https?://(?!greenconnect\.example)", text), "every link comes from BASE_URL"
    assert len(delivered(user.email)) == 1  # delivered once


def test_one_click_unsubscribe_needs_no_sign_in_and_no_csrf_token(app, make_user, delivered, public_base):
    from app.notifications.delivery import preferences

    user = make_user()
    _notify(user)
    unsub = re.fullmatch(r"<(.+)>", delivered(user.email)[0]["List-Unsubscribe"]).group(1)
    path = unsub.removeprefix(public_base)
    anonymous = app.test_client()
    page = anonymous.get(path)
    assert page.status_code == 200 and "Chứng nhận nhãn" in page.get_data(as_text=True)  # the category, in words
    assert preferences(user.id)["claims"] == "immediate"  # a GET (a link scanner) changes nothing
    r = anonymous.post(path, data={"List-Unsubscribe": "One-Click"})  # what a mail client sends (RFC 8058)
    assert r.status_code == 204
    assert preferences(user.id)["claims"] == "off"
    assert preferences(user.id)["quotes"] == "immediate"  # only that category
    n = _notify(user)
    assert len(delivered(user.email)) == 1 and _state(n.id) == "skipped"
    # a token changed by one character is refused
    assert anonymous.post(path[:-2] + ("A" if path[-2] != "A" else "B") + path[-1],
                          data={"List-Unsubscribe": "One-Click"}).status_code == 404
    # the button on the page works too (no session, no CSRF token: the signed token is the authority)
    other = make_user()
    _notify(other, "sourcing.quote", "Báo giá mới")
    link = re.fullmatch(r"<(.+)>", delivered(other.email)[0]["List-Unsubscribe"]).group(1).removeprefix(public_base)
    r = anonymous.post(link + "?lang=en")
    assert r.status_code == 200 and "You will no longer receive e-mails about: Quotes" in r.get_data(as_text=True)
    assert preferences(other.id)["quotes"] == "off" and preferences(other.id)["claims"] == "immediate"


def test_daily_digest_gathers_the_chosen_categories_and_off_sends_nothing(app, make_user, login, post_form,
                                                                          outbox, delivered):
    from app.notifications.delivery import send_digests

    user = make_user()
    client = login(user)
    r = post_form("/notifications/settings", {"claims": "digest", "quotes": "off"})
    assert r.status_code == 302
    a = _notify(user, "claim.verified", "Nhãn A đã xác minh")
    b = _notify(user, "claim.rejected", "Nhãn B bị từ chối")
    c = _notify(user, "sourcing.quote", "Báo giá mới")
    d = _notify(user, "sourcing.deal", "Giao dịch mới")  # deals: still immediately
    assert [m["Subject"] for m in delivered(user.email)] == ["Giao dịch mới"]
    assert (_state(a.id), _state(b.id), _state(c.id), _state(d.id)) == ("digest", "digest", "skipped", "sent")
    assert send_digests() == "1 digest(s)"
    mails = outbox(user.email)
    digest = mails[-1]
    assert len(mails) == 2 and "2" in digest["Subject"]
    text = digest.get_content()
    assert "Nhãn A đã xác minh" in text and "Nhãn B bị từ chối" in text and "Báo giá mới" not in text
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert send_digests() == "0 digest(s)"  # once
    # every notification is still in the app
    page = client.get("/notifications").get_data(as_text=True)
    assert all(t in page for t in ("Nhãn A đã xác minh", "Báo giá mới", "Giao dịch mới"))


def test_settings_page_validates_and_shows_categories_in_words(app, make_user, login, post_form):
    from app.notifications.delivery import preferences

    user = make_user()
    client = login(user)
    page = client.get("/notifications/settings?lang=en").get_data(as_text=True)
    assert "Label claims" in page and "Daily digest" in page and "claim." not in page
    r = post_form("/notifications/settings?lang=en", {"claims": "weekly"}, get_path="/notifications/settings?lang=en")
    assert r.status_code == 422 and "Choose immediately, daily digest or off." in r.get_data(as_text=True)
    assert preferences(user.id)["claims"] == "immediate"
    assert app.test_client().get("/notifications/settings").status_code == 302  # sign in first


def test_unconfirmed_or_inactive_accounts_get_no_mail(app, make_user, delivered):
    user = make_user(confirmed=False)
    n = _notify(user)
    assert delivered(user.email) == [] and _state(n.id) == "skipped"


def test_a_failed_send_is_retried_on_the_next_run(app, make_user, delivered, monkeypatch):
    from app import mail

    user = make_user()
    n = _notify(user)
    real = mail.send

    def broken(*a, **k):
        raise OSError("SMTP down")

    monkeypatch.setattr(mail, "send", broken)
    assert delivered(user.email) == [] and _state(n.id) == "pending"
    monkeypatch.setattr(mail, "send", real)
    assert len(delivered(user.email)) == 1 and _state(n.id) == "sent"


def test_admins_are_told_about_organisations_waiting_for_approval(app, make_user, make_org, delivered):
    from app.extensions import db
    from app.notifications.models import Notification
    from app.orgs.services import set_status
    from app.permissions import Actor

    admin = make_user(role="admin")
    org = make_org("producer", status="pending", trade_name="Tre Xanh Đồng Tháp")
    mails = delivered(admin.email)
    assert len(mails) == 1 and "Tre Xanh Đồng Tháp" in mails[0]["Subject"]
    assert "/orgs/admin?status=pending" in mails[0].get_content()
    owner = org.memberships[0].user
    set_status(Actor.for_user(admin), org.id, {"status": "approved"})
    approved = delivered(owner.email)
    assert len(approved) == 1  # the owner learns it by e-mail
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(
        Notification.user_id == admin.id, Notification.kind == "admin.org_waiting")) == 1
