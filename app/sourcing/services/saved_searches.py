"""Saved searches of the catalogue (alerts are sent by `sourcing.alerts`)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ... import clock
from ...errors import Conflict, NotFound
from ...accounts.models import User
from ...extensions import db
from ...locking import lock
from ...notifications.services import audit
from ...permissions import Actor, require_user
from ...validation import load
from ..models import SavedSearch
from ..schemas import SavedSearchInput


def save_search(actor: Actor, data: dict[str, Any]):
    """data: `schemas.SavedSearchInput` — a name (optional) and the search's params."""
    require_user(actor)
    data = load(SavedSearchInput, data)
    clean = data["params"]
    name = data.get("name") or str(clean.get("q") or _("My search"))
    lock(User, actor.user_id)  # the cap holds when several searches are saved at once
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
