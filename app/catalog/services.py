"""Listings: create, edit, publish/archive, photos, claims on a listing; public and own queries.

Rules
- Only members of the owning organisation change a listing (others get 404: ids don't leak).
- Publishing needs an approved organisation (`require_can_publish`), a description and a price tier.
- A listing is public when it is published and its organisation is approved.
- Every change bumps the listing's version and enqueues a search outbox row in the same transaction
  (the indexer treats non-published listings as deletions).
"""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from .. import clock, uploads
from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..inputs import LIKE_ESCAPE, like_pattern, like_prefix
from ..pagination import paginate
from ..notifications.services import audit, audit_value, enqueue_index
from ..orgs.models import Organisation, OrgKind, OrgStatus
from ..permissions import Actor, require_can_publish, require_member_of, require_org_kind
from ..validation import load
from .models import Listing, ListingPhoto, ListingStatus, PriceTier
from .schemas import ListingInput
from .taxonomy import CATEGORIES

MAX_PHOTOS = 8
PHOTO_MAX_BYTES = 8 * 1024 * 1024
LISTING_FIELDS = ("title", "title_en", "description", "description_en", "category", "material", "recycled_pct",
                  "compostable", "biodegradable", "origin_province", "unit", "moq", "capacity_month", "lead_time_days",
                  "export_markets", "gtin", "unit_weight_kg", "sku")
SORTS = ("newest", "price_asc", "price_desc")


def publish_problems(listing: Listing) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not listing.description or len(listing.description.strip()) < 10:
        problems["description"] = [_("Describe the product (at least 10 characters) before publishing.")]
    if not listing.price_tiers:
        problems["price_tiers"] = [_("Add at least one price tier before publishing.")]
    return problems


# ------------------------------------------------------------------ side records

def _touch(listing: Listing, actor: Actor, action: str, changes: dict) -> None:
    listing.bump_version()
    listing.updated_at = clock.now()
    audit(actor.user_id, action, "listing", listing.id, changes, listing.organisation_id)
    enqueue_index("listing", listing.id)


# ------------------------------------------------------------------ reading

def get_listing(listing_id: int) -> Listing:
    listing = db.session.get(Listing, listing_id)
    if listing is None:
        raise NotFound(_("Listing not found."))
    return listing


def is_public(listing: Listing) -> bool:
    return listing.status == ListingStatus.published and listing.organisation.status == OrgStatus.approved


def get_listing_for_view(actor: Actor, listing_id: int) -> Listing:
    """Public listings to everyone; others only to their organisation and to verifiers/admins."""
    listing = get_listing(listing_id)
    if is_public(listing) or (actor.is_authenticated and (actor.org_id == listing.organisation_id or actor.is_verifier)):
        return listing
    raise NotFound(_("Listing not found."))


def get_own_listing(actor: Actor, listing_id: int) -> Listing:
    listing = get_listing(listing_id)
    require_member_of(actor, listing.organisation_id)
    return listing


def _public_filter(stmt):
    return stmt.join(Organisation, Organisation.id == Listing.organisation_id).where(
        Listing.status == ListingStatus.published, Organisation.status == OrgStatus.approved)


def list_listings(actor: Actor, *, org_id: int | None = None, category: str | None = None, status: str | None = None,
                  sort: str = "newest", q: str = "", page: int = 1, per_page: int = 20):
    """Public listings; when `org_id` is the actor's own organisation, its listings in any status
    (`status` filters them; archived ones only when asked for)."""
    own = actor.is_authenticated and org_id is not None and actor.org_id == org_id
    stmt = db.select(Listing).options(selectinload(Listing.price_tiers), selectinload(Listing.photos),
                                      selectinload(Listing.claims), joinedload(Listing.organisation))
    if own:
        stmt = stmt.where(Listing.organisation_id == org_id)
        if status:
            if status not in ListingStatus.__members__:
                raise ValidationFailed(_("Unknown status."), {"status": [_("Unknown status.")]})
            stmt = stmt.where(Listing.status == ListingStatus(status))
        else:
            stmt = stmt.where(Listing.status != ListingStatus.archived)
    else:
        stmt = _public_filter(stmt)
        if org_id is not None:
            stmt = stmt.where(Listing.organisation_id == org_id)
    if category:
        if category not in CATEGORIES:
            raise ValidationFailed(_("Unknown category."), {"category": [_("Unknown category.")]})
        stmt = stmt.where(db.or_(Listing.category == category,
                                 Listing.category.like(like_prefix(category + "."), escape=LIKE_ESCAPE)))
    if q.strip():
        like = like_pattern(q.strip())
        stmt = stmt.where(db.or_(Listing.title.ilike(like, escape=LIKE_ESCAPE), Listing.title_en.ilike(like, escape=LIKE_ESCAPE),
                                 Listing.material.ilike(like, escape=LIKE_ESCAPE)))
    if sort == "price_asc":
        stmt = stmt.order_by(Listing.price_min.asc().nulls_last(), Listing.id.desc())
    elif sort == "price_desc":
        stmt = stmt.order_by(Listing.price_min.desc().nulls_last(), Listing.id.desc())
    elif own:
        stmt = stmt.order_by(db.func.coalesce(Listing.published_at, Listing.created_at).desc(), Listing.id.desc())
    else:  # published listings all have published_at: served by ix_listings_status_published_at
        stmt = stmt.order_by(Listing.published_at.desc(), Listing.id.desc())
    return paginate(stmt, page, per_page)


