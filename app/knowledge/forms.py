"""Forms render the pages and carry the CSRF token; the rules are the services' (schemas.ContentInput,
loaded by services.content), so pages and API validate the same way."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField

from .. import vn
from .taxonomy import EVENT_KINDS, FORMATS, SECTORS, TOPICS

MD_HINT = _l("Markdown: **bold**, *italic*, ## headings, - lists, [links](https://…), tables.")


class ContentForm(FlaskForm):
    title = StringField(_l("Title (Vietnamese)"), render_kw={"required": True, "maxlength": 200})
    title_en = StringField(_l("Title (English)"), render_kw={"maxlength": 200})
    summary = TextAreaField(_l("Summary (Vietnamese)"), render_kw={"maxlength": 600, "rows": 2})
    summary_en = TextAreaField(_l("Summary (English)"), render_kw={"maxlength": 600, "rows": 2})
    body = TextAreaField(_l("Text (Vietnamese, Markdown)"), description=MD_HINT, render_kw={"rows": 14})
    body_en = TextAreaField(_l("Text (English, Markdown)"), description=MD_HINT, render_kw={"rows": 14})
    sector = SelectField(_l("Sector"), validate_choice=False)
    topic = SelectField(_l("Topic"), validate_choice=False)
    province_code = SelectField(_l("Province / city"), validate_choice=False)
    organisation_id = SelectField(_l("Organisation on the platform"), validate_choice=False)
    what_changed = TextAreaField(_l("What changed (Vietnamese, Markdown)"), render_kw={"rows": 6})
    what_changed_en = TextAreaField(_l("What changed (English, Markdown)"), render_kw={"rows": 6})
    results = TextAreaField(_l("Measured results (Vietnamese, Markdown)"), render_kw={"rows": 6},
                            description=_l("Figures before and after, with the period and how they were measured."))
    results_en = TextAreaField(_l("Measured results (English, Markdown)"), render_kw={"rows": 6})
    contact = StringField(_l("Contact"), render_kw={"maxlength": 300},
                          description=_l("Who to ask about the model: name, role, e-mail or phone."))
    evidence = TextAreaField(_l("Evidence (Markdown)"), render_kw={"rows": 4},
                             description=_l("Reports, audits, certificates or articles that back the results (with links)."))
    event_kind = SelectField(_l("Kind of event"), validate_choice=False)
    event_format = SelectField(_l("Format"), validate_choice=False)
    starts_at = StringField(_l("Starts (Vietnam time)"), render_kw={"type": "datetime-local"})
    ends_at = StringField(_l("Ends (Vietnam time)"), render_kw={"type": "datetime-local"})
    place = StringField(_l("Venue"), render_kw={"maxlength": 300})
    online_url = StringField(_l("Link to join online"), render_kw={"maxlength": 500, "inputmode": "url"})
    capacity = StringField(_l("Places"), render_kw={"inputmode": "numeric"})
    waitlist = BooleanField(_l("Keep a waiting list when the event is full"), default=True)
    materials = TextAreaField(_l("Materials after the event (Vietnamese, Markdown)"), render_kw={"rows": 4},
                              description=_l("Slides, recordings, documents: shown on the event page once it has started."))
    materials_en = TextAreaField(_l("Materials after the event (English, Markdown)"), render_kw={"rows": 4})
    note = StringField(_l("What this revision changes"), render_kw={"maxlength": 500})

    def set_choices(self, organisations) -> None:
        none = [("", "—")]
        self.sector.choices = [(k, str(v)) for k, v in SECTORS.items()]
        self.topic.choices = none + [(k, str(v)) for k, v in TOPICS.items()]
        self.province_code.choices = none + vn.province_choices()
        self.organisation_id.choices = none + [(str(o.id), o.display_name) for o in organisations]
        self.event_kind.choices = none + [(k, str(v)) for k, v in EVENT_KINDS.items()]
        self.event_format.choices = none + [(k, str(v)) for k, v in FORMATS.items()]

    FIELDS = ("title", "title_en", "summary", "summary_en", "body", "body_en", "sector", "topic", "province_code",
              "organisation_id", "what_changed", "what_changed_en", "results", "results_en", "contact", "evidence",
              "event_kind", "event_format", "starts_at", "ends_at", "place", "online_url", "capacity", "waitlist",
              "materials", "materials_en", "note")

    def data_for_service(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Note"), render_kw={"maxlength": 1000, "rows": 3})


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason"), render_kw={"maxlength": 500, "required": True})


class EditorForm(FlaskForm):
    email = StringField(_l("E-mail of the user"), render_kw={"type": "email", "required": True, "maxlength": 254})


class SimpleForm(FlaskForm):
    """A button (CSRF only)."""
