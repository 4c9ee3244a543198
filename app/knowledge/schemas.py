"""Input (owned by the services: forms and API feed them the same dict) and output schemas."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

from ..pagination import PageArgsSchema, SearchPageArgsSchema
from .taxonomy import EVENT_KINDS, FORMATS, SECTORS, TOPICS, TYPES

_TEXT = 50_000


class _Blank(fields.String):
    """A string where null means empty."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_none", True)
        super().__init__(*args, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if value is None:
            return ""
        return super()._deserialize(value, attr, data, **kwargs).strip()


class _OptionalCode(fields.String):
    """A code where "" and null mean none."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value in (None, ""):
            return None
        return super()._deserialize(value, attr, data, **kwargs).strip() or None


class _NoneOr(validate.Validator):
    """Another validator, skipped for None (an optional field left empty)."""

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, value):
        return value if value is None else self.inner(value)


class _LocalDateTime(fields.Field):
    """ISO 8601 date and time; without an offset it is Vietnam time. Loaded as naive UTC."""

    def _deserialize(self, value, attr, data, **kwargs):
        import datetime as dt

        from .timez import to_utc

        if value in (None, ""):
            return None
        try:
            return to_utc(value if isinstance(value, (str, dt.datetime)) else str(value))
        except (ValueError, TypeError, OverflowError):
            raise ValidationError("Enter a date and time, e.g. 2026-03-10T08:30.") from None

    def _serialize(self, value, attr, obj, **kwargs):
        import datetime as dt

        return value.replace(tzinfo=dt.UTC).isoformat() if value else None


class _OptionalInt(fields.Integer):
    def _deserialize(self, value, attr, data, **kwargs):
        if value in (None, ""):
            return None
        return super()._deserialize(value, attr, data, **kwargs)


class ContentInput(Schema):
    """Everything an editor writes. Which fields a type needs is checked by the service (see
    services/content.py `check_content`)."""

    class Meta:
        unknown = EXCLUDE

    title = _Blank(validate=validate.Length(max=200))
    title_en = _Blank(validate=validate.Length(max=200))
    summary = _Blank(validate=validate.Length(max=600))
    summary_en = _Blank(validate=validate.Length(max=600))
    body = _Blank(validate=validate.Length(max=_TEXT), metadata={"description": "Markdown"})
    body_en = _Blank(validate=validate.Length(max=_TEXT), metadata={"description": "Markdown"})
    sector = fields.String(validate=validate.OneOf(list(SECTORS)))
    topic = _OptionalCode(allow_none=True, validate=_NoneOr(validate.OneOf(list(TOPICS))),
                          metadata={"description": "Guides: " + ", ".join(TOPICS)})
    province_code = _OptionalCode(allow_none=True, validate=_NoneOr(validate.Length(max=8)))
    organisation_id = _OptionalInt(allow_none=True)
    what_changed = _Blank(validate=validate.Length(max=_TEXT))
    what_changed_en = _Blank(validate=validate.Length(max=_TEXT))
    results = _Blank(validate=validate.Length(max=_TEXT))
    results_en = _Blank(validate=validate.Length(max=_TEXT))
    contact = _Blank(validate=validate.Length(max=300))
    evidence = _Blank(validate=validate.Length(max=10_000))
    event_kind = _OptionalCode(allow_none=True, validate=_NoneOr(validate.OneOf(list(EVENT_KINDS))))
    starts_at = _LocalDateTime(allow_none=True, metadata={
        "description": "ISO 8601; without an offset it means Vietnam time (Asia/Ho_Chi_Minh). Returned in UTC."})
    ends_at = _LocalDateTime(allow_none=True)
    event_format = _OptionalCode(allow_none=True, validate=_NoneOr(validate.OneOf(list(FORMATS))))
    place = _Blank(validate=validate.Length(max=300))
    online_url = _Blank(validate=validate.Length(max=500))
    capacity = _OptionalInt(allow_none=True, validate=_NoneOr(validate.Range(min=1, max=100_000)))
    waitlist = fields.Boolean()
    materials = _Blank(validate=validate.Length(max=_TEXT))
    materials_en = _Blank(validate=validate.Length(max=_TEXT))

    @pre_load
    def _checkbox(self, data, **kwargs):
        if hasattr(data, "to_dict"):
            data = data.to_dict()
        return data


class KnowledgeCreateInput(ContentInput):
    type = fields.String(required=True, validate=validate.OneOf(list(TYPES)))
    note = _Blank(validate=validate.Length(max=500))


class KnowledgeEditInput(ContentInput):
    note = _Blank(validate=validate.Length(max=500), metadata={"description": "What this revision changes"})


class KnowledgeSubmitInput(Schema):
    note = _Blank(load_default="", validate=validate.Length(max=500))


class KnowledgeReviewInput(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(["publish", "return"]),
                             metadata={"description": "publish, or return to the authors with a note"})
    note = _Blank(load_default="", validate=validate.Length(max=1000))


class KnowledgeUnpublishInput(Schema):
    reason = _Blank(required=True, validate=validate.Length(min=1, max=500))


class AttendanceInput(Schema):
    attended = fields.Boolean(required=True)


class EditorGrantInput(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))


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
    starts_at = _LocalDateTime()
    ends_at = _LocalDateTime()
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
    province = fields.List(fields.String(validate=validate.Length(max=8)), load_default=list)
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
