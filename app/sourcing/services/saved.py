"""Saved listings and followed suppliers, and the job that tells their users what changed.

- Saving a listing remembers what it looked like (`seen`: status, price range, certified labels); when the
  indexer has written a changed listing (`listings_indexed`, seconds after the change) and every ten
  minutes (`sourcing.watch`, for what the index does not see: archiving, certificates expiring) it is
  compared with that and the user is told once per change (in-app; e-mailed by `notifications.deliver`
  per the user's settings), then the new state is remembered.
- Following a supplier remembers when (`seen_until`); listings it publishes later are announced once.
"""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from ... import clock
from ...errors import Conflict, Forbidden, NotFound
from ...extensions import db
from ...notifications.services import audit, notify
from ...orgs.models import Organisation, OrgKind, OrgStatus
from ...permissions import Actor, require_user
from ..models import FollowedSupplier, SavedListing
from .inquiries import buyable_listing

MAX_SAVED = 500


# ------------------------------------------------------------------ what a saved listing looks like

def listing_state(listing) -> dict:
    """What a buyer who saved the listing cares about; compared by the watch job."""
    from ...catalog.services import certified_label_codes, is_public

    return {"available": bool(is_public(listing)), "price_min": listing.price_min, "price_max": listing.price_max,
            "labels": certified_label_codes(listing)}


def describe_changes(before: dict, after: dict) -> list[str]:
    """Sentences for the user, in the current locale; [] when nothing they care about changed."""
    from ...l10n import format_vnd

    lines = []
    if before.get("available") != after.get("available"):
        lines.append(_("It is available again.") if after.get("available") else _("It is no longer offered."))
    if (before.get("price_min"), before.get("price_max")) != (after.get("price_min"), after.get("price_max")):
        def price(state):
            lo, hi = state.get("price_min"), state.get("price_max")
            if lo is None:
                return _("no price")
            return format_vnd(lo) if lo == hi or hi is None else f"{format_vnd(lo)} – {format_vnd(hi)}"
        lines.append(_("Price: %(before)s → %(after)s", before=price(before), after=price(after)))
    added = [c for c in after.get("labels", []) if c not in before.get("labels", [])]
    lost = [c for c in before.get("labels", []) if c not in after.get("labels", [])]
    if added:
        lines.append(_("Newly certified: %(labels)s", labels=", ".join(_label_names(added))))
    if lost:
        lines.append(_("No longer certified: %(labels)s", labels=", ".join(_label_names(lost))))
    return lines


def _label_names(codes: list[str]) -> list[str]:
    from flask_babel import get_locale

    from ...labels.models import Label

    en = str(get_locale() or "vi") == "en"
    rows = {lb.code: (lb.name_en if en and lb.name_en else lb.name_vi)
            for lb in db.session.scalars(db.select(Label).where(Label.code.in_(codes)))}
    return [rows.get(c, c) for c in codes]


# ------------------------------------------------------------------ saving and following

def _count(model, user_id: int) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)).where(model.user_id == user_id)) or 0


def saved_listing(actor: Actor, listing_id: int) -> SavedListing | None:
    if not actor.is_authenticated:
        return None
    return db.session.scalar(db.select(SavedListing).where(SavedListing.user_id == actor.user_id,
                                                           SavedListing.listing_id == listing_id))


def save_listing(actor: Actor, listing_id: int) -> tuple[SavedListing, bool]:
    """Save a listing (again: nothing changes). Returns (saved, created)."""
    require_user(actor)
    listing = buyable_listing(actor, listing_id)
    existing = saved_listing(actor, listing.id)
    if existing is not None:
        return existing, False
    if _count(SavedListing, actor.user_id) >= MAX_SAVED:
        raise Conflict(_("You can keep at most %(n)d saved products.", n=MAX_SAVED))
    row = SavedListing(user_id=actor.user_id, listing_id=listing.id, seen=listing_state(listing), created_at=clock.now())
    db.session.add(row)
    db.session.flush()
    audit(actor.user_id, "listing.saved", "listing", listing.id, {}, actor.org_id)
    db.session.commit()
    return row, True


