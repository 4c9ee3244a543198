"""The lead inbox runs a fixed number of queries however many leads it lists (no per-row business,
institution or offer look-ups)."""
from __future__ import annotations

from tests.querycount import count_queries, fresh_session

API = "/api/v1/finance"


def _leads_from_new_businesses(client, offer_id, n, make_user, make_org, token_for):
    for _i in range(n):
        user = make_user()
        make_org("producer", owner=user)
        r = client.post(f"{API}/offers/{offer_id}/leads", headers=token_for(user), json={"consent": True})
        assert r.status_code == 201, r.json


def test_lead_inbox_queries_do_not_grow_with_leads(app, client, bank, make_offer, make_user, make_org, token_for, login):
    offer_id = make_offer().id
    c = login(bank[0], app.test_client())
    _leads_from_new_businesses(client, offer_id, 1, make_user, make_org, token_for)
    fresh_session()
    with count_queries() as one:
        r = c.get("/finance/leads")
    assert r.status_code == 200
    _leads_from_new_businesses(client, offer_id, 3, make_user, make_org, token_for)
    fresh_session()
    with count_queries() as four:
        r = c.get("/finance/leads")
    assert r.status_code == 200 and r.get_data(as_text=True).count("/finance/leads/") >= 4
    assert len(four) == len(one), "\n".join(four)
