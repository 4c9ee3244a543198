"""The claim workflow end to end: submit with evidence → verifier queue → verify/reject → expiry."""
from __future__ import annotations

import datetime as dt
import io

import pytest

from app import clock
from app.catalog.documents import listing_document
from app.extensions import db
from app.labels import services as labels
from app.labels.models import Claim, ClaimStatus
from app.notifications.models import Notification
from app.permissions import Actor
from tests.catalog.conftest import ELF, MZ, audit_actions, outbox_rows, pdf_bytes, png_bytes


def _multipart(label="vn-ecolabel", evidence=None, filename="certificate.pdf", **fields):
    today = clock.today()
    data = {"label": label, "certificate_number": "NSTVN-01-2025-0042", "issuer": "Bộ NN&MT",
            "valid_from": (today - dt.timedelta(days=10)).isoformat(),
            "valid_until": (today + dt.timedelta(days=400)).isoformat(), **fields}
    if evidence is not None:
        data["evidence"] = (io.BytesIO(evidence), filename)
    return data


def test_end_to_end_submit_verify_via_api(client, producer, verifier, token_for, make_listing):
    user, org = producer
    listing = make_listing(user)
    assert listing_document(listing)["verified"] is False

    r = client.post(f"/api/v1/listings/{listing.id}/claims", data=_multipart(evidence=pdf_bytes()),
                    headers=token_for(user), content_type="multipart/form-data")
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["status"] == "submitted" and body["has_evidence"] and body["certified"] is False
    claim_id = body["id"]

    # Public listing shows the claim as pending, not certified.
    pub = client.get(f"/api/v1/listings/{listing.id}").get_json()
    assert [c["status"] for c in pub["claims"]] == ["submitted"] and pub["certified_labels"] == []

    # The verifier sees it in the queue and verifies it.
    queue = client.get("/api/v1/claims?status=submitted", headers=token_for(verifier)).get_json()
    assert [c["id"] for c in queue["items"]] == [claim_id]
    version_before = db.session.get(type(listing), listing.id).version
    r = client.post(f"/api/v1/claims/{claim_id}/verify", json={"note": "Checked against the ministry decision."},
                    headers=token_for(verifier))
    assert r.status_code == 200 and r.get_json()["status"] == "verified" and r.get_json()["certified"] is True

    pub = client.get(f"/api/v1/listings/{listing.id}").get_json()
    assert pub["certified_labels"] == ["vn-ecolabel"]
    db.session.expire_all()
    fresh = db.session.get(type(listing), listing.id)
    assert fresh.version > version_before
    doc = listing_document(fresh)
    assert doc["labels"] == ["vn-ecolabel"] and doc["label_kinds"] == ["eco"] and doc["verified"] is True
    assert doc["claim_strength"] == pytest.approx(0.6)
    assert len(outbox_rows("listing", listing.id)) >= 3  # created, claim submitted, claim verified

    # Every change is in the audit log, and the organisation was told.
    assert audit_actions("claim", claim_id) == ["claim.submitted", "claim.verified"]
    kinds = set(db.session.scalars(db.select(Notification.kind).where(Notification.user_id == user.id)))
    assert "claim.verified" in kinds


def test_reject_needs_a_reason_and_hides_the_claim(client, producer, verifier, token_for, make_listing, make_claim):
    user, org = producer
    listing = make_listing(user)
    claim = make_claim(user, listing)
    r = client.post(f"/api/v1/claims/{claim.id}/reject", json={"reason": ""}, headers=token_for(verifier))
    assert r.status_code == 422 and "reason" in r.get_json()["error"]["fields"]
    assert db.session.get(Claim, claim.id).status == ClaimStatus.submitted
    r = client.post(f"/api/v1/claims/{claim.id}/reject", json={"reason": "Số chứng nhận không khớp."}, headers=token_for(verifier))
    assert r.status_code == 200 and r.get_json()["status"] == "rejected"
    assert r.get_json()["rejection_reason"] == "Số chứng nhận không khớp."
    # Rejected claims are not shown publicly; the owner still sees the reason.
    assert client.get(f"/api/v1/listings/{listing.id}").get_json()["claims"] == []
    own = client.get(f"/api/v1/claims/{claim.id}", headers=token_for(user)).get_json()
    assert own["status"] == "rejected" and own["rejection_reason"]
    assert audit_actions("claim", claim.id) == ["claim.submitted", "claim.rejected"]
    # A rejected claim cannot be verified afterwards.
    assert client.post(f"/api/v1/claims/{claim.id}/verify", json={}, headers=token_for(verifier)).status_code == 409


def test_claim_without_evidence_can_never_be_verified(client, producer, verifier, token_for, make_listing, make_claim):
    user, _org = producer
    listing = make_listing(user)
    claim = make_claim(user, listing, evidence=False)
    r = client.post(f"/api/v1/claims/{claim.id}/verify", json={}, headers=token_for(verifier))
    assert r.status_code == 422 and "evidence" in r.get_json()["error"]["fields"]
    assert db.session.get(Claim, claim.id).status == ClaimStatus.submitted
    # Adding evidence later makes it verifiable.
    r = client.post(f"/api/v1/claims/{claim.id}/evidence", data={"evidence": (io.BytesIO(png_bytes()), "scan.png")},
                    headers=token_for(user), content_type="multipart/form-data")
    assert r.status_code == 200 and r.get_json()["evidence_mime"] == "image/png"
    assert client.post(f"/api/v1/claims/{claim.id}/verify", json={}, headers=token_for(verifier)).status_code == 200


