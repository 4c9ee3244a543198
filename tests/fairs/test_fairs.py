"""Fairs: creation, applications with booth fees, capacity under concurrency, decisions, refunds."""
from __future__ import annotations

import threading

import pytest

from tests.fairs.conftest import fair_data


def _booth(fair, prefix="A"):
    return next(b for b in fair.booth_types if b.code_prefix == prefix)


def test_create_fair_requires_organiser(producer):
    from app.errors import Forbidden
    from app.fairs import services

    actor, *_ = producer(0)
    with pytest.raises(Forbidden):
        services.create_fair(actor, fair_data())


def test_create_fair_validates(organiser):
    from app.errors import ValidationFailed
    from app.fairs import services

    with pytest.raises(ValidationFailed) as exc:
        services.create_fair(organiser[0], fair_data(name="", booth_types=[], venue="", province_code=None))
    assert {"name", "booth_types", "venue"} <= set(exc.value.fields)


def test_apply_creates_booth_fee_payment_and_bank_transfer_reference(fair, producer):
    from app.fairs import services
    from app.payments.models import PaymentProvider

    actor, _u, org, listings = producer()
    application = services.apply(actor, fair.id, {"booth_type_id": _booth(fair).id, "listing_ids": [x.id for x in listings]})
    p = services.booth_payment(application)
    assert p.amount == 15_000_000 and p.currency == "vnd" and p.provider == PaymentProvider.bank_transfer
    assert p.reference.startswith("GC-") and p.reference.endswith(f"{p.id:06d}")


def test_apply_rules(fair, producer):
    from app.errors import Conflict, ValidationFailed
    from app.fairs import services

    actor, _u, org, listings = producer()
    other_actor, _u2, _o2, other_listings = producer(1)
    with pytest.raises(ValidationFailed):
        services.apply(actor, fair.id, {"booth_type_id": _booth(fair).id, "listing_ids": [other_listings[0].id]})  # not theirs
    with pytest.raises(ValidationFailed):
        services.apply(actor, fair.id, {"booth_type_id": _booth(fair).id, "listing_ids": []})
    services.apply(actor, fair.id, {"booth_type_id": _booth(fair).id, "listing_ids": [listings[0].id]})
    with pytest.raises(Conflict):
        services.apply(actor, fair.id, {"booth_type_id": _booth(fair).id, "listing_ids": [listings[1].id]})


def test_deadline_closes_applications(fair, producer):
    import datetime as dt

    from app import clock
    from app.errors import Conflict
    from app.fairs import services

    actor, _u, _o, listings = producer(1)
    with clock.frozen(fair.application_deadline + dt.timedelta(seconds=1)):
        with pytest.raises(Conflict):
            services.apply(actor, fair.id, {"booth_type_id": _booth(fair).id, "listing_ids": [listings[0].id]})


def test_approve_assigns_booths_and_refuses_beyond_capacity(fair, organiser, producer):
    from app.errors import Conflict
    from app.fairs import services

    booth = _booth(fair)
    apps = []
    for _ in range(4):
        actor, _u, _o, listings = producer(1)
        apps.append(services.apply(actor, fair.id, {"booth_type_id": booth.id, "listing_ids": [listings[0].id]}))
    codes = [services.decide(organiser[0], fair.id, a.id, {"decision": "approve"}).booth_code for a in apps[:3]]
    assert codes == ["A-01", "A-02", "A-03"]
    with pytest.raises(Conflict):
        services.decide(organiser[0], fair.id, apps[3].id, {"decision": "approve"})
    assert services.decide(organiser[0], fair.id, apps[3].id, {"decision": "waitlist"}).status.value == "waitlisted"
    # cancelling a booth frees it for the waiting list
    services.cancel_application(organiser[0], apps[1].id, {"reason": "không tham gia"})
    assert services.decide(organiser[0], fair.id, apps[3].id, {"decision": "approve"}).booth_code == "A-02"


def test_reject_needs_reason_and_refunds_paid_fee(fair, organiser, producer, make_user):
    from app.errors import ValidationFailed
    from app.fairs import services
    from app.notifications.models import AuditEntry
    from app.extensions import db
    from app.payments import services as payments

    actor, _u, _o, listings = producer(1)
    a = services.apply(actor, fair.id, {"booth_type_id": _booth(fair).id, "listing_ids": [listings[0].id]})
    p = services.booth_payment(a)
    payments.mark_received(organiser[0], p.id, {"note": "VCB 12/05"})
    with pytest.raises(ValidationFailed):
        services.decide(organiser[0], fair.id, a.id, {"decision": "reject", "reason": ""})
    services.decide(organiser[0], fair.id, a.id, {"decision": "reject", "reason": "Sản phẩm chưa phù hợp chủ đề"})
    db.session.expire_all()
    assert services.booth_payment(a).status.value == "refunded"
    actions = [e.action for e in db.session.scalars(db.select(AuditEntry).where(AuditEntry.object_type == "payment",
                                                                               AuditEntry.object_id == p.id))]
    assert actions.count("payment.fulfilled") == 1 and "payment.status" in actions


