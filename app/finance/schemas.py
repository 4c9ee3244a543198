"""API schemas of the finance domain (types and lengths; business rules stay in services)."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..inputs import Id
from ..orgs.services import KIND_LABELS, SECTORS, SIZE_LABELS
from ..validation import Choice, Codes, Date, Flag, Ids, Input, Number, Provinces, Text
from ..pagination import PageArgsSchema, SearchPageArgsSchema
from .models import LEAD_PIPELINE
from .taxonomy import (AMOUNT_BUCKETS, CURRENCIES, DOCUMENT_TYPES, PRODUCT_TYPES, PROJECT_TYPES, PURPOSES,
                       SHAREABLE_PROFILE_FIELDS)

MAX_AMOUNT = 10 ** 15
UNKNOWN_PROJECT_TYPE = _l("Unknown green-taxonomy project type: %(codes)s")


def _label_codes() -> list[str]:
    from ..extensions import db
    from ..labels.models import Label

    return list(db.session.scalars(db.select(Label.code).order_by(Label.sort_order, Label.code)))


def _current(schema, data, original, name):
    """A field's value after the change: the input's when it was given and valid, else the row's."""
    if name in original and name not in data:
        return None  # wrong itself: reported on its own
    return data.get(name, getattr(schema.current, name, None) if schema.current is not None else None)


class OfferInput(Input):
    """What an institution sends to create or edit an offer (web form and API alike)."""

    title = Text(200, min_len=3, required=True, message=_l("Enter a title of at least 3 characters."))
    title_en = Text(200)
    description = Text(5000)
    description_en = Text(5000)
    product_type = Choice(PRODUCT_TYPES, required=True, message=_l("Choose a product type."))
    purposes = Codes(PURPOSES, max_items=20, required=True, message=_l("Choose at least one eligible purpose."),
                     unknown_message=_l("Unknown purpose: %(codes)s"))
    project_types = Codes(PROJECT_TYPES, max_items=60, message=_l("Choose project types of the green taxonomy."),
                          unknown_message=UNKNOWN_PROJECT_TYPE,
                          metadata={"description": "Project types of Decision 21/2025/QĐ-TTg this offer finances "
                                                   "(codes such as T21.EN.02; GET /api/v1/finance/taxonomy)"})
    currency = Choice(CURRENCIES, upper=True, load_default="VND", message=_l("Choose VND, USD or EUR."))
    amount_min = Number(money=True, min=0, max=MAX_AMOUNT, message=_l("Enter an amount in VND."))
    amount_max = Number(money=True, min=0, max=MAX_AMOUNT, message=_l("Enter an amount in VND."))
    rate_min = Number(min=0, max=100, message=_l("Enter a rate between 0 and 100 (% per year)."))
    rate_max = Number(min=0, max=100, message=_l("Enter a rate between 0 and 100 (% per year)."))
    rate_text = Text(200)
    tenor_min_months = Number(integer=True, min=1, max=600, message=_l("Enter a number of months from 1 to 600."))
    tenor_max_months = Number(integer=True, min=1, max=600, message=_l("Enter a number of months from 1 to 600."))
    collateral = Text(2000)
    documents_required = Codes(DOCUMENT_TYPES, max_items=20, message=_l("Unknown document type."))
    documents_note = Text(2000)
    eligible_kinds = Codes(KIND_LABELS, max_items=20, message=_l("Unknown organisation type."))
    eligible_sectors = Codes(SECTORS, max_items=60, message=_l("Unknown sector."))
    eligible_sizes = Codes(SIZE_LABELS, max_items=10, message=_l("Unknown enterprise size."))
    eligible_provinces = Provinces(message=_l("Unknown province."))
    required_labels = Codes(_label_codes, max_items=30, message=_l("Unknown label."),
                            unknown_message=_l("Unknown label: %(codes)s"))
    labels_match = Choice(("any", "all"), load_default="any", message=_l("Choose any or all."))
    min_years_operating = Number(integer=True, min=0, max=100, message=_l("Enter a whole number from 0 to 100."))
    min_certified_share = Number(integer=True, min=0, max=100, message=_l("Enter a whole percentage from 0 to 100."))
    valid_from = Date()
    valid_until = Date()
    publish = Flag(load_default=False, message=_l("Use true or false."),
                   metadata={"description": "true publishes the new offer at once"})

    def __init__(self, *args, current=None, **kwargs):
        self.current = current  # the offer being edited: partial updates compare against its values
        super().__init__(*args, **kwargs)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _ranges(self, data, original, **kwargs):
        errors = {}
        for lo, hi in (("amount_min", "amount_max"), ("tenor_min_months", "tenor_max_months"),
                       ("rate_min", "rate_max"), ("valid_from", "valid_until")):
            a, b = _current(self, data, original, lo), _current(self, data, original, hi)
            if a is not None and b is not None and a > b and (lo in data or hi in data):
                errors[hi] = [_("Must not be smaller than the lower bound.")]
        if errors:
            raise ValidationError(errors)

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
    project_types = fields.List(fields.String(), metadata={"description": "Green-taxonomy project types (codes)"})
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


