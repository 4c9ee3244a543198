"""API schemas of the finance domain (types and lengths; business rules stay in services)."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from ..inputs import Id
from ..validation import Input, Text
from ..pagination import PageArgsSchema, SearchPageArgsSchema
from .models import LEAD_PIPELINE
from .taxonomy import AMOUNT_BUCKETS, CURRENCIES, DOCUMENT_TYPES, PRODUCT_TYPES, PURPOSES, SHAREABLE_PROFILE_FIELDS

_codes = fields.List(fields.String(validate=validate.Length(max=40)), validate=validate.Length(max=60))


class OfferSchema(Schema):
    id = fields.Integer(dump_only=True)
    organisation_id = fields.Integer(dump_only=True)
    organisation_name = fields.Function(lambda o: o.organisation.display_name, dump_only=True)
    status = fields.Function(lambda o: o.status.value, dump_only=True)
    title = fields.String(validate=validate.Length(min=3, max=200))
    title_en = fields.String(validate=validate.Length(max=200))
    description = fields.String(validate=validate.Length(max=5000))
    description_en = fields.String(validate=validate.Length(max=5000))
    product_type = fields.String(validate=validate.OneOf(list(PRODUCT_TYPES)))
    purposes = fields.List(fields.String(validate=validate.OneOf(list(PURPOSES))), validate=validate.Length(max=20))
    currency = fields.String(validate=validate.OneOf(list(CURRENCIES)))
    amount_min = fields.Integer(allow_none=True, validate=validate.Range(min=0))
    amount_max = fields.Integer(allow_none=True, validate=validate.Range(min=0))
    rate_min = fields.Float(allow_none=True, validate=validate.Range(min=0, max=100))
    rate_max = fields.Float(allow_none=True, validate=validate.Range(min=0, max=100))
    rate_text = fields.String(validate=validate.Length(max=200))
    tenor_min_months = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=600))
    tenor_max_months = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=600))
    collateral = fields.String(validate=validate.Length(max=2000))
    documents_required = fields.List(fields.String(validate=validate.OneOf(list(DOCUMENT_TYPES))),
                                     validate=validate.Length(max=20))
    documents_note = fields.String(validate=validate.Length(max=2000))
    eligible_kinds = _codes
    eligible_sectors = _codes
    eligible_sizes = _codes
    eligible_provinces = _codes
    required_labels = _codes
    labels_match = fields.String(validate=validate.OneOf(["any", "all"]))
    min_years_operating = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=100))
    min_certified_share = fields.Integer(allow_none=True, validate=validate.Range(min=0, max=100))
    valid_from = fields.Date(allow_none=True)
    valid_until = fields.Date(allow_none=True)
    published_at = fields.DateTime(dump_only=True)
    closed_at = fields.DateTime(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class OfferCreateSchema(OfferSchema):
    title = fields.String(required=True, validate=validate.Length(min=3, max=200))
    product_type = fields.String(required=True, validate=validate.OneOf(list(PRODUCT_TYPES)))
    purposes = fields.List(fields.String(validate=validate.OneOf(list(PURPOSES))), required=True,
                           validate=validate.Length(min=1, max=20))
    publish = fields.Boolean(load_only=True, load_default=False)


class OfferListArgs(SearchPageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    product_type = fields.List(fields.String(validate=validate.OneOf(list(PRODUCT_TYPES))))
    purpose = fields.List(fields.String(validate=validate.OneOf(list(PURPOSES))))
    province = fields.List(fields.String(validate=validate.Length(max=8)))
    amount = fields.String(validate=validate.OneOf(list(AMOUNT_BUCKETS)))
    need_amount = fields.Integer(validate=validate.Range(min=1, max=10 ** 15))
    sort = fields.String(load_default="relevance", validate=validate.OneOf(["relevance", "newest", "price_asc",
                                                                            "price_desc"]))
    mine = fields.Boolean(load_default=False, metadata={"description": "Your institution's own offers, every status."})
    status = fields.String(validate=validate.OneOf(["draft", "published", "closed"]))


class OfferFacetValueSchema(Schema):
    value = fields.String()
    count = fields.Integer()
    label = fields.String()
    selected = fields.Boolean()


class OfferPageSchema(Schema):
    items = fields.List(fields.Nested(OfferSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(OfferFacetValueSchema)))
    degraded = fields.Boolean(metadata={"description": "true while the search index is incomplete (being "
                                                       "rebuilt): some offers may be missing"})


class EligibilityCriterionSchema(Schema):
    code = fields.String()
    status = fields.String(metadata={"description": "met | unmet | unknown"})
    requirement = fields.String()
    detail = fields.String()
    fix = fields.String()
    fix_target = fields.String()


class EligibilitySchema(Schema):
    offer_id = fields.Integer()
    organisation_id = fields.Integer()
    status = fields.String(metadata={"description": "eligible | incomplete | not_eligible"})
    met = fields.Integer()
    unmet = fields.Integer()
    unknown = fields.Integer()
    criteria = fields.List(fields.Nested(EligibilityCriterionSchema))


class OfferMatchArgs(Schema):
    purpose = fields.String(validate=validate.OneOf(list(PURPOSES)))
    amount = fields.Integer(validate=validate.Range(min=1, max=10 ** 15))
    tenor_months = fields.Integer(validate=validate.Range(min=1, max=600))
    needed_by = fields.Date()
    include_ineligible = fields.Boolean(load_default=False)


class OfferMatchItemSchema(Schema):
    offer = fields.Nested(OfferSchema)
    score = fields.Integer()
    reasons = fields.List(fields.Dict())
    eligibility = fields.Nested(EligibilitySchema)


class OfferMatchBodySchema(Schema):
    items = fields.List(fields.Nested(OfferMatchItemSchema))


class InterestSchema(Schema):
    consent = fields.Boolean(required=True, metadata={"description": "Explicit consent to share; must be true."})
    share_profile = fields.List(fields.String(validate=validate.OneOf(list(SHAREABLE_PROFILE_FIELDS))),
                                load_default=list, validate=validate.Length(max=20))
    claim_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=100))
    document_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=50))
    need_purpose = fields.String(load_default="", validate=validate.OneOf([""] + list(PURPOSES)))
    need_amount = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=10 ** 15))
    need_timeline = fields.String(load_default="", validate=validate.Length(max=200))
    message = fields.String(load_default="", validate=validate.Length(max=3000))


class FinanceDocumentSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    doc_type = fields.String()
    mime = fields.String()
    size = fields.Integer()
    original_name = fields.String()
    created_at = fields.DateTime()


class FinanceDocumentListSchema(Schema):
    items = fields.List(fields.Nested(FinanceDocumentSchema))


class LeadNoteSchema(Schema):
    id = fields.Integer(dump_only=True)
    body = fields.String(required=True, validate=validate.Length(min=1, max=3000))
    created_at = fields.DateTime(dump_only=True)


class LeadStatusSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(LEAD_PIPELINE))
    note = fields.String(load_default="", validate=validate.Length(max=3000))


class LeadListArgs(PageArgsSchema):
    status = fields.String(validate=validate.OneOf(LEAD_PIPELINE + ["withdrawn"]))


class LeadSchema(Schema):
    """A lead as its viewer may see it (the shared data disappears for the bank once consent is withdrawn)."""

    id = fields.Integer()
    offer_id = fields.Integer()
    offer_title = fields.String()
    finance_org_id = fields.Integer()
    finance_org_name = fields.String()
    business_org_id = fields.Integer()
    business_org_name = fields.String()
    status = fields.String()
    status_changed_at = fields.DateTime(allow_none=True)
    need_purpose = fields.String()
    need_amount = fields.Integer(allow_none=True)
    need_timeline = fields.String()
    consent_active = fields.Boolean()
    consent_given_at = fields.DateTime()
    consent_withdrawn_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    shared = fields.Dict(metadata={"description": "profile, claims, documents, message"})
    notes = fields.List(fields.Nested(LeadNoteSchema), metadata={"description": "The institution's private notes"})


class LeadPageSchema(Schema):
    items = fields.List(fields.Nested(LeadSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()



class LeadMessageInput(Input):
    body = Text(3000, min_len=1, required=True, message=_l("Write a message (at most 3,000 characters)."))