@pytest.mark.parametrize("payload,name", [(ELF, "certificate.pdf"), (MZ, "certificate.pdf"), (MZ, "scan.png"),
                                          (b"%PDF-1.4 truncated", "certificate.pdf"), (b"just text", "c.pdf")])
def test_evidence_is_checked_by_content_and_nothing_is_written(client, app, producer, token_for, make_listing, payload, name):
    user, _org = producer
    listing = make_listing(user)
    from pathlib import Path

    evidence_dir = Path(app.config["UPLOAD_DIR"]) / "evidence"
    before = sorted(evidence_dir.rglob("*")) if evidence_dir.exists() else []
    r = client.post(f"/api/v1/listings/{listing.id}/claims", data=_multipart(evidence=payload, filename=name),
                    headers=token_for(user), content_type="multipart/form-data")
    assert r.status_code == 422
    assert "evidence" in r.get_json()["error"]["fields"]
    assert db.session.scalar(db.select(db.func.count(Claim.id))) == 0
    after = sorted(evidence_dir.rglob("*")) if evidence_dir.exists() else []
    assert after == before


def test_evidence_size_limit(client, producer, token_for, make_listing, monkeypatch):
    user, _org = producer
    listing = make_listing(user)
    monkeypatch.setattr(labels.claims, "EVIDENCE_MAX_BYTES", 1024)  # read where the upload happens
    big = pdf_bytes() + b"%" + b"x" * 2048 + b"\n%%EOF\n"
    r = client.post(f"/api/v1/listings/{listing.id}/claims", data=_multipart(evidence=big),
                    headers=token_for(user), content_type="multipart/form-data")
    assert r.status_code == 422 and "evidence" in r.get_json()["error"]["fields"]


def test_claim_field_validation(client, producer, token_for, make_listing, today):
    user, _org = producer
    listing = make_listing(user)
    url = f"/api/v1/listings/{listing.id}/claims"
    r = client.post(url, json={"label": "no-such-label", "certificate_number": "X", "valid_from": today.isoformat(),
                               "valid_until": (today - dt.timedelta(days=400)).isoformat()}, headers=token_for(user))
    assert r.status_code == 422
    fields = r.get_json()["error"]["fields"]
    assert "label" in fields and "valid_until" in fields
    # An already expired certificate is refused.
    r = client.post(url, json={"label": "fsc", "certificate_number": "FSC-C000001",
                               "valid_from": (today - dt.timedelta(days=900)).isoformat(),
                               "valid_until": (today - dt.timedelta(days=1)).isoformat()}, headers=token_for(user))
    assert r.status_code == 422 and "valid_until" in r.get_json()["error"]["fields"]
    # Organisation-only labels cannot be put on a listing; product-only labels not on an organisation.
    r = client.post(url, json={"label": "iso-14001", "certificate_number": "EMS-1", "valid_from": today.isoformat(),
                               "valid_until": (today + dt.timedelta(days=300)).isoformat()}, headers=token_for(user))
    assert r.status_code == 422 and "label" in r.get_json()["error"]["fields"]
    r = client.post("/api/v1/claims", json={"label": "energy-star", "certificate_number": "ES-1", "valid_from": today.isoformat(),
                                            "valid_until": (today + dt.timedelta(days=300)).isoformat()}, headers=token_for(user))
    assert r.status_code == 422 and "label" in r.get_json()["error"]["fields"]
    # Missing dates → marshmallow field messages; nothing written.
    r = client.post(url, json={"label": "fsc", "certificate_number": "FSC-C000001"}, headers=token_for(user))
    assert r.status_code == 422 and {"valid_from", "valid_until"} <= set(r.get_json()["error"]["fields"])
    assert db.session.scalar(db.select(db.func.count(Claim.id))) == 0


def test_expiry_with_the_clock(client, producer, verifier, make_listing, make_claim, outbox, today):
    user, org = producer
    listing = make_listing(user)
    claim = make_claim(user, listing, state="verified", verifier=verifier, days=10)
    assert claim.is_certified() and claim.expiring_soon()
    assert listing_document(listing)["labels"] == ["vn-ecolabel"]

    clock.advance(dt.timedelta(days=11))
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    # Computed at read time: expired before any job runs, and no longer certified anywhere.
    assert claim.status == ClaimStatus.verified and claim.effective_status() == "expired" and not claim.is_certified()
    assert listing_document(db.session.get(type(listing), listing.id))["labels"] == []
    pub = client.get(f"/api/v1/listings/{listing.id}").get_json()
    assert pub["claims"][0]["status"] == "expired" and pub["certified_labels"] == []

    outbox_before = len(outbox_rows("listing", listing.id))
    assert labels.expire_claims() == 1
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert claim.status == ClaimStatus.expired
    assert audit_actions("claim", claim.id)[-1] == "claim.expired"
    assert len(outbox_rows("listing", listing.id)) == outbox_before + 1
    assert db.session.scalar(db.select(Notification.id).where(Notification.user_id == user.id, Notification.kind == "claim.expired"))
    assert labels.expire_claims() == 0  # idempotent


