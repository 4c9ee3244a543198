from flask_smorest import Blueprint

from ..api import BEARER, auth_optional, auth_required, document_errors, input_body, page_body
from . import services
from .schemas import (InvitationInput, OrganisationCreateInput, OrganisationInput, OrganisationSchema, OrgListArgsSchema,
                      OrgStatusInput)

blp = Blueprint("api_orgs", __name__, url_prefix="/api/v1/organisations", description="Organisations")


@blp.route("", methods=["GET"])
@blp.arguments(OrgListArgsSchema, location="query")
@document_errors(blp, 422)
@auth_optional
def list_orgs(actor, args):
    """Approved organisations (public directory)."""
    page = services.list_organisations(status="approved", kind=args.get("kind"), q=args["q"],
                                       page=args["page"], per_page=args["per_page"])
    return page_body(page, OrganisationSchema())


@blp.route("", methods=["POST"])
@input_body(blp, OrganisationCreateInput)
@blp.response(201, OrganisationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 409, 422)
@auth_required
def create_org(actor, body):
    """Create an organisation; the caller becomes its owner. It starts pending approval."""
    return services.create_organisation(actor, body.pop("kind", None), body)


@blp.route("/<int:org_id>", methods=["GET"])
@blp.response(200, OrganisationSchema)
@document_errors(blp, 404)
@auth_optional
def get_org(actor, org_id):
    """An organisation's public profile (pending ones only to their members and staff)."""
    return services.get_public_organisation(actor, org_id)


@blp.route("/<int:org_id>", methods=["PATCH"])
@input_body(blp, OrganisationInput(partial=True))
@blp.response(200, OrganisationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 422)
@auth_required
def update_org(actor, body, org_id):
    """Update the profile (organisation owner only)."""
    return services.update_organisation(actor, org_id, body)


@blp.route("/<int:org_id>/status", methods=["POST"])
@input_body(blp, OrgStatusInput)
@blp.response(200, OrganisationSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 422)
@auth_required
def set_status(actor, body, org_id):
    """Approve, suspend or return an organisation to review (admins only)."""
    return services.set_status(actor, org_id, body)


@blp.route("/<int:org_id>/invitations", methods=["POST"])
@input_body(blp, InvitationInput)
@blp.response(202)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 422)
@auth_required
def invite(actor, body, org_id):
    """Invite a colleague by e-mail (owner only); they join as a member from the e-mailed link."""
    services.invite_member(actor, org_id, body)
    return None
