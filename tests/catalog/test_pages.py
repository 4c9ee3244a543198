"""HTML pages: producer creates a listing with a photo and a claim, verifier reviews it, buyers see badges."""
from __future__ import annotations

import datetime as dt
import io
import re

from app import clock
from app.catalog.models import Listing, ListingStatus
from app.extensions import db
from app.labels.models import Claim, ClaimStatus
from tests.catalog.conftest import ELF, pdf_bytes, png_bytes
from tests.conftest import csrf_from


def _form_listing(**overrides):
    data = {"title": "Hộp bã mía 600 ml", "title_en": "Bagasse box 600 ml", "category": "packaging.food_containers",
            "material": "bã mía", "origin_province": "79", "unit": "piece", "moq": "5.000", "capacity_month": "200000",
            "lead_time_days": "7", "recycled_pct": "", "compostable": "y", "export_markets": ["EU", "JP"], "gtin": "",
            "description": "Hộp đựng thức ăn từ bã mía, chịu nhiệt, phân huỷ sinh học.", "description_en": "",
            "tier_qty_1": "5000", "tier_price_1": "1.500", "tier_qty_2": "50000", "tier_price_2": "1.200"}
    data.update(overrides)
    return data


def test_producer_flow_and_verifier_review(app, login, verifier, producer):
    user, org = producer
    c = login(user, app.test_client())
    page = c.get("/my/listings/new")
    assert page.status_code == 200
    token = csrf_from(page.get_data(as_text=True))
    data = _form_listing(csrf_token=token)
    data["photo"] = (io.BytesIO(png_bytes()), "hop.png")
    r = c.post("/my/listings/new", data=data, content_type="multipart/form-data")
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    listing = db.session.scalar(db.select(Listing))
    assert listing.status == ListingStatus.draft and listing.moq == 5000.0  # "5.000": Vietnamese grouping
    assert [(t.min_qty, t.price_vnd) for t in listing.price_tiers] == [(5000, 1500), (50000, 1200)]
    assert len(listing.photos) == 1 and listing.export_markets == ["EU", "JP"]

    # Add a claim with evidence through the page form.
    url = f"/my/listings/{listing.id}/claims/new"
    token = csrf_from(c.get(url).get_data(as_text=True))
    today = clock.today()
    claim_form = {"csrf_token": token, "label": "ok-compost-industrial", "certificate_number": "S0421",
                  "issuer": "TÜV AUSTRIA Belgium", "scope": "", "valid_from": (today - dt.timedelta(days=1)).isoformat(),
                  "valid_until": (today + dt.timedelta(days=300)).isoformat()}
    # A renamed executable is refused, the form re-renders with the message.
    r = c.post(url, data={**claim_form, "evidence": (io.BytesIO(ELF), "certificate.pdf")}, content_type="multipart/form-data")
    assert r.status_code == 422 and db.session.scalar(db.select(db.func.count(Claim.id))) == 0
    r = c.post(url, data={**claim_form, "evidence": (io.BytesIO(pdf_bytes()), "certificate.pdf")}, content_type="multipart/form-data")
    assert r.status_code == 302
    claim = db.session.scalar(db.select(Claim))

    # Publish from the edit page.
    edit = c.get(f"/my/listings/{listing.id}/edit").get_data(as_text=True)
    assert "S0421" in edit
    r = c.post(f"/my/listings/{listing.id}/status", data={"csrf_token": csrf_from(edit), "st-status": "published"})
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(Listing, listing.id).status == ListingStatus.published

    anon = app.test_client()
    html = anon.get(f"/listings/{listing.id}").get_data(as_text=True)
    assert 'data-claim-status="submitted"' in html and 'data-claim-status="verified"' not in html

    # The verifier reviews it in the queue, sees the evidence and verifies.
    v = login(verifier, app.test_client())
    queue = v.get("/verify").get_data(as_text=True)
    assert f"/verify/{claim.id}" in queue
    review = v.get(f"/verify/{claim.id}").get_data(as_text=True)
    assert f"/claims/{claim.id}/evidence" in review and "<iframe" not in review  # evidence is downloaded
    evidence = v.get(f"/claims/{claim.id}/evidence")
    assert evidence.status_code == 200 and evidence.headers["Content-Disposition"].startswith("attachment")
    r = v.post(f"/verify/{claim.id}/reject", data={"csrf_token": csrf_from(review), "reason": ""})
    assert r.status_code == 422
    r = v.post(f"/verify/{claim.id}/verify", data={"csrf_token": csrf_from(review), "note": "OK"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/verify"), v.get(r.headers["Location"]).get_data(as_text=True)[-3000:]
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).status == ClaimStatus.verified

    html = anon.get(f"/listings/{listing.id}").get_data(as_text=True)
    assert 'data-claim-status="verified"' in html
    assert anon.get(f"/producers/{org.id}").status_code == 200
    assert "Hộp bã mía 600 ml" in anon.get("/listings").get_data(as_text=True)

    # After the validity date the public page shows it expired.
    clock.advance(dt.timedelta(days=301))
    html = anon.get(f"/listings/{listing.id}").get_data(as_text=True)
    assert 'data-claim-status="expired"' in html and 'data-claim-status="verified"' not in html


def test_form_errors_are_shown_and_nothing_saved(app, login, producer):
    user, _org = producer
    c = login(user, app.test_client())
    token = csrf_from(c.get("/my/listings/new").get_data(as_text=True))
    r = c.post("/my/listings/new", data=_form_listing(csrf_token=token, gtin="12345678", moq="abc", tier_price_1="-3"))
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert html.count('role="alert"') >= 3 and 'aria-invalid="true"' in html
    assert 'id="tier-errors"' in html
    assert db.session.scalar(db.select(db.func.count(Listing.id))) == 0


def test_other_organisations_cannot_open_edit_pages(app, login, make_user, make_org, producer, make_listing, make_claim):
    user, _org = producer
    listing = make_listing(user)
    claim = make_claim(user, listing)
    stranger = make_user()
    make_org("producer", owner=stranger)
    s = login(stranger, app.test_client())
    for url in (f"/my/listings/{listing.id}/edit", f"/my/listings/{listing.id}/claims/new", f"/claims/{claim.id}",
                f"/claims/{claim.id}/evidence"):
        assert s.get(url).status_code == 404, url
    token = csrf_from(s.get("/my/listings/new").get_data(as_text=True))
    assert s.post(f"/my/listings/{listing.id}/status", data={"csrf_token": token, "st-status": "archived"}).status_code == 404
    assert s.get("/verify").status_code == 403
    assert s.get("/admin/labels").status_code == 403


def test_dashboard_panel_warns_about_expiring_claims(app, login, producer, verifier, make_listing, make_claim):
    user, _org = producer
    make_claim(user, make_listing(user), state="verified", verifier=verifier, days=12, certificate_number="WARN-12")
    html = login(user, app.test_client()).get("/dashboard").get_data(as_text=True)
    assert "WARN-12" in html and "badge" in html


def test_registry_and_admin_pages(app, login, admin, client):
    html = client.get("/labels").get_data(as_text=True)
    assert "Nhãn sinh thái Việt Nam" in html and "FSC" in html
    assert "search.fsc.org" in client.get("/labels/fsc").get_data(as_text=True)
    a = login(admin, app.test_client())
    assert a.get("/admin/labels").status_code == 200
    from app.labels.models import Label

    label_id = db.session.scalar(db.select(Label.id).where(Label.code == "pefc"))
    page = a.get(f"/admin/labels/{label_id}/edit")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    form = {m.group(1): m.group(2) for m in re.finditer(r'name="(\w+)" type="text" value="([^"]*)"', html)}
    form.update({"csrf_token": csrf_from(html), "kind": "forestry", "scope": "both", "active": "y",
                 "certificate_hint": "PEFC/07-31-123 (edited)"})
    r = a.post(f"/admin/labels/{label_id}/edit", data=form)
    assert r.status_code == 302, r.get_data(as_text=True)[:1500]
    db.session.expire_all()
    assert db.session.get(Label, label_id).certificate_hint == "PEFC/07-31-123 (edited)"
    db.session.get(Label, label_id).certificate_hint = "Certificate number, e.g. PEFC/07-31-123"
    db.session.commit()


def test_browse_empty_state_and_english(client):
    html = client.get("/listings?lang=en").get_data(as_text=True)
    assert "No listings match" in html
