"""Finance fixtures: a bank with offers, a producer with certified claims and listings, documents."""
from __future__ import annotations

import datetime as dt
import io

import pytest


def pdf_bytes(text: str = "Financial statements 2024") -> bytes:
    body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
            b"3 0 obj<</Length " + str(len(body)).encode() + b">>stream\n" + body + b"\nendstream endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


@pytest.fixture(autouse=True)
def _labels_seeded(app):
    """The label registry is reference data; re-seed if another suite's clean-up removed it."""
    from app.extensions import db
    from app.labels.models import Label
    from app.reference import seed_all

    if not db.session.scalar(db.select(db.func.count(Label.id))):
        seed_all()


@pytest.fixture()
def bank(make_user, make_org):
    user = make_user()
    org = make_org("finance", owner=user, legal_name="Ngân hàng TMCP Xanh Thử nghiệm", province_code="1")
    return user, org


@pytest.fixture()
def producer(make_user, make_org):
    user = make_user()
    org = make_org("producer", owner=user, legal_name="Công ty TNHH Tre Xanh", province_code="38",
                   sectors=["handicrafts", "packaging"], size="small", founded_year=2015)
    return user, org


OFFER = {
    "title": "Tín dụng xanh điện mặt trời áp mái",
    "title_en": "Green credit for rooftop solar",
    "description": "Cho vay lắp đặt điện mặt trời áp mái cho nhà xưởng.",
    "product_type": "green_loan",
    "purposes": ["renewable_energy", "energy_efficiency"],
    "amount_min": 500_000_000,
    "amount_max": 20_000_000_000,
    "rate_min": 6.5,
    "rate_max": 8.0,
    "rate_text": "lãi suất cơ sở − 1,5%",
    "tenor_min_months": 12,
    "tenor_max_months": 84,
}


@pytest.fixture()
def make_offer(bank):
    from app.finance import services
    from app.permissions import Actor

    def do(user=None, publish: bool = True, **fields):
        data = dict(OFFER)
        data.update(fields)
        data["publish"] = publish
        return services.create_offer(Actor.for_user(user or bank[0]), data)

    return do


@pytest.fixture()
def certify():
    """certify(org, "vn-ecolabel", listing_id=None, status="verified", days=365) → Claim row."""
    from app import clock
    from app.extensions import db
    from app.labels.models import Claim, ClaimStatus, Label

    def do(org, code="vietgap", listing_id=None, status="verified", days=365):
        label = db.session.scalar(db.select(Label).where(Label.code == code))
        today = clock.today()
        claim = Claim(label_id=label.id, organisation_id=org.id, listing_id=listing_id,
                      certificate_number=f"CERT-{code}-{org.id}", issuer="Cơ quan chứng nhận",
                      valid_from=today - dt.timedelta(days=30), valid_until=today + dt.timedelta(days=days),
                      status=ClaimStatus(status), evidence_path="evidence/x.pdf", evidence_mime="application/pdf")
        db.session.add(claim)
        db.session.commit()
        return claim

    return do


@pytest.fixture()
def make_listing():
    from app import clock
    from app.catalog.models import Listing, ListingStatus
    from app.extensions import db

    def do(org, published=True, title="Ống hút tre"):
        listing = Listing(organisation_id=org.id, title=title, category="packaging.straws", unit="piece",
                          status=ListingStatus.published if published else ListingStatus.draft,
                          published_at=clock.now() if published else None)
        db.session.add(listing)
        db.session.commit()
        return listing

    return do


@pytest.fixture()
def upload_doc():
    from werkzeug.datastructures import FileStorage

    from app.finance import services
    from app.permissions import Actor

    def do(user, title="Báo cáo tài chính 2024", doc_type="financial_statements"):
        storage = FileStorage(io.BytesIO(pdf_bytes(title)), filename="bctc-2024.pdf")
        return services.upload_document(Actor.for_user(user), storage, title, doc_type)

    return do


@pytest.fixture(params=["tantivy", "es-client@osmem", "opensearch-py@osmem"])
def search_url(request, app, tmp_path):
    """The offer search runs on both backends: tantivy, and Elasticsearch/OpenSearch (osmem-server
    through the official elasticsearch client and through opensearch-py)."""
    import uuid

    from app.indexing import close_backends

    old = app.config["SEARCH_URL"]
    if request.param == "tantivy":
        url = f"tantivy://{tmp_path / 'index'}"
    else:
        host = request.getfixturevalue("osmem_clone").url.split("://", 1)[1]
        scheme = "http" if request.param.startswith("es-client") else "opensearch+http"
        url = f"{scheme}://{host}?prefix=f{uuid.uuid4().hex[:8]}"
    close_backends(app)
    app.config["SEARCH_URL"] = url
    yield url
    close_backends(app)
    app.config["SEARCH_URL"] = old