class MatchInput(Input):
    """A financing need to rank offers by (the matching page's filters and the API's query alike)."""

    purpose = Choice(PURPOSES, message=_l("Unknown purpose."))
    project_type = Choice(PROJECT_TYPES, message=_l("Choose a project type of the green taxonomy."))
    amount = Number(money=True, min=1, max=MAX_AMOUNT, message=_l("Enter an amount in VND."))
    tenor_months = Number(integer=True, min=1, max=600, message=_l("Enter a number of months."))
    needed_by = Date()


class OfferFilterInput(Input):
    """The offer search page's "amount I need" filter."""

    need_amount = Number(money=True, min=1, max=MAX_AMOUNT, message=_l("Enter an amount in VND."))


class OfferMatchArgs(MatchInput):
    include_ineligible = Flag(load_default=False, message=_l("Use true or false."))


class OfferMatchItemSchema(Schema):
    offer = fields.Nested(OfferSchema)
    score = fields.Integer()
    reasons = fields.List(fields.Dict())
    eligibility = fields.Nested(EligibilitySchema)


class OfferMatchBodySchema(Schema):
    items = fields.List(fields.Nested(OfferMatchItemSchema))


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


class TaxonomyTypeSchema(Schema):
    code = fields.String()
    sector = fields.String()
    sector_name = fields.String()
    name = fields.String()
    criteria_summary = fields.String(allow_none=True)
    verified = fields.Boolean()
    missing = fields.String()


class TaxonomySchema(Schema):
    version = fields.String()
    source = fields.String()
    types = fields.List(fields.Nested(TaxonomyTypeSchema))


# ------------------------------------------------------------------ financing needs

EVIDENCE_FIELDS = ("evidence_number", "evidence_date", "evidence_agency")


class NeedInput(Input):
    """What a business sends to post or edit a financing need (web form and API alike)."""

    title = Text(200, min_len=3, required=True, message=_l("Name the project in at least 3 characters."))
    description = Text(3000)
    amount = Number(money=True, min=1, max=MAX_AMOUNT, required=True, message=_l("Enter an amount in VND."))
    tenor_months = Number(integer=True, min=1, max=600, required=True,
                          message=_l("Enter a number of months from 1 to 600."))
    purpose = Choice(PURPOSES, required=True, message=_l("Choose the purpose of the financing."))
    project_type = Choice(PROJECT_TYPES, required=True, message=_l("Choose a project type of the green taxonomy."),
                          metadata={"description": "Green-taxonomy code (GET /api/v1/finance/taxonomy)"})
    evidence_kind = Choice(("eia_decision", "environmental_permit", "environmental_registration"),
                           message=_l("Choose an EIA decision, an environmental permit or an environmental registration."))
    evidence_number = Text(100)
    evidence_date = Date(metadata={"description": "Date of the EIA decision / permit / registration"})
    evidence_agency = Text(200)
    evidence_document_id = Number(integer=True, min=1, max=2 ** 62, message=_l("Choose one of your documents."),
                                  metadata={"description": "A document of yours (POST /api/v1/finance/documents)"})
    consent = Flag(message=_l("Use true or false."),
                   metadata={"description": "Share this need with banks whose offers fit it (required for banks to "
                                            "see it)"})

    def __init__(self, *args, current=None, **kwargs):
        self.current = current  # the need being edited
        super().__init__(*args, **kwargs)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _evidence(self, data, original, **kwargs):
        """An evidence kind comes with its number, date and issuing agency; a date is not in the future."""
        from .. import clock

        kind = _current(self, data, original, "evidence_kind")
        if hasattr(kind, "value"):
            kind = kind.value
        errors = {}
        if kind:
            for name in EVIDENCE_FIELDS:
                if name in original and name not in data:
                    continue
                if not _current(self, data, original, name):
                    errors[name] = [_("Give the number, date and issuing agency of the document.")]
        day = data.get("evidence_date")
        if day is not None and day > clock.today():
            errors["evidence_date"] = [_("The date cannot be in the future.")]
        if errors:
            raise ValidationError(errors)


