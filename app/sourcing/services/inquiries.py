"""Direct inquiries ("Request a quote" on a listing or a storefront) and "Add to one of my requests".

An inquiry is a private sourcing request addressed to one supplier: visible to the buyer and that
supplier only, prefilled from the listing (title, category, unit), opened at once, with the buyer's
note as the first message of its conversation. The supplier is told in-app and by e-mail (sent by the
job runner, per its notification settings) and answers with a quote from the request's page, like any invited supplier.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock, vn
from ...errors import Conflict, Forbidden, NotFound
from ...extensions import db
from ...notifications.services import audit, audit_value, notify_org
from ...orgs.models import OrgKind, OrgStatus
from ...permissions import Actor, require_can_publish, require_org_kind, require_user
from ...validation import load
from ..models import Message, Rfq, RfqInvitation, RfqStatus, Thread, Visibility
from ..schemas import AddToRequestInput, InquiryInput
from .invitations import invite_supplier
from .rfqs import _rfq_url, get_own_rfq

INQUIRY_DAYS = 30  # an inquiry takes quotes for a month unless the buyer says otherwise


def buyable_listing(actor: Actor, listing_id: int):
    """A published listing of an approved producer that the actor may ask about (404 otherwise; 403 for
    the actor's own organisation's listings)."""
    from ...catalog.models import Listing
    from ...catalog.services import is_public

    listing = db.session.get(Listing, listing_id)
    if listing is None or not is_public(listing) or listing.organisation.kind != OrgKind.producer:
        raise NotFound(_("Listing not found."))
    if actor.is_authenticated and actor.org_id == listing.organisation_id:
        raise Forbidden(_("This is your own organisation's product."))
    return listing


def supplier_listings(supplier_org_id: int) -> list:
    """The supplier's published listings (the storefront's "Request a quote" lets the buyer choose one)."""
    from ...catalog.models import Listing, ListingStatus

    return list(db.session.scalars(db.select(Listing).where(
        Listing.organisation_id == supplier_org_id, Listing.status == ListingStatus.published)
        .order_by(Listing.title, Listing.id).limit(500)))


def open_inquiry_for(actor: Actor, listing_id: int) -> Rfq | None:
    """The actor's organisation's inquiry about this listing that still takes quotes, if any."""
    if not actor.is_authenticated or actor.org_id is None:
        return None
    return db.session.scalar(db.select(Rfq).where(
        Rfq.buyer_org_id == actor.org_id, Rfq.source_listing_id == listing_id, Rfq.status == RfqStatus.open,
        Rfq.closes_on >= clock.today()).order_by(Rfq.id.desc()).limit(1))


def send_inquiry(actor: Actor, data: dict[str, Any]) -> Rfq:
    """data: `schemas.InquiryInput`. One commit: the request, the invitation, the first message, the
    supplier's notifications and queued e-mails."""
    require_user(actor)
    fields = load(InquiryInput, data)
    listing = buyable_listing(actor, fields["listing_id"])
    require_org_kind(actor, OrgKind.buyer.value, OrgKind.producer.value)
    require_can_publish(actor)
    supplier = listing.organisation
    if supplier.status != OrgStatus.approved:
        raise NotFound(_("Listing not found."))
    from ...locking import lock
    from ...orgs.models import Organisation

    lock(Organisation, actor.org_id)  # one open inquiry per listing, also when the button is pressed twice at once
    existing = open_inquiry_for(actor, listing.id)
    if existing is not None:
        raise Conflict(_("You already asked this supplier about this product: its request is still open."),
                       {"listing_id": [_("An open inquiry exists: request #%(id)d.", id=existing.id)]})
    now = clock.now()
    closes_on = fields.get("closes_on") or clock.today() + dt.timedelta(days=INQUIRY_DAYS)
    if fields.get("needed_by") is not None and "closes_on" not in fields:
        closes_on = min(closes_on, fields["needed_by"])  # quotes are needed before the goods are
    note = (fields.get("message") or "").strip()
    rfq = Rfq(buyer_org_id=actor.org_id, created_by_id=actor.user_id, title=listing.title[:200], description=note,
              category=listing.category, quantity=fields["quantity"], unit=listing.unit,
              delivery_province=fields["delivery_province"], needed_by=fields.get("needed_by"),
              visibility=Visibility.invited, closes_on=closes_on, status=RfqStatus.open, opened_at=now,
              source_listing_id=listing.id, required_labels=[], preferred_labels=[])
    db.session.add(rfq)
    db.session.flush()
    rfq.invitations.append(RfqInvitation(rfq_id=rfq.id, supplier_org_id=supplier.id, listing_id=listing.id,
                                         invited_by_id=actor.user_id, invited_at=now))
    if note:
        thread = Thread(rfq_id=rfq.id, buyer_org_id=actor.org_id, supplier_org_id=supplier.id, created_at=now,
                        last_message_at=now, buyer_read_at=now)
        db.session.add(thread)
        db.session.flush()
        db.session.add(Message(thread_id=thread.id, sender_org_id=actor.org_id, sender_user_id=actor.user_id,
                               body=note, created_at=now))
    audit(actor.user_id, "rfq.inquiry_sent", "rfq", rfq.id,
          {"listing_id": listing.id, "supplier_org_id": supplier.id, "quantity": rfq.quantity,
           "delivery_province": rfq.delivery_province, "closes_on": audit_value(closes_on)}, actor.org_id)
    from ...catalog.taxonomy import UNITS

    def body():  # rendered in each recipient's language
        text = _("%(quantity)s %(unit)s delivered to %(province)s. Answer with a quote from the request's page.",
                 quantity=_qty(rfq.quantity), unit=str(UNITS.get(rfq.unit, "")),
                 province=vn.province_name(rfq.delivery_province))
        return text + ("\n\n" + note[:1000] if note else "")

    notify_org(supplier, "sourcing.inquiry",
               _l("Inquiry from %(buyer)s: %(title)s", buyer=actor.org.display_name, title=listing.title), body,
               _rfq_url(rfq.id))  # e-mail: the job runner
    db.session.commit()
    return rfq


