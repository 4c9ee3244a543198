"""Demo step 0 (orgs): the platform's people and organisations — admin, verifier, producers, buyers,
logistics providers, banks, a fair organiser and one producer awaiting approval. Later steps find them
in `ctx` ("admin", "verifier", "producers", "buyers", "logistics", "finance", "fair_organisers")."""
from __future__ import annotations

import random

from .. import clock
from ..accounts.models import PlatformRole, User
from ..demo import DEMO_PASSWORD
from ..extensions import db
from ..notifications.services import enqueue_index
from ..security import hash_password
from .models import BuyerSegment, Membership, MemberRole, Organisation, OrgKind, OrgSize, OrgStatus

# (legal name, trade name, province code, sectors, size, description)
PRODUCERS = [
    ("Công ty TNHH Ống hút Tre Thanh Hoá", "Tre Xanh Thanh Hoá", "38", ["handicrafts", "packaging"], "small",
     "Ống hút và đồ dùng từ tre tự nhiên, vùng nguyên liệu Bá Thước và Quan Sơn."),
    ("Hợp tác xã Xơ dừa Bến Tre", "Coco Bến Tre", "86", ["agriculture", "handicrafts"], "micro",
     "Chậu xơ dừa, thảm xơ dừa và giá thể trồng cây từ phụ phẩm dừa Bến Tre."),
    ("Công ty CP Bao bì Tái chế Bình Dương", "RePET Bình Dương", "79", ["packaging", "recycling", "plastics"], "medium",
     "Hạt nhựa rPET và bao bì thực phẩm từ nhựa PET tái chế, nhà máy tại Thủ Dầu Một."),
    ("Công ty TNHH Gạo Hữu cơ Đồng Tháp Mười", "Gạo Sen Hồng", "82", ["agriculture", "food"], "small",
     "Gạo hữu cơ ST25 và lúa tôm trồng theo TCVN 11041 vùng Đồng Tháp Mười."),
    ("Công ty CP Bao bì Bã mía Sài Gòn", "Bagasse Sài Gòn", "79", ["packaging", "food"], "medium",
     "Hộp, khay, ly giấy từ bã mía, phân huỷ sinh học, dùng cho chuỗi bán lẻ và suất ăn."),
    ("Công ty TNHH Túi Giấy Kraft Hà Nội", "Kraft Việt", "1", ["packaging", "paper"], "small",
     "Túi giấy kraft, giấy gói và đệm giấy thay thế túi nilon cho siêu thị."),
    ("Hợp tác xã Cói Kim Sơn", "Cói Kim Sơn", "37", ["handicrafts", "household"], "micro",
     "Túi cói, giỏ cói, thảm cói thủ công từ Kim Sơn, Ninh Bình."),
    ("Công ty CP Nông sản Hữu cơ Lâm Đồng", "Đà Lạt Organic", "68", ["agriculture", "food"], "small",
     "Rau, cà phê và trà hữu cơ; chứng nhận USDA Organic và EU organic cho xuất khẩu."),
    ("Công ty TNHH Dệt Sợi Tái chế Nam Định", "ReFiber", "37", ["textiles", "recycling"], "medium",
     "Sợi và vải từ polyester tái chế (GRS) cho may mặc xuất khẩu."),
    ("Công ty CP Vật liệu Xanh Đà Nẵng", "Gạch Xanh Miền Trung", "48", ["construction", "recycling"], "medium",
     "Gạch không nung từ tro xỉ và vật liệu xây dựng tái chế."),
    ("Công ty TNHH Thiết bị Tiết kiệm Năng lượng Hải Phòng", "EcoTech Hải Phòng", "31", ["electronics", "energy"], "medium",
     "Đèn LED, quạt và máy bơm nhiệt đạt nhãn năng lượng 5 sao."),
    ("Hợp tác xã Nông nghiệp Hữu cơ Cần Thơ", "Mekong Organic", "92", ["agriculture", "food"], "small",
     "Gạo, trái cây VietGAP và hữu cơ từ đồng bằng sông Cửu Long."),
]
BUYERS = [
    ("Công ty CP Siêu thị Xanh Việt", "Siêu thị Xanh", "79", ["retail"], "large", "Chuỗi siêu thị giảm bao bì nhựa dùng một lần."),
    ("Công ty TNHH Phân phối Bách Hoá Sạch", "Bách Hoá Sạch", "1", ["retail"], "medium", "Nhà phân phối thực phẩm sạch và đồ gia dụng xanh."),
    ("Công ty CP Chuỗi Cà phê Lá Xanh", "Lá Xanh Coffee", "48", ["retail", "food"], "medium", "Chuỗi cà phê chuyển sang ly, ống hút phân huỷ."),
]
LOGISTICS = [
    ("Công ty CP Vận tải Xanh Sài Gòn", "GreenTrans", "79", ["transport"], "medium", "Xe tải điện và xe CNG giao hàng nội đô."),
    ("Công ty TNHH Vận tải Thuỷ Mekong", "Mekong Barge", "92", ["transport"], "small", "Sà lan container đường thuỷ nội địa ĐBSCL."),
    ("Công ty CP Logistics Đường sắt Bắc Nam", "RailCargo", "1", ["transport"], "large", "Vận tải container đường sắt Bắc – Nam."),
]
FINANCE = [
    ("Ngân hàng TMCP Phát triển Xanh", "GreenBank", "1", ["finance"], "large", "Tín dụng xanh cho doanh nghiệp nhỏ và vừa."),
    ("Quỹ Bảo vệ Môi trường Tín dụng Xanh", "Quỹ Xanh", "79", ["finance"], "medium", "Cho vay ưu đãi dự án giảm phát thải."),
]
# The programme's targets count supermarkets and trade centres: each demo buyer has its segment.
BUYER_SEGMENTS = {"Siêu thị Xanh": BuyerSegment.supermarket, "Bách Hoá Sạch": BuyerSegment.convenience_chain,
                  "Lá Xanh Coffee": BuyerSegment.horeca}
