from flask import request
from flask_smorest import Blueprint

from .. import uploads
from ..api import BEARER, auth_optional, auth_required, document_errors, input_body, json_body, page_body
from . import services
from .schemas import (ClaimCreateInput, ClaimListArgsSchema, ClaimRejectInput, ClaimSchema, ClaimVerifyInput, LabelInput,
                      LabelListArgsSchema, LabelListSchema, LabelSchema)

blp = Blueprint("api_labels", __name__, url_prefix="/api/v1", description="Label registry and claims (certifications)")

CLAIM_MULTIPART_DOC = {
    "requestBody": {
        "content": {
            "multipart/form-data": {"schema": {"type": "object", "required": ["label", "certificate_number", "valid_from", "valid_until"],
                                               "properties": {
                                                   "label": {"type": "string"}, "certificate_number": {"type": "string"},
                                                   "issuer": {"type": "string"}, "scope": {"type": "string"},
                                                   "valid_from": {"type": "string", "format": "date"},
                                                   "valid_until": {"type": "string", "format": "date"},
                                                   "evidence": {"type": "string", "format": "binary"}}}},
            "application/json": {"schema": ClaimCreateInput},  # the class: apispec registers the component
        }
    }
}


def claim_input():
    """(fields, evidence file or None) from a multipart or JSON body, as sent: the service checks the fields
    with schemas.ClaimCreateInput, exactly as it does the claim form's."""
    if request.mimetype == "multipart/form-data":
        return request.form.to_dict(), request.files.get("evidence")
    return json_body(), None


@blp.route("/labels", methods=["GET"])
@blp.arguments(LabelListArgsSchema, location="query")
@blp.response(200, LabelListSchema)
@document_errors(blp, 422)
@auth_optional
def list_labels(actor, args):
    """The label registry: kind, issuing body, what it certifies and how to check a certificate."""
    return {"items": services.list_labels(kind=args.get("kind"))}


@blp.route("/labels/<code>", methods=["GET"])
@blp.response(200, LabelSchema)
@document_errors(blp, 404)
@auth_optional
def get_label(actor, code):
    """One label, by code."""
    return services.get_label(code)


@blp.route("/labels", methods=["POST"])
@input_body(blp, LabelInput, example={"code": "vn-ecolabel", "name_vi": "Nhãn sinh thái Việt Nam",
                                      "name_en": "Vietnam Ecolabel", "kind": "eco", "scope": "product",
                                      "issuing_body": "Ministry of Agriculture and Environment", "validity_months": 36})
@blp.response(201, LabelSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def create_label(actor, body):
    """Add a label to the registry (administrators)."""
    return services.create_label(actor, body)


@blp.route("/labels/<int:label_id>", methods=["PATCH"])
@input_body(blp, LabelInput(partial=True))
@blp.response(200, LabelSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 422)
@auth_required
def update_label(actor, body, label_id):
    """Edit a label (administrators)."""
    return services.update_label(actor, label_id, body)


@blp.route("/claims", methods=["GET"])
@blp.arguments(ClaimListArgsSchema, location="query")
@blp.doc(security=BEARER)
@document_errors(blp, 401, 422)
@auth_required
def list_claims(actor, args):
    """Verifiers: the queue (`status=submitted`, oldest first) or any status (`all`). Others: their organisation's claims."""
    status = None if args["status"] == "all" else args["status"]
    page = services.claims_queue(actor, status=status, org_id=args.get("org"), page=args["page"], per_page=args["per_page"])
    return page_body(page, ClaimSchema())


@blp.route("/claims", methods=["POST"])
@blp.response(201, ClaimSchema)
@blp.doc(security=BEARER, **CLAIM_MULTIPART_DOC)
@document_errors(blp, 401, 403, 404, 422)
@auth_required
def create_org_claim(actor):
    """File an organisation-level claim (e.g. ISO 14001, FSC chain of custody) for the caller's organisation."""
    data, evidence = claim_input()
    return services.submit_claim(actor, actor.org_id or -1, data, evidence)


@blp.route("/claims/<int:claim_id>", methods=["GET"])
@blp.response(200, ClaimSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def get_claim(actor, claim_id):
    """A claim (its organisation, verifiers and admins)."""
    return services.get_claim_for(actor, claim_id)


@blp.route("/claims/<int:claim_id>/evidence", methods=["GET"])
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def get_evidence(actor, claim_id):
    """The evidence file (its organisation, verifiers and admins)."""
    claim = services.evidence_claim(actor, claim_id)
    return uploads.send_stored(claim.evidence_path, claim.evidence_mime, claim.evidence_name, fallback="evidence")


@blp.route("/claims/<int:claim_id>/evidence", methods=["POST"])
@blp.response(200, ClaimSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def attach_evidence(actor, claim_id):
    """Add or replace the evidence of a pending claim (multipart field `evidence`)."""
    return services.attach_evidence(actor, claim_id, request.files.get("evidence"))


@blp.route("/claims/<int:claim_id>/verify", methods=["POST"])
@input_body(blp, ClaimVerifyInput)
@blp.response(200, ClaimSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def verify(actor, body, claim_id):
    """Verify a pending claim (verifiers). Refused without evidence or after its validity date."""
    return services.verify_claim(actor, claim_id, body)


@blp.route("/claims/<int:claim_id>/reject", methods=["POST"])
@input_body(blp, ClaimRejectInput)
@blp.response(200, ClaimSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def reject(actor, body, claim_id):
    """Reject a pending claim or revoke a verified one, with a reason shown to the organisation (verifiers)."""
    return services.reject_claim(actor, claim_id, body)


@blp.route("/claims/<int:claim_id>/withdraw", methods=["POST"])
@blp.response(200, ClaimSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409)
@auth_required
def withdraw(actor, claim_id):
    """Withdraw a claim (its organisation)."""
    return services.withdraw_claim(actor, claim_id)
