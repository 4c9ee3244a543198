"""Search documents of kind `provider` (search/mappings/provider.v1.json), built from SQL by the indexer."""
from __future__ import annotations

from collections.abc import Iterator

from .. import vn
from ..extensions import db
from ..notifications.services import enqueue_index
from ..orgs.models import OrgKind
from .models import LogisticsProfile
from .services import is_public, provider_modes


def provider_document(profile: LogisticsProfile | None) -> dict | None:
    if not is_public(profile):
        return None
    org = profile.organisation
    p = vn.province(org.province_code)
    return {
        "id": str(org.id),
        # both rows can change; their sum only grows, so it is a valid external version
        "version": int(org.version or 1) + int(profile.version or 1),
        "name": " · ".join(dict.fromkeys(n for n in (org.trade_name, org.legal_name) if n)),
        "description": "\n".join(t for t in (profile.summary, org.description, org.description_en) if t),
        "services": list(profile.services or []),
        "modes": provider_modes(profile),
        "vehicle_classes": sorted({e.vehicle_class for e in profile.fleet}),
        "verified": any(e.verified_intensity is not None for e in profile.fleet),
        "province": org.province_code,
        "provinces": list(profile.provinces or []) + [c for pair in (profile.corridors or []) for c in pair],
        "certifications": list(profile.certifications or []),
        "cold_chain": bool(profile.cold_chain),
        "location": {"lat": p.lat, "lon": p.lon} if p else None,
        "published_at": org.approved_at or profile.created_at,
    }


def _by_org(ids: list[int]) -> dict[int, LogisticsProfile]:
    stmt = db.select(LogisticsProfile).where(LogisticsProfile.organisation_id.in_(ids))
    return {p.organisation_id: p for p in db.session.scalars(stmt)}


def provider_one(org_id: int) -> dict | None:
    return provider_document(_by_org([org_id]).get(org_id))


def provider_many(ids: list[int]) -> dict[int, dict | None]:
    rows = _by_org(ids)
    return {i: provider_document(rows.get(i)) for i in ids}


def provider_all() -> Iterator[dict]:
    stmt = db.select(LogisticsProfile).order_by(LogisticsProfile.organisation_id)
    for profile in db.session.scalars(stmt.execution_options(yield_per=500)):
        doc = provider_document(profile)
        if doc:
            yield doc



def reindex_provider(org) -> None:
    """Approving or suspending a logistics organisation adds or removes its provider document."""
    if org.kind == OrgKind.logistics:
        enqueue_index("provider", org.id)


def provider_profile_changed(org, fields) -> None:
    """Provider documents carry the organisation's names, description and province (their version
    includes the organisation's, which the change bumped)."""
    reindex_provider(org)
