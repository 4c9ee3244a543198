"""A buyer's buttons on listing pages and storefronts: request a quote (a direct inquiry), message the
supplier (and the inbox both sides see), save / follow with alerts from the job runner, add a listing
to one of my requests — pages without JavaScript, their API twins, and who may do what."""
from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_from
from tests.sourcing.conftest import rfq_data


@pytest.fixture()
def supplier(producer, listing):
    """supplier() → (actor, org, listing): an approved producer with one published listing (MOQ 1 000 pieces)."""

    def do(**org_fields):
        org_fields.setdefault("trade_name", "Bao Bì Bã Mía Sài Gòn")
        actor, org = producer(**org_fields)
        return actor, org, listing(actor)

    return do


def _mails(outbox, user):
    return outbox(user.email)


def _run_mail_job(app):
    """The job runner's e-mail step (notifications.deliver): returns how many went out."""
    from app.notifications.delivery import deliver_pending

    return int(deliver_pending().split(",")[0].split()[1])


# ------------------------------------------------------------------ buttons on the pages

def test_visitor_sees_buttons_and_comes_back_to_a_prefilled_inquiry_after_signing_in(client, supplier, make_user,
                                                                                     make_org):
    _sa, sorg, item = supplier()
    page = client.get(f"/listings/{item.id}?lang=en").get_data(as_text=True)
    for label in ("Request a quote", "Message the supplier", "Save"):
        assert label in page
    inquiry_url = f"/sourcing/inquiries/new?listing={item.id}"
    assert f'href="{inquiry_url}"' in page.replace("&amp;", "&")
    # pressing it asks to sign in, then comes back to the same form
    r = client.get(inquiry_url)
    assert r.status_code == 302 and "/account/login" in r.location
    next_url = re.search(r"next=([^&]+)", r.location).group(1)
    from urllib.parse import unquote

    assert unquote(next_url).endswith(inquiry_url)
    buyer = make_user()
    make_org("buyer", owner=buyer, province_code="48")
    login_page = client.get(r.location)
    token = csrf_from(login_page.get_data(as_text=True))
    from tests.conftest import PASSWORD

    signed = client.post(r.location, data={"csrf_token": token, "email": buyer.email, "password": PASSWORD})
    assert signed.status_code == 302 and signed.location.endswith(inquiry_url)
    form = client.get(signed.location + "&lang=en").get_data(as_text=True)
    assert 'name="quantity"' in form and 'value="1000"' in form  # the listing's MOQ
    assert re.search(r'<option selected value="48">|<option value="48" selected>', form)  # the buyer's province
    assert "Minimum order" in form and "1,000" in form and "piece" in form.lower()


def _confirm_link(outbox, email: str) -> str:
    body = outbox(email)[-1].get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/account/confirm/\S+", body).group(0)


def test_new_visitor_registers_confirms_and_lands_on_the_prefilled_inquiry(client, supplier, outbox, app):
    """'Request a quote' → sign-in page → 'Create an account' → register → the e-mailed confirmation link
    (built from BASE_URL whatever Host the request named) → sign in → the prefilled form."""
    from urllib.parse import urlsplit

    from tests.conftest import PASSWORD

    _sa, _sorg, item = supplier()
    inquiry_url = f"/sourcing/inquiries/new?listing={item.id}"
    login_url = client.get(inquiry_url).location
    login_page = client.get(login_url).get_data(as_text=True).replace("&amp;", "&")
    register_url = re.search(r'href="(/account/register\?next=[^"]+)"', login_page).group(1)
    page = client.get(register_url, headers={"Host": "evil.example"})
    token = csrf_from(page.get_data(as_text=True))
    r = client.post(register_url, headers={"Host": "evil.example"},
                    data={"csrf_token": token, "full_name": "Trần Văn Mua", "email": "mua@example.vn",
                          "password": PASSWORD, "confirm": PASSWORD})
    assert r.status_code == 200
    link = _confirm_link(outbox, "mua@example.vn")
    assert link.startswith(app.config["BASE_URL"].rstrip("/") + "/account/confirm/") and "evil" not in link
    confirmed = client.get(urlsplit(link).path)
    assert confirmed.status_code == 302
    signin = confirmed.location
    assert urlsplit(signin).path == "/account/login" and "next=" in signin
    page = client.get(signin)
    signed = client.post(signin, data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                       "email": "mua@example.vn", "password": PASSWORD})
    assert signed.status_code == 302 and signed.location.endswith(inquiry_url)
    form = client.get(signed.location + "&lang=en").get_data(as_text=True)
    assert 'name="quantity"' in form and 'value="1000"' in form  # prefilled with the listing's MOQ


