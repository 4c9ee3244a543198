"""Listings: create, edit, publish/archive, photos, claims on a listing; public and own queries.

Rules
- Only members of the owning organisation change a listing (others get 404: ids don't leak).
- Publishing needs an approved organisation (`require_can_publish`), a description and a price tier.
- A listing is public when it is published and its organisation is approved.
- Every change bumps the listing's version and enqueues a search outbox row in the same transaction
  (the indexer treats non-published listings as deletions).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from .. import clock, uploads, vn
from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from ..notifications.services import audit, enqueue_index
from ..orgs.models import Organisation, OrgKind, OrgStatus
from ..permissions import Actor, require_can_publish, require_member_of, require_org_kind
from . import gtin as gtin_mod
from .models import Listing, ListingPhoto, ListingStatus, PriceTier
from .taxonomy import CATEGORIES, EXPORT_MARKETS, UNITS

MAX_PHOTOS = 8
MAX_TIERS = 10
MAX_UNIT_WEIGHT_KG = 100_000.0  # a 100 t unit is a charter, not a catalogue unit
PHOTO_MAX_BYTES = 8 * 1024 * 1024
LISTING_FIELDS = ("title", "title_en", "description", "description_en", "category", "material", "recycled_pct",
                  "compostable", "biodegradable", "origin_province", "unit", "moq", "capacity_month", "lead_time_days",
                  "export_markets", "gtin", "unit_weight_kg")
SORTS = ("newest", "price_asc", "price_desc")


# ------------------------------------------------------------------ validation

_GROUPED = re.compile(r"^\d{1,3}([.,])\d{3}(\1\d{3})*$")


def _number(value, *, integer: bool = False):
    """A float (or int) from a form/JSON value; None when empty; ValueError when not a finite number."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if _GROUPED.match(text):  # "5.000" / "1.000.000" / "5,000": thousands separators (Vietnamese "." too)
            text = re.sub(r"[.,]", "", text)
        n = float(text.replace(",", "."))  # "2,5" → 2.5
    else:
        n = float(value)
    if not math.isfinite(n):
        raise ValueError
    if integer:
        if n != int(n):
            raise ValueError
        return int(n)
    return n


