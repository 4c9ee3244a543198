"""Buyers carry a segment on their organisation (what the programme's targets count)."""
from __future__ import annotations


def test_buyer_sets_its_segment_by_form_and_api_and_bad_values_change_nothing(login_as, post_form, token_for, client):
    from app.extensions import db
    from app.orgs.models import BuyerSegment, Organisation

    c, user, org = login_as("buyer")
    page = c.get(f"/orgs/{org.id}/edit").get_data(as_text=True)
    assert 'name="buyer_segment"' in page
    data = {"legal_name": org.legal_name, "province_code": org.province_code, "buyer_segment": "supermarket"}
    r = post_form(f"/orgs/{org.id}/edit", data, c=c)
    assert r.status_code in (302, 303)
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).buyer_segment == BuyerSegment.supermarket

    r = client.patch(f"/api/v1/organisations/{org.id}", json={"buyer_segment": "trade_centre"}, headers=token_for(user))
    assert r.status_code == 200 and r.get_json()["buyer_segment"] == "trade_centre"
    r = client.patch(f"/api/v1/organisations/{org.id}", json={"buyer_segment": "mall_of_dreams"}, headers=token_for(user))
    assert r.status_code == 422 and "buyer_segment" in str(r.get_json()["error"]["fields"])
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).buyer_segment == BuyerSegment.trade_centre
    r = post_form(f"/orgs/{org.id}/edit", {**data, "buyer_segment": "mall_of_dreams"}, c=c)
    assert r.status_code == 422 and 'name="buyer_segment"' in r.get_data(as_text=True)  # the form again, with its error
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).buyer_segment == BuyerSegment.trade_centre
