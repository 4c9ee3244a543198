"""Sourcing requests (RFQs): validation, visibility rules, listing, create/edit/open/close, expiry."""
from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...errors import Conflict, Forbidden, NotFound, ValidationFailed
from ...validation import load
from ...extensions import db
from ...locking import lock
from ...inputs import LIKE_ESCAPE, like_pattern
from ...pagination import paginate
from ...notifications.services import audit, audit_value, notify_org
from ...orgs.models import Organisation, OrgKind
from ...permissions import Actor, require_can_publish, require_org_kind, require_user
from ..models import Quote, Rfq, RfqInvitation, RfqStatus, Visibility
from ..schemas import RfqInput

FREQUENCY_LABELS = {"one_off": _l("One-off"), "monthly": _l("Recurring, per month")}
VISIBILITY_LABELS = {"public": _l("Public: every supplier can see it"), "invited": _l("Invited suppliers only")}
STATUS_LABELS = {"draft": _l("Draft"), "open": _l("Open"), "closed": _l("Closed"), "awarded": _l("Awarded"),
                 "expired": _l("Expired")}
EDITABLE = ("title", "description", "category", "quantity", "unit", "frequency", "target_price_min", "target_price_max",
            "required_labels", "preferred_labels", "min_recycled_pct", "delivery_province", "needed_by", "visibility",
            "closes_on", "max_quotes")


def _get(rfq_id: int) -> Rfq:
    rfq = db.session.get(Rfq, rfq_id)
    if rfq is None:
        raise NotFound(_("Request not found."))
    return rfq


def is_buyer(actor: Actor, rfq: Rfq) -> bool:
    return actor.is_authenticated and actor.org_id == rfq.buyer_org_id


def is_invited(org_id: int | None, rfq: Rfq) -> bool:
    return org_id is not None and any(i.supplier_org_id == org_id for i in rfq.invitations)


def can_view(actor: Actor, rfq: Rfq) -> bool:
    if not actor.is_authenticated:
        return False
    if is_buyer(actor, rfq) or actor.is_admin:
        return True
    if rfq.status == RfqStatus.draft or actor.org is None:
        return False
    if is_invited(actor.org_id, rfq):
        return True
    if rfq.visibility == Visibility.public:
        return True
    # a supplier keeps access to a request it quoted on
    return any(q.supplier_org_id == actor.org_id for q in rfq.quotes)


def get_rfq(actor: Actor, rfq_id: int) -> Rfq:
    require_user(actor)
    rfq = _get(rfq_id)
    if not can_view(actor, rfq):
        raise NotFound(_("Request not found."))
    return rfq


def get_own_rfq(actor: Actor, rfq_id: int) -> Rfq:
    require_user(actor)
    rfq = _get(rfq_id)
    if not is_buyer(actor, rfq):
        if can_view(actor, rfq):
            raise Forbidden(_("Only the buyer can do this."))
        raise NotFound(_("Request not found."))
    return rfq


def _supplier_visible(org_id: int):
    invited = db.select(RfqInvitation.rfq_id).where(RfqInvitation.supplier_org_id == org_id)
    quoted = db.select(Quote.rfq_id).where(Quote.supplier_org_id == org_id)
    return db.and_(Rfq.status != RfqStatus.draft,
                   db.or_(Rfq.visibility == Visibility.public, Rfq.id.in_(invited), Rfq.id.in_(quoted)))


def list_rfqs(actor: Actor, *, scope: str = "auto", status: str | None = None, q: str = "", page: int = 1,
              per_page: int = 20):
    """scope: `mine` (the buyer's own), `open` (what suppliers may answer), `auto` (by organisation kind)."""
    require_user(actor)
    if actor.org is None:
        raise Forbidden(_("Create or join an organisation first."))
    if scope == "auto":
        scope = "mine" if actor.org.kind == OrgKind.buyer else "open"
    stmt = db.select(Rfq)
    today = clock.today()
    if scope == "mine":
        stmt = stmt.where(Rfq.buyer_org_id == actor.org_id)
    else:
        stmt = stmt.where(_supplier_visible(actor.org_id), Rfq.buyer_org_id != actor.org_id)
        if status is None:
            status = "open"
    if status:
        if status not in RfqStatus.__members__:
            raise ValidationFailed(_("Unknown status."), {"status": [_("Unknown status.")]})
        if status == "open":
            stmt = stmt.where(Rfq.status == RfqStatus.open, Rfq.closes_on >= today)
        elif status == "expired":
            stmt = stmt.where(db.or_(Rfq.status == RfqStatus.expired,
                                     db.and_(Rfq.status == RfqStatus.open, Rfq.closes_on < today)))
        else:
            stmt = stmt.where(Rfq.status == RfqStatus(status))
    if q.strip():
        stmt = stmt.where(Rfq.title.ilike(like_pattern(q.strip()), escape=LIKE_ESCAPE))
    stmt = stmt.order_by(db.func.coalesce(Rfq.opened_at, Rfq.created_at).desc(), Rfq.id.desc())
    return paginate(stmt, page, per_page)