@pytest.mark.parametrize("bad", ["//evil.example/x", "https://evil.example/x", "javascript:alert(1)", "sourcing/x",
                                 "/\\evil.example"])
def test_registration_never_carries_a_next_that_leaves_the_site(client, post_form, outbox, bad):
    from urllib.parse import urlsplit

    from tests.conftest import PASSWORD

    page = client.get("/account/register", query_string={"next": bad}).get_data(as_text=True)
    assert 'href="/account/login"' in page  # its "Sign in" link carries no next
    r = post_form("/account/register", {"full_name": "Khách", "email": "khach@example.vn", "password": PASSWORD,
                                        "confirm": PASSWORD}, query_string={"next": bad})
    assert r.status_code == 200
    confirmed = client.get(urlsplit(_confirm_link(outbox, "khach@example.vn")).path)
    assert confirmed.status_code == 302 and "next=" not in confirmed.location
    page = client.get(confirmed.location)
    signed = client.post(confirmed.location, data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                                   "email": "khach@example.vn", "password": PASSWORD})
    assert signed.status_code == 302 and signed.location.endswith("/dashboard")


def test_own_listing_and_own_storefront_show_no_buying_buttons(supplier, login):
    sa, sorg, item = supplier()
    c = login(sa.user)
    page = c.get(f"/listings/{item.id}?lang=en").get_data(as_text=True)
    assert "Request a quote" not in page and "Message the supplier" not in page and "Edit listing" in page
    store = c.get(f"/producers/{sorg.id}?lang=en").get_data(as_text=True)
    assert "Request a quote" not in store and "Follow" not in store
    # and the service refuses it too
    r = c.get(f"/sourcing/inquiries/new?listing={item.id}")
    assert r.status_code == 403


def test_storefront_offers_quote_message_and_follow(client, supplier):
    _sa, sorg, _item = supplier()
    page = client.get(f"/producers/{sorg.id}?lang=en").get_data(as_text=True).replace("&amp;", "&")
    assert f'href="/sourcing/inquiries/new?supplier={sorg.id}"' in page
    assert f'href="/sourcing/suppliers/{sorg.id}/message"' in page
    assert "Follow" in page
    profile = client.get(f"/orgs/{sorg.id}?lang=en").get_data(as_text=True)
    assert "Request a quote" in profile


# ------------------------------------------------------------------ request a quote

