"""Offers past their validity window are closed by a job (the bank is told, once); the /finance/offers
page's filters work as a plain HTML form and it explains an empty result."""
from __future__ import annotations

import datetime as dt

import pytest


def test_job_closes_expired_offers_once_and_notifies_the_bank(bank, make_offer, delivered):
    from app import clock
    from app.extensions import db
    from app.finance.jobs import close_expired_offers
    from app.finance.models import FinanceOffer
    from app.jobs import jobs
    from app.notifications.models import AuditEntry, Notification, OutboxEvent

    user, org = bank
    today = clock.today()
    ending = make_offer(title="Gói vay hết hạn hôm nay", valid_until=today)
    open_ended = make_offer(title="Gói vay không thời hạn")
    draft = make_offer(title="Bản nháp", publish=False, valid_until=today)
    assert "finance.close_expired_offers" in jobs()
    assert close_expired_offers(today) == 0  # the last valid day is still open
    assert close_expired_offers(today + dt.timedelta(days=1)) == 1
    assert close_expired_offers(today + dt.timedelta(days=2)) == 0  # once
    db.session.expire_all()
    assert db.session.get(FinanceOffer, ending.id).status.value == "closed"
    assert db.session.get(FinanceOffer, ending.id).closed_at is not None
    assert db.session.get(FinanceOffer, open_ended.id).status.value == "published"
    assert db.session.get(FinanceOffer, draft.id).status.value == "draft"
    titles = db.session.scalars(db.select(Notification.title).where(Notification.user_id == user.id)).all()
    assert sum("Gói vay hết hạn hôm nay" in t for t in titles) == 1
    assert sum("Gói vay hết hạn hôm nay" in m["Subject"] for m in delivered(user.email)) == 1
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id)).where(
        AuditEntry.action == "finance.offer_expired", AuditEntry.object_id == ending.id)) == 1
    assert db.session.scalar(db.select(db.func.count(OutboxEvent.id)).where(
        OutboxEvent.kind == "offer", OutboxEvent.object_id == ending.id)) >= 2  # created + closed


@pytest.mark.parametrize("search_url", ["tantivy"], indirect=True)
def test_offer_page_filters_without_javascript_and_empty_states(client, make_offer, sync):
    loan = make_offer()
    leasing = make_offer(title="Thuê tài chính xe tải điện", product_type="green_leasing",
                         purposes=["clean_transport"], amount_min=300_000_000, amount_max=4_000_000_000)
    sync()
    html = client.get("/finance/offers?lang=vi").get_data(as_text=True)
    assert 'name="product_type" value="green_leasing"' in html and 'name="amount" value=""' in html
    assert 'type="submit"' in html  # filters apply with a plain submit
    # tick a product type and a purpose that no leasing offer has: both stay ticked, so they can be unticked
    html = client.get("/finance/offers?product_type=green_leasing&purpose=renewable_energy").get_data(as_text=True)
    assert 'value="renewable_energy" checked' in html and 'value="green_leasing" checked' in html
    assert "Không có gói tài chính nào khớp bộ lọc." in html
    assert 'href="/finance/offers"' in html  # clear filters
    # two values of one facet: both apply (OR) and both stay ticked
    html = client.get("/finance/offers?product_type=green_leasing&product_type=green_loan").get_data(as_text=True)
    assert html.count('checked') >= 2 and loan.title in html and leasing.title in html
    # an invalid filter is named in words, not as a field code
    html = client.get("/finance/offers?lang=en&product_type=nonsense").get_data(as_text=True)
    assert "Product type" in html[html.find('alert-error'):html.find('alert-error') + 300]


@pytest.mark.parametrize("search_url", ["tantivy"], indirect=True)
def test_offer_page_with_no_offers_at_all(client, sync):
    sync()
    html = client.get("/finance/offers?lang=en").get_data(as_text=True)
    assert "There are no open finance offers yet." in html and "No offers match" not in html


@pytest.mark.parametrize("search_url", ["tantivy"], indirect=True)
def test_pager_keeps_every_ticked_value(client, make_offer, sync):
    for i in range(21):
        make_offer(title=f"Gói vay xanh số {i}")
    sync()
    html = client.get("/finance/offers?product_type=green_loan&product_type=green_leasing").get_data(as_text=True)
    nxt = html[html.find('rel="next"'):][:300]
    assert "product_type=green_loan" in nxt and "product_type=green_leasing" in nxt and "page=2" in nxt
