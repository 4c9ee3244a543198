"""The few facts fairs and promotions need about catalog listings, in one place (the catalog domain
owns listings; we only read them)."""
from __future__ import annotations

from ..extensions import db


def _models():
    from ..catalog.models import Listing, ListingStatus

    return Listing, ListingStatus


def published_of(org_id: int) -> list:
    Listing, ListingStatus = _models()
    return list(db.session.scalars(db.select(Listing).where(Listing.organisation_id == org_id,
                                                            Listing.status == ListingStatus.published)
                                   .order_by(Listing.title)))


def by_ids(ids: list[int]) -> dict[int, object]:
    if not ids:
        return {}
    Listing, _s = _models()
    return {row.id: row for row in db.session.scalars(db.select(Listing).where(Listing.id.in_(ids)))}


def own_published_ids(org_id: int, ids: list[int]) -> tuple[list[int], list[int]]:
    """(ids that are published listings of org_id, the rest)."""
    Listing, ListingStatus = _models()
    ok = set(db.session.scalars(db.select(Listing.id).where(Listing.id.in_(ids or [-1]), Listing.organisation_id == org_id,
                                                            Listing.status == ListingStatus.published)))
    return [i for i in ids if i in ok], [i for i in ids if i not in ok]


def title(listing, locale: str = "vi") -> str:
    return (listing.title_en if locale == "en" and listing.title_en else listing.title) if listing else ""


def detail_url(listing_id: int) -> str:
    from ..discovery.services import object_url

    return object_url("listing", listing_id)


def lock(listing_id: int):
    """The listing row locked for the caller's transaction (app.locking): promotion rules serialise on it."""
    from ..locking import lock as lock_row

    Listing, _s = _models()
    return lock_row(Listing, listing_id)
