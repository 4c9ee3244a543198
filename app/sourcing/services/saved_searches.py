"""Saved searches of the catalogue (alerts are sent by `sourcing.alerts`)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ... import clock
from ...errors import Conflict, NotFound, ValidationFailed
from ...extensions import db
from ...notifications.services import audit
from ...permissions import Actor, require_user
from ..models import SavedSearch


def clean_search_params(params: dict[str, Any]) -> dict[str, Any]:
    from ..alerts import SEARCH_KEYS

    out: dict[str, Any] = {}
    for key in SEARCH_KEYS:
        v = params.get(key)
        if v in (None, "", []):
            continue
        if isinstance(v, list):
            v = [str(x)[:100] for x in v if str(x).strip()][:20]
            if not v:
                continue
        else:
            v = str(v)[:200]
        out[key] = v
    for key in ("price_min", "price_max", "moq_max", "recycled_min"):
        if key in out:
            try:
                float(out[key] if not isinstance(out[key], list) else out[key][0])
            except ValueError:
                raise ValidationFailed(_("Please correct the highlighted fields."), {key: [_("Enter a number.")]}) from None
    if not out:
        raise ValidationFailed(_("Search for something or choose a filter before saving."),
                               {"q": [_("Search for something or choose a filter before saving.")]})
    return out


def save_search(actor: Actor, name: str, params: dict[str, Any]):
    require_user(actor)
    clean = clean_search_params(params)
    name = (name or "").strip() or str(clean.get("q") or _("My search"))
    if len(name) > 120:
        raise ValidationFailed(_("At most %(n)d characters.", n=120), {"name": [_("At most %(n)d characters.", n=120)]})
    count = db.session.scalar(db.select(db.func.count(SavedSearch.id)).where(SavedSearch.user_id == actor.user_id,
                                                                               SavedSearch.unsubscribed_at.is_(None))) or 0
    if count >= 20:
        raise Conflict(_("You can keep at most 20 saved searches."))
    s = SavedSearch(user_id=actor.user_id, organisation_id=actor.org_id, name=name, params=clean, created_at=clock.now())
    db.session.add(s)
    db.session.flush()
    audit(actor.user_id, "saved_search.created", "saved_search", s.id, {"params": clean}, actor.org_id)
    db.session.commit()
    return s


def list_saved_searches(actor: Actor):
    require_user(actor)
    return list(db.session.scalars(db.select(SavedSearch).where(SavedSearch.user_id == actor.user_id)
                                   .order_by(SavedSearch.id.desc())))


def delete_saved_search(actor: Actor, search_id: int) -> None:
    require_user(actor)
    s = db.session.get(SavedSearch, search_id)
    if s is None or s.user_id != actor.user_id:
        raise NotFound(_("Saved search not found."))
    audit(actor.user_id, "saved_search.deleted", "saved_search", s.id, {}, actor.org_id)
    db.session.delete(s)
    db.session.commit()


def unsubscribe(search) -> None:
    search.unsubscribed_at = search.unsubscribed_at or clock.now()
    audit(search.user_id, "saved_search.unsubscribed", "saved_search", search.id, {}, search.organisation_id)
    db.session.commit()
