"""Files attached to quotes and messages, readable by the request's buyer and the supplier concerned."""
from __future__ import annotations

from flask_babel import gettext as _

from ... import clock, uploads
from ...errors import NotFound, ValidationFailed
from ...extensions import db
from ...permissions import Actor, require_user
from ..models import Attachment, Rfq

MAX_ATTACHMENTS = 5


def _attach(rfq: Rfq, supplier_org_id: int, owner_type: str, owner_id: int, file_storage) -> Attachment:
    count = db.session.scalar(db.select(db.func.count(Attachment.id)).where(
        Attachment.owner_type == owner_type, Attachment.owner_id == owner_id)) or 0
    if count >= MAX_ATTACHMENTS:
        raise ValidationFailed(_("At most %(n)d attachments.", n=MAX_ATTACHMENTS), {"attachment": [_("Too many files.")]})
    stored = uploads.store_document(file_storage, f"sourcing/{rfq.id}", field="attachment")
    att = Attachment(owner_type=owner_type, owner_id=owner_id, rfq_id=rfq.id, supplier_org_id=supplier_org_id,
                     path=stored.path, mime=stored.mime, size=stored.size, original_name=stored.original_name,
                     created_at=clock.now())
    db.session.add(att)
    return att


def attachment_for(actor: Actor, attachment_id: int) -> Attachment:
    require_user(actor)
    att = db.session.get(Attachment, attachment_id)
    if att is None:
        raise NotFound(_("File not found."))
    rfq = db.session.get(Rfq, att.rfq_id)
    if actor.org_id not in (rfq.buyer_org_id, att.supplier_org_id) and not actor.is_admin:
        raise NotFound(_("File not found."))
    return att


def attachments_of(owner_type: str, ids: list[int]) -> dict[int, list[Attachment]]:
    out: dict[int, list[Attachment]] = {}
    if ids:
        for a in db.session.scalars(db.select(Attachment).where(Attachment.owner_type == owner_type,
                                                                 Attachment.owner_id.in_(ids)).order_by(Attachment.id)):
            out.setdefault(a.owner_id, []).append(a)
    return out