class NeedListArgs(PageArgsSchema):
    status = fields.String(validate=validate.OneOf(["open", "closed"]))


class NeedSchema(Schema):
    id = fields.Integer()
    organisation_id = fields.Integer()
    organisation_name = fields.Function(lambda n: n.organisation.display_name)
    title = fields.String()
    description = fields.String()
    amount = fields.Integer()
    tenor_months = fields.Integer()
    purpose = fields.String()
    project_type = fields.String()
    project_type_name = fields.Function(lambda n: str(PROJECT_TYPES[n.project_type].name)
                                        if n.project_type in PROJECT_TYPES else "")
    evidence_kind = fields.Function(lambda n: n.evidence_kind.value if n.evidence_kind else None)
    evidence_number = fields.String()
    evidence_date = fields.Date(allow_none=True)
    evidence_agency = fields.String()
    evidence_document_id = fields.Integer(allow_none=True)
    consent = fields.Boolean()
    consent_given_at = fields.DateTime(allow_none=True)
    status = fields.Function(lambda n: n.status.value)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class NeedPageSchema(Schema):
    items = fields.List(fields.Nested(NeedSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()


class NeedResponseInput(Input):
    """An institution's answer to a financing need: which of its offers, and a first message."""

    offer_id = Number(integer=True, min=1, max=2 ** 62, required=True, message=_l("Choose one of your open offers."))
    body = Text(3000, min_len=1, required=True, message=_l("Write a message (at most 3,000 characters)."))


class NeedMatchSchema(Schema):
    offer = fields.Nested(OfferSchema)
    score = fields.Integer()
    fits = fields.Boolean(metadata={"description": "no criterion is known to be unmet"})
    criteria = fields.List(fields.Nested(EligibilityCriterionSchema),
                           metadata={"description": "project_type, purpose, amount, tenor, evidence, then the offer's "
                                                    "eligibility criteria"})


class NeedMatchListSchema(Schema):
    items = fields.List(fields.Nested(NeedMatchSchema))


# ------------------------------------------------------------------ leads and documents (service input)

class InterestInput(Input):
    """What a business sends with its expression of interest (form and API alike)."""

    consent = Flag(required=True, message=_l("Tick the consent box to send your interest."),
                   metadata={"description": "Explicit consent to share; must be true."})
    share_profile = Codes(SHAREABLE_PROFILE_FIELDS, max_items=20, load_default=list, message=_l("Unknown profile field."))
    claim_ids = Ids(max_items=100, load_default=list, message=_l("Only your own verified, unexpired claims can be shared."))
    document_ids = Ids(max_items=50, load_default=list, message=_l("Only your own documents can be shared."))
    need_purpose = Choice(PURPOSES, load_default=None, message=_l("Unknown purpose."))
    need_amount = Number(money=True, min=1, max=MAX_AMOUNT, message=_l("Enter an amount in VND."))
    need_timeline = Text(200, load_default="")
    message = Text(3000, load_default="")

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _consent_given(self, data, original, **kwargs):
        if data.get("consent") is not True and "consent" not in (set(original) - set(data)):
            raise ValidationError({"consent": [_("Tick the consent box to send your interest.")]})


class LeadStatusInput(Input):
    status = Choice(LEAD_PIPELINE, required=True, message=_l("Unknown status."))
    note = Text(3000)


class LeadNoteInput(Input):
    body = Text(3000, min_len=1, required=True, message=_l("Write a note."))


class DocumentInput(Input):
    title = Text(200)
    doc_type = Choice(DOCUMENT_TYPES, load_default="other", message=_l("Unknown document type."))