def unsave_listing(actor: Actor, listing_id: int) -> None:
    require_user(actor)
    row = saved_listing(actor, listing_id)
    if row is None:
        raise NotFound(_("This product is not in your saved list."))
    audit(actor.user_id, "listing.unsaved", "listing", listing_id, {}, actor.org_id)
    db.session.delete(row)
    db.session.commit()


def followed(actor: Actor, supplier_org_id: int) -> FollowedSupplier | None:
    if not actor.is_authenticated:
        return None
    return db.session.scalar(db.select(FollowedSupplier).where(FollowedSupplier.user_id == actor.user_id,
                                                               FollowedSupplier.supplier_org_id == supplier_org_id))


def follow_supplier(actor: Actor, supplier_org_id: int) -> tuple[FollowedSupplier, bool]:
    require_user(actor)
    org = db.session.get(Organisation, supplier_org_id)
    if org is None or org.kind != OrgKind.producer or org.status != OrgStatus.approved:
        raise NotFound(_("Supplier not found."))
    if actor.org_id == org.id:
        raise Forbidden(_("This is your own organisation."))
    existing = followed(actor, org.id)
    if existing is not None:
        return existing, False
    if _count(FollowedSupplier, actor.user_id) >= MAX_SAVED:
        raise Conflict(_("You can follow at most %(n)d suppliers.", n=MAX_SAVED))
    now = clock.now()
    row = FollowedSupplier(user_id=actor.user_id, supplier_org_id=org.id, seen_until=now, created_at=now)
    db.session.add(row)
    db.session.flush()
    audit(actor.user_id, "supplier.followed", "organisation", org.id, {}, actor.org_id)
    db.session.commit()
    return row, True


def unfollow_supplier(actor: Actor, supplier_org_id: int) -> None:
    require_user(actor)
    row = followed(actor, supplier_org_id)
    if row is None:
        raise NotFound(_("You do not follow this supplier."))
    audit(actor.user_id, "supplier.unfollowed", "organisation", supplier_org_id, {}, actor.org_id)
    db.session.delete(row)
    db.session.commit()


def list_saved(actor: Actor) -> tuple[list[SavedListing], list[FollowedSupplier]]:
    require_user(actor)
    listings = list(db.session.scalars(db.select(SavedListing).where(SavedListing.user_id == actor.user_id)
                                       .order_by(SavedListing.created_at.desc(), SavedListing.id.desc())))
    suppliers = list(db.session.scalars(db.select(FollowedSupplier).where(FollowedSupplier.user_id == actor.user_id)
                                        .order_by(FollowedSupplier.created_at.desc(), FollowedSupplier.id.desc())))
    return listings, suppliers


# ------------------------------------------------------------------ the watch job

def _listing_path(listing_id: int) -> str:
    try:
        return url_for("catalog.detail", listing_id=listing_id)
    except Exception:  # noqa: BLE001 - outside a request
        return f"/listings/{listing_id}"


class _Locales:
    """Each user's language, read once per run (notifications are written in the reader's language)."""

    def __init__(self):
        self.known: dict[int, str] = {}

    def of(self, user_id: int):
        from flask_babel import force_locale

        from ...accounts.models import User

        if user_id not in self.known:
            user = db.session.get(User, user_id)
            self.known[user_id] = (user.locale if user is not None else None) or "vi"
        return force_locale(self.known[user_id])


def _tell_saved(rows: list[SavedListing], counts: dict, locales: _Locales, states: dict[int, dict]) -> None:
    """Notify the users of these saved listings about what changed since they were last told (no commit)."""
    for row in rows:
        if row.listing_id not in states:
            states[row.listing_id] = listing_state(row.listing)
        now_state = states[row.listing_id]
        if (row.seen or {}) == now_state:
            continue
        with locales.of(row.user_id):
            lines = describe_changes(row.seen or {}, now_state)
            title = _("A product you saved changed: %(title)s", title=row.listing.title)
        if lines:
            notify(row.user_id, "sourcing.saved_listing_changed", title, "\n".join(lines), _listing_path(row.listing_id))
            counts["changed"] += 1
        row.seen = now_state


