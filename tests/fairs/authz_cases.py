"""Authorization cases for the fairs and promotions API (see tests/test_authz_matrix.py)."""
from __future__ import annotations

import datetime as dt

from tests.fairs.conftest import fair_data, make_listing
from tests.test_authz_matrix import Case, register


def _fair(w, organiser_org=None):
    from app.accounts.models import User
    from app.extensions import db
    from app.fairs import services
    from app.orgs.models import Membership
    from app.permissions import Actor

    if organiser_org is None:
        owner = w.make_user()
        organiser_org = w.make_org("fair_organiser", owner=owner)
    m = db.session.scalar(db.select(Membership).where(Membership.organisation_id == organiser_org.id))
    return services.create_fair(Actor.for_user(db.session.get(User, m.user_id)), fair_data())


def _application(w, fair=None, producer_org=None, approve=False):
    from app.accounts.models import User
    from app.extensions import db
    from app.fairs import services
    from app.orgs.models import Membership
    from app.permissions import Actor

    fair = fair or _fair(w)
    if producer_org is None:
        producer_org = w.make_org("producer", owner=w.make_user())
    m = db.session.scalar(db.select(Membership).where(Membership.organisation_id == producer_org.id))
    listing = make_listing(producer_org)
    a = services.apply(Actor.for_user(db.session.get(User, m.user_id)), fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": [listing.id]})
    if approve:
        om = db.session.scalar(db.select(Membership).where(Membership.organisation_id == fair.organiser_id))
        services.decide(Actor.for_user(db.session.get(User, om.user_id)), fair.id, a.id, {"decision": "approve"})
    return fair, a


def _create(w):
    d = fair_data()
    return "/api/v1/fairs", {**d, "starts_on": d["starts_on"].isoformat(), "ends_on": d["ends_on"].isoformat(),
                             "application_deadline": d["application_deadline"].isoformat()}


def _apply(w):
    fair = _fair(w)
    listing = make_listing(w.org)
    return f"/api/v1/fairs/{fair.id}/applications", {"booth_type_id": fair.booth_types[0].id, "listing_ids": [listing.id]}


def _decision(w):
    fair, a = _application(w, fair=_fair(w, organiser_org=w.org))
    return f"/api/v1/fairs/{fair.id}/applications/{a.id}/decision", {"decision": "approve"}


def _cancel(w):
    fair, a = _application(w, producer_org=w.org)
    return f"/api/v1/fairs/{fair.id}/applications/{a.id}/cancel", {"reason": "đổi kế hoạch"}


def _slot(w):
    fair, _a = _application(w, producer_org=w.org, approve=True)
    start = dt.datetime.combine(fair.starts_on, dt.time(10, 0))
    return f"/api/v1/fairs/{fair.id}/slots", {"starts_at": start.isoformat(),
                                              "ends_at": (start + dt.timedelta(minutes=30)).isoformat()}


def _meeting(w):
    from app.accounts.models import User
    from app.extensions import db
    from app.fairs import meetings
    from app.orgs.models import Membership
    from app.permissions import Actor

    fair, a = _application(w, approve=True)
    m = db.session.scalar(db.select(Membership).where(Membership.organisation_id == a.organisation_id))
    start = dt.datetime.combine(fair.starts_on, dt.time(10, 0))
    slot = meetings.add_slot(Actor.for_user(db.session.get(User, m.user_id)), fair.id, {"starts_at": start, "ends_at": start + dt.timedelta(minutes=30)})
    return f"/api/v1/fairs/{fair.id}/meetings", {"slot_id": slot.id}


def _promotion(w):
    listing = make_listing(w.org)
    return "/api/v1/promotions", {"listing_id": listing.id, "package": "7d"}


def _received(w):
    from app.fairs import services

    _fair_, a = _application(w, fair=_fair(w, organiser_org=w.org))
    return f"/api/v1/payments/{services.booth_payment(a).id}/received", {"note": "VCB"}


def _edit(w):
    fair = _fair(w, organiser_org=w.org)
    return f"/api/v1/fairs/{fair.id}", {"name": "Hội chợ Xanh (đổi tên)"}


def _cancel_fair(w):
    fair = _fair(w, organiser_org=w.org)
    return f"/api/v1/fairs/{fair.id}/cancel", {"reason": "Địa điểm không còn sử dụng được"}


def _cancel_meeting(w):
    """A meeting booked by the owner (a buyer) with an exhibitor of another organisation."""
    from app.accounts.models import User
    from app.extensions import db
    from app.fairs import meetings
    from app.orgs.models import Membership
    from app.permissions import Actor

    fair, a = _application(w, approve=True)
    m = db.session.scalar(db.select(Membership).where(Membership.organisation_id == a.organisation_id))
    start = dt.datetime.combine(fair.starts_on, dt.time(10, 0))
    slot = meetings.add_slot(Actor.for_user(db.session.get(User, m.user_id)), fair.id, {"starts_at": start, "ends_at": start + dt.timedelta(minutes=30)})
    meeting = meetings.book(Actor.for_user(w.owner), fair.id, {"slot_id": slot.id})
    return f"/api/v1/meetings/{meeting.id}/cancel", None


def _requested_meeting(w):
    """A visitor's request for a slot of the owner's organisation (an approved exhibitor)."""
    from app.fairs import meetings
    from app.permissions import Actor

    fair, _a = _application(w, producer_org=w.org, approve=True)
    start = dt.datetime.combine(fair.starts_on, dt.time(10, 0))
    slot = meetings.add_slot(Actor.for_user(w.owner), fair.id, {"starts_at": start, "ends_at": start + dt.timedelta(minutes=30)})
    return meetings.book(Actor.for_user(w.make_user()), fair.id, {"slot_id": slot.id})


def _accept_meeting(w):
    return f"/api/v1/meetings/{_requested_meeting(w).id}/accept", None


def _decline_meeting(w):
    return f"/api/v1/meetings/{_requested_meeting(w).id}/decline", {"reason": "Kín lịch"}


register(
    Case("POST", "/api/v1/meetings/<int:meeting_id>/accept", _accept_meeting),
    Case("POST", "/api/v1/meetings/<int:meeting_id>/decline", _decline_meeting),
    Case("POST", "/api/v1/fairs", _create, right="any_user", kind="fair_organiser"),
    Case("PATCH", "/api/v1/fairs/<int:fair_id>", _edit, kind="fair_organiser"),
    Case("POST", "/api/v1/fairs/<int:fair_id>/cancel", _cancel_fair, kind="fair_organiser"),
    Case("POST", "/api/v1/meetings/<int:meeting_id>/cancel", _cancel_meeting, kind="buyer"),
    Case("POST", "/api/v1/fairs/<int:fair_id>/applications", _apply, stranger_sees=(422,)),
    Case("POST", "/api/v1/fairs/<int:fair_id>/applications/<int:application_id>/decision", _decision,
         kind="fair_organiser"),
    Case("POST", "/api/v1/fairs/<int:fair_id>/applications/<int:application_id>/cancel", _cancel),
    Case("POST", "/api/v1/fairs/<int:fair_id>/slots", _slot),
    Case("POST", "/api/v1/fairs/<int:fair_id>/meetings", _meeting, right="any_user", kind="buyer"),
    Case("POST", "/api/v1/promotions", _promotion, stranger_sees=(422,)),
    Case("POST", "/api/v1/payments/<int:payment_id>/received", _received, kind="fair_organiser"),
)