def test_inquiry_from_the_page_reaches_the_supplier_who_quotes_and_both_see_the_thread(
        app, client, supplier, buyer, login, post_form, outbox):
    from app.extensions import db
    from app.notifications.models import Notification
    from app.sourcing.models import Rfq, RfqStatus, Visibility

    sa, sorg, item = supplier()
    ba, borg, buser = buyer(province_code="1")
    c = login(buser)
    r = post_form(f"/sourcing/inquiries/new?listing={item.id}",
                  {"listing_id": item.id, "quantity": "5.000", "delivery_province": "1", "needed_by": "",
                   "message": "Cần 5.000 hộp giao Hà Nội trong tháng"}, c=c)
    assert r.status_code == 302, r.get_data(as_text=True)
    rfq = db.session.scalar(db.select(Rfq).where(Rfq.source_listing_id == item.id))
    assert r.location.endswith(f"/sourcing/requests/{rfq.id}")
    assert rfq.visibility == Visibility.invited and rfq.status == RfqStatus.open and rfq.quantity == 5000
    assert rfq.unit == "piece" and rfq.title == item.title and rfq.buyer_org_id == borg.id
    assert [i.supplier_org_id for i in rfq.invitations] == [sorg.id] and rfq.invitations[0].listing_id == item.id
    # the supplier is told in the app at once, by e-mail only when the job runs
    note = db.session.scalar(db.select(Notification).where(Notification.user_id == sa.user.id,
                                                           Notification.kind == "sourcing.inquiry"))
    assert note is not None and borg.display_name in note.title
    assert _mails(outbox, sa.user) == []
    assert _run_mail_job(app) >= 1
    mails = _mails(outbox, sa.user)
    assert len(mails) == 1
    text = mails[0].get_body(preferencelist=("plain",)).get_content()
    assert f"http://localhost/sourcing/requests/{rfq.id}" in text
    assert _run_mail_job(app) == 0 and len(_mails(outbox, sa.user)) == 1  # sent once
    # the buyer's page says it is a direct inquiry about this listing; a second one is refused
    page = c.get(f"/sourcing/requests/{rfq.id}?lang=en").get_data(as_text=True)
    assert "Direct inquiry" in page and f"/listings/{item.id}" in page
    again = post_form(f"/sourcing/inquiries/new?listing={item.id}",
                      {"listing_id": item.id, "quantity": "10", "delivery_province": "1"}, c=c)
    assert again.status_code == 409
    assert db.session.scalar(db.select(db.func.count(Rfq.id)).where(Rfq.source_listing_id == item.id)) == 1
    listing_page = c.get(f"/listings/{item.id}?lang=en").get_data(as_text=True)
    assert "See your inquiry" in listing_page
    # the supplier answers with a quote from the inquiry's page
    sc = app.test_client()
    login(sa.user, sc)
    listed = sc.get("/sourcing/requests?lang=en").get_data(as_text=True)
    assert f"/sourcing/requests/{rfq.id}" in listed and "Direct inquiry" in listed
    spage = sc.get(f"/sourcing/requests/{rfq.id}?lang=en").get_data(as_text=True)
    assert "You are invited to quote" in spage and "Send a quote" in spage
    q = post_form(f"/sourcing/requests/{rfq.id}/quote", {"unit_price_vnd": "1.700", "quantity": "5.000",
                                                        "lead_time_days": "7", "valid_until": "2099-01-01",
                                                        "listing_id": str(item.id)}, c=sc)
    assert q.status_code == 302, q.get_data(as_text=True)
    quotes = c.get(f"/api/v1/rfqs/{rfq.id}/quotes", headers=_token(buser)).json
    assert [(x["supplier_org_id"], x["unit_price_vnd"]) for x in quotes] == [(sorg.id, 1700)]
    # both sides see the conversation in their inbox, and the buyer's first message in it
    for side in (c, sc):
        inbox = side.get("/messages?lang=en").get_data(as_text=True)
        assert f"/sourcing/requests/{rfq.id}/messages/{sorg.id}" in inbox
        thread = side.get(f"/sourcing/requests/{rfq.id}/messages/{sorg.id}").get_data(as_text=True)
        assert "Cần 5.000 hộp giao Hà Nội trong tháng" in thread


def _token(user):
    from app.accounts.services import issue_api_token

    return {"Authorization": f"Bearer {issue_api_token(user)}"}


INQUIRY_BAD = {"quantity": "abc", "delivery_province": "", "needed_by": "2001-01-01"}


