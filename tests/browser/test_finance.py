"""Green finance end to end: a bank posts an offer → a producer with a verified claim sees it as
eligible with reasons → sends interest with consent → the bank moves the lead through the pipeline →
the producer sees the status."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

PASSWORD = "Correct-horse-42"  # tests/conftest.py make_user


@pytest.fixture()
def people(app, make_user, make_org):
    from app import clock
    from app.extensions import db
    from app.labels.models import Claim, ClaimStatus, Label
    from app.reference import seed_all

    if not db.session.scalar(db.select(db.func.count(Label.id))):
        seed_all()
    bank_user = make_user(email="tin-dung@nganhangxanh.vn", name="Cán bộ Tín dụng")
    make_org("finance", owner=bank_user, legal_name="Ngân hàng TMCP Xanh", province_code="1")
    producer_user = make_user(email="chu@gaohuuco.vn", name="Chủ HTX")
    producer = make_org("producer", owner=producer_user, legal_name="HTX Gạo Hữu cơ Đồng Tháp", province_code="82",
                        sectors=["agriculture", "food"], size="small", founded_year=2012)
    label = db.session.scalar(db.select(Label).where(Label.code == "vietgap"))
    today = clock.today()
    db.session.add(Claim(label_id=label.id, organisation_id=producer.id, certificate_number="VG-2025-0142",
                         issuer="QUACERT", valid_from=today - dt.timedelta(days=60),
                         valid_until=today + dt.timedelta(days=600), status=ClaimStatus.verified,
                         evidence_path="evidence/x.pdf", evidence_mime="application/pdf"))
    db.session.commit()
    return bank_user, producer_user


def sign_in(page, email: str) -> None:
    page.goto("/account/login?lang=en")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign in")).to_have_count(0)
    page.goto("/dashboard?lang=en")  # signing in starts a fresh session: choose English again


def test_bank_offer_to_producer_interest_to_pipeline(page, browser, live_server, people):
    bank_user, producer_user = people
    # the bank posts an offer that needs a verified VietGAP (or organic) label
    sign_in(page, bank_user.email)
    page.get_by_role("navigation", name="Your workspace").get_by_role("link", name="My offers").click()
    page.locator("main").get_by_role("link", name="New offer").click()
    page.get_by_label("Title (Vietnamese)").fill("Vốn nông nghiệp bền vững VietGAP")
    page.get_by_label("Product type").select_option("green_loan")
    page.get_by_label("Sustainable agriculture, forestry and fisheries").check()
    page.get_by_label("Minimum amount").fill("100000000")
    page.get_by_label("Maximum amount").fill("5000000000")
    page.get_by_label("Interest rate as text").fill("Lãi suất cơ sở − 1,5%")
    page.get_by_label("Small (≤100 employees)").check()
    page.get_by_label("VietGAP", exact=False).first.check()
    page.get_by_label("Minimum years in operation").fill("3")
    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vốn nông nghiệp bền vững VietGAP")
    expect(page.locator(".fin-status-published")).to_be_visible()

    # the producer sees it as eligible, with each criterion's reason
    producer_ctx = browser.new_context(base_url=live_server, locale="vi-VN")
    producer_ctx.set_default_timeout(10_000)
    p = producer_ctx.new_page()
    sign_in(p, producer_user.email)
    p.get_by_role("navigation", name="Your workspace").get_by_role("link", name="Finance for you").click()
    card = p.locator("article.fin-fit").filter(has_text="Vốn nông nghiệp bền vững VietGAP")
    expect(card.locator(".fin-elig-eligible")).to_be_visible()
    card.get_by_role("link", name="Vốn nông nghiệp bền vững VietGAP").click()
    expect(p.locator(".fin-elig-eligible")).to_have_text("Eligible")
    expect(p.locator('[data-criterion="labels"].fin-met')).to_contain_text("VietGAP")
    expect(p.locator('[data-criterion="size"].fin-met')).to_be_visible()
    expect(p.locator('[data-criterion="years_operating"].fin-met')).to_contain_text("founded 2012")

    # … and sends interest, choosing what to share, with explicit consent
    p.get_by_role("link", name="Express interest").click()
    p.get_by_label("Purpose of the financing").select_option("sustainable_agriculture")
    p.get_by_label("Amount needed (VND)").fill("800000000")
    p.get_by_label("VG-2025-0142", exact=False).check()
    p.get_by_label("Contact person", exact=False).check()
    p.get_by_role("button", name="Send interest").click()
    expect(p.locator("#consent-help .error")).to_be_visible()  # no consent, nothing sent
    p.get_by_label("I consent to sharing", exact=False).check()
    p.get_by_role("button", name="Send interest").click()
    expect(p.locator(".fin-lead-status [data-status]")).to_have_text("New")
    lead_url = p.url

    # the bank moves the lead through its pipeline
    page.goto("/finance/leads")
    page.get_by_role("link", name="HTX Gạo Hữu cơ Đồng Tháp").click()
    expect(page.locator(".fin-claims")).to_contain_text("VG-2025-0142")
    for label in ("Contacted", "In review", "Approved"):
        page.get_by_label("Move to").select_option(label=label)
        page.get_by_role("button", name="Update status").click()
        expect(page.locator(".fin-lead-status [data-status]")).to_have_text(label)

    # the bank sees the consented contact person and the eligibility result, and writes to the business
    expect(page.locator("main")).to_contain_text(producer_user.email)
    expect(page.locator(".fin-eligibility-status")).to_contain_text("Meets every criterion")
    page.get_by_label("Message to HTX Gạo Hữu cơ Đồng Tháp").fill("Xin gửi báo cáo tài chính 2024 để thẩm định.")
    page.get_by_role("button", name="Send message").click()
    expect(page.locator(".fin-thread")).to_contain_text("Xin gửi báo cáo tài chính 2024 để thẩm định.")

    # the producer sees the status, its history and the bank's message, and answers
    p.goto(lead_url)
    expect(p.locator(".fin-lead-status [data-status]")).to_have_text("Approved")
    expect(p.locator(".fin-history")).to_contain_text('Status changed to "Approved"')
    expect(p.locator(".fin-thread")).to_contain_text("Xin gửi báo cáo tài chính 2024 để thẩm định.")
    p.get_by_label("Message to Ngân hàng TMCP Xanh").fill("Chúng tôi gửi trong tuần này.")
    p.get_by_role("button", name="Send message").click()
    expect(p.locator(".fin-thread")).to_contain_text("Chúng tôi gửi trong tuần này.")
    producer_ctx.close()
    page.reload()
    expect(page.locator(".fin-thread")).to_contain_text("Chúng tôi gửi trong tuần này.")
