"""/api/v1/procurement: procurement lists and tender lists (the pages' API twins)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..api import BEARER, auth_required, document_errors, input_body
from ..pagination import PageArgsSchema
from ..catalog.taxonomy import top_categories
from ..validation import Choice
from . import services

blp = Blueprint("api_procurement", __name__, url_prefix="/api/v1/procurement", description="Green public procurement")


class CriterionSchema(Schema):
    label = fields.Function(lambda c: c["label"].code)
    label_name = fields.Function(lambda c: c["label"].name_vi)
    label_name_en = fields.Function(lambda c: c["label"].name_en)
    certificate_number = fields.Function(lambda c: c["claim"].certificate_number)
    valid_until = fields.Function(lambda c: c["claim"].valid_until.isoformat())
    certifies = fields.Function(lambda c: c["label"].certifies_vi)
    certifies_en = fields.Function(lambda c: c["label"].certifies_en)
    legal_basis = fields.Function(lambda c: c["label"].legal_basis)
    criteria_sets = fields.Function(lambda c: [{"code": s.code, "source": s.source, "verified": s.verified} for s in c["sets"]])


class ProcurementProductSchema(Schema):
    listing_id = fields.Function(lambda r: r["listing"].id)
    title = fields.Function(lambda r: r["listing"].title)
    title_en = fields.Function(lambda r: r["listing"].title_en)
    producer = fields.Function(lambda r: r["listing"].organisation.display_name)
    producer_id = fields.Function(lambda r: r["listing"].organisation_id)
    origin_province = fields.Function(lambda r: r["listing"].origin_province)
    criteria = fields.List(fields.Nested(CriterionSchema))


class ProductPageSchema(Schema):
    items = fields.List(fields.Nested(ProcurementProductSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()


class ProductArgsSchema(PageArgsSchema):
    group = Choice(top_categories(), load_default=None,
                   message=_l("Unknown product group. Accepted: %(groups)s.", groups=", ".join(top_categories())),
                   metadata={"description": "A top-level product group (catalog category), e.g. packaging; "
                                            "every group when absent"})


class TenderListSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    product_group = fields.String()
    updated_at = fields.DateTime()
    items = fields.Function(lambda tl: [{"listing_id": r["listing"].id, "title": r["listing"].title,
                                         "certified_today": bool(r["criteria"])} for r in services.tender_rows(tl)])


@blp.route("/products")
@blp.arguments(ProductArgsSchema, location="query")
@blp.response(200, ProductPageSchema)
@document_errors(blp, 404, 422)
def products(args):
    """The procurement list of a product group: products with a valid certificate buyers can name."""
    page = services.procurement_products(args["group"], args["page"], args["per_page"])
    rows = [{"listing": listing, "criteria": services.criteria_of(listing, args["group"])} for listing in page.items]
    return {"items": rows, "total": page.total, "page": page.page, "per_page": page.per_page, "pages": page.pages}


@blp.route("/lists")
@blp.response(200, TenderListSchema(many=True))
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403)
@auth_required
def my_lists(actor):
    """The tender lists of the caller's buyer organisation."""
    return services.lists_of(actor)


@blp.route("/lists", methods=["POST"])
@input_body(blp, services.TenderListInput, example={"title": "Văn phòng phẩm 2027", "product_group": "packaging"})
@blp.response(201, TenderListSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 422)
@auth_required
def create_list(actor, body):
    return services.create_list(actor, body)


@blp.route("/lists/<int:list_id>")
@blp.response(200, TenderListSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def get_list(actor, list_id):
    return services.get_list(actor, list_id)


@blp.route("/lists/<int:list_id>/items", methods=["POST"])
@input_body(blp, services.TenderItemsInput, example={"listing_ids": [12, 15]})
@blp.response(200, TenderListSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404, 409, 422)
@auth_required
def add_items(actor, body, list_id):
    """Add products of the list's procurement list (already present ones are kept once)."""
    return services.add_items(actor, list_id, body)


@blp.route("/lists/<int:list_id>/items/<int:listing_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def remove_item(actor, list_id, listing_id):
    services.remove_item(actor, list_id, listing_id)
