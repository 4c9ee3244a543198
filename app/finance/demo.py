"""Demo data: offers of the demo banks/funds (ctx["finance"]) and a few leads from producers."""
from __future__ import annotations

import datetime as dt
import random

from .. import clock
from ..extensions import db
from ..notifications.services import audit, enqueue_index
from .applicant import certified_claims
from .models import EvidenceKind, FinanceOffer, FinancingNeed, Lead, LeadNote, LeadStatus, NeedStatus, OfferStatus
from .services import CONSENT_TEXT

BANK_OFFERS = [
    dict(title="Tín dụng xanh điện mặt trời áp mái cho nhà xưởng", title_en="Green credit for rooftop solar on factories",
         description="Cho vay đầu tư hệ thống điện mặt trời áp mái tự dùng, thiết bị tiết kiệm năng lượng; "
                     "ân hạn gốc 6 tháng, giải ngân theo tiến độ lắp đặt.",
         product_type="green_loan", purposes=["renewable_energy", "energy_efficiency"],
         project_types=["T21.EN.02", "T21.MA.02"], amount_min=500_000_000,
         amount_max=20_000_000_000, rate_min=6.5, rate_max=8.0, rate_text="Lãi suất cơ sở − 1,5%/năm",
         tenor_min_months=12, tenor_max_months=96, collateral="Tài sản hình thành từ vốn vay (hệ thống điện mặt trời).",
         documents_required=["business_registration", "financial_statements", "project_proposal"],
         eligible_sizes=["small", "medium"], min_years_operating=2),
    dict(title="Thuê tài chính xe tải điện giao hàng", title_en="Electric delivery truck leasing",
         description="Cho thuê tài chính xe tải điện 1–3,5 tấn cho giao hàng nội đô; tài trợ tới 85% giá trị xe.",
         product_type="green_leasing", purposes=["clean_transport"], project_types=["T21.TR.01"], amount_min=300_000_000,
         amount_max=5_000_000_000, rate_min=7.9, rate_text="Cố định 7,9%/năm trong 12 tháng đầu",
         tenor_min_months=12, tenor_max_months=60, collateral="Chính xe thuê; không cần tài sản bảo đảm khác.",
         documents_required=["business_registration", "financial_statements"],
         eligible_kinds=["logistics", "producer", "buyer"]),
    dict(title="Hạn mức tín dụng xanh cho SME kinh tế tuần hoàn", title_en="Green credit line for circular-economy SMEs",
         description="Vốn lưu động và đầu tư dây chuyền tái chế, bao bì phân huỷ sinh học, sản phẩm có nhãn sinh thái.",
         product_type="green_credit_line", purposes=["circular_economy", "sustainable_packaging"],
         project_types=["T21.ES.01", "T21.MA.01"],
         amount_min=200_000_000, amount_max=10_000_000_000, rate_min=7.0, rate_max=8.5,
         tenor_min_months=6, tenor_max_months=36, eligible_sizes=["micro", "small", "medium"],
         eligible_kinds=["producer"], required_labels=["vn-ecolabel", "grs", "rcs", "iscc-plus", "fsc"],
         min_certified_share=20, documents_required=["financial_statements", "green_certificate"]),
    dict(title="Khoản vay liên kết bền vững (thí điểm)", title_en="Sustainability-linked loan (pilot)",
         description="Lãi suất giảm 0,3 điểm % mỗi năm đạt mục tiêu giảm phát thải được kiểm toán.",
         product_type="sustainability_linked_loan", purposes=["energy_efficiency", "pollution_control"],
         project_types=["T21.MA.02", "T21.ES.02"],
         amount_min=5_000_000_000, amount_max=100_000_000_000, rate_text="Theo thoả thuận, giảm theo KPI",
         eligible_sizes=["medium", "large"], _draft=True),
]
FUND_OFFERS = [
    dict(title="Cho vay ưu đãi dự án giảm phát thải", title_en="Concessional loans for emission-reduction projects",
         description="Quỹ cho vay lãi suất ưu đãi các dự án thuộc danh mục phân loại xanh (QĐ 21/2025/QĐ-TTg) "
                     "có ĐTM hoặc giấy phép môi trường.",
         product_type="green_loan", purposes=["pollution_control", "renewable_energy", "circular_economy", "water"],
         project_types=["T21.EN.01", "T21.EN.02", "T21.ES.01", "T21.ES.02", "T21.WA.02"],
         amount_min=1_000_000_000, amount_max=50_000_000_000, rate_min=3.6, rate_max=3.6,
         rate_text="Cố định 3,6%/năm", tenor_min_months=24, tenor_max_months=120,
         collateral="Bảo lãnh ngân hàng hoặc tài sản bảo đảm theo quy định của Quỹ.",
         documents_required=["business_registration", "financial_statements", "environmental_permit",
                             "project_proposal"],
         eligible_provinces=["79", "82", "86", "92"], min_years_operating=3),
    dict(title="Hỗ trợ kỹ thuật chứng nhận nhãn sinh thái", title_en="Technical assistance for ecolabel certification",
         description="Tài trợ không hoàn lại tới 70% chi phí tư vấn và thử nghiệm để đạt Nhãn sinh thái Việt Nam.",
         product_type="grant", purposes=["sustainable_packaging", "circular_economy"], project_types=["T21.MA.01"],
         amount_min=50_000_000,
         amount_max=300_000_000, eligible_kinds=["producer"], eligible_sizes=["micro", "small"]),
    dict(title="Vốn nông nghiệp bền vững VietGAP / hữu cơ", title_en="Sustainable agriculture finance (VietGAP / organic)",
         description="Vay vốn mở rộng vùng trồng đạt VietGAP, hữu cơ; hỗ trợ lãi suất cho hợp tác xã.",
         product_type="green_loan", purposes=["sustainable_agriculture"], project_types=["T21.AG.01"],
         amount_min=100_000_000,
         amount_max=5_000_000_000, rate_min=5.5, rate_max=6.5, tenor_min_months=12, tenor_max_months=60,
         eligible_sectors=["agriculture", "food"],
         required_labels=["vietgap", "vn-organic", "globalgap", "usda-organic", "eu-organic"]),
]