def create_rfq(actor: Actor, data: dict[str, Any]) -> Rfq:
    """Buyers post requests; producers too, to source their materials (a bottle maker buying recycled PET)."""
    require_org_kind(actor, OrgKind.buyer.value, OrgKind.producer.value)
    fields = load(RfqInput, data)
    status = fields.pop("status", None)
    fields.pop("close_reason", None)
    fields.setdefault("required_labels", [])
    fields.setdefault("preferred_labels", [])
    rfq = Rfq(buyer_org_id=actor.org_id, created_by_id=actor.user_id, status=RfqStatus.draft, **fields)
    db.session.add(rfq)
    db.session.flush()
    audit(actor.user_id, "rfq.created", "rfq", rfq.id, {k: audit_value(v) for k, v in fields.items()}, actor.org_id)
    if status == RfqStatus.open.value:
        _open(actor, rfq)
    db.session.commit()
    return rfq


def update_rfq(actor: Actor, rfq_id: int, data: dict[str, Any]) -> Rfq:
    rfq = get_own_rfq(actor, rfq_id)
    rfq = lock(Rfq, rfq.id)  # a quote arriving meanwhile counts against the limit being edited
    editing = set(data or {}) & set(EDITABLE)
    if editing:
        if rfq.effective_status() not in (RfqStatus.draft, RfqStatus.open):
            raise Conflict(_("A closed request cannot be edited."))
        if rfq.status == RfqStatus.open and rfq.quotes and editing - {"closes_on", "max_quotes", "description"}:
            raise Conflict(_("Suppliers have quoted: only the description, closing date and quote limit can change."))
    fields = load(RfqInput(current=rfq), data, partial=True)
    status = fields.pop("status", None)
    close_reason = fields.pop("close_reason", "")
    if fields:
        changes = {}
        for k, v in fields.items():
            if getattr(rfq, k) != v:
                changes[k] = [audit_value(getattr(rfq, k)), audit_value(v)]
                setattr(rfq, k, v)
        if changes:
            audit(actor.user_id, "rfq.updated", "rfq", rfq.id, changes, actor.org_id)
    if status and status != rfq.status.value:
        if status == "open":
            _open(actor, rfq)
        elif status == "closed":
            _close(actor, rfq, RfqStatus.closed, close_reason or "")
        else:
            raise ValidationFailed(_("A request can be opened or closed."), {"status": [_("Use open or closed.")]})
    db.session.commit()
    return rfq


def _open(actor: Actor, rfq: Rfq) -> None:
    require_can_publish(actor)
    if rfq.status != RfqStatus.draft:
        raise Conflict(_("Only a draft can be opened."))
    if rfq.closes_on < clock.today():
        raise ValidationFailed(_("The closing date has passed."), {"closes_on": [_("The closing date must be today or later.")]})
    rfq.status = RfqStatus.open
    rfq.opened_at = clock.now()
    audit(actor.user_id, "rfq.opened", "rfq", rfq.id, {}, rfq.buyer_org_id)
    for inv in rfq.invitations:
        _notify_invited(rfq, inv.supplier)


def _close(actor: Actor | None, rfq: Rfq, status: RfqStatus, reason: str = "") -> None:
    if rfq.effective_status() not in (RfqStatus.open, RfqStatus.draft):
        raise Conflict(_("This request is already closed."))
    rfq.status = status
    rfq.closed_at = clock.now()
    rfq.close_reason = reason
    audit(actor.user_id if actor else None, f"rfq.{status.value}", "rfq", rfq.id, {"reason": reason}, rfq.buyer_org_id)


def expire_rfqs() -> int:
    """Store `expired` on open requests past their closing date (the read-time rule made durable)."""
    today = clock.today()
    rows = list(db.session.scalars(db.select(Rfq).where(Rfq.status == RfqStatus.open, Rfq.closes_on < today)))
    for rfq in rows:
        rfq.status = RfqStatus.expired
        rfq.closed_at = clock.now()
        audit(None, "rfq.expired", "rfq", rfq.id, {"closes_on": rfq.closes_on.isoformat()}, rfq.buyer_org_id)
        notify_org(rfq.buyer, "sourcing.rfq_expired", _l("Your request “%(title)s” has expired.", title=rfq.title),
                   url=_rfq_url(rfq.id))
    db.session.commit()
    return len(rows)


def _rfq_url(rfq_id: int) -> str:
    try:
        return url_for("sourcing.rfq_detail", rfq_id=rfq_id)
    except Exception:  # noqa: BLE001 - outside a request (CLI): a relative path is enough for in-app links
        return f"/sourcing/requests/{rfq_id}"


def _notify_invited(rfq: Rfq, supplier: Organisation) -> None:
    title = _l("%(buyer)s invites you to quote: %(title)s", buyer=rfq.buyer.display_name, title=rfq.title)
    notify_org(supplier, "sourcing.invited", title, url=_rfq_url(rfq.id))