def test_inquiry_form_and_api_give_the_same_field_errors_and_change_nothing(client, supplier, buyer, login, post_form):
    from app.extensions import db
    from app.sourcing.models import Rfq

    _sa, _sorg, item = supplier()
    _ba, _borg, buser = buyer()
    c = login(buser)
    form = post_form(f"/sourcing/inquiries/new?listing={item.id}", {"listing_id": item.id, **INQUIRY_BAD}, c=c)
    api = c.post("/api/v1/inquiries", json={"listing_id": item.id, **INQUIRY_BAD},
                 headers={**_token(buser), "Accept-Language": "vi"})
    from tests.test_input_once import same_errors

    same_errors(form, api, list(INQUIRY_BAD))
    assert db.session.scalar(db.select(db.func.count(Rfq.id))) == 0


def test_inquiry_api(client, supplier, buyer, make_user, make_org, listing, token_for):
    import datetime as dt

    from app import clock
    from app.catalog.services import set_status

    sa, sorg, item = supplier()
    _ba, borg, buser = buyer()
    h = token_for(buser)
    body = {"listing_id": item.id, "quantity": 2500, "delivery_province": "79", "message": "Báo giá giúp"}
    r = client.post("/api/v1/inquiries", json=body, headers=h)
    assert r.status_code == 201, r.json
    data = r.json
    assert data["source_listing_id"] == item.id and data["supplier_org_id"] == sorg.id and data["visibility"] == "invited"
    assert data["unit"] == "piece" and data["quantity"] == 2500 and data["status"] == "open" and data["thread_id"]
    assert client.post("/api/v1/inquiries", json=body, headers=h).status_code == 409
    assert data["closes_on"] == (clock.today() + dt.timedelta(days=30)).isoformat()  # quotes taken for a month
    other = listing(sa, title="Hộp bã mía 500 ml")
    soon = (clock.today() + dt.timedelta(days=7)).isoformat()
    r2 = client.post("/api/v1/inquiries", json={**body, "listing_id": other.id, "needed_by": soon}, headers=h)
    assert r2.status_code == 201 and r2.json["closes_on"] == soon and r2.json["needed_by"] == soon
    # the supplier sees it among its requests and in its inbox
    sh = token_for(sa.user)
    assert data["id"] in [x["id"] for x in client.get("/api/v1/rfqs", headers=sh).json["items"]]
    convs = client.get("/api/v1/conversations", headers=sh).json
    assert convs["total"] == 2 and {c["kind"] for c in convs["items"]} == {"request"}
    assert [c["unread"] for c in convs["items"]] == [1, 1]
    # own listing: 403; unpublished or unknown listing: 404; unknown field: 422
    assert client.post("/api/v1/inquiries", json=body, headers=sh).status_code == 403
    draft = listing(sa, status="draft", title="Hộp nháp")
    assert client.post("/api/v1/inquiries", json={**body, "listing_id": draft.id}, headers=h).status_code == 404
    assert client.post("/api/v1/inquiries", json={**body, "listing_id": 2**31 - 1}, headers=h).status_code == 404
    assert client.post("/api/v1/inquiries", json={**body, "colour": "xanh"}, headers=h).status_code == 422
    # a buyer organisation waiting for approval cannot send one
    pending_user = make_user()
    make_org("buyer", owner=pending_user, status="pending")
    r = client.post("/api/v1/inquiries", json=body, headers=token_for(pending_user))
    assert r.status_code == 403
    # an archived listing takes no more inquiries
    set_status(sa, item.id, "archived")
    other_user = make_user()
    make_org("buyer", owner=other_user)
    assert client.post("/api/v1/inquiries", json=body, headers=token_for(other_user)).status_code == 404


