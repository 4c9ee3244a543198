"""Sponsored listings as a producer and a visitor see them: buying a placement by bank transfer, and the
listing labelled on the public search page while the placement runs, gone exactly at its end."""
from __future__ import annotations

import datetime as dt

from tests.fairs.conftest import make_listing


def test_sponsored_listing_is_labelled_on_the_search_page_and_leaves_at_the_exact_end(client, producer, search_sync,
                                                                                     make_user):
    from app import clock
    from app.fairs import promotions
    from app.payments import services as payments
    from app.permissions import Actor

    actor, _user, org, _ = producer(0)
    listing = make_listing(org, title="Ống hút cỏ bàng Long An", category="packaging.straws")
    search_sync()
    start = clock.now().replace(microsecond=0)
    with clock.frozen(start):
        promo = promotions.buy(actor, {"listing_id": listing.id, "package": "7d"})
        payments.mark_received(Actor.for_user(make_user(role="admin")),
                               payments.payments_for("promotion", [promo.id])[promo.id].id)

    def sponsored_block(html: str) -> str:
        i = html.find('class="result sponsored"')
        return html[i:i + 2000] if i >= 0 else ""

    with clock.frozen(start + dt.timedelta(days=7) - dt.timedelta(seconds=1)):
        html = client.get("/search?q=ong+hut&lang=vi").get_data(as_text=True)
        block = sponsored_block(html)
        assert "Ống hút cỏ bàng Long An" in block and "Được tài trợ" in block
        href = block[block.index('href="'):].split('"')[1]
        html = client.get("/search?q=ong+hut&lang=en").get_data(as_text=True)
        assert "Sponsored" in sponsored_block(html)
    with clock.frozen(start + dt.timedelta(days=7)):
        html = client.get("/search?q=ong+hut&lang=vi").get_data(as_text=True)
        assert sponsored_block(html) == ""
        assert f'href="{href}"' in html  # still there, as an ordinary result


def test_promotion_purchase_by_bank_transfer_as_a_producer_sees_it(client, login, post_form, make_user, make_org):
    from app.extensions import db
    from app.fairs.models import Promotion
    from app.payments import services as payments
    from app.permissions import Actor

    user = make_user()
    org = make_org("producer", owner=user)
    listing = make_listing(org, title="Ống hút cỏ bàng")
    c = login(user)
    page = c.get("/fairs/promotions")
    assert page.status_code == 200 and "Ống hút cỏ bàng" in page.get_data(as_text=True)
    r = post_form("/fairs/promotions", {"listing_id": str(listing.id), "package": "7d"}, c=c)
    assert r.status_code == 302 and "/payments/" in r.headers["Location"]
    pay_page = c.get(r.headers["Location"]).get_data(as_text=True)
    payment = payments.payments_for("promotion", [db.session.scalar(db.select(Promotion.id))])
    payment = next(iter(payment.values()))
    assert payment.reference in pay_page and "350.000" in pay_page and "Chuyển khoản" in pay_page
    # a second purchase while the first waits for money is refused on the form
    r = post_form("/fairs/promotions", {"listing_id": str(listing.id), "package": "14d"}, c=c)
    assert r.status_code == 422 and "đang chờ thanh toán" in r.get_data(as_text=True)
    payments.mark_received(Actor.for_user(make_user(role="admin")), payment.id, {"note": "VCB"})
    html = c.get("/fairs/promotions").get_data(as_text=True)
    promo = db.session.scalar(db.select(Promotion))
    assert promo.status.value == "active" and promo.ends_at - promo.starts_at == dt.timedelta(days=7)
    assert "Ống hút cỏ bàng" in html