def status_counts(org_id: int) -> dict[str, int]:
    rows = db.session.execute(db.select(Listing.status, db.func.count(Listing.id))
                              .where(Listing.organisation_id == org_id).group_by(Listing.status))
    counts = {s.value: 0 for s in ListingStatus}
    counts.update({s.value: n for s, n in rows})
    return counts


# ------------------------------------------------------------------ writing

def _check_sku_free(org_id: int, sku: str | None, listing_id: int | None = None) -> None:
    if not sku:
        return
    stmt = db.select(Listing.id).where(Listing.organisation_id == org_id, Listing.sku == sku)
    if listing_id is not None:
        stmt = stmt.where(Listing.id != listing_id)
    if db.session.scalar(stmt.limit(1)) is not None:
        raise ValidationFailed(_("Please correct the highlighted fields."),
                               {"sku": [_("You already have a listing with the SKU %(sku)s.", sku=sku)]})


def create_listing(actor: Actor, data: dict[str, Any]) -> Listing:
    require_org_kind(actor, OrgKind.producer.value)
    fields = load(ListingInput, data)
    _check_sku_free(actor.org_id, fields.get("sku"))
    status = fields.pop("status", None)
    tiers = fields.pop("price_tiers", None)
    fields.setdefault("export_markets", [])
    listing = Listing(organisation_id=actor.org_id, status=ListingStatus.draft, **fields)
    listing.price_tiers = [PriceTier(min_qty=q, price_vnd=p) for q, p in tiers or []]
    listing.sync_prices()
    db.session.add(listing)
    db.session.flush()
    audit(actor.user_id, "listing.created", "listing", listing.id,
          {k: audit_value(v) for k, v in fields.items()} | {"price_tiers": [list(t) for t in tiers or []]}, actor.org_id)
    enqueue_index("listing", listing.id)
    if status == ListingStatus.published.value:
        _publish(actor, listing)
        audit(actor.user_id, "listing.published", "listing", listing.id, {"status": ["draft", "published"]}, actor.org_id)
    db.session.commit()
    return listing


def update_listing(actor: Actor, listing_id: int, data: dict[str, Any]) -> Listing:
    listing = get_own_listing(actor, listing_id)
    if listing.status == ListingStatus.archived and set(data) - {"status"}:
        raise Conflict(_("Restore the listing to a draft before editing it."))
    fields = load(ListingInput(current=listing), data, partial=True)
    if fields.get("sku") and fields["sku"] != listing.sku:
        _check_sku_free(listing.organisation_id, fields["sku"], listing.id)
    status = fields.pop("status", None)
    tiers = fields.pop("price_tiers", None)
    changes = {}
    for key, value in fields.items():
        old = getattr(listing, key)
        if old != value:
            changes[key] = [audit_value(old), audit_value(value)]
            setattr(listing, key, value)
    if tiers is not None:
        old = [[t.min_qty, t.price_vnd] for t in listing.price_tiers]
        new = [[q, p] for q, p in tiers]
        if old != new:
            listing.price_tiers = [PriceTier(min_qty=q, price_vnd=p) for q, p in tiers]
            listing.sync_prices()
            changes["price_tiers"] = [old, new]
    if changes:
        if listing.status == ListingStatus.published:
            db.session.flush()
            problems = publish_problems(listing)
            if problems:
                raise ValidationFailed(_("A published listing needs these fields."), problems)
        _touch(listing, actor, "listing.updated", changes)
    if status and status != listing.status.value:
        _set_status(actor, listing, status)
    db.session.commit()
    return listing