def test_storefront_inquiry_lets_the_buyer_choose_the_product(supplier, buyer, listing, login, post_form):
    from app.extensions import db
    from app.sourcing.models import Rfq

    sa, sorg, item = supplier()
    second = listing(sa, title="Ống hút bã mía", unit="piece", moq=20000)
    _ba, _borg, buser = buyer()
    c = login(buser)
    page = c.get(f"/sourcing/inquiries/new?supplier={sorg.id}&lang=en").get_data(as_text=True)
    assert "Ống hút bã mía" in page and item.title in page and "choose a product" in page and "Product to quote" in page
    r = post_form(f"/sourcing/inquiries/new?supplier={sorg.id}", {"listing_id": str(second.id), "quantity": "20000",
                                                                  "delivery_province": "79"}, c=c)
    assert r.status_code == 302
    assert db.session.scalar(db.select(Rfq.source_listing_id)) == second.id
    missing = post_form(f"/sourcing/inquiries/new?supplier={sorg.id}", {"listing_id": "", "quantity": "1",
                                                                        "delivery_province": "79"}, c=c)
    assert missing.status_code == 422


# ------------------------------------------------------------------ message the supplier, inbox

def test_message_the_supplier_both_sides_see_the_thread_and_strangers_do_not(app, supplier, buyer, login, post_form,
                                                                            outbox, token_for, make_user, make_org):
    from app.extensions import db
    from app.sourcing.models import Thread

    sa, sorg, item = supplier()
    _ba, borg, buser = buyer()
    c = login(buser)
    form = c.get(f"/sourcing/suppliers/{sorg.id}/message?listing={item.id}&lang=en").get_data(as_text=True)
    assert item.title in form
    r = post_form(f"/sourcing/suppliers/{sorg.id}/message?listing={item.id}",
                  {"body": "Hộp có in logo được không?", "listing_id": str(item.id)}, c=c)
    assert r.status_code == 302
    thread = db.session.scalar(db.select(Thread).where(Thread.rfq_id.is_(None)))
    assert r.location.endswith(f"/messages/{thread.id}")
    assert (thread.buyer_org_id, thread.supplier_org_id, thread.listing_id) == (borg.id, sorg.id, item.id)
    # the button again leads to the same conversation, not a new one
    again = c.get(f"/sourcing/suppliers/{sorg.id}/message?listing={item.id}")
    assert again.status_code == 302 and f"/messages/{thread.id}" in again.location
    # the supplier: unread in the inbox, replies; e-mail copies go out with the job
    sc = app.test_client()
    login(sa.user, sc)
    inbox = sc.get("/messages?lang=en").get_data(as_text=True)
    assert borg.display_name in inbox and "1 unread" in inbox and "Hộp có in logo được không?" in inbox
    dashboard = sc.get("/dashboard?lang=en").get_data(as_text=True)
    assert re.search(r'<a href="/messages"><span class="badge badge-unread">1 unread message', dashboard)
    reply = post_form(f"/messages/{thread.id}", {"body": "Được ạ, tối thiểu 10.000 hộp."}, c=sc)
    assert reply.status_code == 302
    page = c.get(f"/messages/{thread.id}").get_data(as_text=True)
    assert "Hộp có in logo được không?" in page and "Được ạ, tối thiểu 10.000 hộp." in page
    assert _mails(outbox, sa.user) == [] and _mails(outbox, buser) == []
    _run_mail_job(app)
    assert len(_mails(outbox, sa.user)) == 1 and len(_mails(outbox, buser)) == 1
    # API: both sides list it; a stranger gets 404 on the page and in the API
    api = c.get("/api/v1/conversations", headers=token_for(buser)).json
    assert api["items"][0]["id"] == thread.id and api["items"][0]["kind"] == "direct"
    msgs = c.get(f"/api/v1/conversations/{thread.id}/messages", headers=token_for(sa.user)).json
    assert [m["body"] for m in msgs] == ["Hộp có in logo được không?", "Được ạ, tối thiểu 10.000 hộp."]
    stranger = make_user()
    make_org("buyer", owner=stranger)
    xc = app.test_client()
    login(stranger, xc)
    assert xc.get(f"/messages/{thread.id}").status_code == 404
    h = token_for(stranger)
    assert c.get(f"/api/v1/conversations/{thread.id}/messages", headers=h).status_code == 404
    assert c.post(f"/api/v1/conversations/{thread.id}/messages", json={"body": "x"}, headers=h).status_code == 404
    # empty message: 422 on the page and in the API, nothing written
    empty = post_form(f"/messages/{thread.id}", {"body": ""}, c=c)
    assert empty.status_code == 422
    assert c.post(f"/api/v1/suppliers/{sorg.id}/messages", json={"body": ""}, headers=token_for(buser)).status_code == 422
    assert len(thread.messages) == 2


