"""A business's finance documents: upload, list, delete and open (its members only; banks open them
through a lead while consent is active, see `leads.lead_document_file`).
"""
from __future__ import annotations

from flask_babel import gettext as _

from ... import clock, uploads
from ...errors import Forbidden, NotFound
from ...extensions import db
from ...notifications.services import audit
from ...permissions import Actor, require_user
from ..models import FinanceDocument
from ...validation import load
from ..schemas import DocumentInput
from ..taxonomy import DOCUMENT_TYPES


def list_documents(actor: Actor) -> list[FinanceDocument]:
    require_user(actor)
    if actor.org is None:
        return []
    return list(db.session.scalars(db.select(FinanceDocument).where(FinanceDocument.organisation_id == actor.org_id)
                                   .order_by(FinanceDocument.created_at.desc(), FinanceDocument.id.desc())))


def upload_document(actor: Actor, file_storage, title: str = "", doc_type: str = "other") -> FinanceDocument:
    require_user(actor)
    if actor.org is None:
        raise Forbidden(_("Create or join an organisation first."))
    fields = load(DocumentInput, {"title": title, "doc_type": doc_type or "other"})
    title, doc_type = fields["title"], fields["doc_type"]
    stored = uploads.store_document(file_storage, f"finance/{actor.org_id}", field="file")
    doc = FinanceDocument(organisation_id=actor.org_id, title=title or stored.original_name or str(DOCUMENT_TYPES[doc_type]),
                          doc_type=doc_type, path=stored.path, mime=stored.mime, size=stored.size,
                          original_name=stored.original_name, uploaded_by_id=actor.user_id, created_at=clock.now())
    db.session.add(doc)
    db.session.flush()
    audit(actor.user_id, "finance.document_uploaded", "finance_document", doc.id,
          {"title": doc.title, "doc_type": doc_type, "size": doc.size}, actor.org_id)
    db.session.commit()
    return doc


def _own_document(actor: Actor, doc_id: int) -> FinanceDocument:
    require_user(actor)
    doc = db.session.get(FinanceDocument, doc_id)
    if doc is None or actor.org_id is None or doc.organisation_id != actor.org_id:
        raise NotFound(_("Document not found."))
    return doc


def delete_document(actor: Actor, doc_id: int) -> None:
    doc = _own_document(actor, doc_id)
    path = doc.path
    audit(actor.user_id, "finance.document_deleted", "finance_document", doc.id, {"title": doc.title}, actor.org_id)
    db.session.delete(doc)
    db.session.commit()
    try:
        uploads.absolute_path(path).unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - the row is gone; a stray file is harmless
        pass


def document_file(actor: Actor, doc_id: int) -> FinanceDocument:
    return _own_document(actor, doc_id)
