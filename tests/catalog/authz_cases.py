"""Authorization cases for the catalog and label/claim endpoints (loaded by tests/test_authz_matrix.py)."""
from __future__ import annotations

import datetime as dt
import uuid

import tests.catalog.conftest  # noqa: F401  (keeps the label registry between tests)
from tests.test_authz_matrix import Case, register


def _listing(w, publish=True):
    from app.catalog import services
    from app.permissions import Actor
    from tests.catalog.conftest import listing_data

    data = listing_data()
    if publish:
        data["status"] = "published"
    return services.create_listing(Actor.for_user(w.owner), data)


def _claim_body(label="vn-ecolabel"):
    from app import clock

    today = clock.today()
    return {"label": label, "certificate_number": "CERT-1", "valid_from": today.isoformat(),
            "valid_until": (today + dt.timedelta(days=300)).isoformat()}


def _claim(w, evidence=True):
    from app.labels import services
    from app.labels.evidence import as_upload, make_pdf
    from app.permissions import Actor

    listing = _listing(w)
    upload = as_upload(make_pdf(["x"]), "c.pdf") if evidence else None
    return services.submit_claim(Actor.for_user(w.owner), w.org.id, _claim_body(), upload, listing_id=listing.id)


def _label_id(w):
    from app.extensions import db
    from app.labels.models import Label

    return db.session.scalar(db.select(Label.id).where(Label.code == "pefc"))


register(
    Case("POST", "/api/v1/listings", lambda w: ("/api/v1/listings", {
        "title": "Hộp bã mía 500 ml", "category": "packaging.food_containers", "unit": "piece", "origin_province": "79",
        "moq": 1000}), right="any_user"),
    # imports into the caller's own organisation (no object to steal); non-producers: tests/catalog/test_bulk_import.py
    Case("POST", "/api/v1/listings/bulk", lambda w: ("/api/v1/listings/bulk", [{
        "sku": "HBM-500", "title": "Hộp bã mía 500 ml", "category": "packaging.food_containers", "unit": "piece",
        "origin_province": "79", "moq": 1000}]), right="any_user"),
    Case("PATCH", "/api/v1/listings/<int:listing_id>",
         lambda w: (f"/api/v1/listings/{_listing(w).id}", {"title": "Tên mới của sản phẩm"}),
         stranger_sees=(404,)),
    Case("DELETE", "/api/v1/listings/<int:listing_id>", lambda w: (f"/api/v1/listings/{_listing(w).id}", None),
         stranger_sees=(404,)),
    Case("POST", "/api/v1/listings/<int:listing_id>/claims",
         lambda w: (f"/api/v1/listings/{_listing(w).id}/claims", _claim_body()), stranger_sees=(404,)),
    # The matrix sends JSON; the owner gets past authorization to the file check (multipart is tested in tests/catalog).
    Case("POST", "/api/v1/listings/<int:listing_id>/photos",
         lambda w: (f"/api/v1/listings/{_listing(w).id}/photos", {}), stranger_sees=(404,), ok=(422,)),
    Case("POST", "/api/v1/claims", lambda w: ("/api/v1/claims", _claim_body("iso-14001")), right="any_user"),
    Case("POST", "/api/v1/claims/<int:claim_id>/evidence",
         lambda w: (f"/api/v1/claims/{_claim(w, evidence=False).id}/evidence", {}), stranger_sees=(404,), ok=(422,)),
    Case("POST", "/api/v1/claims/<int:claim_id>/withdraw",
         lambda w: (f"/api/v1/claims/{_claim(w).id}/withdraw", None), stranger_sees=(404,)),
    Case("POST", "/api/v1/claims/<int:claim_id>/verify",
         lambda w: (f"/api/v1/claims/{_claim(w).id}/verify", {}), right="verifier", stranger_sees=(403,)),
    Case("POST", "/api/v1/claims/<int:claim_id>/reject",
         lambda w: (f"/api/v1/claims/{_claim(w).id}/reject", {"reason": "Không khớp cơ sở dữ liệu"}),
         right="verifier", stranger_sees=(403,)),
    Case("POST", "/api/v1/labels", lambda w: ("/api/v1/labels", {
        "code": f"test-{uuid.uuid4().hex[:12]}", "name_en": "Test label", "name_vi": "Nhãn thử", "kind": "eco",
        "issuing_body": "Test body"}), right="admin", stranger_sees=(403,)),
    Case("PATCH", "/api/v1/labels/<int:label_id>",
         lambda w: (f"/api/v1/labels/{_label_id(w)}", {"active": True}), right="admin", stranger_sees=(403,)),
)