def test_message_api_starts_one_conversation_per_buyer_and_supplier(client, supplier, buyer, token_for):
    sa, sorg, item = supplier()
    _ba, borg, buser = buyer()
    h = token_for(buser)
    first = client.post(f"/api/v1/suppliers/{sorg.id}/messages", json={"body": "Chào anh", "listing_id": item.id}, headers=h)
    second = client.post(f"/api/v1/suppliers/{sorg.id}/messages", json={"body": "Cho hỏi thêm"}, headers=h)
    assert first.status_code == second.status_code == 201
    assert first.json["thread_id"] == second.json["thread_id"]
    assert client.post(f"/api/v1/suppliers/{sorg.id}/messages", json={"body": "x"}, headers=token_for(sa.user)).status_code == 403
    assert client.post(f"/api/v1/suppliers/{borg.id}/messages", json={"body": "x"}, headers=h).status_code == 404
    other_listing = client.post(f"/api/v1/suppliers/{sorg.id}/messages", json={"body": "x", "listing_id": 2**31 - 1},
                                headers=h)
    assert other_listing.status_code == 422 and "listing_id" in other_listing.json["error"]["fields"]


# ------------------------------------------------------------------ save, follow, alerts

def test_saved_listing_alerts_once_per_change_and_followed_supplier_new_listings(
        app, client, supplier, buyer, listing, login, post_form, outbox, token_for, certify):
    from app import clock
    from app.catalog.services import set_status, update_listing
    from app.extensions import db
    from app.notifications.models import Notification
    from app.sourcing.services import watch

    sa, sorg, item = supplier()
    _ba, _borg, buser = buyer()
    c = login(buser)
    r = post_form(f"/saved/listings/{item.id}", {"next": f"/listings/{item.id}"}, get_path=f"/listings/{item.id}", c=c)
    assert r.status_code == 302 and r.location.endswith(f"/listings/{item.id}")
    assert "Saved ✓" in c.get(f"/listings/{item.id}?lang=en").get_data(as_text=True)
    r = post_form(f"/saved/suppliers/{sorg.id}", {}, get_path=f"/producers/{sorg.id}", c=c)
    assert r.status_code == 302
    saved = c.get("/saved?lang=en").get_data(as_text=True)
    assert item.title in saved and sorg.display_name in saved

    def alerts(kind):
        return list(db.session.scalars(db.select(Notification).where(Notification.user_id == buser.id,
                                                                     Notification.kind == kind)))

    assert watch() == {"changed": 0, "new": 0}
    update_listing(sa, item.id, {"price_tiers": [{"min_qty": 1000, "price_vnd": 1600}]})
    certify(sorg.id, "vn-ecolabel", item.id)
    with clock.frozen(clock.now() + __import__("datetime").timedelta(minutes=5)):
        fresh = listing(sa, title="Khay bã mía 3 ngăn")
    counts = watch()
    assert counts == {"changed": 1, "new": 1}
    changed = alerts("sourcing.saved_listing_changed")
    assert len(changed) == 1 and "1.600" in changed[0].body and "1.800" in changed[0].body
    assert "Nhãn sinh thái" in changed[0].body or "Ecolabel" in changed[0].body
    new = alerts("sourcing.followed_new_listing")
    assert len(new) == 1 and fresh.title in new[0].title
    assert watch() == {"changed": 0, "new": 0}  # each change told once
    set_status(sa, item.id, "archived")
    assert watch()["changed"] == 1
    assert "no longer" in alerts("sourcing.saved_listing_changed")[-1].body.lower() or \
        "không còn" in alerts("sourcing.saved_listing_changed")[-1].body.lower()
    # e-mail copies go out with the job runner
    assert _mails(outbox, buser) == []
    assert _run_mail_job(app) == 3 and len(_mails(outbox, buser)) == 3
    # the API twin
    h = token_for(buser)
    body = client.get("/api/v1/saved", headers=h).json
    assert [x["listing_id"] for x in body["listings"]] == [item.id] and body["listings"][0]["status"] == "archived"
    assert [x["supplier_org_id"] for x in body["suppliers"]] == [sorg.id]
    assert client.delete(f"/api/v1/saved/listings/{item.id}", headers=h).status_code == 204
    assert client.delete(f"/api/v1/saved/listings/{item.id}", headers=h).status_code == 404
    assert client.put(f"/api/v1/saved/listings/{fresh.id}", headers=h).status_code == 200
    assert client.put(f"/api/v1/saved/listings/{fresh.id}", headers=h).status_code == 200  # again: unchanged
    assert [x["listing_id"] for x in client.get("/api/v1/saved", headers=h).json["listings"]] == [fresh.id]
    assert client.put(f"/api/v1/saved/listings/{item.id}", headers=h).status_code == 404  # archived
    assert client.delete(f"/api/v1/saved/suppliers/{sorg.id}", headers=h).status_code == 204
    assert client.put(f"/api/v1/saved/suppliers/{sorg.id}", headers=token_for(sa.user)).status_code == 403


