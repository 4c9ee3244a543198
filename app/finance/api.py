"""/api/v1/finance: offers (search, create, update, publish, close), eligibility, matching, documents
and leads."""
from __future__ import annotations

import base64
import binascii
import io

from flask import request
from flask_babel import gettext as _
from flask_smorest import Blueprint
from werkzeug.datastructures import FileStorage

from .. import uploads
from ..api import BEARER, auth_optional, auth_required, document_errors, input_body
from ..errors import ValidationFailed
from . import offer_search, services
from . import eligibility as el
from .schemas import (FinanceDocumentListSchema, FinanceDocumentSchema, EligibilitySchema, InterestInput, LeadListArgs,
                      LeadNoteInput, LeadNoteSchema, LeadPageSchema, LeadSchema, LeadStatusInput, OfferMatchArgs, OfferMatchBodySchema,
                      OfferInput, OfferListArgs, OfferPageSchema, OfferSchema, TaxonomySchema,
                      NeedInput, NeedListArgs, NeedMatchListSchema, NeedPageSchema, NeedResponseInput, NeedSchema)

blp = Blueprint("api_finance", __name__, url_prefix="/api/v1/finance", description="Green finance")


def lead_body(lead, role: str) -> dict:
    shared = services.shared_for(lead, role)
    return {
        "id": lead.id, "offer_id": lead.offer_id, "offer_title": lead.offer.title,
        "finance_org_id": lead.finance_org_id, "finance_org_name": lead.finance_org.display_name,
        "business_org_id": lead.business_org_id, "business_org_name": lead.business_org.display_name,
        "status": lead.status.value, "status_changed_at": lead.status_changed_at,
        "need_purpose": lead.need_purpose, "need_amount": lead.need_amount, "need_timeline": lead.need_timeline,
        "consent_active": lead.consent_active, "consent_given_at": lead.consent_given_at,
        "consent_withdrawn_at": lead.consent_withdrawn_at, "created_at": lead.created_at,
        "shared": {"profile": shared["profile"], "claims": shared["claims"], "message": shared["message"],
                   "documents": [{"id": d.id, "title": d.title, "doc_type": d.doc_type, "mime": d.mime,
                                  "url": f"/api/v1/finance/leads/{lead.id}/documents/{d.id}"}
                                 for d in shared["documents"]]},
        "notes": lead.notes if role == "bank" else [],
    }


def _eligibility_body(offer, org, report) -> dict:
    return {"offer_id": offer.id, "organisation_id": org.id, **report.to_dict()}


@blp.route("/offers", methods=["GET"])
@blp.arguments(OfferListArgs, location="query")
@blp.response(200, OfferPageSchema)
@document_errors(blp, 401, 403, 422, 503)
@auth_optional
def list_offers(actor, args):
    """Search open offers (facets: product_type, purpose, amount, province), or with `mine=true` list
    your institution's own offers in every status."""
    if args.get("mine"):
        page = services.my_offers(actor, status=args.get("status"), page=args["page"], per_page=args["per_page"])
    else:
        page = offer_search.search_offers(args)
    return {"items": page.items, "total": page.total, "page": page.page,
            "per_page": page.per_page, "pages": page.pages, "facets": getattr(page, "facets", {}),
            "degraded": bool(getattr(page, "degraded", ""))}


