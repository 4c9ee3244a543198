"""Demo step 20: listings of the demo producers with claims in every state and generated evidence PDFs."""
from __future__ import annotations

import colorsys
import datetime as dt
import io
import random

from PIL import Image, ImageDraw

from .. import clock, uploads
from ..extensions import db
from ..labels.evidence import as_upload, make_pdf
from ..labels.models import Claim, ClaimStatus, Label
from ..notifications.services import audit, enqueue_index
from .generator import TEMPLATES, generate_listings
from .models import Listing, ListingPhoto, ListingStatus

# Organisation-level claims of demo producers (trade name → label codes).
ORG_CLAIMS = {
    "RePET Bình Dương": ["iso-14001", "iscc-plus"],
    "Kraft Việt": ["fsc"],
    "Tre Xanh Thanh Hoá": ["fsc"],
    "Gạo Sen Hồng": ["vn-organic"],
    "Mekong Organic": ["vietgap"],
    "ReFiber": ["grs"],
    "Bagasse Sài Gòn": ["iso-14001"],
}
ISSUERS = {
    "vn-ecolabel": "Bộ Nông nghiệp và Môi trường", "vn-organic": "Trung tâm Chứng nhận Phù hợp (QUACERT)",
    "vietgap": "Trung tâm Chứng nhận Phù hợp (QUACERT)", "fsc": "SCS Global Services", "grs": "Control Union",
    "rcs": "Control Union", "usda-organic": "Control Union", "eu-organic": "Ecocert", "iso-14001": "Bureau Veritas",
    "ok-compost-industrial": "TÜV AUSTRIA Belgium", "seedling": "DIN CERTCO", "vn-energy-label": "Bộ Công Thương",
}
# Share of listing claims in each state.
STATES = (("verified", 0.45), ("expiring", 0.1), ("submitted", 0.2), ("rejected", 0.1), ("expired", 0.1), ("no_evidence", 0.05))


def _pick_state(rng: random.Random) -> str:
    x, acc = rng.random(), 0.0
    for state, share in STATES:
        acc += share
        if x < acc:
            return state
    return "verified"


