"""Demo: a green products fair at SECC (TP.HCM) with a green zone, booth fees in VND, exhibitors,
meeting slots and a booked meeting, and two sponsored listings."""
from __future__ import annotations

import datetime as dt

from .. import clock
from ..extensions import db
from ..notifications.services import enqueue_index
from ..permissions import Actor
from .models import ApplicationStatus, BoothType, Fair, FairApplication, FairStatus, Meeting, MeetingSlot, Promotion, PromotionStatus
from .timez import VN


def _utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), VN).astimezone(dt.UTC).replace(tzinfo=None)


def demo_fairs(rng, ctx: dict) -> None:
    from ..catalog.models import Listing, ListingStatus
    from ..payments.models import PaymentStatus
    from ..payments.services import create_payment

    organisers = ctx.get("fair_organisers") or []
    if not organisers:
        return
    organiser = organisers[0]
    today = clock.today()
    start = today + dt.timedelta(days=45)
    fair = Fair(organiser_id=organiser.id, name="Hội chợ Sản phẩm Xanh Việt Nam 2026",
                name_en="Vietnam Green Products Fair 2026",
                description="Hội chợ kết nối nhà sản xuất sản phẩm xanh, có nhãn sinh thái, hữu cơ và tái chế với nhà bán lẻ, "
                            "nhà phân phối và người mua quốc tế. Khu gặp gỡ B2B theo lịch hẹn.",
                description_en="Connecting producers of eco-labelled, organic and recycled products with retailers, "
                               "distributors and international buyers. B2B meeting area by appointment.",
                starts_on=start, ends_on=start + dt.timedelta(days=3), online=False,
                venue="Trung tâm Hội chợ và Triển lãm Sài Gòn (SECC), 799 Nguyễn Văn Linh, Tân Mỹ",
                province_code="79", themes=["bao bì xanh", "nông sản hữu cơ", "vật liệu tái chế", "tiết kiệm năng lượng"],
                categories=["packaging", "food", "household"], application_deadline=_utc(start - dt.timedelta(days=14), 17),
                green_zone=True, green_zone_note="Khu A – gian hàng dành cho sản phẩm có nhãn sinh thái Việt Nam hoặc chứng nhận hữu cơ",
                status=FairStatus.published, published_at=clock.now())
    fair.booth_types = [
        BoothType(name="Gian tiêu chuẩn 9 m²", name_en="Standard booth 9 m²", price_vnd=18_000_000, capacity=60, code_prefix="B"),
        BoothType(name="Gian khu xanh 9 m²", name_en="Green zone booth 9 m²", price_vnd=15_000_000, capacity=20,
                  green_zone=True, code_prefix="G"),
        BoothType(name="Gian góc 18 m²", name_en="Corner booth 18 m²", price_vnd=36_000_000, capacity=8, code_prefix="C"),
    ]
    db.session.add(fair)
    db.session.flush()
    producers = ctx.get("producers") or []
    exhibitors = []
    for i, org in enumerate(producers[:5]):
        ids = list(db.session.scalars(db.select(Listing.id).where(Listing.organisation_id == org.id,
                                                                 Listing.status == ListingStatus.published)
                                      .order_by(Listing.id).limit(3)))
        if not ids:
            continue
        booth = fair.booth_types[1] if i % 2 == 0 else fair.booth_types[0]
        a = FairApplication(fair_id=fair.id, organisation_id=org.id, booth_type_id=booth.id, listing_ids=ids,
                            message="Xin đăng ký gian hàng.", status=ApplicationStatus.submitted)
        db.session.add(a)
        db.session.flush()
        owner = org.memberships[0].user if org.memberships else None
        p = create_payment(Actor(owner, org, "owner"), "booth", a.id, org.id, booth.price_vnd,
                           f"Phí gian hàng: {fair.name} – {booth.name}")
        if i < 4:  # paid by bank transfer and approved; the fifth waits for payment and review
            p.status, p.paid_at, p.fulfilled_at = PaymentStatus.succeeded, clock.now(), clock.now()
            a.status, a.decided_at = ApplicationStatus.approved, clock.now()
            a.booth_number = sum(1 for x in exhibitors if x.booth_type_id == booth.id) + 1
            exhibitors.append(a)
    db.session.flush()
    buyers = ctx.get("buyers") or []
    for n, a in enumerate(exhibitors[:2]):
        for k in range(4):
            begin = _utc(start + dt.timedelta(days=1), 9 + k // 2, 30 * (k % 2))
            slot = MeetingSlot(fair_id=fair.id, organisation_id=a.organisation_id, starts_at=begin,
                               ends_at=begin + dt.timedelta(minutes=25), location=f"Bàn B2B {k + 1}", created_at=clock.now())
            db.session.add(slot)
            db.session.flush()
            if k == n and buyers and buyers[0].memberships:  # one buyer, two exhibitors: 9:00 and 9:30, never both at once
                db.session.add(Meeting(slot_id=slot.id, fair_id=fair.id, exhibitor_org_id=a.organisation_id,
                                       requester_user_id=buyers[0].memberships[0].user_id, requester_org_id=buyers[0].id,
                                       message="Muốn trao đổi về đơn hàng bao bì cho chuỗi siêu thị.",
                                       status="accepted" if n == 0 else "requested", created_at=clock.now()))
    for a in exhibitors[:2]:
        lid = a.listing_ids[0]
        db.session.add(Promotion(listing_id=lid, organisation_id=a.organisation_id, package="14d", days=14,
                                 price_vnd=600_000, status=PromotionStatus.active, starts_at=clock.now(),
                                 ends_at=clock.now() + dt.timedelta(days=14)))
    db.session.flush()
    enqueue_index("fair", fair.id)
    ctx.setdefault("summary", {})["fairs"] = 1
