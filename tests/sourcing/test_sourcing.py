"""Requests, quotes, deals, messages, reverse matching, digest, responsiveness — through the API and services."""
from __future__ import annotations

import datetime as dt

from tests.sourcing.conftest import rfq_data


def _setup(producer, buyer, listing, certify, sync, n_suppliers=2):
    suppliers = []
    for i in range(n_suppliers):
        actor, org = producer(trade_name=f"Bao bì {i}")
        item = listing(actor)
        certify(org.id, "vn-ecolabel", item.id)
        suppliers.append((actor, org, item))
    sync()
    ba, borg, buser = buyer()
    return suppliers, (ba, borg, buser)


def _quote_body(**over):
    body = {"unit_price_vnd": 1600, "quantity": 50000, "lead_time_days": 10, "valid_until": "2099-01-01",
            "incoterm": "DAP", "delivery_terms": "Giao tại kho", "notes": "Đã gồm thùng carton"}
    body.update(over)
    return body


def test_private_request_is_invisible_to_uninvited_suppliers(client, producer, buyer, token_for, make_user, make_org):
    from app.permissions import Actor
    from app.sourcing import services

    ba, borg, buser = buyer()
    rfq = services.create_rfq(ba, rfq_data(visibility="invited", required_labels=[]))
    invited_user, outsider_user = make_user(), make_user()
    invited = make_org("producer", owner=invited_user)
    make_org("producer", owner=outsider_user)
    services.invite_supplier(ba, rfq.id, invited.id)
    h_in, h_out = token_for(invited_user), token_for(outsider_user)
    assert client.get(f"/api/v1/rfqs/{rfq.id}", headers=h_in).status_code == 200
    assert client.get(f"/api/v1/rfqs/{rfq.id}", headers=h_out).status_code == 404
    assert client.get(f"/api/v1/rfqs/{rfq.id}/quotes", headers=h_out).status_code == 404
    assert client.post(f"/api/v1/rfqs/{rfq.id}/quotes", json=_quote_body(), headers=h_out).status_code == 404
    assert client.get(f"/api/v1/rfqs/{rfq.id}/messages", headers=h_out).status_code == 404
    assert rfq.id not in [r["id"] for r in client.get("/api/v1/rfqs", headers=h_out).json["items"]]
    assert rfq.id in [r["id"] for r in client.get("/api/v1/rfqs", headers=h_in).json["items"]]
    # a public one is listed for everyone, a draft for nobody but the buyer
    public = services.create_rfq(ba, rfq_data(required_labels=[]))
    draft = services.create_rfq(ba, rfq_data(required_labels=[], status="draft"))
    ids = [r["id"] for r in client.get("/api/v1/rfqs", headers=h_out).json["items"]]
    assert public.id in ids and draft.id not in ids
    assert client.get(f"/api/v1/rfqs/{draft.id}", headers=h_in).status_code == 404
    # matches are the buyer's alone
    assert client.get(f"/api/v1/rfqs/{public.id}/matches", headers=h_out).status_code == 403
    assert Actor.for_user(outsider_user).org.kind.value == "producer"