def test_visitor_save_and_follow_ask_to_sign_in_and_come_back(client, supplier):
    _sa, sorg, item = supplier()
    page = client.get(f"/listings/{item.id}?lang=en").get_data(as_text=True)
    assert f'href="/account/login?next=/listings/{item.id}"' in page or \
        f'href="/account/login?next=%2Flistings%2F{item.id}"' in page
    r = client.post(f"/saved/listings/{item.id}")
    assert r.status_code in (302, 400)  # no session, no CSRF token: nothing saved
    store = client.get(f"/producers/{sorg.id}?lang=en").get_data(as_text=True)
    assert f"/account/login?next=%2Fproducers%2F{sorg.id}" in store or f"/account/login?next=/producers/{sorg.id}" in store


def test_saved_page_empty_state_offers_a_way_on(login_as):
    c, _user, _org = login_as("buyer")
    page = c.get("/saved?lang=en").get_data(as_text=True)
    assert "No saved products yet" in page and 'href="/search"' in page
    inbox = c.get("/messages?lang=en").get_data(as_text=True)
    assert "No conversations yet" in inbox and 'href="/search"' in inbox


# ------------------------------------------------------------------ add to one of my requests

def test_add_listing_to_my_open_request(client, supplier, buyer, login, post_form, token_for):
    from app.sourcing import services

    sa, sorg, item = supplier()
    ba, borg, buser = buyer()
    rfq = services.create_rfq(ba, rfq_data(required_labels=[]))
    c = login(buser)
    page = c.get(f"/listings/{item.id}?lang=en").get_data(as_text=True)
    assert "Add to one of my requests" in page and rfq.title in page
    r = post_form(f"/sourcing/listings/{item.id}/add-to-request", {"rfq_id": str(rfq.id)}, get_path=f"/listings/{item.id}", c=c)
    assert r.status_code == 302 and r.location.endswith(f"/sourcing/requests/{rfq.id}")
    inv = rfq.invitations
    assert [(i.supplier_org_id, i.listing_id) for i in inv] == [(sorg.id, item.id)]
    h = token_for(buser)
    again = client.post(f"/api/v1/listings/{item.id}/add-to-request", json={"rfq_id": rfq.id}, headers=h)
    assert again.status_code == 409
    inquiry = services.send_inquiry(ba, {"listing_id": item.id, "quantity": 1000, "delivery_province": "79"})
    assert client.post(f"/api/v1/listings/{item.id}/add-to-request", json={"rfq_id": inquiry.id},
                       headers=h).status_code == 409
    # somebody else's request: 404; the supplier's own listing: 403
    other_rfq = services.create_rfq(ba, rfq_data(required_labels=[], title="Ống hút giấy"))
    assert client.post(f"/api/v1/listings/{item.id}/add-to-request", json={"rfq_id": other_rfq.id},
                       headers=token_for(sa.user)).status_code == 403
    assert client.post(f"/api/v1/listings/{item.id}/add-to-request", json={"rfq_id": "x"}, headers=h).status_code == 422
    ok = client.post(f"/api/v1/listings/{item.id}/add-to-request", json={"rfq_id": other_rfq.id}, headers=h)
    assert ok.status_code == 201 and ok.json["listing_id"] == item.id


