from flask import request
from flask_babel import gettext as _
from flask_smorest import Blueprint

from ..api import BEARER, auth_optional, auth_required, document_errors, input_body, page_body, raw_body
from ..labels.api import CLAIM_MULTIPART_DOC, claim_input
from ..labels.schemas import ClaimSchema
from . import bulk, bulk_formats, services
from .schemas import BulkArgsSchema, BulkResultSchema, ListingInput, ListingListArgsSchema, ListingSchema

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


_BULK_DOC = {"requestBody": {"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}, "example": bulk_formats.template_csv()},
    "application/x-ndjson": {"schema": {"type": "string", "description": "One listing object per line"}},
    "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/ListingInput"}}},
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary", "description": ".csv, .jsonl/.ndjson or .json"}}}},
}}}


def read_bulk_upload() -> tuple[bytes, str]:
    """(bytes, format) of a bulk import body: a CSV / JSON lines / JSON body, or a multipart `file`.
    413 over the byte limit (read no further), 415 for any other content type."""
    from ..errors import DomainError

    limit = bulk.max_bytes()
    if request.content_length is not None and request.content_length > limit + 64 * 1024:
        raise bulk_formats.too_large_bytes(limit)
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise bulk_formats.FileProblem(_("Choose a CSV or JSON lines file."))
        fmt = bulk_formats.detect_format(upload.mimetype or "", upload.filename)
        stream = upload.stream
    else:
        fmt = bulk_formats.detect_format(request.mimetype or "")
        stream = None
    if fmt is None:
        err = DomainError(_("Send CSV (text/csv), JSON lines (application/x-ndjson) or a JSON array."),
                          {"_body": [_("Unsupported content type.")]})
        err.status, err.code = 415, "unsupported_media_type"
        raise err
    if stream is None:  # the body (possibly read already by the JSON guard; bounded by MAX_CONTENT_LENGTH)
        raw = request.get_data(cache=True)
        if len(raw) > limit:
            raise bulk_formats.too_large_bytes(limit)
        return raw, fmt
    return bulk_formats.read_limited(stream, limit), fmt


def bulk_body(result: bulk.ImportResult) -> dict:
    counts = result.summary
    return {"dry_run": result.dry_run, "created": counts["created"], "updated": counts["updated"],
            "unchanged": counts["unchanged"], "failed": counts["error"],
            "rows": [{"row": r.row, "sku": r.sku, "status": r.status, "listing_id": r.listing_id, "errors": r.errors}
                     for r in result.rows]}


@blp.route("/bulk", methods=["POST"])
@raw_body
@blp.arguments(BulkArgsSchema, location="query")
@blp.response(200, BulkResultSchema)
@blp.doc(security=BEARER, **_BULK_DOC)
@document_errors(blp, 401, 403, 413, 415, 422)
@auth_required
def bulk_import(actor, args):
    """Create or update many listings of your producer organisation at once: CSV (header row with the
    field names; `price_tiers` as `qty:price; qty:price`, or `price_vnd` for one tier), JSON lines (one
    listing object per line), a JSON array, or a multipart upload (`file`).

    Every row needs your own `sku`: an existing listing with that SKU is updated with the row's fields,
    otherwise a listing is created; re-importing the same file changes nothing (`unchanged`). Each row is
    validated with the same schema as `POST /api/v1/listings` (`ListingInput`; numbers as text are read
    in the request's language, e.g. `5.000` is five thousand in Vietnamese) and applied entirely or not
    at all; the answer lists every row with its status and, for rejected rows, each problem's field and
    message (200 even when some rows fail; `failed` counts them). 413 above `BULK_IMPORT_MAX_ROWS` rows
    (default 5,000) or `BULK_IMPORT_MAX_BYTES` (default 5 MB); 422 when the file cannot be read at all
    (not UTF-8, unknown columns, not JSON). `dry_run=true` validates without changing anything. Imported
    listings become findable in search once the indexer has processed them."""
    bulk.forbid_other_kinds(actor)
    raw, fmt = read_bulk_upload()
    rows = bulk_formats.parse(raw, fmt, max_rows=bulk.max_rows())
    return bulk_body(bulk.import_listings(actor, rows, dry_run=args["dry_run"]))


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
@blp.doc(security=BEARER, **CLAIM_MULTIPART_DOC)
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