def test_quotes_visibility_accept_deal_and_decline_others(client, producer, buyer, listing, certify, sync, token_for,
                                                          make_user, make_org):
    from app.extensions import db
    from app.notifications.models import Notification
    from app.sourcing.models import Deal

    suppliers, (ba, borg, buser) = _setup(producer, buyer, listing, certify, sync)
    hb = token_for(buser)
    r = client.post("/api/v1/rfqs", json=rfq_data(visibility="invited"), headers=hb)
    assert r.status_code == 201, r.json
    rfq_id = r.json["id"]
    matches = client.get(f"/api/v1/rfqs/{rfq_id}/matches", headers=hb).json
    assert {i["org_id"] for i in matches["items"]} == {s[1].id for s in suppliers}
    for item in matches["items"]:
        assert round(sum(c["points"] for c in item["explanation"].values()), 2) == item["score"]
    sup_tokens = []
    for actor, org, item in suppliers:
        assert client.post(f"/api/v1/rfqs/{rfq_id}/invitations", json={"supplier_org_id": org.id, "listing_id": item.id},
                           headers=hb).status_code == 201
        h = token_for(actor.user)
        sup_tokens.append(h)
        r = client.post(f"/api/v1/rfqs/{rfq_id}/quotes", json=_quote_body(listing_id=item.id), headers=h)
        assert r.status_code == 201, r.json
        assert client.post(f"/api/v1/rfqs/{rfq_id}/quotes", json=_quote_body(), headers=h).status_code == 409
    # the buyer sees both quotes, each supplier only its own
    assert len(client.get(f"/api/v1/rfqs/{rfq_id}/quotes", headers=hb).json) == 2
    own = [client.get(f"/api/v1/rfqs/{rfq_id}/quotes", headers=h).json for h in sup_tokens]
    assert [len(q) for q in own] == [1, 1] and own[0][0]["supplier_org_id"] == suppliers[0][1].id
    # another buyer sees nothing
    other_buyer = make_user()
    make_org("buyer", owner=other_buyer)
    assert client.get(f"/api/v1/rfqs/{rfq_id}/quotes", headers=token_for(other_buyer)).status_code == 404
    # a supplier cannot accept
    q0, q1 = own[0][0]["id"], own[1][0]["id"]
    assert client.post(f"/api/v1/quotes/{q0}/accept", json={}, headers=sup_tokens[0]).status_code == 403
    r = client.post(f"/api/v1/quotes/{q0}/accept", json={"reason": "Giá cao hơn"}, headers=hb)
    assert r.status_code == 201, r.json
    deal = r.json
    assert deal["buyer_org_id"] == borg.id and deal["supplier_org_id"] == suppliers[0][1].id
    assert deal["total_vnd"] == 1600 * 50000 and deal["listing_id"] == suppliers[0][2].id
    declined = client.get(f"/api/v1/rfqs/{rfq_id}/quotes", headers=sup_tokens[1]).json[0]
    assert declined["status"] == "declined" and declined["decline_reason"] == "Giá cao hơn"
    assert client.get(f"/api/v1/rfqs/{rfq_id}", headers=hb).json["status"] == "awarded"
    assert client.post(f"/api/v1/quotes/{q1}/accept", json={}, headers=hb).status_code == 409
    # the deal is on both sides' lists and dashboards, and nobody else's
    for h in (hb, sup_tokens[0]):
        assert [d["id"] for d in client.get("/api/v1/deals", headers=h).json["items"]] == [deal["id"]]
    assert client.get("/api/v1/deals", headers=sup_tokens[1]).json["items"] == []
    assert client.get(f"/api/v1/deals/{deal['id']}", headers=sup_tokens[1]).status_code == 404
    assert db.session.scalar(db.select(db.func.count(Deal.id))) == 1
    kinds = set(db.session.scalars(db.select(Notification.kind)))
    assert {"sourcing.invited", "sourcing.quote", "sourcing.deal", "sourcing.quote_declined"} <= kinds


def test_messages_only_between_thread_parties(client, producer, buyer, listing, certify, sync, token_for, outbox,
                                              make_user, make_org, delivered):
    suppliers, (ba, borg, buser) = _setup(producer, buyer, listing, certify, sync)
    from app.sourcing import services

    hb = token_for(buser)
    rfq = services.create_rfq(ba, rfq_data(visibility="invited"))
    (a0, org0, _), (a1, org1, _) = suppliers
    services.invite_supplier(ba, rfq.id, org0.id)
    services.invite_supplier(ba, rfq.id, org1.id)
    h0, h1 = token_for(a0.user), token_for(a1.user)
    r = client.post(f"/api/v1/rfqs/{rfq.id}/messages", json={"body": "Cho hỏi thêm về nắp hộp?"}, headers=h0)
    assert r.status_code == 201, r.json
    assert not outbox(buser.email), "no e-mail inside the request"
    assert delivered(buser.email), "the buyer is e-mailed by the job runner"
    # the buyer reads thread 0 (unread count first), supplier 1 sees nothing of it
    threads = client.get(f"/api/v1/rfqs/{rfq.id}/threads", headers=hb).json
    assert [(t["supplier_org_id"], t["unread"]) for t in threads] == [(org0.id, 1)]
    assert client.get(f"/api/v1/rfqs/{rfq.id}/threads", headers=h1).json == []
    msgs = client.get(f"/api/v1/rfqs/{rfq.id}/messages", query_string={"supplier_org_id": org0.id}, headers=hb).json
    assert [m["body"] for m in msgs] == ["Cho hỏi thêm về nắp hộp?"]
    assert client.get(f"/api/v1/rfqs/{rfq.id}/threads", headers=hb).json[0]["unread"] == 0
    assert client.get(f"/api/v1/rfqs/{rfq.id}/messages", headers=h1).json == []
    assert client.get(f"/api/v1/rfqs/{rfq.id}/messages", query_string={"supplier_org_id": org0.id},
                      headers=h1).status_code == 404
    assert client.post(f"/api/v1/rfqs/{rfq.id}/messages", json={"body": "x", "supplier_org_id": org0.id},
                       headers=h1).status_code == 404
    stranger = make_user()
    make_org("buyer", owner=stranger)
    assert client.get(f"/api/v1/rfqs/{rfq.id}/messages", query_string={"supplier_org_id": org0.id},
                      headers=token_for(stranger)).status_code == 404
    r = client.post(f"/api/v1/rfqs/{rfq.id}/messages", json={"body": "Nắp PP", "supplier_org_id": org0.id}, headers=hb)
    assert r.status_code == 201
    assert delivered(a0.user.email)


