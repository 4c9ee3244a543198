"""Expressions of interest: explicit consent, what is shared, the pipeline, notes, notifications,
audit log — and privacy: consent withdrawal really cuts access; one bank never sees another bank's
leads; a business's documents are unreachable without consent."""
from __future__ import annotations

import pytest

API = "/api/v1/finance"


@pytest.fixture()
def lead_setup(client, bank, producer, make_offer, certify, upload_doc, token_for):
    offer = make_offer(required_labels=["vietgap"])
    user, org = producer
    claim = certify(org, "vietgap")
    doc = upload_doc(user)
    other_doc = upload_doc(user, title="Giấy phép môi trường", doc_type="environmental_permit")
    r = client.post(f"{API}/offers/{offer.id}/leads", headers=token_for(user), json={
        "consent": True, "share_profile": ["legal_name", "tax_code", "sectors"], "claim_ids": [claim.id],
        "document_ids": [doc.id], "need_purpose": "renewable_energy", "need_amount": 2_000_000_000,
        "need_timeline": "Giải ngân trong quý 1", "message": "Chúng tôi cần lắp 500 kWp điện mặt trời."})
    assert r.status_code == 201, r.json
    return {"offer": offer, "lead_id": r.json["id"], "doc": doc, "other_doc": other_doc, "claim": claim,
            "bank_user": bank[0], "bank_org": bank[1], "user": user, "org": org}


def test_consent_is_required_and_only_own_verified_claims_and_documents(client, bank, producer, make_offer, certify,
                                                                        make_user, make_org, upload_doc, token_for):
    offer = make_offer()
    user, org = producer
    h = token_for(user)
    r = client.post(f"{API}/offers/{offer.id}/leads", headers=h, json={"consent": False})
    assert r.status_code == 422 and "consent" in r.json["error"]["fields"]
    other_user = make_user()
    other_org = make_org("producer", owner=other_user)
    foreign_claim = certify(other_org, "vietgap")
    foreign_doc = upload_doc(other_user)
    pending = certify(org, "vn-organic", status="submitted")
    for body, field in (({"claim_ids": [foreign_claim.id]}, "claim_ids"), ({"claim_ids": [pending.id]}, "claim_ids"),
                        ({"document_ids": [foreign_doc.id]}, "document_ids")):
        r = client.post(f"{API}/offers/{offer.id}/leads", headers=h, json={"consent": True, **body})
        assert r.status_code == 422 and field in r.json["error"]["fields"], r.json
    r = client.post(f"{API}/offers/{offer.id}/leads", headers=h, json={"consent": True})
    assert r.status_code == 201
    r = client.post(f"{API}/offers/{offer.id}/leads", headers=h, json={"consent": True})
    assert r.status_code == 409  # one active request per offer


def test_ineligible_business_cannot_send_interest(client, producer, make_offer, token_for):
    offer = make_offer(eligible_kinds=["buyer"])
    r = client.post(f"{API}/offers/{offer.id}/leads", headers=token_for(producer[0]), json={"consent": True})
    assert r.status_code == 422 and r.json["error"]["fields"]["eligibility"]


def test_closed_or_draft_offer_takes_no_interest(client, producer, make_offer, token_for, bank):
    draft = make_offer(publish=False)
    h = token_for(producer[0])
    assert client.post(f"{API}/offers/{draft.id}/leads", headers=h, json={"consent": True}).status_code == 404
    offer = make_offer()
    client.post(f"{API}/offers/{offer.id}/close", headers=token_for(bank[0]))
    assert client.post(f"{API}/offers/{offer.id}/leads", headers=h, json={"consent": True}).status_code == 409