@blp.route("/offers", methods=["POST"])
@input_body(blp, OfferInput)
@blp.response(201, OfferSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def create_offer(actor, body):
    """Create an offer (financial institutions). It starts as a draft unless `publish` is true."""
    return services.create_offer(actor, body)


@blp.route("/taxonomy", methods=["GET"])
@blp.response(200, TaxonomySchema)
def taxonomy():
    """The green-taxonomy project types (Decision 21/2025/QĐ-TTg) that offers and financing needs refer to:
    code, sector, name in the request's language, whether the entry was checked against the decision's text
    and, when not, what is missing."""
    return services.taxonomy_body()


@blp.route("/offers/<int:offer_id>", methods=["GET"])
@blp.response(200, OfferSchema)
@document_errors(blp, 404)
@auth_optional
def get_offer(actor, offer_id):
    """One offer (drafts only to their institution)."""
    return services.get_offer_for(actor, offer_id)


@blp.route("/offers/<int:offer_id>", methods=["PATCH"])
@input_body(blp, OfferInput(partial=True))
@blp.response(200, OfferSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def update_offer(actor, body, offer_id):
    """Edit an offer of your institution (not once closed)."""
    return services.update_offer(actor, offer_id, body)


@blp.route("/offers/<int:offer_id>/publish", methods=["POST"])
@blp.response(200, OfferSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 422)
@auth_required
def publish_offer(actor, offer_id):
    """Publish (the institution must be approved by the programme)."""
    return services.publish_offer(actor, offer_id)


@blp.route("/offers/<int:offer_id>/close", methods=["POST"])
@blp.response(200, OfferSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404)
@auth_required
def close_offer(actor, offer_id):
    """Close an offer: it leaves search; existing leads stay."""
    return services.close_offer(actor, offer_id)


@blp.route("/offers/<int:offer_id>/eligibility", methods=["GET"])
@blp.response(200, EligibilitySchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404)
@auth_required
def eligibility(actor, offer_id):
    """Eligibility of the caller's organisation: each criterion met, unmet or unknown, with a fix hint."""
    offer, report = services.eligibility_for(actor, offer_id)
    return _eligibility_body(offer, actor.org, report)


@blp.route("/match", methods=["GET"])
@blp.arguments(OfferMatchArgs, location="query")
@blp.response(200, OfferMatchBodySchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def match(actor, args):
    """Open offers ranked by fit to your organisation and financing need (purpose, amount, tenor, date)."""
    need = el.Need(args.get("purpose"), args.get("amount"), args.get("tenor_months"), args.get("needed_by"),
                   args.get("project_type"))
    fits = services.match_offers(actor, need, include_ineligible=args["include_ineligible"])
    return {"items": [{"offer": f.offer, "score": f.score,
                       "reasons": [{"ok": ok, "text": text} for ok, text in f.reasons],
                       "eligibility": _eligibility_body(f.offer, actor.org, f.report)} for f in fits]}


@blp.route("/offers/<int:offer_id>/leads", methods=["POST"])
@input_body(blp, InterestInput)
@blp.response(201, LeadSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def express_interest(actor, body, offer_id):
    """Send an expression of interest: choose what to share and give explicit consent (`consent: true`)."""
    lead = services.express_interest(actor, offer_id, body)
    return lead_body(lead, "business")


@blp.route("/leads", methods=["GET"])
@blp.arguments(LeadListArgs, location="query")
@blp.response(200, LeadPageSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def list_leads(actor, args):
    """Institutions: the lead inbox of their offers. Businesses: the interests they sent."""
    page = services.list_leads(actor, status=args.get("status"), page=args["page"], per_page=args["per_page"])
    role = "bank" if actor.org.kind.value == "finance" else "business"
    return {"items": [lead_body(lead, role) for lead in page.items], "total": page.total, "page": page.page,
            "per_page": page.per_page, "pages": page.pages}


@blp.route("/leads/<int:lead_id>", methods=["GET"])
@blp.response(200, LeadSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def get_lead(actor, lead_id):
    lead, role = services.get_lead_for(actor, lead_id)
    return lead_body(lead, role)


@blp.route("/leads/<int:lead_id>/status", methods=["POST"])
@input_body(blp, LeadStatusInput)
@blp.response(200, LeadSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def set_status(actor, body, lead_id):
    """Move a lead through the pipeline: new → contacted → in_review → approved | declined."""
    lead = services.set_lead_status(actor, lead_id, body.get("status"), body.get("note", ""))
    return lead_body(lead, "bank")


@blp.route("/leads/<int:lead_id>/notes", methods=["POST"])
@input_body(blp, LeadNoteInput)
@blp.response(201, LeadNoteSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 422)
@auth_required
def add_note(actor, body, lead_id):
    """A private note of the institution on a lead."""
    return services.add_note(actor, lead_id, body.get("body"))


@blp.route("/leads/<int:lead_id>/withdraw", methods=["POST"])
@blp.response(200, LeadSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def withdraw(actor, lead_id):
    """Withdraw consent (the business): the institution loses access to the shared data and documents."""
    lead = services.withdraw_consent(actor, lead_id)
    return lead_body(lead, "business")


@blp.route("/leads/<int:lead_id>/documents/<int:doc_id>", methods=["GET"])
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def lead_document(actor, lead_id, doc_id):
    """Download a document shared in a lead (the institution only while consent is active)."""
    doc = services.lead_document_file(actor, lead_id, doc_id)
    return uploads.send_stored(doc.path, doc.mime, doc.original_name, fallback=f"document-{doc.id}")


@blp.route("/documents", methods=["GET"])
@blp.response(200, FinanceDocumentListSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401)
@auth_required
def list_documents(actor):
    """Your organisation's financing documents (private)."""
    return {"items": services.list_documents(actor)}


@blp.route("/documents", methods=["POST"])
@blp.response(201, FinanceDocumentSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 413, 422)
@auth_required
def upload_document(actor):
    """Upload a PDF, JPEG or PNG: multipart (`file`, `title`, `doc_type`) or JSON
    (`{"filename", "content_base64", "title", "doc_type"}`)."""
    if request.mimetype == "multipart/form-data":
        storage, title, doc_type = request.files.get("file"), request.form.get("title", ""), \
            request.form.get("doc_type", "other")
    else:
        body = request.get_json(silent=True) or {}
        try:
            data = base64.b64decode(str(body.get("content_base64") or ""), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationFailed(_("The file content is not valid base64."),
                                   {"content_base64": [_("Not valid base64.")]}) from exc
        storage = FileStorage(io.BytesIO(data), filename=str(body.get("filename") or "document")[:200])
        title, doc_type = str(body.get("title") or ""), str(body.get("doc_type") or "other")
    return services.upload_document(actor, storage, title, doc_type)


@blp.route("/documents/<int:doc_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def delete_document(actor, doc_id):
    services.delete_document(actor, doc_id)
    return None


# ------------------------------------------------------------------ financing needs

def _fit_body(f) -> dict:
    return {"offer": f.offer, "score": f.score, "fits": f.fits,
            "criteria": [c.to_dict() for c in f.criteria]}


@blp.route("/needs", methods=["GET"])
@blp.arguments(NeedListArgs, location="query")
@blp.response(200, NeedPageSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def list_needs(actor, args):
    """Businesses: their own financing needs. Financial institutions: the needs shared with consent that fit
    one of their open offers (reverse matching)."""
    if actor.org is not None and actor.org.kind.value == "finance":
        page = services.needs_for_bank(actor, page=args["page"], per_page=args["per_page"])
        items = [m.need for m in page.items]
    else:
        page = services.list_needs(actor, status=args.get("status"), page=args["page"], per_page=args["per_page"])
        items = page.items
    return {"items": items, "total": page.total, "page": page.page, "per_page": page.per_page, "pages": page.pages}


@blp.route("/needs", methods=["POST"])
@input_body(blp, NeedInput)
@blp.response(201, NeedSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def create_need(actor, body):
    """Post a financing need (businesses). `consent: true` lets banks whose offers fit see it."""
    return services.create_need(actor, body)


@blp.route("/needs/<int:need_id>", methods=["GET"])
@blp.response(200, NeedSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def get_need(actor, need_id):
    """One need: its business's members, or a financial institution while the business consents (else 404)."""
    need, _role = services.get_need_for(actor, need_id)
    return need


@blp.route("/needs/<int:need_id>", methods=["PATCH"])
@input_body(blp, NeedInput(partial=True))
@blp.response(200, NeedSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def update_need(actor, body, need_id):
    """Edit a need of your organisation (not once closed)."""
    return services.update_need(actor, need_id, body)


@blp.route("/needs/<int:need_id>/close", methods=["POST"])
@blp.response(200, NeedSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def close_need(actor, need_id):
    """Close a need: banks no longer see it."""
    return services.close_need(actor, need_id)


@blp.route("/needs/<int:need_id>/matches", methods=["GET"])
@blp.response(200, NeedMatchListSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def need_matches(actor, need_id):
    """Open offers ranked for your need; each criterion met / unmet / unknown with a reason."""
    _need, fits = services.matches_for_need(actor, need_id)
    return {"items": [_fit_body(f) for f in fits]}


@blp.route("/needs/<int:need_id>/responses", methods=["POST"])
@input_body(blp, NeedResponseInput)
@blp.response(201, LeadSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 422)
@auth_required
def respond_to_need(actor, body, need_id):
    """A financial institution answers a shared need with one of its open offers: a lead opens with the
    message as the first line of its conversation."""
    lead = services.respond_to_need(actor, need_id, body)
    return lead_body(lead, "bank")
