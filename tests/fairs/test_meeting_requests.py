"""B2B meetings are requested and then accepted or declined by the exhibitor; nobody is in two meetings at
once across fairs (the refusal names the other meeting); lists name the counterpart, the fair and the place."""
from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture()
def exhibitor_slot(fair, organiser, producer):
    from app.fairs import meetings, services

    def do(the_fair=None, hour=10, minute=0, location="Bàn 7"):
        the_fair = the_fair or fair
        actor, user, org, listings = producer(1)
        a = services.apply(actor, the_fair.id, {"booth_type_id": the_fair.booth_types[0].id, "listing_ids": [listings[0].id]})
        services.decide(organiser[0], the_fair.id, a.id, {"decision": "approve"})
        start = dt.datetime.combine(the_fair.starts_on, dt.time(hour, minute))
        slot = meetings.add_slot(actor, the_fair.id, {"starts_at": start, "ends_at": start + dt.timedelta(minutes=30), "location": location})
        return actor, user, org, slot

    return do


def test_request_then_accept_or_decline(app, fair, exhibitor_slot, make_user, make_org, login, post_form, delivered):
    from app.errors import NotFound
    from app.extensions import db
    from app.fairs import meetings
    from app.fairs.models import Meeting
    from app.permissions import Actor

    ex_actor, ex_user, ex_org, slot = exhibitor_slot()
    visitor = make_user()
    make_org("buyer", owner=visitor, trade_name="Siêu thị Xanh")
    m = meetings.book(Actor.for_user(visitor), fair.id, {"slot_id": slot.id, "message": "Bàn về hộp bã mía"})
    assert m.status == "requested"
    assert any("Siêu thị Xanh" in x["Subject"] for x in delivered(ex_user.email))  # the exhibitor is asked
    with pytest.raises(NotFound):  # the visitor cannot accept their own request
        meetings.accept_meeting(Actor.for_user(visitor), m.id)
    # the visitor's list names the exhibitor, the fair and the place, and says it waits
    page = login(visitor).get("/fairs/my?lang=en").get_data(as_text=True)
    assert ex_org.display_name in page and fair.name in page and "Bàn 7" in page and "SECC" in page
    assert "Waiting for the exhibitor to accept" in page
    # the exhibitor accepts on its page
    exc = login(ex_user, app.test_client())
    r = post_form(f"/fairs/meetings/{m.id}/accept", {}, get_path=f"/fairs/{fair.id}/exhibitors/{ex_org.id}", c=exc)
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, m.id).status == "accepted"
    accepted = [x for x in delivered(visitor.email) if ex_org.display_name in x["Subject"]]
    assert len(accepted) == 1 and "Bàn 7" in accepted[0].get_content()

    # a second request, declined with a reason: the slot is free again
    _a2, ex2_user, ex2_org, slot2 = exhibitor_slot(hour=14)
    m2 = meetings.book(Actor.for_user(visitor), fair.id, {"slot_id": slot2.id})
    meetings.decline_meeting(Actor.for_user(ex2_user), m2.id, {"reason": "Chúng tôi đã kín lịch buổi chiều."})
    assert db.session.get(Meeting, m2.id) is None
    assert slot2.id in [s.id for s in meetings.slots_for(fair.id, ex2_org.id, free_only=True)]
    declined = [x for x in delivered(visitor.email) if ex2_org.display_name in x["Subject"]]
    assert len(declined) == 1 and "Chúng tôi đã kín lịch buổi chiều." in declined[0].get_content()