def test_bank_sees_the_snapshot_and_moves_the_pipeline(client, lead_setup, token_for):
    from app.extensions import db
    from app.notifications.models import AuditEntry, Notification

    s = lead_setup
    bank_h, biz_h = token_for(s["bank_user"]), token_for(s["user"])
    inbox = client.get(f"{API}/leads", headers=bank_h).json
    assert inbox["total"] == 1
    lead = inbox["items"][0]
    assert lead["shared"]["profile"]["tax_code"] is None or "tax_code" in lead["shared"]["profile"]
    assert set(lead["shared"]["profile"]) == {"legal_name", "tax_code", "sectors"}
    assert [c["label_code"] for c in lead["shared"]["claims"]] == ["vietgap"]
    assert [d["id"] for d in lead["shared"]["documents"]] == [s["doc"].id]
    assert lead["need_amount"] == 2_000_000_000
    # the bank was notified
    bank_notes = db.session.scalars(db.select(Notification).where(Notification.user_id == s["bank_user"].id)).all()
    assert any(n.kind == "finance.lead_new" for n in bank_notes)
    lead_id = s["lead_id"]
    for status in ("contacted", "in_review", "approved"):
        r = client.post(f"{API}/leads/{lead_id}/status", headers=bank_h, json={"status": status, "note": f"-> {status}"})
        assert r.status_code == 200 and r.json["status"] == status
    r = client.post(f"{API}/leads/{lead_id}/notes", headers=bank_h, json={"body": "Hồ sơ đầy đủ, thẩm định nhanh."})
    assert r.status_code == 201
    # the business sees the status, never the bank's private notes
    mine = client.get(f"{API}/leads/{lead_id}", headers=biz_h).json
    assert mine["status"] == "approved" and mine["notes"] == []
    assert len(client.get(f"{API}/leads/{lead_id}", headers=bank_h).json["notes"]) == 4
    # the business cannot move the pipeline
    assert client.post(f"{API}/leads/{lead_id}/status", headers=biz_h, json={"status": "new"}).status_code == 403
    biz_notes = db.session.scalars(db.select(Notification).where(Notification.user_id == s["user"].id,
                                                                 Notification.kind == "finance.lead_status")).all()
    assert len(biz_notes) == 3
    actions = [e.action for e in db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.object_type == "finance_lead", AuditEntry.object_id == lead_id).order_by(AuditEntry.id))]
    assert actions == ["finance.lead_created"] + ["finance.lead_status"] * 3 + ["finance.lead_note"]


def test_withdrawing_consent_cuts_access_at_once(client, app, lead_setup, token_for, login):
    from app.extensions import db
    from app.notifications.models import AuditEntry

    s = lead_setup
    bank_h, biz_h = token_for(s["bank_user"]), token_for(s["user"])
    doc_url = f"{API}/leads/{s['lead_id']}/documents/{s['doc'].id}"
    page_url = f"/finance/leads/{s['lead_id']}/documents/{s['doc'].id}"
    r = client.get(doc_url, headers=bank_h)
    assert r.status_code == 200 and r.data.startswith(b"%PDF")
    bank_browser = login(s["bank_user"], app.test_client())
    assert bank_browser.get(page_url).status_code == 200
    # a document that was not shared is never reachable through the lead
    assert client.get(f"{API}/leads/{s['lead_id']}/documents/{s['other_doc'].id}", headers=bank_h).status_code == 404

    r = client.post(f"{API}/leads/{s['lead_id']}/withdraw", headers=biz_h)
    assert r.status_code == 200 and r.json["consent_active"] is False

    assert client.get(doc_url, headers=bank_h).status_code == 404
    assert bank_browser.get(page_url).status_code == 404
    lead = client.get(f"{API}/leads/{s['lead_id']}", headers=bank_h).json
    assert lead["shared"] == {"profile": {}, "claims": [], "documents": [], "message": ""}
    html = bank_browser.get(f"/finance/leads/{s['lead_id']}").get_data(as_text=True)
    assert s["doc"].title not in html and "Chúng tôi cần lắp" not in html
    # the snapshot itself is erased, not just hidden
    from app.finance.models import Lead

    row = db.session.get(Lead, s["lead_id"])
    db.session.refresh(row)
    assert row.shared_profile == {} and row.shared_claims == []
    # the bank can no longer move it; the business still reaches its own document
    assert client.post(f"{API}/leads/{s['lead_id']}/status", headers=bank_h,
                       json={"status": "contacted"}).status_code == 409
    assert client.get(doc_url, headers=biz_h).status_code == 200
    actions = [e.action for e in db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.object_type == "finance_lead", AuditEntry.object_id == s["lead_id"]))]
    assert "finance.consent_withdrawn" in actions and "finance.document_opened" in actions
    # a new request is possible after withdrawal, with fresh consent
    assert client.post(f"{API}/offers/{s['offer'].id}/leads", headers=biz_h, json={"consent": True}).status_code == 201


