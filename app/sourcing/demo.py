"""Demo step 50: sourcing requests of the demo buyers, quotes from matching producers, one deal."""
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
        frequency="one_off", preferred_labels=["fsc"], delivery_province="1", visibility="public"), ["Kraft Việt"], False),
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
