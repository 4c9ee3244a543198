"""Sourcing events reach their people by e-mail (sent by the job runner): invited to quote, new quote, deal,
a request about to close, a quote about to expire — each once."""
from __future__ import annotations

import datetime as dt

from tests.sourcing.conftest import rfq_data


def _quote(**over):
    body = {"unit_price_vnd": 1600, "quantity": 50000, "lead_time_days": 10, "valid_until": "2099-01-01",
            "incoterm": "DAP", "delivery_terms": "Giao tại kho"}
    body.update(over)
    return body


def _subjects(delivered, user):
    return [m["Subject"] for m in delivered(user.email)]


def _owner(org):
    return org.memberships[0].user


def test_invited_new_quote_and_deal_are_emailed(producer, buyer, delivered, outbox):
    from app.sourcing import services

    ba, borg, buser = buyer(trade_name="Siêu thị Xanh")
    sa, sorg = producer(trade_name="Bao bì Mía Việt")
    rfq = services.create_rfq(ba, rfq_data(visibility="invited", required_labels=[], title="Hộp bã mía 750 ml"))
    services.invite_supplier(ba, rfq.id, sorg.id)
    supplier = _owner(sorg)
    assert outbox(supplier.email) == []  # not inside the buyer's request
    invited = _subjects(delivered, supplier)
    assert len(invited) == 1 and "Siêu thị Xanh" in invited[0] and "Hộp bã mía 750 ml" in invited[0]

    quote = services.submit_quote(sa, rfq.id, _quote())
    new_quote = _subjects(delivered, buser)
    assert len(new_quote) == 1 and "Bao bì Mía Việt" in new_quote[0]

    services.accept_quote(ba, quote.id)
    deal = _subjects(delivered, supplier)[1:]
    assert len(deal) == 1 and "Siêu thị Xanh" in deal[0]
    assert "/sourcing/deals/" in delivered(supplier.email)[-1].get_content()


def test_request_closing_and_quote_expiring_reminders_once(app, producer, buyer, delivered):
    from app import clock
    from app.sourcing import services
    from app.sourcing.reminders import remind_closing_rfqs, remind_expiring_quotes

    today = clock.today()
    ba, borg, buser = buyer(trade_name="Siêu thị Xanh")
    sa, sorg = producer(trade_name="Bao bì Mía Việt")
    lazy_a, lazy_org = producer(trade_name="Tre Việt")
    rfq = services.create_rfq(ba, rfq_data(visibility="invited", required_labels=[], title="Ống hút tre",
                                           closes_on=(today + dt.timedelta(days=5)).isoformat()))
    services.invite_supplier(ba, rfq.id, sorg.id)
    services.invite_supplier(ba, rfq.id, lazy_org.id)
    services.submit_quote(sa, rfq.id, _quote(valid_until=(today + dt.timedelta(days=10)).isoformat()))
    delivered()  # invitations and the quote, sent
    supplier, lazy = _owner(sorg), _owner(lazy_org)
    before = {u.email: len(delivered(u.email)) for u in (buser, supplier, lazy)}

    assert remind_closing_rfqs(today) == 0  # five days ahead: not yet
    assert remind_closing_rfqs(today + dt.timedelta(days=3)) == 1
    assert remind_closing_rfqs(today + dt.timedelta(days=4)) == 0  # once
    new = {u.email: [m["Subject"] for m in delivered(u.email)[before[u.email]:]] for u in (buser, supplier, lazy)}
    assert len(new[buser.email]) == 1 and "Ống hút tre" in new[buser.email][0]
    assert "1" in delivered(buser.email)[-1].get_content()  # quotes so far
    assert len(new[lazy.email]) == 1 and "Ống hút tre" in new[lazy.email][0]  # invited, not answered yet
    assert new[supplier.email] == []  # already quoted

    assert remind_expiring_quotes(today) == 0  # valid ten more days
    assert remind_expiring_quotes(today + dt.timedelta(days=8)) == 1
    assert remind_expiring_quotes(today + dt.timedelta(days=9)) == 0
    buyer_mails = delivered(buser.email)[before[buser.email] + 1:]
    supplier_mails = delivered(supplier.email)[before[supplier.email]:]
    assert len(buyer_mails) == 1 and "Bao bì Mía Việt" in buyer_mails[0]["Subject"]
    assert len(supplier_mails) == 1 and "Ống hút tre" in supplier_mails[0]["Subject"]


def test_reminder_job_is_registered(app):
    from app.jobs import jobs

    assert jobs()["sourcing.reminders"].every == dt.timedelta(hours=1)