def _tell_followers(supplier_id: int, rows: list[FollowedSupplier], counts: dict, locales: _Locales) -> None:
    """Notify the followers of one supplier about listings it published since they were last told (no commit)."""
    from ...catalog.models import Listing, ListingStatus

    since = min(f.seen_until for f in rows)
    fresh = list(db.session.scalars(db.select(Listing).where(
        Listing.organisation_id == supplier_id, Listing.status == ListingStatus.published,
        Listing.published_at > since).order_by(Listing.published_at, Listing.id).limit(200)))
    if not fresh or fresh[0].organisation.status != OrgStatus.approved:
        return
    supplier = fresh[0].organisation
    for f in rows:
        new = [lst for lst in fresh if lst.published_at > f.seen_until]
        if not new:
            continue
        with locales.of(f.user_id):
            if len(new) == 1:
                title = _("%(org)s listed a new product: %(title)s", org=supplier.display_name, title=new[0].title)
                path = _listing_path(new[0].id)
            else:
                title = _("%(org)s listed %(n)d new products", org=supplier.display_name, n=len(new))
                path = _storefront_path(supplier_id)
        notify(f.user_id, "sourcing.followed_new_listing", title, "\n".join(f"• {lst.title}" for lst in new[:20]), path)
        f.seen_until = max(lst.published_at for lst in new)
        counts["new"] += 1


def _follows_by_supplier(supplier_ids=None) -> dict[int, list[FollowedSupplier]]:
    stmt = db.select(FollowedSupplier).order_by(FollowedSupplier.id)
    if supplier_ids is not None:
        stmt = stmt.where(FollowedSupplier.supplier_org_id.in_(sorted(supplier_ids)))
    out: dict[int, list[FollowedSupplier]] = {}
    for f in db.session.scalars(stmt):
        out.setdefault(f.supplier_org_id, []).append(f)
    return out


def watch(batch: int = 500) -> dict[str, int]:
    """Tell users about changes of the listings they saved and new listings of the suppliers they follow.
    Idempotent: each change and each new listing is told once. The periodic job (`sourcing.watch`): it
    also catches what the indexer hook below cannot see (a listing archived, a certificate expiring)."""
    counts = {"changed": 0, "new": 0}
    locales, states = _Locales(), {}
    last = 0
    while True:
        rows = list(db.session.scalars(db.select(SavedListing).where(SavedListing.id > last)
                                       .order_by(SavedListing.id).limit(batch)))
        if not rows:
            break
        last = rows[-1].id
        _tell_saved(rows, counts, locales, states)
        db.session.commit()
    for supplier_id, rows in _follows_by_supplier().items():
        _tell_followers(supplier_id, rows, counts, locales)
        db.session.commit()
    return counts


def listings_indexed(docs: dict[int, dict]) -> dict[str, int]:
    """Indexer hook: right after listings were written to the index (off the producer's request), tell
    who saved them and who follows their suppliers. Never commits (the indexer does)."""
    from ...catalog.models import Listing

    counts = {"changed": 0, "new": 0}
    ids = sorted(int(i) for i in docs)
    if not ids:
        return counts
    locales, states = _Locales(), {}
    rows = list(db.session.scalars(db.select(SavedListing).where(SavedListing.listing_id.in_(ids))
                                   .order_by(SavedListing.id)))
    _tell_saved(rows, counts, locales, states)
    suppliers = set(db.session.scalars(db.select(Listing.organisation_id).where(Listing.id.in_(ids))))
    for supplier_id, follows in _follows_by_supplier(suppliers).items():
        _tell_followers(supplier_id, follows, counts, locales)
    return counts


def _storefront_path(org_id: int) -> str:
    try:
        return url_for("catalog.storefront", org_id=org_id)
    except Exception:  # noqa: BLE001
        return f"/producers/{org_id}"


def watch_job() -> str:
    from flask import current_app, has_request_context

    if has_request_context():
        counts = watch()
    else:
        with current_app.test_request_context("/"):
            counts = watch()
    return f"{counts['changed']} saved product change(s), {counts['new']} followed supplier update(s)"