def _photo(rng: random.Random, title: str) -> bytes:
    hue = rng.random()
    r, g, b = (int(c * 255) for c in colorsys.hsv_to_rgb(hue, 0.35, 0.85))
    img = Image.new("RGB", (640, 480), (r, g, b))
    draw = ImageDraw.Draw(img)
    for i in range(0, 640, 40):
        draw.line([(i, 0), (i + 200, 480)], fill=(max(r - 30, 0), max(g - 30, 0), max(b - 30, 0)), width=6)
    draw.rectangle([40, 380, 600, 440], fill=(255, 255, 255))
    draw.text((56, 400), title.encode("ascii", "ignore").decode()[:60] or "GreenConnect", fill=(20, 60, 40))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def _claim(rng, org, label: Label, state: str, verifier, listing_id: int | None, today: dt.date, n: int) -> Claim:
    months = label.validity_months or 36
    if state == "expired":
        until = today - dt.timedelta(days=rng.randint(5, 200))
    elif state == "expiring":
        until = today + dt.timedelta(days=rng.randint(3, 29))
    else:
        until = today + dt.timedelta(days=rng.randint(60, months * 30))
    start = until - dt.timedelta(days=months * 30)
    number = f"{label.code.upper().replace('-', '')[:6]}-{today.year - rng.randint(0, 2)}-{n:05d}"
    claim = Claim(label_id=label.id, organisation_id=org.id, listing_id=listing_id, certificate_number=number,
                  issuer=ISSUERS.get(label.code, label.issuing_body[:200]), scope="", valid_from=start, valid_until=until,
                  status=ClaimStatus.submitted, submitted_by_id=org.memberships[0].user_id if org.memberships else None)
    if state != "no_evidence":
        pdf = make_pdf([f"CERTIFICATE {number}", label.name_en, org.legal_name, f"Valid {start} to {until}",
                        "GreenConnect demo evidence - not a real certificate"])
        stored = uploads.store_document(as_upload(pdf, f"{number}.pdf"), f"evidence/{org.id}")
        claim.evidence_path, claim.evidence_mime, claim.evidence_size, claim.evidence_name = (
            stored.path, stored.mime, stored.size, stored.original_name)
    db.session.add(claim)
    db.session.flush()
    audit(claim.submitted_by_id, "claim.submitted", "claim", claim.id, {"label": label.code, "listing_id": listing_id}, org.id)
    if state in ("verified", "expiring", "expired"):
        claim.status = ClaimStatus.expired if state == "expired" else ClaimStatus.verified
        claim.reviewed_by_id, claim.reviewed_at = verifier.id, clock.now() - dt.timedelta(days=rng.randint(1, 90))
        audit(verifier.id, "claim.verified", "claim", claim.id, {"status": ["submitted", "verified"]}, org.id)
        if state == "expired":
            audit(None, "claim.expired", "claim", claim.id, {"status": ["verified", "expired"]}, org.id)
    elif state == "rejected":
        claim.status = ClaimStatus.rejected
        claim.rejection_reason = rng.choice([
            "Số chứng nhận không khớp với cơ sở dữ liệu của tổ chức chứng nhận.",
            "Chứng nhận không bao gồm sản phẩm này trong phạm vi.",
            "Bản scan không rõ, vui lòng tải lên bản gốc PDF.",
        ])
        claim.reviewed_by_id, claim.reviewed_at = verifier.id, clock.now() - dt.timedelta(days=rng.randint(1, 30))
        audit(verifier.id, "claim.rejected", "claim", claim.id, {"status": ["submitted", "rejected"],
                                                                "reason": claim.rejection_reason}, org.id)
    return claim


def demo_catalog(rng: random.Random, ctx: dict) -> None:
    producers = ctx["producers"]
    verifier = ctx["verifier"]
    n = int(ctx.get("listings", 300) or 0)
    if not producers or n <= 0:
        return
    labels = {lab.code: lab for lab in db.session.scalars(db.select(Label))}
    keys: dict[int, str] = {}
    ids = generate_listings(db.session, n, seed=rng.randrange(2**31), producers=producers, claim_share=0.0,
                            template_keys=keys)
    templates = {t.key: t for t in TEMPLATES}
    today = clock.today()
    listings = list(db.session.scalars(db.select(Listing).where(Listing.id.in_(ids)).order_by(Listing.id)))
    counter = 0
    for listing in listings:
        if rng.random() < 0.06:
            listing.status, listing.published_at = ListingStatus.draft, None
        if n <= 2000:
            stored = uploads.store_image(as_upload(_photo(rng, listing.title_en or listing.title), "photo.jpg", "image/jpeg"),
                                         f"listings/{listing.organisation_id}", max_side=640)
            listing.photos.append(ListingPhoto(path=stored.path, position=0, alt=listing.title, created_at=clock.now()))
        codes = [c for c in templates[keys[listing.id]].labels if c in labels]
        if codes and rng.random() < 0.55:
            for code in rng.sample(codes, min(len(codes), rng.choice((1, 1, 2)))):
                counter += 1
                _claim(rng, listing.organisation, labels[code], _pick_state(rng), verifier, listing.id, today, counter)
    for org in producers:
        for code in ORG_CLAIMS.get(org.trade_name, []):
            if code in labels:
                counter += 1
                _claim(rng, org, labels[code], rng.choice(("verified", "verified", "expiring", "submitted")), verifier,
                       None, today, counter)
    db.session.flush()
    for listing_id in ids:
        enqueue_index("listing", listing_id)
    ctx["listing_ids"] = ids
    ctx.setdefault("summary", {}).update({
        "listings": len(ids),
        "claims": db.session.scalar(db.select(db.func.count(Claim.id))),
    })