def _publish(actor: Actor, listing: Listing) -> None:
    require_can_publish(actor)
    db.session.flush()
    problems = publish_problems(listing)
    if problems:
        raise ValidationFailed(_("The listing is not ready to publish."), problems)
    listing.status = ListingStatus.published
    listing.published_at = listing.published_at or clock.now()


def _set_status(actor: Actor, listing: Listing, status: str) -> None:
    if status not in ListingStatus.__members__:
        raise ValidationFailed(_("Unknown status."), {"status": [_("Unknown status.")]})
    old = listing.status.value
    if status == old:
        return
    if status == "published":
        _publish(actor, listing)
    else:
        listing.status = ListingStatus(status)
    _touch(listing, actor, f"listing.{status}", {"status": [old, status]})


def set_status(actor: Actor, listing_id: int, status: str) -> Listing:
    listing = get_own_listing(actor, listing_id)
    _set_status(actor, listing, status)
    db.session.commit()
    return listing


def archive_listing(actor: Actor, listing_id: int) -> Listing:
    """DELETE: listings are archived (kept for the audit trail and claims history), never erased."""
    return set_status(actor, listing_id, ListingStatus.archived.value)


def add_photo(actor: Actor, listing_id: int, file_storage, alt: str = "") -> ListingPhoto:
    listing = get_own_listing(actor, listing_id)
    if len(listing.photos) >= MAX_PHOTOS:
        raise ValidationFailed(_("At most %(n)d photos per listing.", n=MAX_PHOTOS), {"photo": [_("Remove a photo first.")]})
    stored = uploads.store_image(file_storage, f"listings/{listing.organisation_id}", field="photo",
                                 max_bytes=PHOTO_MAX_BYTES, max_side=1600)
    photo = ListingPhoto(path=stored.path, position=len(listing.photos), alt=(alt or "")[:200], created_at=clock.now())
    listing.photos.append(photo)
    db.session.flush()
    _touch(listing, actor, "listing.photo_added", {"photo_id": photo.id})
    db.session.commit()
    return photo


def remove_photo(actor: Actor, listing_id: int, photo_id: int) -> None:
    listing = get_own_listing(actor, listing_id)
    photo = next((p for p in listing.photos if p.id == photo_id), None)
    if photo is None:
        raise NotFound(_("Photo not found."))
    path = photo.path
    listing.photos.remove(photo)
    for i, p in enumerate(listing.photos):
        p.position = i
    _touch(listing, actor, "listing.photo_removed", {"photo_id": photo_id})
    db.session.commit()
    try:
        uploads.absolute_path(path).unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - best effort
        pass


def photo_file(actor: Actor, listing_id: int, photo_id: int):
    listing = get_listing_for_view(actor, listing_id)
    photo = next((p for p in listing.photos if p.id == photo_id), None)
    if photo is None:
        raise NotFound(_("Photo not found."))
    return uploads.absolute_path(photo.path)


def add_listing_claim(actor: Actor, listing_id: int, data: dict[str, Any], evidence=None):
    """A claim on one listing, filed by its organisation (see labels.services.submit_claim)."""
    from ..labels import services as labels

    listing = get_own_listing(actor, listing_id)
    if listing.status == ListingStatus.archived:
        raise Conflict(_("Restore the listing to a draft before adding claims."))
    return labels.submit_claim(actor, listing.organisation_id, data, evidence, listing_id=listing.id)


# ------------------------------------------------------------------ claims of a listing

def claims_for(listing: Listing, *, public: bool) -> list:
    """Claims shown with a listing: its own, then its organisation's org-level claims."""
    from ..labels import services as labels

    own = list(listing.claims)
    org = _org_level_claims(listing.organisation_id)
    claims = own + org
    return labels.public_claims(claims) if public else claims


def _org_level_claims(org_id: int) -> list:
    """Organisation-level claims, cached for the current request/app context (lists show many listings of one org)."""
    from flask import g

    from ..labels import services as labels

    cache = g.setdefault("_org_level_claims", {})
    if org_id not in cache:
        cache[org_id] = labels.claims_of_org(org_id, org_level_only=True)
    return cache[org_id]


def certified_label_codes(listing: Listing) -> list[str]:
    today = clock.today()
    return sorted({c.label.code for c in claims_for(listing, public=True) if c.is_certified(today)})
