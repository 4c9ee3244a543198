"""Fixtures for catalog and labels tests (tests/labels/conftest.py re-exports them)."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image


def png_bytes(size=(64, 48), color=(30, 140, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def pdf_bytes(text: str = "Certificate") -> bytes:
    from app.labels.evidence import make_pdf

    return make_pdf([text])


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture(autouse=True)
def _labels_seeded(app):
    """Re-seed if another suite's clean-up removed the registry (idempotent, cheap)."""
    from app.extensions import db
    from app.labels.models import Label
    from app.reference import seed_all

    if not db.session.scalar(db.select(db.func.count(Label.id))):
        seed_all()


@pytest.fixture()
def today():
    from app import clock

    return clock.today()


def listing_data(**overrides) -> dict:
    data = {
        "title": "Ống hút tre tự nhiên 20 cm",
        "title_en": "Natural bamboo straw 20 cm",
        "description": "Ống hút tre luộc, sấy khô, không hoá chất.",
        "category": "packaging.straws",
        "material": "tre",
        "origin_province": "38",
        "unit": "piece",
        "moq": 1000,
        "capacity_month": 200000,
        "lead_time_days": 10,
        "compostable": True,
        "biodegradable": True,
        "export_markets": ["EU", "JP"],
        "price_tiers": [{"min_qty": 1000, "price_vnd": 1200}, {"min_qty": 10000, "price_vnd": 950}],
    }
    data.update(overrides)
    return data


@pytest.fixture()
def producer(make_user, make_org):
    """(user, org): the owner of an approved producer organisation."""
    user = make_user()
    org = make_org("producer", owner=user, province_code="38")
    return user, org


@pytest.fixture()
def verifier(make_user):
    return make_user(role="verifier")


@pytest.fixture()
def admin(make_user):
    return make_user(role="admin")


@pytest.fixture()
def make_listing(actor_for):
    from app.catalog import services

    def do(user, publish: bool = True, **overrides):
        data = listing_data(**overrides)
        if publish:
            data["status"] = "published"
        return services.create_listing(actor_for(user), data)

    return do


@pytest.fixture()
def make_claim(actor_for, today):
    """make_claim(user, listing=None, label="vn-ecolabel", evidence=True, state="submitted"|"verified", verifier=None)."""
    from app.catalog import services as catalog
    from app.labels import services as labels
    from app.labels.evidence import as_upload

    def do(user, listing=None, label: str = "vn-ecolabel", evidence: bool = True, state: str = "submitted",
           verifier=None, days: int = 365, **fields):
        data = {"label": label, "certificate_number": fields.pop("certificate_number", "NSTVN-2025-0001"),
                "issuer": "Bộ Nông nghiệp và Môi trường", "valid_from": (today - dt.timedelta(days=30)).isoformat(),
                "valid_until": (today + dt.timedelta(days=days)).isoformat(), **fields}
        upload = as_upload(pdf_bytes(), "certificate.pdf") if evidence else None
        a = actor_for(user)
        if listing is not None:
            claim = catalog.add_listing_claim(a, listing.id, data, upload)
        else:
            claim = labels.submit_claim(a, a.org_id, data, upload)
        if state == "verified":
            claim = labels.verify_claim(actor_for(verifier), claim.id)
        return claim

    return do


def outbox_rows(kind: str = "listing", object_id: int | None = None) -> list:
    from app.extensions import db
    from app.notifications.models import OutboxEvent

    stmt = db.select(OutboxEvent).where(OutboxEvent.kind == kind)
    if object_id is not None:
        stmt = stmt.where(OutboxEvent.object_id == object_id)
    return list(db.session.scalars(stmt))


def audit_actions(object_type: str, object_id: int) -> list[str]:
    from app.extensions import db
    from app.notifications.models import AuditEntry

    return list(db.session.scalars(db.select(AuditEntry.action).where(
        AuditEntry.object_type == object_type, AuditEntry.object_id == object_id).order_by(AuditEntry.id)))
