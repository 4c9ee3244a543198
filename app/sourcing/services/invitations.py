"""Invitations of suppliers to a request, and the supplier's first response to one."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...errors import Conflict, NotFound, ValidationFailed
from ...extensions import db
from ...notifications.services import audit, notify_org
from ...orgs.models import Organisation, OrgKind, OrgStatus
from ...permissions import Actor
from ..models import Rfq, RfqInvitation, RfqStatus
from ._common import _check_listing
from .rfqs import _notify_invited, _rfq_url, get_own_rfq, get_rfq


def invite_supplier(actor: Actor, rfq_id: int, supplier_org_id: int, listing_id: int | None = None) -> RfqInvitation:
    rfq = get_own_rfq(actor, rfq_id)
    if rfq.effective_status() not in (RfqStatus.draft, RfqStatus.open):
        raise Conflict(_("This request is closed."))
    supplier = db.session.get(Organisation, supplier_org_id)
    if supplier is None or supplier.kind != OrgKind.producer or supplier.status != OrgStatus.approved:
        raise ValidationFailed(_("Choose an approved producer."), {"supplier_org_id": [_("Not an approved producer.")]})
    if listing_id is not None:
        _check_listing(listing_id, supplier.id, "listing_id")
    existing = db.session.scalar(db.select(RfqInvitation).where(RfqInvitation.rfq_id == rfq.id,
                                                                 RfqInvitation.supplier_org_id == supplier.id))
    if existing is not None:
        return existing
    inv = RfqInvitation(rfq_id=rfq.id, supplier_org_id=supplier.id, listing_id=listing_id, invited_by_id=actor.user_id,
                        invited_at=clock.now())
    rfq.invitations.append(inv)
    db.session.flush()
    audit(actor.user_id, "rfq.invited", "rfq", rfq.id, {"supplier_org_id": supplier.id, "listing_id": listing_id}, rfq.buyer_org_id)
    if rfq.status == RfqStatus.open:
        _notify_invited(rfq, supplier)
    db.session.commit()
    return inv


def _mark_response(rfq: Rfq, org_id: int) -> None:
    for inv in rfq.invitations:
        if inv.supplier_org_id == org_id and inv.first_response_at is None:
            inv.first_response_at = clock.now()


def decline_invitation(actor: Actor, rfq_id: int, reason: str = "") -> RfqInvitation:
    rfq = get_rfq(actor, rfq_id)
    inv = next((i for i in rfq.invitations if i.supplier_org_id == actor.org_id), None)
    if inv is None:
        raise NotFound(_("You were not invited to this request."))
    inv.declined_at = inv.declined_at or clock.now()
    inv.decline_reason = (reason or "")[:500]
    _mark_response(rfq, actor.org_id)
    audit(actor.user_id, "rfq.invitation_declined", "rfq", rfq.id, {"reason": inv.decline_reason}, actor.org_id)
    notify_org(rfq.buyer, "sourcing.invitation_declined",
               _l("%(supplier)s will not quote on “%(title)s”.", supplier=actor.org.display_name, title=rfq.title),
               body=inv.decline_reason, url=_rfq_url(rfq.id))
    db.session.commit()
    return inv
