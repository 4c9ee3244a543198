"""Demo step 90 (knowledge): a knowledge editor (editor@greenconnect.local), three guides (vi and en,
sourced), two good-practice models of demo producers (marked illustrative) and two events in different
provinces, each published as revision 1 written by the editor and reviewed by the admin; two producers
registered for the first event."""
from __future__ import annotations

import datetime as dt
import random

from .. import clock
from ..accounts.models import PlatformRole, User
from ..demo import DEMO_PASSWORD
from ..extensions import db
from ..notifications.services import enqueue_index
from ..security import hash_password
from . import demo_content as dc
from .models import (EventFormat, EventRegistration, ItemStatus, ItemType, KnowledgeEditor, KnowledgeItem,
                     KnowledgeRevision, RegistrationStatus, RevisionStatus)
from .services.content import CONTENT_FIELDS, TEXT_FIELDS, TYPE_FIELDS, _apply, _to_json
from .timez import to_utc


def _content(kind: str, **values) -> dict:
    keep = TYPE_FIELDS[kind]
    out = {k: ("" if k in TEXT_FIELDS else None) for k in CONTENT_FIELDS}
    out.update({"sector": "general", "waitlist": True})
    out.update({k: v for k, v in values.items() if k in keep})
    return out


def _publish(kind: str, content: dict, editor: User, reviewer: User, when: dt.datetime) -> KnowledgeItem:
    item = KnowledgeItem(type=ItemType(kind), status=ItemStatus.published, created_by_id=editor.id, live_revision=1,
                         published_at=when, last_published_at=when, created_at=when, updated_at=when)
    _apply(item, content)
    db.session.add(item)
    db.session.flush()
    db.session.add(KnowledgeRevision(item_id=item.id, number=1, status=RevisionStatus.published,
                                     content=_to_json(content), contributors=[editor.id], created_by_id=editor.id,
                                     created_at=when, updated_at=when, submitted_at=when, reviewer_id=reviewer.id,
                                     reviewed_at=when, published_at=when, note="Bản đầu tiên"))
    enqueue_index("knowledge", item.id)
    return item


def _org(ctx: dict, trade_name: str):
    return next((o for o in ctx.get("producers", []) if o.trade_name == trade_name), None)