def clean_listing(data: dict[str, Any], *, partial: bool = False, current: Listing | None = None) -> tuple[dict, list | None]:
    """Validate and normalise listing fields; returns (fields, price tiers or None when not given)."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {}

    def err(f, m):
        errors.setdefault(f, []).append(m)

    def given(f):
        return f in data and data[f] is not None

    if given("title") or not partial:
        v = str(data.get("title") or "").strip()
        if len(v) < 3:
            err("title", _("Enter a title of at least 3 characters."))
        elif len(v) > 200:
            err("title", _("At most %(n)d characters.", n=200))
        out["title"] = v
    for f, limit in (("title_en", 200), ("material", 120), ("description", 5000), ("description_en", 5000)):
        if given(f):
            v = str(data[f]).strip()
            if len(v) > limit:
                err(f, _("At most %(n)d characters.", n=limit))
            out[f] = v
    if given("category") or not partial:
        v = str(data.get("category") or "").strip()
        if v not in CATEGORIES:
            err("category", _("Choose a category."))
        out["category"] = v
    if given("unit") or not partial:
        v = str(data.get("unit") or "").strip()
        if v not in UNITS:
            err("unit", _("Choose a unit."))
        out["unit"] = v
    if given("origin_province") or not partial:
        v = data.get("origin_province")
        p = vn.province(v) if v not in (None, "") else None
        if p is None:
            err("origin_province", _("Choose one of the 34 provinces."))
        else:
            out["origin_province"] = p.code
    if "recycled_pct" in data:
        try:
            n = _number(data["recycled_pct"], integer=True)
            if n is not None and not 0 <= n <= 100:
                raise ValueError
            out["recycled_pct"] = n
        except (TypeError, ValueError):
            err("recycled_pct", _("Enter a whole percentage from 0 to 100."))
    for f in ("compostable", "biodegradable"):
        if given(f):
            out[f] = bool(data[f])
    if given("moq") or not partial:
        try:
            n = _number(data.get("moq"))
            if n is None or n <= 0 or n > 1e9:
                raise ValueError
            out["moq"] = n
        except (TypeError, ValueError):
            err("moq", _("Enter a minimum order quantity greater than 0."))
    if "capacity_month" in data:
        try:
            n = _number(data["capacity_month"])
            if n is not None and (n < 0 or n > 1e12):
                raise ValueError
            out["capacity_month"] = n
        except (TypeError, ValueError):
            err("capacity_month", _("Enter a monthly capacity of 0 or more."))
    if "lead_time_days" in data:
        try:
            n = _number(data["lead_time_days"], integer=True)
            if n is not None and not 0 <= n <= 365:
                raise ValueError
            out["lead_time_days"] = n
        except (TypeError, ValueError):
            err("lead_time_days", _("Enter a lead time from 0 to 365 days."))
    if "unit_weight_kg" in data:
        try:
            n = _number(data["unit_weight_kg"])
            if n is not None and not 0 < n <= MAX_UNIT_WEIGHT_KG:
                raise ValueError
            out["unit_weight_kg"] = n
        except (TypeError, ValueError):
            err("unit_weight_kg", _("Enter the weight of one unit in kg, greater than 0 (at most 100,000)."))
    if given("export_markets"):
        markets = data["export_markets"]
        if isinstance(markets, str):
            markets = [m.strip() for m in markets.split(",") if m.strip()]
        if not isinstance(markets, (list, tuple)) or any(m not in EXPORT_MARKETS for m in markets):
            err("export_markets", _("Unknown export market."))
        else:
            out["export_markets"] = [m for m in EXPORT_MARKETS if m in set(markets)]
    if "gtin" in data:
        code = gtin_mod.normalise(data["gtin"])
        if code is None:
            out["gtin"] = None
        elif not gtin_mod.is_valid(code):
            err("gtin", _("This is not a valid GTIN: use 8, 12, 13 or 14 digits with a correct GS1 check digit."))
        else:
            out["gtin"] = code
    tiers = None
    if given("price_tiers"):
        tiers = _clean_tiers(data["price_tiers"], err)
    if tiers and "price_tiers" not in errors and "moq" not in errors:
        moq = out.get("moq", current.moq if current else None)
        if moq is not None and tiers[0][0] > moq:
            err("price_tiers", _("The first price tier must start at or below the minimum order quantity."))
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors)
    return out, tiers


def _clean_tiers(raw, err) -> list[tuple[float, int]]:
    if not isinstance(raw, (list, tuple)):
        err("price_tiers", _("Give the price tiers as a list."))
        return []
    tiers = []
    for i, t in enumerate(raw):
        if not isinstance(t, dict):
            err("price_tiers", _("Tier %(n)d: give a quantity and a price.", n=i + 1))
            continue
        if t.get("min_qty") in (None, "") and t.get("price_vnd") in (None, ""):
            continue  # an empty row of the web form
        try:
            q = _number(t.get("min_qty"))
            raw_price = t.get("price_vnd")
            if isinstance(raw_price, str):  # "150.000 ₫" / "150,000": thousands separators
                raw_price = re.sub(r"[.,\s₫]", "", raw_price)
            p = _number(raw_price, integer=True)
            if q is None or p is None or q <= 0 or not 0 < p <= 10**12:
                raise ValueError
        except (TypeError, ValueError):
            err("price_tiers", _("Tier %(n)d: the quantity must be above 0 and the price a whole number of đồng above 0.", n=i + 1))
            continue
        tiers.append((q, p))
    tiers.sort()
    if len({q for q, _p in tiers}) != len(tiers):
        err("price_tiers", _("Two price tiers start at the same quantity."))
    if len(tiers) > MAX_TIERS:
        err("price_tiers", _("At most %(n)d price tiers.", n=MAX_TIERS))
    return tiers


def _publish_problems(listing: Listing) -> dict[str, list[str]]:
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


def _jsonable(v):
    if hasattr(v, "value"):
        return v.value
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


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
        stmt = stmt.where(db.or_(Listing.category == category, Listing.category.like(category + ".%")))
    if q.strip():
        like = f"%{q.strip()}%"
        stmt = stmt.where(db.or_(Listing.title.ilike(like), Listing.title_en.ilike(like), Listing.material.ilike(like)))
    if sort == "price_asc":
        stmt = stmt.order_by(Listing.price_min.asc().nulls_last(), Listing.id.desc())
    elif sort == "price_desc":
        stmt = stmt.order_by(Listing.price_min.desc().nulls_last(), Listing.id.desc())
    elif own:
        stmt = stmt.order_by(db.func.coalesce(Listing.published_at, Listing.created_at).desc(), Listing.id.desc())
    else:  # published listings all have published_at: served by ix_listings_status_published_at
        stmt = stmt.order_by(Listing.published_at.desc(), Listing.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def status_counts(org_id: int) -> dict[str, int]:
    rows = db.session.execute(db.select(Listing.status, db.func.count(Listing.id))
                              .where(Listing.organisation_id == org_id).group_by(Listing.status))
    counts = {s.value: 0 for s in ListingStatus}
    counts.update({s.value: n for s, n in rows})
    return counts


# ------------------------------------------------------------------ writing

def create_listing(actor: Actor, data: dict[str, Any]) -> Listing:
    require_org_kind(actor, OrgKind.producer.value)
    fields, tiers = clean_listing(data)
    fields.setdefault("export_markets", [])
    listing = Listing(organisation_id=actor.org_id, status=ListingStatus.draft, **fields)
    listing.price_tiers = [PriceTier(min_qty=q, price_vnd=p) for q, p in tiers or []]
    listing.sync_prices()
    db.session.add(listing)
    db.session.flush()
    audit(actor.user_id, "listing.created", "listing", listing.id,
          {k: _jsonable(v) for k, v in fields.items()} | {"price_tiers": [list(t) for t in tiers or []]}, actor.org_id)
    enqueue_index("listing", listing.id)
    if data.get("status") == ListingStatus.published.value:
        _publish(actor, listing)
        audit(actor.user_id, "listing.published", "listing", listing.id, {"status": ["draft", "published"]}, actor.org_id)
    db.session.commit()
    return listing


def update_listing(actor: Actor, listing_id: int, data: dict[str, Any]) -> Listing:
    listing = get_own_listing(actor, listing_id)
    if listing.status == ListingStatus.archived and set(data) - {"status"}:
        raise Conflict(_("Restore the listing to a draft before editing it."))
    fields, tiers = clean_listing(data, partial=True, current=listing)
    changes = {}
    for key, value in fields.items():
        old = getattr(listing, key)
        if old != value:
            changes[key] = [_jsonable(old), _jsonable(value)]
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
            problems = _publish_problems(listing)
            if problems:
                raise ValidationFailed(_("A published listing needs these fields."), problems)
        _touch(listing, actor, "listing.updated", changes)
    status = data.get("status")
    if status and status != listing.status.value:
        _set_status(actor, listing, status)
    db.session.commit()
    return listing


def _publish(actor: Actor, listing: Listing) -> None:
    require_can_publish(actor)
    db.session.flush()
    problems = _publish_problems(listing)
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
