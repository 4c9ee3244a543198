"""Data that pages and writes meet in production, shared by the benches: active sponsored promotions
(as the demo's), open public requests and saved searches from many buyers."""
from __future__ import annotations

import datetime as dt
import random

PASSWORD = "Bench-data-2025!"
WORDS = ["hộp bã mía", "túi giấy", "ống hút tre", "cốc giấy", "túi vải", "hạt nhựa tái chế", "khay bã mía",
         "bao bì phân huỷ", "ống hút cỏ", "hộp giấy kraft", "màng bọc sinh học", "đũa tre"]


def promote(n: int = 20, seed: int = 11) -> list[int]:
    """Active 14-day promotions of `n` random published listings (as `flask demo load` makes); their ids."""
    from app import clock
    from app.catalog.models import Listing, ListingStatus
    from app.extensions import db
    from app.fairs.models import Promotion, PromotionStatus

    rng = random.Random(seed)
    top = db.session.scalar(db.select(db.func.max(Listing.id))) or 0
    chosen: dict[int, int] = {}
    while len(chosen) < n and top:
        row = db.session.execute(db.select(Listing.id, Listing.organisation_id).where(
            Listing.id == rng.randint(1, top), Listing.status == ListingStatus.published)).first()
        if row:
            chosen[row.id] = row.organisation_id
    now = clock.now()
    for lid, org_id in chosen.items():
        db.session.add(Promotion(listing_id=lid, organisation_id=org_id, package="14d", days=14, price_vnd=600_000,
                                 status=PromotionStatus.active, starts_at=now, ends_at=now + dt.timedelta(days=14)))
    db.session.commit()
    return sorted(chosen)


def set_promotions(active: bool) -> None:
    """Switch every bench promotion on or off (to measure the same pages without them)."""
    from app.extensions import db
    from app.fairs.models import Promotion, PromotionStatus

    db.session.execute(db.update(Promotion).values(
        status=PromotionStatus.active if active else PromotionStatus.cancelled))
    db.session.commit()


def open_requests_and_searches(n_rfqs: int, n_searches: int, seed: int = 7, buyers: int = 50) -> None:
    """`n_rfqs` open public requests and `n_searches` saved searches (at most 20 per user) from `buyers`
    buyer organisations, through the sourcing services; words and categories that listings carry."""
    from app import clock
    from app.accounts.services import register
    from app.orgs.services import create_organisation
    from app.permissions import Actor
    from app.sourcing import services

    rng = random.Random(seed)
    actors = []
    for i in range(max(buyers, -(-n_searches // 20))):
        user = register(f"bench-buyer{i}@bench-greenconnect.vn", PASSWORD, f"Buyer {i}", confirmed=True,
                        send_mail=False)
        create_organisation(Actor(user), "buyer", {"legal_name": f"Bench Buyer {i}", "province_code": "79"},
                            approved=True)
        actors.append(Actor.for_user(user))
    closes = (clock.today() + dt.timedelta(days=30)).isoformat()
    for i in range(n_rfqs):
        words = rng.choice(WORDS)
        services.create_rfq(actors[i % len(actors)], {
            "title": f"Cần mua {words}", "description": f"{words} cho chuỗi cửa hàng, giao hàng hằng tháng",
            "category": rng.choice(["packaging.food_containers", "packaging"]),
            "quantity": rng.choice([1000, 5000, 20000]), "unit": "piece", "frequency": "monthly",
            "target_price_max": rng.choice([2000, 5000, 20000]), "required_labels": rng.choice([[], [], ["vn-ecolabel"]]),
            "delivery_province": rng.choice(["79", "1", "48"]), "closes_on": closes, "visibility": "public",
            "status": "open"})
    for i in range(n_searches):
        params = {"q": rng.choice(WORDS)}
        category = rng.choice(["packaging", "packaging.food_containers", None, None])
        if category:
            params["category"] = [category]
        services.save_search(actors[i % len(actors)], {"name": f"Tìm {i}", "params": params})