def demo_knowledge(rng: random.Random, ctx: dict) -> None:  # noqa: ARG001 - content is fixed
    now = clock.now()
    editor = User(email="editor@greenconnect.local", password_hash=hash_password(DEMO_PASSWORD),
                  full_name="Lê Thị Biên Tập", platform_role=PlatformRole.user, email_confirmed_at=now)
    db.session.add(editor)
    db.session.flush()
    db.session.add(KnowledgeEditor(user_id=editor.id, granted_by_id=ctx["admin"].id, granted_at=now))
    reviewer = ctx["admin"]
    day = dt.timedelta(days=1)

    _publish("guide", _content(
        "guide", title="Quy trình chứng nhận Nhãn sinh thái Việt Nam",
        title_en="Getting the Vietnam Ecolabel: the certification process",
        summary="Cơ sở pháp lý, các bước chuẩn bị hồ sơ và hiệu lực 36 tháng của chứng nhận Nhãn sinh thái Việt Nam.",
        summary_en="Legal basis, the steps of an application and the 36-month validity of the Vietnam Ecolabel.",
        body=dc.GUIDE_ECOLABEL_VI, body_en=dc.GUIDE_ECOLABEL_EN, sector="general", topic="market_access"),
        editor, reviewer, now - 20 * day)
    _publish("guide", _content(
        "guide", title="Thiết kế bao bì nhựa đạt tiêu chí NSTVN-01:2023",
        title_en="Designing plastic packaging to the NSTVN-01:2023 criteria",
        summary="Tiêu chí Nhãn sinh thái cho bao bì nhựa phân huỷ sinh học và tái chế, và gợi ý thiết kế.",
        summary_en="The Ecolabel criteria for biodegradable and recycled plastic packaging, with design tips.",
        body=dc.GUIDE_PACKAGING_VI, body_en=dc.GUIDE_PACKAGING_EN, sector="plastics", topic="eco_design"),
        editor, reviewer, now - 15 * day)
    _publish("guide", _content(
        "guide", title="Bán hàng vào siêu thị: mục tiêu bao bì thân thiện môi trường",
        title_en="Selling to supermarkets: the environmentally friendly packaging targets",
        summary="Mục tiêu 85% siêu thị dùng bao bì thân thiện môi trường (2025) và điều nhà cung cấp cần chuẩn bị.",
        summary_en="The 85% target for environmentally friendly packaging in supermarkets (2025) and what suppliers need.",
        body=dc.GUIDE_RETAIL_VI, body_en=dc.GUIDE_RETAIL_EN, sector="food", topic="market_access"),
        editor, reviewer, now - 10 * day)

    repet, kraft = _org(ctx, "RePET Bình Dương"), _org(ctx, "Kraft Việt")
    _publish("model", _content(
        "model", title="Thu hồi chai PET sau tiêu dùng thành hạt rPET cho bao bì thực phẩm",
        title_en="Post-consumer PET bottles turned into rPET pellets for food packaging",
        summary="Một nhà sản xuất bao bì ký hợp đồng thu gom chai PET với các điểm thu mua phế liệu và đưa hạt rPET vào sản phẩm.",
        summary_en="A packaging maker contracts scrap collectors for PET bottles and puts rPET pellets into its products.",
        body=dc.DEMO_NOTE_VI, body_en=dc.DEMO_NOTE_EN, sector="plastics", province_code="79",
        organisation_id=repet.id if repet else None,
        what_changed="- Ký hợp đồng thu gom chai PET với 12 điểm thu mua phế liệu\n- Lắp dây chuyền rửa, nghiền và tạo hạt\n- Đưa hạt rPET vào khay và hộp đựng thực phẩm",
        what_changed_en="- Contracts with 12 scrap collection points for PET bottles\n- A washing, flaking and pelletising line\n- rPET pellets used in food trays and boxes",
        results="- Tỷ lệ nhựa tái chế trong khay: từ 0% lên 30%\n- Khoảng 40 tấn chai PET thu gom mỗi tháng\n\n" + dc.DEMO_NOTE_VI,
        results_en="- Recycled share in trays: from 0% to 30%\n- About 40 tonnes of PET bottles collected per month\n\n" + dc.DEMO_NOTE_EN,
        contact="Phòng Phát triển bền vững – producer3@demo.greenconnect.local",
        evidence="Báo cáo nội bộ (dữ liệu demo) / Internal report (demo data)"),
        editor, reviewer, now - 8 * day)
    _publish("model", _content(
        "model", title="Túi giấy kraft thay túi nilon tại quầy thanh toán siêu thị",
        title_en="Kraft paper bags replacing plastic bags at supermarket checkouts",
        summary="Nhà sản xuất túi giấy cùng một chuỗi siêu thị thay túi nilon bằng túi giấy kraft có quai.",
        summary_en="A paper bag maker and a supermarket chain replace plastic bags with handled kraft paper bags.",
        body=dc.DEMO_NOTE_VI, body_en=dc.DEMO_NOTE_EN, sector="paper", province_code="01",
        organisation_id=kraft.id if kraft else None,
        what_changed="- Thiết kế túi kraft quai xoắn chịu tải 8 kg\n- Siêu thị thu phí túi và trưng bày túi vải dùng nhiều lần",
        what_changed_en="- A twisted-handle kraft bag carrying 8 kg\n- The supermarket charges for bags and offers reusable cloth bags",
        results="- Túi nilon phát ra tại quầy giảm 70% sau 6 tháng\n\n" + dc.DEMO_NOTE_VI,
        results_en="- Plastic bags handed out at checkouts down 70% after 6 months\n\n" + dc.DEMO_NOTE_EN,
        contact="Bộ phận kinh doanh – producer6@demo.greenconnect.local",
        evidence="Số liệu bán hàng của chuỗi (dữ liệu demo) / The chain's sales figures (demo data)"),
        editor, reviewer, now - 6 * day)

    start1 = to_utc(dt.datetime.combine((now + 14 * day).date(), dt.time(8, 30)))
    start2 = to_utc(dt.datetime.combine((now + 30 * day).date(), dt.time(13, 30)))
    e1 = _publish("event", _content(
        "event", title="Tập huấn: Quy trình chứng nhận Nhãn sinh thái Việt Nam",
        title_en="Training: the Vietnam Ecolabel certification process",
        summary="Buổi tập huấn cho doanh nghiệp sản xuất bao bì và hàng tiêu dùng về tiêu chí và hồ sơ chứng nhận.",
        summary_en="A training for packaging and consumer goods makers on the criteria and the application.",
        body="Chương trình: tiêu chí NSTVN-01:2023, chuẩn bị hồ sơ, hỏi đáp.",
        body_en="Programme: the NSTVN-01:2023 criteria, preparing the application, questions and answers.",
        sector="plastics", province_code="01", event_kind="training", event_format=EventFormat.in_person.value,
        starts_at=start1, ends_at=start1 + dt.timedelta(hours=3, minutes=30),
        place="Hội trường tầng 3, 25 Ngô Quyền, Hoàn Kiếm, Hà Nội", capacity=40, waitlist=True),
        editor, reviewer, now - 5 * day)
    _publish("event", _content(
        "event", title="Hội thảo: Kinh tế tuần hoàn trong ngành nhựa",
        title_en="Workshop: the circular economy in the plastics industry",
        summary="Hoạt động nâng cao nhận thức về thu hồi, tái chế nhựa và trách nhiệm của nhà sản xuất.",
        summary_en="An awareness activity on plastic take-back, recycling and producers' responsibility.",
        body="Hội thảo kết hợp trực tiếp và trực tuyến.", body_en="A hybrid workshop, in person and online.",
        sector="plastics", province_code="79", event_kind="awareness", event_format=EventFormat.hybrid.value,
        starts_at=start2, ends_at=start2 + dt.timedelta(hours=3), place="Trung tâm Hội nghị, Quận 1, TP. Hồ Chí Minh",
        online_url="https://meet.greenconnect.local/kinh-te-tuan-hoan-nhua", capacity=60, waitlist=True),
        editor, reviewer, now - 4 * day)

    seat = 0
    for org in ctx.get("producers", [])[:2]:
        owner = org.memberships[0].user_id if org.memberships else None
        if owner is None:
            continue
        seat += 1
        db.session.add(EventRegistration(item_id=e1.id, user_id=owner, organisation_id=org.id,
                                         status=RegistrationStatus.registered, seat=seat, queued_at=now,
                                         created_at=now, updated_at=now))
    ctx.setdefault("summary", {})["knowledge items"] = 7
