"""Administration of the label registry (create, edit, deactivate labels)."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...errors import NotFound, ValidationFailed
from ...validation import load
from ...extensions import db
from ...notifications.services import audit, audit_value
from ...permissions import Actor, require_admin
from ..models import Claim, ClaimStatus, Label, LabelKind
from ..schemas import LabelInput
from .events import _changed

KIND_LABELS = {
    "eco": _l("Ecolabel (Type I)"),
    "organic": _l("Organic"),
    "recycled": _l("Recycled content"),
    "compostable": _l("Compostable / biodegradable"),
    "carbon": _l("Carbon footprint"),
    "energy": _l("Energy efficiency"),
    "social": _l("Social and fair trade"),
    "forestry": _l("Responsible forestry"),
    "agriculture": _l("Good agricultural practice"),
    "management": _l("Management system"),
}
SCOPE_LABELS = {
    "product": _l("Products"),
    "organisation": _l("Organisations"),
    "both": _l("Products and organisations"),
}


def list_labels(*, kind: str | None = None, include_inactive: bool = False) -> list[Label]:
    stmt = db.select(Label)
    if not include_inactive:
        stmt = stmt.where(Label.active.is_(True))
    if kind:
        if kind not in LabelKind.__members__:
            raise ValidationFailed(_("Unknown label kind."), {"kind": [_("Unknown label kind.")]})
        stmt = stmt.where(Label.kind == LabelKind(kind))
    return list(db.session.scalars(stmt.order_by(Label.sort_order, Label.code)))


def get_label(label_id_or_code: int | str) -> Label:
    if isinstance(label_id_or_code, int) or str(label_id_or_code).isdigit():
        label = db.session.get(Label, int(label_id_or_code))
    else:
        label = db.session.scalar(db.select(Label).where(Label.code == str(label_id_or_code)))
    if label is None:
        raise NotFound(_("Label not found."))
    return label


LABEL_FIELDS = ("code", "name_en", "name_vi", "kind", "scope", "issuing_body", "website", "certifies_en",
                "certifies_vi", "legal_basis", "verify_url", "verify_howto", "certificate_hint", "validity_months",
                "active", "sort_order", "issuing_body_vi", "legal_basis_vi", "verify_howto_vi", "certificate_hint_vi")


def create_label(actor: Actor, data: dict[str, Any]) -> Label:
    """Add a label to the registry (administrators); `data` as schemas.LabelInput reads it."""
    require_admin(actor)
    fields = load(LabelInput, data)
    label = Label(**fields)
    db.session.add(label)
    db.session.flush()
    audit(actor.user_id, "label.created", "label", label.id, {k: audit_value(v) for k, v in fields.items()})
    db.session.commit()
    return label


def update_label(actor: Actor, label_id: int, data: dict[str, Any]) -> Label:
    require_admin(actor)
    label = get_label(int(label_id))
    fields = load(LabelInput(current=label), data, partial=True)
    changes = {}
    for k, v in fields.items():
        if getattr(label, k) != v:
            changes[k] = [audit_value(getattr(label, k)), audit_value(v)]
            setattr(label, k, v)
    if changes:
        audit(actor.user_id, "label.updated", "label", label.id, changes)
        # Documents carry label codes and kinds: re-index every listing with a claim on this label.
        for claim in db.session.scalars(db.select(Claim).where(Claim.label_id == label.id, Claim.status == ClaimStatus.verified)):
            _changed(claim)
        db.session.commit()
    return label
