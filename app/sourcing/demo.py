"""Demo step 50: sourcing requests of the demo buyers, quotes from matching producers, one deal; a buyer's
buttons in use (a direct inquiry answered with a message and a quote, a direct conversation, saved products
and a followed supplier)."""
from __future__ import annotations

import datetime as dt
import random

from .. import clock
from ..extensions import db
from ..permissions import Actor

REQUESTS = [
    # buyer trade name, fields, supplier trade names to invite (and to quote), accept the first quote?
    ("Siêu thị Xanh", dict(
        title="Hộp đựng thực phẩm phân huỷ sinh học 750 ml",
        description="Hộp có nắp cho quầy đồ ăn sẵn, thay hộp xốp; cần chứng nhận Nhãn sinh thái Việt Nam, ưu tiên OK compost.",
        category="packaging.food_containers", quantity=50000, unit="piece", frequency="monthly",
        target_price_min=1200, target_price_max=2500, required_labels=["vn-ecolabel"],
        preferred_labels=["ok-compost-industrial", "ok-compost-home"], delivery_province="79", visibility="public",
        max_quotes=10), ["Bagasse Sài Gòn", "RePET Bình Dương"], False),
    ("Lá Xanh Coffee", dict(
        title="Ống hút tre hoặc cỏ bàng cho chuỗi cà phê",
        description="Ống hút thay ống nhựa cho 40 cửa hàng, giao hằng tháng về Đà Nẵng.",
        category="packaging.straws", quantity=100000, unit="piece", frequency="monthly", target_price_max=900,
        preferred_labels=["vn-ecolabel"], delivery_province="48", visibility="invited"),
     ["Tre Xanh Thanh Hoá", "Coco Bến Tre"], True),
    ("Bách Hoá Sạch", dict(
        title="Túi giấy kraft có quai cho siêu thị mini",
        description="Túi giấy thay túi nilon, in logo 1 màu.", category="packaging.bags", quantity=20000, unit="piece",
        frequency="one_off", preferred_labels=["fsc"], delivery_province="01", visibility="public"), ["Kraft Việt"], False),
]


def _owner(org):
    m = org.memberships[0]
    return Actor(m.user, org, "owner")


def _listing_of(org_id: int, category: str):
    from ..catalog.models import Listing, ListingStatus

    return db.session.scalar(db.select(Listing).where(Listing.organisation_id == org_id, Listing.category == category,
                                                      Listing.status == ListingStatus.published).order_by(Listing.id))


def demo_sourcing(rng: random.Random, ctx: dict) -> None:
    from . import services

    buyers = {o.trade_name: o for o in ctx.get("buyers", [])}
    producers = {o.trade_name: o for o in ctx.get("producers", [])}
    if not buyers or not producers:
        return
    db.session.flush()
    today = clock.today()
    made = quotes = deals = 0
    for buyer_name, fields, suppliers, accept in REQUESTS:
        buyer = buyers.get(buyer_name)
        if buyer is None:
            continue
        data = dict(fields, closes_on=today + dt.timedelta(days=rng.randint(10, 30)),
                    needed_by=today + dt.timedelta(days=rng.randint(35, 60)), status="open")
        buyer_actor = _owner(buyer)
        rfq = services.create_rfq(buyer_actor, data)
        made += 1
        first = None
        for name in suppliers:
            supplier = producers.get(name)
            if supplier is None:
                continue
            listing = _listing_of(supplier.id, fields["category"])
            services.invite_supplier(buyer_actor, rfq.id, supplier.id, listing.id if listing else None)
            if listing is None:
                continue
            price = listing.price_min or 1000
            quote = services.submit_quote(_owner(supplier), rfq.id, {
                "listing_id": listing.id, "unit_price_vnd": int(price * rng.uniform(0.9, 1.05)),
                "quantity": fields["quantity"], "lead_time_days": rng.choice((7, 10, 14, 21)),
                "valid_until": (today + dt.timedelta(days=30)).isoformat(), "incoterm": rng.choice(("DAP", "FCA", "EXW")),
                "delivery_terms": "Giao tại kho người mua", "notes": "Báo giá đã gồm bao bì carton."})
            quotes += 1
            first = first or quote
        if accept and first is not None:
            services.accept_quote(buyer_actor, first.id, "Cảm ơn, lần này chúng tôi chọn nhà cung cấp khác.")
            deals += 1
    ctx.setdefault("summary", {}).update({"rfqs": made, "quotes": quotes, "deals": deals})
    _demo_buyer_buttons(rng, buyers, producers)


def _first_listing(org_id: int):
    from ..catalog.models import Listing, ListingStatus

    return db.session.scalar(db.select(Listing).where(Listing.organisation_id == org_id,
                                                      Listing.status == ListingStatus.published).order_by(Listing.id))


def _demo_buyer_buttons(rng: random.Random, buyers: dict, producers: dict) -> None:
    """Bách Hoá Sạch asks Coco Bến Tre for a quote from a listing's page and gets an answer; writes to Tre Xanh
    Thanh Hoá; saves two products and follows a supplier."""
    from . import services

    buyer, coco, tre = buyers.get("Bách Hoá Sạch"), producers.get("Coco Bến Tre"), producers.get("Tre Xanh Thanh Hoá")
    if buyer is None or coco is None or tre is None:
        return
    b, today = _owner(buyer), clock.today()
    item = _first_listing(coco.id)
    if item is not None:
        rfq = services.send_inquiry(b, {"listing_id": item.id, "quantity": max(item.moq, 5000), "delivery_province": "01",
                                        "message": "Chào anh chị, cửa hàng cần hàng giao Hà Nội mỗi tháng. "
                                                   "Xin báo giá và thời gian giao."})
        services.send_message(_owner(coco), rfq.id, {"body": "Chào chị, bên em gửi báo giá kèm theo, giao được trong 10 ngày."})
        services.submit_quote(_owner(coco), rfq.id, {
            "listing_id": item.id, "unit_price_vnd": int((item.price_min or 1000) * rng.uniform(0.92, 0.98)),
            "quantity": rfq.quantity, "lead_time_days": 10, "valid_until": (today + dt.timedelta(days=20)).isoformat(),
            "incoterm": "DAP", "delivery_terms": "Giao tại cửa hàng", "notes": "Giá cho đơn hằng tháng."})
        services.save_listing(b, item.id)
    straw = _first_listing(tre.id)
    if straw is not None:
        services.message_supplier(b, tre.id, {"listing_id": straw.id,
                                              "body": "Ống hút tre có in được logo cửa hàng không ạ?"})
        thread = services.direct_thread_with(b, tre.id)
        services.reply(_owner(tre), thread.id, {"body": "Dạ được, khắc laser logo từ 5.000 ống."})
        services.save_listing(b, straw.id)
    services.follow_supplier(b, tre.id)