def test_conflicts_across_fairs_are_refused_naming_the_other_meeting(fair, organiser, exhibitor_slot, make_user,
                                                                     make_org):
    from app.errors import Conflict
    from app.fairs import meetings, services
    from app.permissions import Actor
    from tests.fairs.conftest import fair_data

    other_fair = services.create_fair(organiser[0], fair_data(name="Hội chợ Bao bì Xanh 2026",
                                                              name_en="Green Packaging Fair 2026"))
    _a, _u, ex_org, slot = exhibitor_slot(fair, hour=10)
    _b, other_user, other_org, other_slot = exhibitor_slot(other_fair, hour=10, minute=15)
    visitor = make_user()
    make_org("buyer", owner=visitor, trade_name="Siêu thị Xanh")
    meetings.book(Actor.for_user(visitor), fair.id, {"slot_id": slot.id})
    with pytest.raises(Conflict) as refused:
        meetings.book(Actor.for_user(visitor), other_fair.id, {"slot_id": other_slot.id})
    message = refused.value.message
    assert "already have a meeting at that time" in message or "đã có cuộc gặp" in message
    assert ex_org.display_name in message and fair.name in message

    # an exhibitor cannot accept two overlapping meetings at two fairs
    _c, both_user, both_org, slot_a = exhibitor_slot(fair, hour=15)
    services_actor = Actor.for_user(both_user)
    a2 = services.apply(services_actor, other_fair.id, {"booth_type_id": other_fair.booth_types[0].id, "listing_ids": [l.id for l in _listing_ids(both_org)][:1]})
    services.decide(organiser[0], other_fair.id, a2.id, {"decision": "approve"})
    start = dt.datetime.combine(other_fair.starts_on, dt.time(15, 10))
    slot_b = meetings.add_slot(services_actor, other_fair.id, {"starts_at": start, "ends_at": start + dt.timedelta(minutes=30), "location": "Bàn 2"})
    v1, v2 = make_user(), make_user()
    m1 = meetings.book(Actor.for_user(v1), fair.id, {"slot_id": slot_a.id})
    m2 = meetings.book(Actor.for_user(v2), other_fair.id, {"slot_id": slot_b.id})
    meetings.accept_meeting(services_actor, m1.id)
    with pytest.raises(Conflict) as refused:
        meetings.accept_meeting(services_actor, m2.id)
    assert fair.name in refused.value.message


def _listing_ids(org):
    from app.catalog.models import Listing
    from app.extensions import db

    return list(db.session.scalars(db.select(Listing).where(Listing.organisation_id == org.id)))


def test_organisers_filter_applications_by_verified_labels(app, fair, organiser, producer, login):
    """The manage page names each applicant's verified labels and filters by one."""
    import datetime as dt  # noqa: F811

    from app import clock
    from app.extensions import db
    from app.fairs import services
    from app.labels.models import Claim, ClaimStatus, Label
    from app.reference import seed_all

    if not db.session.scalar(db.select(db.func.count(Label.id))):
        seed_all()
    certified = []
    for i, code in enumerate(("vn-ecolabel", None, "fsc")):
        actor, _u, org, listings = producer(1)
        services.apply(actor, fair.id, {"booth_type_id": fair.booth_types[0].id, "listing_ids": [listings[0].id]})
        if code:
            label = db.session.scalar(db.select(Label).where(Label.code == code))
            db.session.add(Claim(label_id=label.id, organisation_id=org.id, certificate_number=f"C-{i}", issuer="VEA",
                                 valid_from=clock.today() - dt.timedelta(days=10),
                                 valid_until=clock.today() + dt.timedelta(days=300), status=ClaimStatus.verified,
                                 evidence_path="evidence/x.pdf", evidence_mime="application/pdf"))
        certified.append(org)
    db.session.commit()
    client = login(organiser[1])
    page = client.get(f"/fairs/{fair.id}/manage?lang=en").get_data(as_text=True)
    assert all(o.display_name in page for o in certified)
    filtered = client.get(f"/fairs/{fair.id}/manage?lang=en&label=vn-ecolabel").get_data(as_text=True)
    assert certified[0].display_name in filtered
    assert certified[1].display_name not in filtered and certified[2].display_name not in filtered
    unknown = client.get(f"/fairs/{fair.id}/manage?lang=en&label=nope").get_data(as_text=True)
    assert all(o.display_name in unknown for o in certified)  # an unknown label filters nothing
