"""Input (owned by the services: forms and API feed them the same dict) and output schemas."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..pagination import PageArgsSchema, SearchPageArgsSchema
from ..validation import (
    Choice,
    Email,
    Flag,
    Input,
    LocalDateTime,
    Number,
    Province,
    Text,
)
from .taxonomy import EVENT_KINDS, FORMATS, SECTORS, TOPICS, TYPES

_TEXT = 50_000


class WebAddress(Text):
    """An http(s) address."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        if value and not value.lower().startswith(("https://", "http://")):
            raise self.fail(_("Enter a web address starting with https://."))
        return value


class ContentInput(Input):
    """Everything an editor writes, and what each type needs (a guide its topic and text; a model its
    province, what changed, results and contact; an event its kind, format, times, places, venue and/or
    link). The service loads the whole content — an edit is laid over the open revision first — with the
    item's type and the places already taken (an event's capacity cannot go below them)."""

    title = Text(200, min_len=3, message=_l("Enter a title of at least 3 characters."))
    title_en = Text(200)
    summary = Text(600)
    summary_en = Text(600)
    body = Text(_TEXT, metadata={"description": "Markdown"})
    body_en = Text(_TEXT, metadata={"description": "Markdown"})
    sector = Choice(SECTORS, message=_l("Choose a sector."))
    topic = Choice(TOPICS, message=_l("Choose a topic."), metadata={"description": "Guides: " + ", ".join(TOPICS)})
    province_code = Province(message=_l("Choose one of the 34 provinces."))
    organisation_id = Number(integer=True, min=1, max=2**31 - 1,
                             message=_l("Choose an approved organisation on the platform."))
    what_changed = Text(_TEXT)
    what_changed_en = Text(_TEXT)
    results = Text(_TEXT)
    results_en = Text(_TEXT)
    contact = Text(300)
    evidence = Text(10_000)
    event_kind = Choice(EVENT_KINDS, message=_l("Choose the kind of event."))
    starts_at = LocalDateTime()
    ends_at = LocalDateTime()
    event_format = Choice(FORMATS, message=_l("Choose the format."))
    place = Text(300)
    online_url = WebAddress(500, message=_l("Enter a web address starting with https://."))
    capacity = Number(integer=True, min=1, max=100_000,
                      message=_l("Enter how many people can take part (1 to 100,000)."))
    waitlist = Flag()
    materials = Text(_TEXT)
    materials_en = Text(_TEXT)

    def __init__(self, *args, item_type: str | None = None, taken: int = 0, **kwargs):
        self.item_type, self.taken = item_type, taken
        super().__init__(*args, **kwargs)

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _what_the_type_needs(self, data, original, **kwargs):
        item_type = data.get("type", self.item_type)
        if item_type not in TYPES or self.partial:
            return
        failed = {k for k in original if k not in data}  # already has its own message
        errors: dict[str, list[str]] = {}

        def need(field, message):
            if not data.get(field) and field not in failed:
                errors.setdefault(field, []).append(str(message))

        need("title", _("Enter a title of at least 3 characters."))
        if item_type == "guide":
            need("body", _("Write the guide (Markdown)."))
            need("topic", _("Choose a topic."))
        if item_type == "model":
            need("province_code", _("Choose the province where the model runs."))
            need("what_changed", _("Describe what changed."))
            need("results", _("Give the measured results."))
            need("contact", _("Give a contact for the model."))
            if data.get("organisation_id") is not None:
                from ..extensions import db
                from ..orgs.models import Organisation

                org = db.session.get(Organisation, data["organisation_id"])
                if org is None or not org.is_approved:
                    errors["organisation_id"] = [_("Choose an approved organisation on the platform.")]
        if item_type == "event":
            need("event_kind", _("Choose the kind of event."))
            need("event_format", _("Choose the format."))
            need("starts_at", _("Enter the start (Vietnam time)."))
            need("ends_at", _("Enter the end (Vietnam time)."))
            need("capacity", _("Enter how many people can take part."))
            starts, ends = data.get("starts_at"), data.get("ends_at")
            if starts and ends and ends <= starts:
                errors.setdefault("ends_at", []).append(_("The end must come after the start."))
            elif starts and ends and (ends - starts).days > 31:
                errors.setdefault("ends_at", []).append(_("An event lasts at most 31 days."))
            fmt = data.get("event_format")
            if fmt in ("in_person", "hybrid"):
                need("place", _("Enter the venue."))
                need("province_code", _("Choose the province where the event takes place."))
            if fmt in ("online", "hybrid"):
                need("online_url", _("Enter the link participants use to join."))
            if data.get("capacity") and data["capacity"] < self.taken:
                errors.setdefault("capacity", []).append(
                    _("%(n)d people are already registered: the capacity cannot be lower.", n=self.taken))
        if errors:
            raise ValidationError(errors)


class KnowledgeCreateInput(ContentInput):
    type = Choice(TYPES, required=True, message=_l("Choose what to write: a guide, a model or an event."))
    note = Text(500)


class KnowledgeEditInput(ContentInput):
    note = Text(500, metadata={"description": "What this revision changes"})


class HistoryArgs(Input):
    """The history page: two revisions to compare (`a`, `b`) and one to show (`view`)."""

    a = Number(integer=True, min=1, max=100_000)
    b = Number(integer=True, min=1, max=100_000)
    view = Number(integer=True, min=1, max=100_000)


class KnowledgeSubmitInput(Input):
    note = Text(500, load_default="")


class KnowledgeReviewInput(Input):
    decision = Choice(["publish", "return"], required=True, message=_l("Choose to publish or to return it."),
                      metadata={"description": "publish, or return to the authors with a note"})
    note = Text(1000, load_default="")

    @validates_schema
    def _a_return_says_why(self, data, **kwargs):
        if data.get("decision") == "return" and not data.get("note"):
            raise ValidationError(_("Tell the authors what to change."), "note")