def test_who_cannot_send_yet_is_told_why_before_typing(supplier, make_user, make_org, login, post_form):
    from app.extensions import db
    from app.sourcing.models import Rfq

    _sa, sorg, item = supplier()
    url = f"/sourcing/inquiries/new?listing={item.id}&lang=en"
    lone = make_user()
    page = login(lone).get(url).get_data(as_text=True)
    assert "Create or join an organisation before you ask for quotes." in page and 'href="/orgs/new?next=' in page
    carrier = make_user()
    make_org("logistics", owner=carrier)
    page = login(carrier).get(url).get_data(as_text=True)
    assert "your organisation type cannot" in page
    refused = post_form(url, {"listing_id": item.id, "quantity": "1000", "delivery_province": "79"}, c=login(carrier))
    assert refused.status_code == 403
    waiting = make_user()
    make_org("buyer", owner=waiting, status="pending")
    page = login(waiting).get(url).get_data(as_text=True)
    assert "must be approved by the programme" in page
    assert db.session.scalar(db.select(db.func.count(Rfq.id))) == 0


def test_notifications_are_written_in_the_readers_language(supplier, buyer, token_for, client):
    """An English-speaking buyer's inquiry reaches a Vietnamese supplier in Vietnamese."""
    from app.accounts.services import update_profile
    from app.extensions import db
    from app.notifications.models import Notification

    sa, sorg, item = supplier()
    _ba, _borg, buser = buyer()
    update_profile(buser, {"locale": "en"})
    r = client.post("/api/v1/inquiries", json={"listing_id": item.id, "quantity": 2000, "delivery_province": "79"},
                    headers={**token_for(buser), "Accept-Language": "en"})
    assert r.status_code == 201
    note = db.session.scalar(db.select(Notification).where(Notification.user_id == sa.user.id,
                                                           Notification.kind == "sourcing.inquiry"))
    assert note.title.startswith("Yêu cầu báo giá từ") and "2.000" in note.body


def test_the_indexer_tells_savers_and_followers_seconds_after_the_change(supplier, buyer, listing, sync):
    """No need to wait for the periodic job: once the indexer has written the changed or new listing."""
    from app.catalog.services import update_listing
    from app.extensions import db
    from app.notifications.models import Notification
    from app.sourcing import services

    sa, sorg, item = supplier()
    ba, _borg, buser = buyer()
    services.save_listing(ba, item.id)
    services.follow_supplier(ba, sorg.id)
    sync()
    update_listing(sa, item.id, {"price_tiers": [{"min_qty": 1000, "price_vnd": 1500}]})
    fresh = listing(sa, title="Khay bã mía 3 ngăn")
    kinds = lambda: sorted(n.kind for n in db.session.scalars(  # noqa: E731
        db.select(Notification).where(Notification.user_id == buser.id)))
    assert kinds() == []  # nothing inside the producer's request
    sync()
    assert kinds() == ["sourcing.followed_new_listing", "sourcing.saved_listing_changed"]
    new = db.session.scalar(db.select(Notification).where(Notification.kind == "sourcing.followed_new_listing"))
    assert fresh.title in new.title
    assert services.watch() == {"changed": 0, "new": 0}  # the periodic job does not tell it again
