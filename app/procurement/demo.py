"""Demo: a provincial public procuring entity with a tender list of certified packaging."""
from __future__ import annotations

import random

from .. import clock
from ..accounts.models import PlatformRole, User
from ..demo import DEMO_PASSWORD
from ..extensions import db
from ..notifications.services import enqueue_index
from ..orgs.models import BuyerSegment, Membership, MemberRole, Organisation, OrgKind, OrgSize, OrgStatus
from ..security import hash_password
from .models import TenderItem, TenderList

EMAIL = "public.buyer@demo.greenconnect.local"


def demo_procurement(rng: random.Random, ctx: dict) -> None:
    user = User(email=EMAIL, password_hash=hash_password(DEMO_PASSWORD), full_name="Lê Thị Mua Sắm",
                platform_role=PlatformRole.user, email_confirmed_at=clock.now(), locale="vi")
    db.session.add(user)
    org = Organisation(kind=OrgKind.buyer, legal_name="Trung tâm Dịch vụ Mua sắm công tỉnh Quảng Ninh",
                       trade_name="Mua sắm công Quảng Ninh", tax_code="0" + "".join(str(rng.randint(0, 9)) for _ in range(9)),
                       province_code="22", address="", sectors=[], size=OrgSize.small, founded_year=2012, website="",
                       description="Đơn vị mua sắm tập trung của tỉnh: ưu tiên sản phẩm có nhãn sinh thái.",
                       status=OrgStatus.approved, approved_at=clock.now(), buyer_segment=BuyerSegment.public_buyer)
    db.session.add(org)
    db.session.flush()
    db.session.add(Membership(user_id=user.id, organisation_id=org.id, role=MemberRole.owner, created_at=clock.now()))
    enqueue_index("organisation", org.id)
    from .services import procurement_products

    db.session.flush()
    page = procurement_products("packaging", 1, 3)
    if page.items:
        tl = TenderList(organisation_id=org.id, title="Bao bì thân thiện môi trường cho các sở, ngành 2027",
                        product_group="packaging", created_by_id=user.id)
        db.session.add(tl)
        db.session.flush()
        for listing in page.items:
            db.session.add(TenderItem(tender_list_id=tl.id, listing_id=listing.id))
    ctx.setdefault("summary", {})["tender_lists"] = 1 if page.items else 0
