"""Message threads: one per (request, supplier), read and written only by the buyer and that supplier."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import clock
from ...errors import Conflict, NotFound, ValidationFailed
from ...extensions import db
from ...notifications.services import audit, notify_org
from ...orgs.models import Organisation, OrgKind
from ...permissions import Actor
from ...validation import load
from ..models import Message, Rfq, Thread
from ..schemas import MessageInput
from .attachments import _attach
from .invitations import _mark_response
from .rfqs import can_view, get_rfq, is_buyer, is_invited


def _thread_party(actor: Actor, rfq: Rfq, supplier_org_id: int | None) -> int:
    """The supplier side of the thread the actor may use (404 for anyone else)."""
    if is_buyer(actor, rfq):
        if supplier_org_id is None:
            raise ValidationFailed(_("Choose the supplier."), {"supplier_org_id": [_("Required.")]})
        return supplier_org_id
    if supplier_org_id not in (None, actor.org_id):
        raise NotFound(_("Conversation not found."))
    if not can_view(actor, rfq) or actor.org is None or actor.org.kind != OrgKind.producer:
        raise NotFound(_("Conversation not found."))
    return actor.org_id


def get_thread(actor: Actor, rfq_id: int, supplier_org_id: int | None = None, *, create: bool = False) -> Thread | None:
    rfq = get_rfq(actor, rfq_id)
    supplier_id = _thread_party(actor, rfq, supplier_org_id)
    thread = db.session.scalar(db.select(Thread).where(Thread.rfq_id == rfq.id, Thread.supplier_org_id == supplier_id))
    if thread is None and create:
        supplier = db.session.get(Organisation, supplier_id)
        if supplier is None or supplier.kind != OrgKind.producer:
            raise NotFound(_("Conversation not found."))
        if is_buyer(actor, rfq) and not (is_invited(supplier_id, rfq) or any(q.supplier_org_id == supplier_id for q in rfq.quotes)):
            raise Conflict(_("Invite the supplier before writing to it."))
        thread = Thread(rfq_id=rfq.id, buyer_org_id=rfq.buyer_org_id, supplier_org_id=supplier_id, created_at=clock.now())
        db.session.add(thread)
        db.session.flush()
    return thread


def send_message(actor: Actor, rfq_id: int, data: dict, attachments: list | None = None) -> Message:
    """data: `schemas.MessageInput` (the body; the buyer also names the supplier)."""
    data = load(MessageInput, data)
    body = data["body"]
    thread = get_thread(actor, rfq_id, data.get("supplier_org_id"), create=True)
    rfq = thread.rfq
    now = clock.now()
    msg = Message(thread_id=thread.id, sender_org_id=actor.org_id, sender_user_id=actor.user_id, body=body, created_at=now)
    db.session.add(msg)
    db.session.flush()
    for f in attachments or []:
        _attach(rfq, thread.supplier_org_id, "message", msg.id, f)
    thread.last_message_at = now
    from_buyer = actor.org_id == rfq.buyer_org_id
    if from_buyer:
        thread.buyer_read_at = now
        recipient = thread.supplier
    else:
        thread.supplier_read_at = now
        _mark_response(rfq, actor.org_id)
        recipient = rfq.buyer
    title = _l("New message from %(org)s about “%(title)s”", org=actor.org.display_name, title=rfq.title)
    url = _thread_url(rfq.id, thread.supplier_org_id)
    notify_org(recipient, "sourcing.message", title, body=body[:300], url=url)
    audit(actor.user_id, "rfq.message", "rfq", rfq.id, {"thread_id": thread.id, "message_id": msg.id}, actor.org_id)
    db.session.commit()  # the notification is e-mailed by the job runner (notifications.deliver)
    return msg


def _thread_url(rfq_id: int, supplier_org_id: int) -> str:
    try:
        return url_for("sourcing.thread", rfq_id=rfq_id, supplier_org_id=supplier_org_id)
    except Exception:  # noqa: BLE001
        return f"/sourcing/requests/{rfq_id}/messages/{supplier_org_id}"


def list_messages(actor: Actor, rfq_id: int, supplier_org_id: int | None = None, *, mark_read: bool = True) -> tuple[Thread | None, list[Message]]:
    thread = get_thread(actor, rfq_id, supplier_org_id)
    if thread is None:
        return None, []
    if mark_read:
        if actor.org_id == thread.buyer_org_id:
            thread.buyer_read_at = clock.now()
        else:
            thread.supplier_read_at = clock.now()
        db.session.commit()
    return thread, list(thread.messages)


def unread_in(thread: Thread, org_id: int) -> int:
    mark = thread.buyer_read_at if org_id == thread.buyer_org_id else thread.supplier_read_at
    return sum(1 for m in thread.messages if m.sender_org_id != org_id and (mark is None or m.created_at > mark))


def threads_for(actor: Actor, rfq_id: int) -> list[tuple[Thread, int]]:
    """The threads of a request the actor is party to, with unread counts."""
    rfq = get_rfq(actor, rfq_id)
    stmt = db.select(Thread).where(Thread.rfq_id == rfq.id)
    if not is_buyer(actor, rfq):
        stmt = stmt.where(Thread.supplier_org_id == actor.org_id)
    threads = list(db.session.scalars(stmt.order_by(Thread.last_message_at.desc().nulls_last(), Thread.id)))
    return [(t, unread_in(t, actor.org_id)) for t in threads]


def unread_total(org_id: int) -> int:
    threads = db.session.scalars(db.select(Thread).where(
        db.or_(Thread.supplier_org_id == org_id, Thread.buyer_org_id == org_id)))
    return sum(unread_in(t, org_id) for t in threads)
