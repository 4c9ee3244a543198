"""The `organisation` search documents (approved organisations only), registered by `orgs.init_app`."""
from __future__ import annotations

from collections.abc import Iterator

from .. import vn
from ..extensions import db


def organisation_document(org) -> dict | None:
    from .models import OrgStatus

    if org is None or org.status != OrgStatus.approved:
        return None
    p = vn.province(org.province_code)
    return {
        "id": str(org.id),
        "version": org.version,
        "name": " · ".join(dict.fromkeys(n for n in (org.trade_name, org.legal_name) if n)),
        "description": "\n".join(t for t in (org.description, org.description_en) if t),
        "org_kind": org.kind.value,
        # Approved organisations with a tax code have been checked by the programme's staff.
        "verified": bool(org.tax_code),
        "province": org.province_code,
        "location": {"lat": p.lat, "lon": p.lon} if p else None,
        "labels": list(org.sectors or []),
        "published_at": org.approved_at or org.created_at,
    }


def organisation_one(org_id: int):
    from .models import Organisation

    return organisation_document(db.session.get(Organisation, org_id))


def organisation_many(ids: list[int]) -> dict[int, dict | None]:
    from .models import Organisation

    rows = {o.id: o for o in db.session.scalars(db.select(Organisation).where(Organisation.id.in_(ids)))}
    return {i: organisation_document(rows.get(i)) for i in ids}


def organisation_all() -> Iterator[dict]:
    from .models import Organisation, OrgStatus

    stmt = db.select(Organisation).where(Organisation.status == OrgStatus.approved).order_by(Organisation.id)
    for org in db.session.scalars(stmt.execution_options(yield_per=1000)):
        doc = organisation_document(org)
        if doc:
            yield doc

