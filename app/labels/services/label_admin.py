"""Administration of the label registry (create, edit, deactivate labels)."""
from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...errors import NotFound, ValidationFailed
from ...validation import FieldCheck
from ...extensions import db
from ...notifications.services import audit, audit_value
from ...permissions import Actor, require_admin
from ..models import Claim, ClaimStatus, Label, LabelKind, LabelScope
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


_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
_URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)
LABEL_FIELDS = ("code", "name_en", "name_vi", "kind", "scope", "issuing_body", "website", "certifies_en",
                "certifies_vi", "legal_basis", "verify_url", "verify_howto", "certificate_hint", "validity_months",
                "active", "sort_order", "issuing_body_vi", "legal_basis_vi", "verify_howto_vi", "certificate_hint_vi")


def _clean_label(data: dict[str, Any], *, partial: bool, current: Label | None) -> dict[str, Any]:
    check = FieldCheck(data, partial=partial)
    out, err, given = check.out, check.err, check.given
    for f, limit, required in (("code", 40, True), ("name_en", 200, True), ("name_vi", 200, True),
                               ("issuing_body", 300, True), ("certificate_hint", 200, False),
                               ("issuing_body_vi", 300, False), ("certificate_hint_vi", 200, False)):
        check.text(f, limit, required=required)
    if "code" in out and out["code"]:
        if not _CODE.match(out["code"]):
            err("code", _("Use lower-case letters, digits and hyphens."))
        else:
            clash = db.session.scalar(db.select(Label.id).where(Label.code == out["code"]))
            if clash and (current is None or clash != current.id):
                err("code", _("Another label already uses this code."))
    for f in ("certifies_en", "certifies_vi", "legal_basis", "verify_howto", "legal_basis_vi", "verify_howto_vi"):
        check.text(f, 5000)
    for f in ("website", "verify_url"):
        if given(f):
            v = str(data[f]).strip()
            if v and (not _URL.match(v) or len(v) > 300):
                err(f, _("Enter a web address such as https://example.org."))
            out[f] = v
    if given("kind") or not partial:
        if data.get("kind") not in LabelKind.__members__:
            err("kind", _("Choose a kind."))
        else:
            out["kind"] = LabelKind(data["kind"])
    if given("scope") or not partial:
        scope = data.get("scope") or "product"
        if scope not in LabelScope.__members__:
            err("scope", _("Choose what the label applies to."))
        else:
            out["scope"] = LabelScope(scope)
    if "validity_months" in data:
        v = data["validity_months"]
        if v in (None, ""):
            out["validity_months"] = None
        else:
            try:
                n = int(v)
                if not 1 <= n <= 120:
                    raise ValueError
                out["validity_months"] = n
            except (TypeError, ValueError):
                err("validity_months", _("Enter a number of months between 1 and 120."))
    if given("active"):
        out["active"] = bool(data["active"])
    if given("sort_order"):
        try:
            out["sort_order"] = int(data["sort_order"])
        except (TypeError, ValueError):
            err("sort_order", _("Enter a whole number."))
    check.raise_if_errors()
    return out


def create_label(actor: Actor, data: dict[str, Any]) -> Label:
    require_admin(actor)
    fields = _clean_label(data, partial=False, current=None)
    label = Label(**fields)
    db.session.add(label)
    db.session.flush()
    audit(actor.user_id, "label.created", "label", label.id, {k: audit_value(v) for k, v in fields.items()})
    db.session.commit()
    return label


def update_label(actor: Actor, label_id: int, data: dict[str, Any]) -> Label:
    require_admin(actor)
    label = get_label(int(label_id))
    fields = _clean_label(data, partial=True, current=label)
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