def _qty(n: float) -> str:
    from ...l10n import format_number

    return format_number(n)


def my_open_requests(actor: Actor) -> list[Rfq]:
    """The actor's organisation's requests that can still invite suppliers (drafts and open ones; not
    direct inquiries, which belong to one supplier)."""
    if not actor.is_authenticated or actor.org is None:
        return []
    today = clock.today()
    return list(db.session.scalars(db.select(Rfq).where(
        Rfq.buyer_org_id == actor.org_id, Rfq.source_listing_id.is_(None),
        db.or_(Rfq.status == RfqStatus.draft, db.and_(Rfq.status == RfqStatus.open, Rfq.closes_on >= today)))
        .order_by(Rfq.id.desc()).limit(50)))


def add_listing_to_request(actor: Actor, listing_id: int, data: dict[str, Any]) -> RfqInvitation:
    """Invite the listing's supplier to one of the actor's open requests, with this listing (the supplier
    is told when the request is open); 409 when the supplier is already invited to that request."""
    require_user(actor)
    fields = load(AddToRequestInput, data)
    listing = buyable_listing(actor, listing_id)
    rfq = get_own_rfq(actor, fields["rfq_id"])
    if rfq.source_listing_id is not None:
        raise Conflict(_("A direct inquiry belongs to one supplier; choose another request."),
                       {"rfq_id": [_("Choose one of your open requests.")]})
    if rfq.effective_status() not in (RfqStatus.draft, RfqStatus.open):
        raise Conflict(_("This request is closed."), {"rfq_id": [_("Choose one of your open requests.")]})
    already = next((i for i in rfq.invitations if i.supplier_org_id == listing.organisation_id), None)
    if already is not None:
        raise Conflict(_("%(org)s is already invited to “%(title)s”.", org=listing.organisation.display_name,
                         title=rfq.title), {"rfq_id": [_("This supplier is already invited.")]})
    return invite_supplier(actor, rfq.id, listing.organisation_id, listing.id)