def test_mark_received_only_by_organiser_or_admin_and_only_once(fair, organiser, producer, make_user):
    from app.errors import Forbidden, NotFound
    from app.extensions import db
    from app.fairs import services
    from app.notifications.models import AuditEntry
    from app.payments import services as payments
    from app.permissions import Actor

    actor, _u, _o, listings = producer(1)
    a = services.apply(actor, fair.id, {"booth_type_id": _booth(fair).id, "listing_ids": [listings[0].id]})
    p = services.booth_payment(a)
    with pytest.raises(Forbidden):
        payments.mark_received(actor, p.id)  # the payer cannot confirm its own transfer
    stranger, *_ = producer(0)
    with pytest.raises(NotFound):
        payments.mark_received(stranger, p.id)
    payments.mark_received(organiser[0], p.id)
    payments.mark_received(Actor(make_user(role="admin")), p.id)  # again: no-op
    fulfilled = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "payment.fulfilled",
                                                              AuditEntry.object_id == p.id)).all()
    assert len(fulfilled) == 1


def test_concurrent_approvals_never_exceed_capacity(app, fair, organiser, producer):
    """Many organiser sessions approve different applications for a 3-booth type at once."""
    from app.errors import Conflict
    from app.extensions import db
    from app.fairs import services
    from app.fairs.models import ApplicationStatus, FairApplication

    booth = _booth(fair)
    ids = []
    for _ in range(8):
        actor, _u, _o, listings = producer(1)
        ids.append(services.apply(actor, fair.id, {"booth_type_id": booth.id, "listing_ids": [listings[0].id]}).id)
    org_user_id = organiser[1].id
    fair_id = fair.id
    results: list[str] = []
    barrier = threading.Barrier(len(ids))

    def approve(app_id):
        with app.app_context():
            from app.accounts.models import User
            from app.permissions import Actor

            a = Actor.for_user(db.session.get(User, org_user_id))
            barrier.wait()
            try:
                services.decide(a, fair_id, app_id, {"decision": "approve"})
                results.append("ok")
            except Conflict:
                results.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=approve, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    db.session.expire_all()
    approved = db.session.scalars(db.select(FairApplication).where(FairApplication.booth_type_id == booth.id,
                                                                  FairApplication.status == ApplicationStatus.approved)).all()
    assert len(approved) == booth.capacity == results.count("ok")
    assert results.count("conflict") == len(ids) - booth.capacity
    assert sorted(a.booth_number for a in approved) == [1, 2, 3]


def test_free_booth_has_no_payment(fair, producer):
    from app.fairs import services

    actor, _u, _o, listings = producer(1)
    a = services.apply(actor, fair.id, {"booth_type_id": _booth(fair, "F").id, "listing_ids": [listings[0].id]})
    assert services.booth_payment(a) is None


def test_report_and_csv(fair, organiser, producer, make_user):
    import datetime as dt

    from app import clock
    from app.fairs import meetings, report, services
    from app.permissions import Actor

    actor, _u, org, listings = producer(2)
    a = services.apply(actor, fair.id, {"booth_type_id": _booth(fair).id, "listing_ids": [x.id for x in listings]})
    services.decide(organiser[0], fair.id, a.id, {"decision": "approve"})
    start = dt.datetime.combine(fair.starts_on, dt.time(9, 0))
    slot = meetings.add_slot(actor, fair.id, {"starts_at": start, "ends_at": start + dt.timedelta(minutes=30), "location": "Bàn 5"})
    buyer = Actor.for_user(make_user())
    meetings.record_view(buyer, fair.id, org.id)
    meetings.toggle_bookmark(buyer, fair.id, a.id)
    meetings.book(buyer, fair.id, {"slot_id": slot.id, "message": "Xin chào"})
    with clock.frozen(slot.ends_at + dt.timedelta(hours=1)):
        data = report.fair_report(organiser[0], fair.id)
        csv_text = report.report_csv(organiser[0], fair.id)
    row = data["rows"][0]
    assert (row["views"], row["bookmarks"], row["meetings_requested"], row["meetings_held"], row["leads"]) == (1, 1, 1, 1, 1)
    assert org.display_name in csv_text
    # the organiser's file reads back in the reader's language: column names and payment states as words,
    # counts as plain whole numbers
    import csv
    import io

    from app.display import display_name
    from app.payments.models import PaymentStatus

    for locale, head in (("vi", ["Đơn vị trưng bày", "Gian", "Loại gian hàng", "Sản phẩm", "Thanh toán"]),
                         ("en", ["Exhibitor", "Booth", "Booth type", "Listings", "Payment"])):
        with clock.frozen(slot.ends_at + dt.timedelta(hours=1)):
            text = report.report_csv(organiser[0], fair.id, locale)
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert rows[0][:5] == head and len(rows) == 2
        got = dict(zip(rows[0], rows[1]))
        assert got[head[0]] == org.display_name
        assert [int(v) for v in rows[1][5:]] == [1, 1, 1, 1, 1]
        from flask_babel import force_locale

        with force_locale(locale):
            free = "Miễn phí" if locale == "vi" else "No fee"
            assert got[head[4]] in (free, *(display_name(s) for s in PaymentStatus))
        assert "_" not in got[head[4]]