class KnowledgeUnpublishInput(Input):
    reason = Text(500, min_len=1, required=True, message=_l("Give a reason."))


class AttendanceInput(Input):
    attended = Flag(required=True, message=_l("Say whether the person attended (true or false)."))


class EditorGrantInput(Input):
    email = Email(required=True, message=_l("Enter the e-mail address of a user."))


# ------------------------------------------------------------------ output

class KnowledgeItemSchema(Schema):
    id = fields.Integer()
    type = fields.Function(lambda i: i.type.value)
    status = fields.Function(lambda i: i.status.value)
    url = fields.Method("_url")
    title = fields.String()
    title_en = fields.String()
    summary = fields.String()
    summary_en = fields.String()
    body = fields.String(metadata={"description": "Markdown source"})
    body_en = fields.String()
    body_html = fields.Method("_body_html", metadata={"description": "Sanitised HTML of the body"})
    body_en_html = fields.Method("_body_en_html")
    sector = fields.String()
    topic = fields.String(allow_none=True)
    province_code = fields.String(allow_none=True)
    organisation_id = fields.Integer(allow_none=True)
    what_changed = fields.String()
    what_changed_en = fields.String()
    results = fields.String()
    results_en = fields.String()
    contact = fields.String()
    evidence = fields.String()
    event_kind = fields.String(allow_none=True)
    starts_at = LocalDateTime()
    ends_at = LocalDateTime()
    event_format = fields.Function(lambda i: i.event_format.value if i.event_format else None)
    place = fields.String()
    online_url = fields.String()
    capacity = fields.Integer(allow_none=True)
    waitlist = fields.Boolean()
    materials = fields.String()
    materials_en = fields.String()
    live_revision = fields.Integer(allow_none=True)
    published_at = fields.DateTime(allow_none=True)
    last_published_at = fields.DateTime(allow_none=True)
    seats_left = fields.Method("_seats_left")

    def _url(self, item):
        from flask import url_for

        return url_for("knowledge.detail", item_id=item.id)

    def _body_html(self, item):
        from .render import markdown

        return str(markdown(item.body))

    def _body_en_html(self, item):
        from .render import markdown

        return str(markdown(item.body_en))

    def _seats_left(self, item):
        if item.type.value != "event":
            return None
        from .services import seats_left

        return seats_left(item)


class KnowledgeItemPageSchema(Schema):
    items = fields.List(fields.Nested(KnowledgeItemSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()


class KnowledgeRevisionSchema(Schema):
    id = fields.Integer()
    item_id = fields.Integer()
    number = fields.Integer()
    status = fields.Function(lambda r: r.status.value)
    content = fields.Dict()
    note = fields.String()
    contributors = fields.List(fields.Integer())
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    submitted_at = fields.DateTime(allow_none=True)
    reviewer_id = fields.Integer(allow_none=True)
    reviewed_at = fields.DateTime(allow_none=True)
    review_note = fields.String()
    published_at = fields.DateTime(allow_none=True)


class EventRegistrationSchema(Schema):
    id = fields.Integer()
    item_id = fields.Integer()
    user_id = fields.Integer()
    name = fields.Function(lambda r: r.user.full_name or r.user.email)
    organisation_id = fields.Integer(allow_none=True)
    status = fields.Function(lambda r: r.status.value)
    waitlist_position = fields.Method("_position")
    created_at = fields.DateTime()
    promoted_at = fields.DateTime(allow_none=True)
    attended = fields.Boolean(allow_none=True)

    def _position(self, r):
        from .services import waitlist_position

        return waitlist_position(r)


class KnowledgeEditorSchema(Schema):
    user_id = fields.Integer()
    email = fields.Function(lambda e: e.user.email)
    name = fields.Function(lambda e: e.user.full_name)
    granted_at = fields.DateTime()


class KnowledgeSearchArgs(SearchPageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    type = fields.List(fields.String(validate=validate.OneOf(list(TYPES))), load_default=list)
    sector = fields.List(fields.String(validate=validate.OneOf(list(SECTORS))), load_default=list)
    province = fields.List(Province(message=_l("Choose one of the 34 provinces.")), load_default=list)
    topic = fields.List(fields.String(validate=validate.OneOf(list(TOPICS))), load_default=list)
    organisation = fields.Integer(load_default=None, allow_none=True)
    upcoming = fields.Boolean(load_default=False, metadata={"description": "Only events that have not ended"})
    sort = fields.String(load_default="relevance", validate=validate.OneOf(["relevance", "newest", "starts_soon"]))


class KnowledgeQueueArgs(PageArgsSchema):
    status = fields.String(load_default=None, allow_none=True,
                           validate=validate.OneOf(["draft", "in_review", "published", "unpublished"]))


class KnowledgeHitSchema(Schema):
    id = fields.Integer()
    type = fields.String()
    title = fields.String()
    summary = fields.String()
    sector = fields.String()
    topic = fields.String(allow_none=True)
    province = fields.String(allow_none=True)
    starts_at = fields.String(allow_none=True)
    url = fields.String()
    language_fallback = fields.Boolean(metadata={"description": "True when the requested language was missing"})
    highlights = fields.Dict()


class KnowledgeFacetValueSchema(Schema):
    value = fields.String()
    label = fields.String()
    count = fields.Integer()
    selected = fields.Boolean()


class KnowledgeSearchBodySchema(Schema):
    items = fields.List(fields.Nested(KnowledgeHitSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    pages = fields.Integer()
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(KnowledgeFacetValueSchema)))