def test_another_bank_never_sees_the_lead_or_documents(client, app, lead_setup, make_user, make_org, token_for, login):
    s = lead_setup
    rival = make_user()
    make_org("finance", owner=rival)
    h = token_for(rival)
    lead_id = s["lead_id"]
    assert client.get(f"{API}/leads", headers=h).json["total"] == 0
    assert client.get(f"{API}/leads/{lead_id}", headers=h).status_code == 404
    assert client.get(f"{API}/leads/{lead_id}/documents/{s['doc'].id}", headers=h).status_code == 404
    assert client.post(f"{API}/leads/{lead_id}/status", headers=h, json={"status": "contacted"}).status_code == 404
    assert client.post(f"{API}/leads/{lead_id}/notes", headers=h, json={"body": "x"}).status_code == 404
    assert client.post(f"{API}/leads/{lead_id}/withdraw", headers=h).status_code == 404
    c = login(rival, app.test_client())
    assert c.get(f"/finance/leads/{lead_id}").status_code == 404
    assert c.get(f"/finance/leads/{lead_id}/documents/{s['doc'].id}").status_code == 404
    assert c.get(f"/finance/documents/{s['doc'].id}").status_code == 404


def test_business_documents_are_private_without_a_lead(client, app, bank, producer, upload_doc, token_for, login,
                                                       make_offer):
    user, _org = producer
    doc = upload_doc(user)
    make_offer()
    bank_h = token_for(bank[0])
    assert client.get(f"{API}/documents", headers=bank_h).json["items"] == []
    assert client.delete(f"{API}/documents/{doc.id}", headers=bank_h).status_code == 404
    c = login(bank[0], app.test_client())
    assert c.get(f"/finance/documents/{doc.id}").status_code == 404
    mine = login(user, app.test_client())
    assert mine.get(f"/finance/documents/{doc.id}").status_code == 200
    # a lead that shares nothing does not open documents either
    from app.finance import services
    from app.permissions import Actor

    offer = make_offer(title="Thuê tài chính xe tải điện", product_type="green_leasing", purposes=["clean_transport"])
    lead = services.express_interest(Actor.for_user(user), offer.id, {"consent": True})
    assert client.get(f"{API}/leads/{lead.id}/documents/{doc.id}", headers=bank_h).status_code == 404


def test_document_upload_checks_content(client, producer, token_for):
    import base64

    h = token_for(producer[0])
    from tests.finance.conftest import pdf_bytes

    r = client.post(f"{API}/documents", headers=h, json={"filename": "bctc.pdf", "title": "BCTC",
                                                          "doc_type": "financial_statements",
                                                          "content_base64": base64.b64encode(pdf_bytes()).decode()})
    assert r.status_code == 201 and r.json["mime"] == "application/pdf"
    r = client.post(f"{API}/documents", headers=h, json={"filename": "x.pdf", "content_base64":
                                                         base64.b64encode(b"MZ\x90\x00" + b"\x00" * 100).decode()})
    assert r.status_code == 422
    listed = client.get(f"{API}/documents", headers=h).json["items"]
    assert [d["title"] for d in listed] == ["BCTC"]
    assert client.delete(f"{API}/documents/{listed[0]['id']}", headers=h).status_code == 204


def test_html_interest_flow_with_consent_checkbox(app, bank, producer, make_offer, certify, login, post_form):
    from app.finance.models import Lead
    from app.extensions import db

    offer = make_offer()
    user, org = producer
    claim = certify(org, "vietgap")
    c = login(user)
    url = f"/finance/offers/{offer.id}/interest"
    r = post_form(url, {"share_profile": ["legal_name"], "claim_ids": [str(claim.id)]}, c=c)
    assert r.status_code == 422 and db.session.scalar(db.select(db.func.count(Lead.id))) == 0
    r = post_form(url, {"share_profile": ["legal_name"], "claim_ids": [str(claim.id)], "consent": "y",
                        "need_purpose": "renewable_energy", "need_amount": "1500000000"}, c=c)
    assert r.status_code == 302
    lead = db.session.scalar(db.select(Lead))
    assert lead.shared_claim_ids == [claim.id] and lead.consent_given_at is not None
    page = c.get(r.headers["Location"]).get_data(as_text=True)
    assert 'data-status="new"' in page


