"""The organiser's report, the CSV and the manage page run a fixed number of queries,
however many exhibitors or applications there are (no per-row organisation / booth type look-ups)."""
from __future__ import annotations

from tests.querycount import count_queries
from tests.querycount import fresh_session as _fresh


def _organiser(user_id):
    from app.accounts.models import User
    from app.extensions import db
    from app.permissions import Actor

    return Actor.for_user(db.session.get(User, user_id))


def _approve_producers(fair_id, organiser_id, producer, n):
    from app.fairs import services

    fair = services.get_fair(fair_id)
    booth_id = next(b.id for b in fair.booth_types if b.price_vnd > 0)
    for _i in range(n):
        actor, _u, _org, listings = producer(1)
        a = services.apply(actor, fair_id, {"booth_type_id": booth_id, "listing_ids": [x.id for x in listings]})
        services.decide(_organiser(organiser_id), fair_id, a.id, {"decision": "approve"})


def test_report_and_csv_queries_do_not_grow_with_exhibitors(fair, organiser, producer):
    from app.fairs import report

    fair_id, uid = fair.id, organiser[1].id
    _approve_producers(fair_id, uid, producer, 1)
    _fresh()
    actor = _organiser(uid)
    with count_queries() as one:
        report.report_csv(actor, fair_id)
    _approve_producers(fair_id, uid, producer, 2)
    _fresh()
    actor = _organiser(uid)
    with count_queries() as three:
        csv_text = report.report_csv(actor, fair_id)
    assert csv_text.count("\n") == 4  # header and three exhibitors
    assert len(three) == len(one), "\n".join(three)


def test_manage_queries_do_not_grow_with_applications(fair, organiser, producer, login):
    fair_id, uid = fair.id, organiser[1].id
    c = login(organiser[1])
    _approve_producers(fair_id, uid, producer, 1)
    _fresh()
    with count_queries() as one:
        assert c.get(f"/fairs/{fair_id}/manage").status_code == 200
    _approve_producers(fair_id, uid, producer, 2)
    _fresh()
    with count_queries() as three:
        assert c.get(f"/fairs/{fair_id}/manage").status_code == 200
    assert len(three) == len(one), "\n".join(three)