def test_expiry_and_quote_cap(client, producer, buyer, token_for, make_user, make_org, app):
    from app import clock
    from app.sourcing import services
    from app.sourcing.models import Rfq, RfqStatus

    ba, borg, buser = buyer()
    rfq = services.create_rfq(ba, rfq_data(required_labels=[], max_quotes=2))
    tokens = []
    for _ in range(3):
        u = make_user()
        make_org("producer", owner=u)
        tokens.append(token_for(u))
    assert client.post(f"/api/v1/rfqs/{rfq.id}/quotes", json=_quote_body(), headers=tokens[0]).status_code == 201
    assert client.post(f"/api/v1/rfqs/{rfq.id}/quotes", json=_quote_body(), headers=tokens[1]).status_code == 201
    assert client.get(f"/api/v1/rfqs/{rfq.id}", headers=token_for(buser)).json["status"] == "closed"
    assert client.post(f"/api/v1/rfqs/{rfq.id}/quotes", json=_quote_body(), headers=tokens[2]).status_code == 409
    other = services.create_rfq(ba, rfq_data(required_labels=[]))
    clock.advance(dt.timedelta(days=15))
    assert client.get(f"/api/v1/rfqs/{other.id}", headers=token_for(buser)).json["status"] == "expired"
    assert client.post(f"/api/v1/rfqs/{other.id}/quotes", json=_quote_body(), headers=tokens[2]).status_code == 409
    result = app.test_cli_runner().invoke(args=["rfqs", "expire"])
    assert "Expired 1" in result.output
    from app.extensions import db

    assert db.session.get(Rfq, other.id).status == RfqStatus.expired


def test_reverse_matching_notifies_supplier_and_saved_search_and_digest(client, producer, buyer, listing, certify,
                                                                        sync, app, outbox, login, post_form):
    from app.extensions import db
    from app.notifications.models import Notification
    from app.sourcing import services

    ba, borg, buser = buyer()
    rfq = services.create_rfq(ba, rfq_data(title="Hộp bã mía", required_labels=["vn-ecolabel"]))
    services.save_search(ba, {"name": "Bã mía", "params": {"q": "bã mía", "category": ["packaging"]}})
    services.save_search(ba, {"name": "Gạo", "params": {"q": "gạo hữu cơ"}})
    pa, porg = producer()
    item = listing(pa)  # published, but no certified label yet: no request match, the search matches
    notes = lambda uid, kind: list(db.session.scalars(db.select(Notification).where(  # noqa: E731
        Notification.user_id == uid, Notification.kind == kind)))
    # matching runs after the commit, in the indexer — never inside the producer's request
    assert notes(buser.id, "sourcing.search_match") == []
    sync()
    assert notes(pa.user.id, "sourcing.rfq_match") == []
    assert len(notes(buser.id, "sourcing.search_match")) == 1
    certify(porg.id, "vn-ecolabel", item.id)  # now it matches the request
    sync()
    assert len(notes(pa.user.id, "sourcing.rfq_match")) == 1
    from app.catalog.services import update_listing

    update_listing(pa, item.id, {"description": "Hộp bã mía có nắp, phân huỷ sinh học trong 90 ngày."})
    sync()
    assert len(notes(pa.user.id, "sourcing.rfq_match")) == 1, "never twice for the same pair"
    assert len(notes(buser.id, "sourcing.search_match")) == 1
    assert rfq.id
    # the daily digest e-mails it, with an unsubscribe link per saved search
    result = app.test_cli_runner().invoke(args=["sourcing", "digest"])
    assert "Sent" in result.output
    mails = outbox(buser.email)
    assert mails and "Bã mía" in mails[-1].get_content()
    import re

    links = re.findall(r"https?://\S+/sourcing/unsubscribe/\S+", mails[-1].get_content())
    assert len(links) == 2
    from urllib.parse import urlsplit

    path = urlsplit(links[0]).path
    assert "Bã mía" in client.get(path).get_data(as_text=True)
    r = post_form(path, {})
    assert r.status_code == 200
    assert [s.unsubscribed_at is not None for s in services.list_saved_searches(ba)] == [False, True]
    assert client.get("/sourcing/unsubscribe/forged-token").status_code == 404
    # a second digest has nothing new
    assert "Sent 0" in app.test_cli_runner().invoke(args=["sourcing", "digest"]).output