def test_expiring_soon_reminder_once_per_claim(producer, verifier, make_listing, make_claim, delivered):
    user, _org = producer
    listing = make_listing(user)
    soon = make_claim(user, listing, state="verified", verifier=verifier, days=45, certificate_number="SOON-1")
    make_claim(user, listing, label="fsc", state="verified", verifier=verifier, days=300, certificate_number="LATER-1")
    assert labels.remind_expiring() == 0  # 45 days left: not yet
    verified_mails = len(delivered(user.email))  # "claim verified" e-mails, one per claim
    clock.advance(dt.timedelta(days=16))  # 29 days left
    assert labels.remind_expiring() == 1
    mails = delivered(user.email)[verified_mails:]  # e-mailed by the job runner
    assert len(mails) == 1 and "SOON-1" in mails[0]["Subject"]
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.kind == "claim.expiring")) == 1
    assert labels.remind_expiring() == 0  # only once
    assert len(delivered(user.email)) == verified_mails + 1
    assert "claim.reminder_sent" in audit_actions("claim", soon.id)


def test_cli_commands(app, producer, verifier, make_listing, make_claim):
    user, _org = producer
    make_claim(user, make_listing(user), state="verified", verifier=verifier, days=5)
    runner = app.test_cli_runner()
    assert "Sent 1 reminder" in runner.invoke(args=["claims", "remind"]).output
    clock.advance(dt.timedelta(days=6))
    assert "Expired 1 claim" in runner.invoke(args=["claims", "expire"]).output


def test_org_level_claim_counts_for_every_listing(producer, verifier, make_listing, make_claim):
    user, org = producer
    a, b = make_listing(user), make_listing(user, title="Ống hút tre 23 cm")
    draft = make_listing(user, publish=False, title="Bản nháp")
    claim = make_claim(user, None, label="iso-14001", certificate_number="EMS-2025-7")
    before = {li.id: len(outbox_rows("listing", li.id)) for li in (a, b, draft)}
    labels.verify_claim(Actor.for_user(verifier), claim.id)
    db.session.expire_all()
    for li in (a, b):
        doc = listing_document(db.session.get(type(a), li.id))
        assert doc["labels"] == ["iso-14001"] and doc["org_verified"] is True
        assert doc["claim_strength"] == pytest.approx(0.15)
        assert len(outbox_rows("listing", li.id)) == before[li.id] + 1
    assert len(outbox_rows("listing", draft.id)) == before[draft.id]  # drafts are not in the index


def test_withdraw_and_permissions(client, producer, make_org, make_user, verifier, token_for, make_listing, make_claim):
    user, org = producer
    claim = make_claim(user, make_listing(user))
    stranger = make_user()
    make_org("producer", owner=stranger)
    assert client.get(f"/api/v1/claims/{claim.id}", headers=token_for(stranger)).status_code == 404
    assert client.post(f"/api/v1/claims/{claim.id}/withdraw", headers=token_for(stranger)).status_code == 404
    assert client.post(f"/api/v1/claims/{claim.id}/verify", json={}, headers=token_for(stranger)).status_code == 403
    assert client.post(f"/api/v1/claims/{claim.id}/verify", json={}).status_code == 401
    r = client.post(f"/api/v1/claims/{claim.id}/withdraw", headers=token_for(user))
    assert r.status_code == 200 and r.get_json()["status"] == "withdrawn"
    assert client.post(f"/api/v1/claims/{claim.id}/verify", json={}, headers=token_for(verifier)).status_code == 409


def test_evidence_is_private(client, app, producer, make_org, make_user, verifier, token_for, login, make_listing, make_claim):
    user, _org = producer
    claim = make_claim(user, make_listing(user))
    stranger = make_user()
    make_org("buyer", owner=stranger)
    url = f"/api/v1/claims/{claim.id}/evidence"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=token_for(stranger)).status_code == 404
    r = client.get(url, headers=token_for(user))
    assert r.status_code == 200 and r.data.startswith(b"%PDF") and "no-store" in r.headers["Cache-Control"]
    assert client.get(url, headers=token_for(verifier)).status_code == 200
    # The page route (evidence viewer) follows the same rule.
    page = f"/claims/{claim.id}/evidence"
    assert app.test_client().get(page).status_code == 302  # to sign-in
    assert login(stranger, app.test_client()).get(page).status_code == 404
    r = login(verifier, app.test_client()).get(page)
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    # Served as a download in a sandbox: a crafted file cannot run script in the site's origin.
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in r.headers["Content-Security-Policy"] and r.headers["X-Content-Type-Options"] == "nosniff"
