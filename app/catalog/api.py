from flask_smorest import Blueprint

from ..api import BEARER, auth_optional, auth_required, document_errors, input_body, page_body
from ..labels.api import _MULTIPART_DOC, claim_input
from ..labels.schemas import ClaimSchema
from . import services
from .schemas import ListingInput, ListingListArgsSchema, ListingSchema

blp = Blueprint("api_listings", __name__, url_prefix="/api/v1/listings", description="Product listings")


@blp.route("", methods=["GET"])
@blp.arguments(ListingListArgsSchema, location="query")
@document_errors(blp, 422)
@auth_optional
def list_listings(actor, args):
    """Published listings of approved producers; with `org` = your own organisation, your listings in every status.
    Sorting: `newest` (default), `price_asc` (or `price`), `price_desc`."""
    sort = "price_asc" if args["sort"] == "price" else args["sort"]
    page = services.list_listings(actor, org_id=args.get("org"), category=args.get("category"), status=args.get("status"),
                                  sort=sort, q=args["q"], page=args["page"], per_page=args["per_page"])
    return page_body(page, ListingSchema())


@blp.route("", methods=["POST"])
@input_body(blp, ListingInput)
@blp.response(201, ListingSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def create_listing(actor, body):
    """Create a listing for the caller's producer organisation (a draft, or `status: published`)."""
    return services.create_listing(actor, body)


@blp.route("/<int:listing_id>", methods=["GET"])
@blp.response(200, ListingSchema)
@document_errors(blp, 404)
@auth_optional
def get_listing(actor, listing_id):
    """A listing: public when published by an approved organisation; otherwise only to its organisation."""
    return services.get_listing_for_view(actor, listing_id)


@blp.route("/<int:listing_id>", methods=["PATCH"])
@input_body(blp, ListingInput(partial=True))
@blp.response(200, ListingSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def update_listing(actor, body, listing_id):
    """Edit a listing (its organisation only). `price_tiers` replaces all tiers; `status` publishes, unpublishes or archives."""
    return services.update_listing(actor, listing_id, body)


@blp.route("/<int:listing_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def delete_listing(actor, listing_id):
    """Archive a listing (its organisation only): it leaves the catalogue and search; history is kept."""
    services.archive_listing(actor, listing_id)
    return None


@blp.route("/<int:listing_id>/claims", methods=["POST"])
@blp.response(201, ClaimSchema)
@blp.doc(security=BEARER, **_MULTIPART_DOC)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def add_claim(actor, listing_id):
    """File a claim (certification) on a listing, with its evidence file (multipart field `evidence`)."""
    data, evidence = claim_input()
    return services.add_listing_claim(actor, listing_id, data, evidence)


@blp.route("/<int:listing_id>/photos", methods=["POST"])
@blp.response(201, ListingSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 422)
@auth_required
def add_photo(actor, listing_id):
    """Upload a photo (multipart field `photo`: JPEG, PNG or WebP, ≤ 8 MB; re-encoded and resized)."""
    from flask import request

    services.add_photo(actor, listing_id, request.files.get("photo"), request.form.get("alt", ""))
    return services.get_listing(listing_id)
