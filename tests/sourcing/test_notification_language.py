"""Every recipient reads a notification — in the app and in its e-mail — in their own language (the locale
on their account), whatever the language of the person whose action caused it."""
from __future__ import annotations

import datetime as dt

from .conftest import rfq_data


def _latest(user_id: int, kind: str):
    from app.extensions import db
    from app.notifications.models import Notification

    return db.session.scalar(db.select(Notification).where(Notification.user_id == user_id, Notification.kind == kind)
                             .order_by(Notification.id.desc()))


def test_english_supplier_and_vietnamese_buyer_each_read_their_own_language(buyer, make_user, make_org, client,
                                                                           token_for, delivered):
    from app import clock
    from app.accounts.services import update_profile
    from app.sourcing import services

    ba, borg, buser = buyer(trade_name="Siêu thị Xanh")  # Vietnamese (the default locale)
    rfq = services.create_rfq(ba, rfq_data(required_labels=[], visibility="invited", title="Ống hút giấy"))
    suser = make_user()
    update_profile(suser, {"locale": "en"})
    sorg = make_org("producer", owner=suser, trade_name="Paper Straws Co")
    services.invite_supplier(ba, rfq.id, sorg.id)

    # the English-speaking supplier acts in English; the Vietnamese buyer is told in Vietnamese
    r = client.post(f"/api/v1/rfqs/{rfq.id}/quotes", headers={**token_for(suser), "Accept-Language": "en"}, json={
        "unit_price_vnd": 1500, "quantity": 50000, "lead_time_days": 7,
        "valid_until": (clock.today() + dt.timedelta(days=9)).isoformat()})
    assert r.status_code == 201, r.get_json()
    to_buyer = _latest(buser.id, "sourcing.quote")
    assert to_buyer.title == "Báo giá mới từ Paper Straws Co cho “Ống hút giấy”"
    assert [m["Subject"] for m in delivered(buser.email)] == [to_buyer.title]

    # the Vietnamese buyer accepts in Vietnamese; the English-speaking supplier is told in English
    r = client.post(f"/api/v1/quotes/{r.get_json()['id']}/accept", headers={**token_for(buser), "Accept-Language": "vi"},
                    json={})
    assert r.status_code in (200, 201), r.get_json()
    to_supplier = _latest(suser.id, "sourcing.deal")
    assert to_supplier.title == "Siêu thị Xanh accepted your quote on “Ống hút giấy”."
    assert "Siêu thị Xanh accepted your quote" in delivered(suser.email)[-1]["Subject"]


def test_admins_and_organisation_members_each_get_their_own_language(make_user, make_org):
    """One event, several recipients: each reads it in their own language (notify_admins, notify_org)."""
    from app.accounts.services import update_profile
    from app.extensions import db
    from app import clock
    from app.orgs.models import MemberRole, Membership

    en_admin, vi_admin = make_user(role="admin"), make_user(role="admin")
    update_profile(en_admin, {"locale": "en"})
    owner = make_user()
    org = make_org("producer", owner=owner, status="pending", trade_name="Tre Việt")
    waiting = {u.id: _latest(u.id, "admin.org_waiting").title for u in (en_admin, vi_admin)}
    assert waiting[en_admin.id] == "Tre Việt is waiting for approval"
    assert waiting[vi_admin.id] != waiting[en_admin.id] and "Tre Việt" in waiting[vi_admin.id]

    colleague = make_user()
    update_profile(colleague, {"locale": "en"})
    db.session.add(Membership(user_id=colleague.id, organisation_id=org.id, role=MemberRole.member,
                              created_at=clock.now()))
    db.session.commit()
    db.session.refresh(org)
    from app.orgs.services import set_status
    from app.permissions import Actor

    set_status(Actor(vi_admin), org.id, {"status": "approved"})
    assert _latest(colleague.id, "org.approved").title == "Your organisation has been approved. You can now publish."
    assert _latest(owner.id, "org.approved").title != "Your organisation has been approved. You can now publish."


def test_a_reminder_written_by_the_job_runner_gives_each_reader_their_words_and_date_format(buyer, make_user, make_org):
    """Dates inside a notification are formatted for its reader too (en `Dec 5, 2026`, vi `5 thg 12, 2026`)."""
    from flask_babel import force_locale, format_date

    from app import clock
    from app.accounts.services import update_profile
    from app.sourcing import services
    from app.sourcing.reminders import remind_closing_rfqs

    today = clock.today()
    closes = today + dt.timedelta(days=5)
    ba, borg, buser = buyer(trade_name="Siêu thị Xanh")
    update_profile(buser, {"locale": "en"})
    rfq = services.create_rfq(ba, rfq_data(visibility="invited", required_labels=[], title="Ống hút tre",
                                           closes_on=closes.isoformat()))
    suser = make_user()  # Vietnamese
    services.invite_supplier(ba, rfq.id, make_org("producer", owner=suser).id)
    assert remind_closing_rfqs(today + dt.timedelta(days=3)) == 1
    with force_locale("en"):
        en_date = format_date(closes)
    with force_locale("vi"):
        vi_date = format_date(closes)
    assert en_date != vi_date
    assert _latest(buser.id, "sourcing.rfq_closing").title == f"Your request “Ống hút tre” closes on {en_date}"
    to_supplier = _latest(suser.id, "sourcing.rfq_closing").title
    assert vi_date in to_supplier and "closes" not in to_supplier
