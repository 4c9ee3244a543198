"""Direct conversations ("Message the supplier") and the inbox that lists every conversation of an
organisation: direct ones and those about requests, on both sides.

A direct conversation belongs to one buyer organisation and one supplier (one per pair, whichever
listing the buyer writes from: the thread remembers the last listing asked about). Only members of
those two organisations read or write it; anyone else gets 404. The buyer starts it; both answer.
The other side is told in-app and by e-mail (sent by the job runner).
"""
from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...errors import Forbidden, NotFound
from ...extensions import db
from ...notifications.services import audit, notify_org
from ...orgs.models import Organisation, OrgKind, OrgStatus
from ...pagination import paginate
from ...permissions import Actor, require_can_publish, require_user
from ...validation import load
from ..models import Message, Thread
from ..schemas import DirectMessageInput
from .messages import unread_in


def _supplier(supplier_org_id: int) -> Organisation:
    org = db.session.get(Organisation, supplier_org_id)
    if org is None or org.kind != OrgKind.producer or org.status != OrgStatus.approved:
        raise NotFound(_("Supplier not found."))
    return org


def _key(buyer_org_id: int, supplier_org_id: int) -> str:
    return f"{buyer_org_id}:{supplier_org_id}"


def direct_thread_with(actor: Actor, supplier_org_id: int) -> Thread | None:
    """The actor's organisation's direct conversation with this supplier, if one was started."""
    if not actor.is_authenticated or actor.org_id is None:
        return None
    return db.session.scalar(db.select(Thread).where(Thread.direct_key == _key(actor.org_id, supplier_org_id)))


def get_conversation(actor: Actor, thread_id: int) -> Thread:
    """A conversation (direct or about a request) the actor's organisation is party to; 404 otherwise."""
    require_user(actor)
    thread = db.session.get(Thread, thread_id)
    if thread is None or actor.org_id is None or actor.org_id not in (thread.buyer_org_id, thread.supplier_org_id):
        raise NotFound(_("Conversation not found."))
    return thread


def _check_listing_of(listing_id: int | None, supplier_org_id: int) -> int | None:
    if listing_id is None:
        return None
    from ...catalog.models import Listing
    from ...catalog.services import is_public

    listing = db.session.get(Listing, listing_id)
    if listing is None or listing.organisation_id != supplier_org_id or not is_public(listing):
        from ...errors import ValidationFailed

        raise ValidationFailed(_("Choose one of the supplier's products."), {"listing_id": [_("Unknown listing.")]})
    return listing.id


def message_supplier(actor: Actor, supplier_org_id: int, data: dict[str, Any]) -> Message:
    """Write to a supplier (data: `schemas.DirectMessageInput`): the first message starts the
    conversation, later ones continue it."""
    require_user(actor)
    fields = load(DirectMessageInput, data)
    supplier = _supplier(supplier_org_id)
    if actor.org_id == supplier.id:
        raise Forbidden(_("This is your own organisation."))
    require_can_publish(actor)
    listing_id = _check_listing_of(fields.get("listing_id"), supplier.id)
    thread = direct_thread_with(actor, supplier.id)
    if thread is None:
        thread = Thread(rfq_id=None, buyer_org_id=actor.org_id, supplier_org_id=supplier.id,
                        direct_key=_key(actor.org_id, supplier.id), created_at=clock.now())
        db.session.add(thread)
        db.session.flush()
    if listing_id is not None:
        thread.listing_id = listing_id
    return _post(actor, thread, fields["body"])


def reply(actor: Actor, thread_id: int, data: dict[str, Any]) -> Message:
    """Write in a direct conversation the actor's organisation is party to (data: `DirectMessageInput`)."""
    thread = get_conversation(actor, thread_id)
    if not thread.is_direct:
        raise NotFound(_("Conversation not found."))  # request threads are written from the request's page
    fields = load(DirectMessageInput, data)
    if fields.get("listing_id") is not None:
        thread.listing_id = _check_listing_of(fields["listing_id"], thread.supplier_org_id)
    return _post(actor, thread, fields["body"])


def _post(actor: Actor, thread: Thread, body: str) -> Message:
    now = clock.now()
    msg = Message(thread_id=thread.id, sender_org_id=actor.org_id, sender_user_id=actor.user_id, body=body, created_at=now)
    db.session.add(msg)
    db.session.flush()
    thread.last_message_at = now
    if actor.org_id == thread.buyer_org_id:
        thread.buyer_read_at = now
        recipient = thread.supplier
    else:
        thread.supplier_read_at = now
        recipient = thread.buyer
    sender = actor.org.display_name
    notify_org(recipient, "sourcing.direct_message", _l("New message from %(org)s", org=sender), body[:1000],
               conversation_url(thread.id))  # e-mailed by the job runner
    audit(actor.user_id, "conversation.message", "conversation", thread.id, {"message_id": msg.id}, actor.org_id)
    db.session.commit()
    return msg


def conversation_url(thread_id: int) -> str:
    try:
        return url_for("buying.conversation", thread_id=thread_id)
    except Exception:  # noqa: BLE001 - outside a request
        return f"/messages/{thread_id}"


def read_conversation(actor: Actor, thread_id: int, *, mark_read: bool = True) -> tuple[Thread, list[Message]]:
    thread = get_conversation(actor, thread_id)
    if mark_read:
        if actor.org_id == thread.buyer_org_id:
            thread.buyer_read_at = clock.now()
        else:
            thread.supplier_read_at = clock.now()
        db.session.commit()
    return thread, list(thread.messages)


def inbox(actor: Actor, *, page: int = 1, per_page: int = 20):
    """Every conversation of the actor's organisation (buyer or supplier side, direct or about a
    request), latest activity first; items are (thread, unread)."""
    require_user(actor)
    if actor.org is None:
        raise Forbidden(_("Create or join an organisation first."))
    stmt = (db.select(Thread).where(db.or_(Thread.buyer_org_id == actor.org_id, Thread.supplier_org_id == actor.org_id),
                                    Thread.last_message_at.is_not(None))
            .order_by(Thread.last_message_at.desc(), Thread.id.desc()))
    result = paginate(stmt, page, per_page)
    result.items = [(t, unread_in(t, actor.org_id)) for t in result.items]
    return result


def counterpart(thread: Thread, org_id: int) -> Organisation:
    return thread.supplier if org_id == thread.buyer_org_id else thread.buyer