def test_new_lead_and_status_change_are_emailed(lead_setup, outbox, delivered, token_for, client):
    """The bank's people hear of a new lead, the business of the bank's answer — by e-mail from the job runner."""
    bank_user, user = lead_setup["bank_user"], lead_setup["user"]
    assert outbox(bank_user.email) == []  # nothing sent inside the business's request
    mails = delivered(bank_user.email)
    assert len(mails) == 1 and "/finance/" in mails[0].get_content()
    r = client.post(f"{API}/leads/{lead_setup['lead_id']}/status", headers=token_for(bank_user),
                    json={"status": "contacted", "note": "Chúng tôi sẽ gọi trong tuần này."})
    assert r.status_code == 200, r.json
    assert len(delivered(user.email)) == 1


def test_bank_and_business_talk_in_the_lead_and_see_the_contact_and_eligibility(app, client, bank, producer, make_offer,
                                                                                 certify, token_for, login, post_form,
                                                                                 delivered, make_user, make_org):
    """The business shares its contact person under the consent; both sides see the eligibility result and
    write to each other on the lead page; the other side is notified; withdrawn consent closes the thread."""
    from app.finance import services
    from app.permissions import Actor

    offer = make_offer(required_labels=["vietgap"])
    user, org = producer
    claim = certify(org, "vietgap")
    r = client.post(f"{API}/offers/{offer.id}/leads", headers=token_for(user), json={
        "consent": True, "share_profile": ["legal_name", "contact_person"], "claim_ids": [claim.id],
        "need_purpose": "renewable_energy", "need_amount": 2_000_000_000})
    assert r.status_code == 201, r.json
    lead_id = r.json["id"]
    bank_user, _bank_org = bank
    bank_client = login(bank_user, app.test_client())
    page = bank_client.get(f"/finance/leads/{lead_id}?lang=en").get_data(as_text=True)
    assert user.email in page  # the consented contact person
    assert "Eligibility when the request was sent" in page and "Meets every criterion" in page
    r = post_form(f"/finance/leads/{lead_id}/messages", {"body": "Anh/chị có thể gửi báo cáo tài chính 2024 không?"},
                  get_path=f"/finance/leads/{lead_id}", c=bank_client)
    assert r.status_code == 302
    business_client = login(user, app.test_client())
    page = business_client.get(f"/finance/leads/{lead_id}?lang=en").get_data(as_text=True)
    assert "Anh/chị có thể gửi báo cáo tài chính 2024 không?" in page
    assert any("New message" in m["Subject"] or "Tin nhắn" in m["Subject"] for m in delivered(user.email))
    post_form(f"/finance/leads/{lead_id}/messages", {"body": "Dạ, chúng tôi gửi trong tuần này."},
              get_path=f"/finance/leads/{lead_id}", c=business_client)
    page = bank_client.get(f"/finance/leads/{lead_id}").get_data(as_text=True)
    assert "Dạ, chúng tôi gửi trong tuần này." in page
    # an empty message is refused with the field's message; a stranger cannot write
    import pytest as _pytest

    from app.errors import Conflict, NotFound, ValidationFailed

    with _pytest.raises(ValidationFailed) as refused:
        services.post_message(Actor.for_user(user), lead_id, {"body": "  "})
    assert "body" in refused.value.fields
    stranger = make_user()
    make_org("producer", owner=stranger)
    with _pytest.raises(NotFound):
        services.post_message(Actor.for_user(stranger), lead_id, {"body": "Xin chào"})
    services.withdraw_consent(Actor.for_user(user), lead_id)
    with _pytest.raises(Conflict):
        services.post_message(Actor.for_user(bank_user), lead_id, {"body": "Còn đó không?"})


def test_the_bank_reads_a_shared_certificates_expiry_as_a_vietnamese_date(app, lead_setup, login):
    """The lead keeps the shared claims as a snapshot (dates stored as text); the page still shows the
    expiry the way people read dates (29/03/2027), never the stored 2027-03-29."""
    s = lead_setup
    until = s["claim"].valid_until
    bank_browser = login(s["bank_user"], app.test_client())
    html = bank_browser.get(f"/finance/leads/{s['lead_id']}?lang=vi").get_data(as_text=True)
    assert until.strftime("%d/%m/%Y") in html
    assert until.isoformat() not in html