def test_responsiveness_from_invitation_events(client, producer, buyer, token_for, make_user, make_org):
    from app import clock
    from app.sourcing import services

    ba, borg, buser = buyer()
    pa, porg = producer()
    h = token_for(pa.user)
    with clock.frozen(dt.datetime(2025, 9, 1, 8, 0)):
        r1 = services.create_rfq(ba, rfq_data(required_labels=[], closes_on="2025-09-30"))
        r2 = services.create_rfq(ba, rfq_data(required_labels=[], closes_on="2025-09-30"))
        r3 = services.create_rfq(ba, rfq_data(required_labels=[], closes_on="2025-09-30"))
        for r in (r1, r2, r3):
            services.invite_supplier(ba, r.id, porg.id)
    with clock.frozen(dt.datetime(2025, 9, 1, 12, 0)):
        assert client.post(f"/api/v1/rfqs/{r1.id}/messages", json={"body": "Đã nhận"}, headers=h).status_code == 201
    with clock.frozen(dt.datetime(2025, 9, 2, 8, 0)):
        assert client.post(f"/api/v1/rfqs/{r2.id}/quotes", json=_quote_body(valid_until="2025-10-01"),
                           headers=h).status_code == 201
    with clock.frozen(dt.datetime(2025, 9, 10, 8, 0)):
        stats = services.responsiveness([porg.id])[porg.id]
        assert stats["invitations"] == 3 and stats["responded"] == 2
        assert abs(stats["response_rate"] - 2 / 3) < 1e-9 and stats["median_hours"] == 14.0
        page = client.get(f"/orgs/{porg.id}?lang=en").get_data(as_text=True)
        assert "67%" in page and "14.0 hours" in page


def test_pages_render(client, producer, buyer, listing, certify, sync, login, post_form, make_user):
    from app import clock

    suppliers, (ba, borg, buser) = _setup(producer, buyer, listing, certify, sync, n_suppliers=1)
    c = login(buser)
    assert c.get("/sourcing/requests/new").status_code == 200
    data = rfq_data(required_labels="vn-ecolabel", action="open", closes_on=(clock.today() + dt.timedelta(days=9)).isoformat())
    data.pop("status")
    r = post_form("/sourcing/requests/new", data, c=c)
    assert r.status_code == 302, r.get_data(as_text=True)[:3000]
    detail = r.headers["Location"]
    assert c.get(detail).status_code == 200
    page = c.get(detail + "/matches").get_data(as_text=True)
    assert suppliers[0][1].display_name in page and "/ 100" in page
    for url in ("/sourcing/requests", "/sourcing/deals", "/sourcing/saved-searches", detail + "/quotes", "/dashboard"):
        assert c.get(url).status_code == 200, url
    sup = login(suppliers[0][0].user, c=client.application.test_client())
    assert sup.get("/sourcing/open").status_code == 200
    assert sup.get(detail).status_code == 200
    assert sup.get(detail + "/quote").status_code == 200
    assert sup.get(detail + "/matches").status_code in (403, 404)


def test_deal_page_shows_registered_sections(client, producer, buyer, login, make_user, make_org):
    from app import clock
    from app.sourcing import extensions, services

    ba, borg, buser = buyer()
    rfq = services.create_rfq(ba, rfq_data(required_labels=[], visibility="invited"))
    u = make_user()
    org = make_org("producer", owner=u)
    services.invite_supplier(ba, rfq.id, org.id)
    from app.permissions import Actor

    quote = services.submit_quote(Actor.for_user(u), rfq.id, {
        "unit_price_vnd": 1500, "quantity": 50000, "lead_time_days": 7,
        "valid_until": (clock.today() + dt.timedelta(days=9)).isoformat()})
    deal = services.accept_quote(ba, quote.id)
    page = login(buser).get(f"/sourcing/deals/{deal.id}?lang=en").get_data(as_text=True)
    assert "Deal between" in page
    if extensions.registries.items(extensions.DEAL_SECTIONS):  # logistics registers the transport section
        assert "No transport quote for this deal yet." in page and "Arrange transport" in page


def test_invite_from_matches_page_never_redirects_off_site(client, producer, buyer, listing, certify, sync, login,
                                                          post_form):
    from app.sourcing import services

    suppliers, (ba, borg, buser) = _setup(producer, buyer, listing, certify, sync, n_suppliers=1)
    rfq = services.create_rfq(ba, rfq_data(required_labels=[]))
    c = login(buser)
    matches = f"/sourcing/requests/{rfq.id}/matches"
    r = post_form(f"/sourcing/requests/{rfq.id}/invite", {"supplier_org_id": suppliers[0][1].id}, get_path=matches,
                  c=c, headers={"Referer": "https://evil.example.com/phish"})
    assert r.status_code == 302
    assert "evil.example.com" not in r.headers["Location"]
    assert r.headers["Location"].endswith(matches)