FAIR_ORGANISERS = [
    ("Công ty CP Hội chợ Triển lãm Xanh", "GreenExpo", "79", ["events"], "medium", "Tổ chức hội chợ sản phẩm xanh và kết nối giao thương."),
]


def _tax_code(rng: random.Random) -> str:
    return "0" + "".join(str(rng.randint(0, 9)) for _ in range(9))


def _user(email: str, name: str, role: PlatformRole = PlatformRole.user) -> User:
    user = User(email=email, password_hash=hash_password(DEMO_PASSWORD), full_name=name, platform_role=role,
                email_confirmed_at=clock.now(), locale="vi")
    db.session.add(user)
    db.session.flush()
    return user


def _org(rng, kind: OrgKind, row, owner: User, status=OrgStatus.approved) -> Organisation:
    legal, trade, province, sectors, size, desc = row
    org = Organisation(kind=kind, legal_name=legal, trade_name=trade, tax_code=_tax_code(rng), province_code=province,
                       address="", sectors=sectors, size=OrgSize(size), founded_year=rng.randint(1998, 2021),
                       website="", description=desc, status=status,
                       approved_at=clock.now() if status == OrgStatus.approved else None)
    db.session.add(org)
    db.session.flush()
    db.session.add(Membership(user_id=owner.id, organisation_id=org.id, role=MemberRole.owner, created_at=clock.now()))
    return org


def people_and_organisations(rng: random.Random, ctx: dict) -> None:
    for key in ("producers", "buyers", "logistics", "finance", "fair_organisers"):
        ctx.setdefault(key, [])
    ctx["admin"] = _user("admin@greenconnect.local", "Quản trị viên", PlatformRole.admin)
    ctx["verifier"] = _user("verifier@greenconnect.local", "Nguyễn Thị Thẩm Định", PlatformRole.verifier)
    groups = [("producers", OrgKind.producer, PRODUCERS, "producer"), ("buyers", OrgKind.buyer, BUYERS, "buyer"),
              ("logistics", OrgKind.logistics, LOGISTICS, "logistics"), ("finance", OrgKind.finance, FINANCE, "bank"),
              ("fair_organisers", OrgKind.fair_organiser, FAIR_ORGANISERS, "fairs")]
    for key, kind, rows, prefix in groups:
        for i, row in enumerate(rows, start=1):
            owner = _user(f"{prefix}{i}@demo.greenconnect.local", f"Chủ {row[1]}")
            ctx[key].append(_org(rng, kind, row, owner))
            if kind == OrgKind.buyer:
                ctx[key][-1].buyer_segment = BUYER_SEGMENTS.get(row[1])
    # one producer waiting for approval, to show the admin queue
    pending_owner = _user("pending@demo.greenconnect.local", "Trần Văn Chờ")
    _org(rng, OrgKind.producer, ("Công ty TNHH Hộp Lá Chuối Huế", "Lá Chuối Huế", "46", ["packaging"], "micro",
                                 "Hộp đựng thực phẩm từ lá chuối và bẹ cau."), pending_owner, OrgStatus.pending)
    db.session.flush()
    for org in db.session.scalars(db.select(Organisation)):
        enqueue_index("organisation", org.id)


def totals(rng: random.Random, ctx: dict) -> None:  # noqa: ARG001 - the last step: people and organisations made
    summary = ctx.setdefault("summary", {})
    summary["users"] = db.session.scalar(db.select(db.func.count(User.id)))
    summary["organisations"] = db.session.scalar(db.select(db.func.count(Organisation.id)))