def _offer(org, owner_id, spec: dict) -> FinanceOffer:
    spec = dict(spec)
    draft = spec.pop("_draft", False)
    now = clock.now()
    offer = FinanceOffer(organisation_id=org.id, created_by_id=owner_id, currency="VND",
                         status=OfferStatus.draft if draft else OfferStatus.published,
                         published_at=None if draft else now, valid_from=clock.today() - dt.timedelta(days=30),
                         valid_until=clock.today() + dt.timedelta(days=365), **spec)
    db.session.add(offer)
    db.session.flush()
    audit(owner_id, "finance.offer_created", "finance_offer", offer.id, {"title": offer.title}, org.id)
    enqueue_index("offer", offer.id)
    return offer


def _lead(offer, org, status: LeadStatus, purpose: str, amount: int, timeline: str, message: str, note: str = ""):
    owner_id = org.memberships[0].user_id
    claims = certified_claims(org.id, clock.today())[:2]
    now = clock.now()
    lead = Lead(offer_id=offer.id, finance_org_id=offer.organisation_id, business_org_id=org.id,
                created_by_id=owner_id, status=status, status_changed_at=now, need_purpose=purpose,
                need_amount=amount, need_timeline=timeline, message=message,
                shared_profile={"legal_name": org.legal_name, "tax_code": org.tax_code,
                                "province_code": org.province_code, "sectors": list(org.sectors or []),
                                "size": org.size.value if org.size else None, "founded_year": org.founded_year},
                shared_claim_ids=[c.id for c in claims],
                shared_claims=[{"id": c.id, "label_code": c.label.code, "label_name": c.label.name_vi,
                                "label_name_en": c.label.name_en, "certificate_number": c.certificate_number,
                                "issuer": c.issuer, "valid_until": c.valid_until.isoformat(),
                                "listing_id": c.listing_id} for c in claims],
                shared_document_ids=[], eligibility={}, consent_text=CONSENT_TEXT, consent_given_at=now)
    db.session.add(lead)
    db.session.flush()
    audit(owner_id, "finance.lead_created", "finance_lead", lead.id, {"offer_id": offer.id}, org.id)
    if status != LeadStatus.new:
        bank_user = offer.organisation.memberships[0].user_id
        audit(bank_user, "finance.lead_status", "finance_lead", lead.id, {"status": ["new", status.value]},
              offer.organisation_id)
        if note:
            db.session.add(LeadNote(lead_id=lead.id, author_id=bank_user, body=note, created_at=now))
    return lead


def demo_finance(rng: random.Random, ctx: dict) -> None:
    banks = ctx.get("finance") or []
    if not banks:
        return
    offers: list[FinanceOffer] = []
    for org, specs in zip(banks, (BANK_OFFERS, FUND_OFFERS)):
        owner_id = org.memberships[0].user_id
        offers += [_offer(org, owner_id, spec) for spec in specs]
    by_title = {o.title_en: o for o in offers}
    producers = {p.trade_name: p for p in ctx.get("producers", [])}
    leads = [
        ("Green credit for rooftop solar on factories", "Tre Xanh Thanh Hoá", LeadStatus.new, "renewable_energy",
         1_800_000_000, "Lắp đặt trong quý tới", "Nhà xưởng 2.000 m² mái tôn, dự kiến 250 kWp.", ""),
        ("Green credit line for circular-economy SMEs", "RePET Bình Dương", LeadStatus.in_review, "circular_economy",
         6_000_000_000, "Giải ngân trong 3 tháng", "Mở rộng dây chuyền rửa và tạo hạt rPET.",
         "Đã nhận báo cáo tài chính; chờ thẩm định tài sản."),
        ("Sustainable agriculture finance (VietGAP / organic)", "Mekong Organic", LeadStatus.contacted,
         "sustainable_agriculture", 900_000_000, "Trước vụ Đông Xuân", "Mở rộng 40 ha lúa hữu cơ.",
         "Đã gọi điện, hẹn khảo sát vùng trồng."),
    ]
    made = 0
    for offer_key, producer, status, purpose, amount, timeline, message, note in leads:
        if offer_key in by_title and producer in producers:
            _lead(by_title[offer_key], producers[producer], status, purpose, amount, timeline, message, note)
            made += 1
    needs = 0
    if "Tre Xanh Thanh Hoá" in producers:  # a financing need shared with banks whose offers fit (reverse matching)
        org = producers["Tre Xanh Thanh Hoá"]
        now = clock.now()
        db.session.add(FinancingNeed(
            organisation_id=org.id, created_by_id=org.memberships[0].user_id, title="Điện mặt trời áp mái 250 kWp",
            description="Lắp hệ thống điện mặt trời tự dùng trên 2.000 m² mái nhà xưởng.", amount=1_800_000_000,
            tenor_months=60, purpose="renewable_energy", project_type="T21.EN.02",
            evidence_kind=EvidenceKind.environmental_registration, evidence_number="45/GXN-UBND",
            evidence_date=clock.today() - dt.timedelta(days=90), evidence_agency="UBND xã Hoằng Hoá (minh hoạ)",
            consent_given_at=now, status=NeedStatus.open))
        needs += 1
    db.session.flush()
    summary = ctx.setdefault("summary", {})
    summary["finance_needs"] = needs
    summary["finance_offers"] = len(offers)
    summary["finance_leads"] = made
