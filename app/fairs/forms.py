"""Forms render the pages and carry the CSRF token; every rule is the services' (schemas.FairInput,
ApplicationInput, DecisionInput, SlotInput, MeetingInput, PromotionInput…), so a page and the API refuse the
same input the same way."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)

from ..l10n import NUMBER_HINT


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validate_choice", False)  # the service's schema says what is allowed
        super().__init__(*args, **kwargs)


def _number_field(label, **kwargs):
    """A number typed in the user's locale (read by app.l10n in the service's schema)."""
    return StringField(label, render_kw={"inputmode": "decimal", **kwargs.pop("render_kw", {})}, **kwargs)


def _money_field(label, **kwargs):
    """An amount in đồng typed in the user's locale (`15.000.000` in Vietnamese), with the hint saying so."""
    return _number_field(label, description=NUMBER_HINT, **kwargs)


class _FairFields(FlaskForm):
    """The fields a fair has in the create and the edit form."""

    name = StringField(_l("Name (Vietnamese)"), render_kw={"required": True, "maxlength": 200})
    name_en = StringField(_l("Name (English)"), render_kw={"maxlength": 200})
    description = TextAreaField(_l("Description"), render_kw={"maxlength": 5000})
    starts_on = StringField(_l("First day"), render_kw={"type": "date", "required": True})
    ends_on = StringField(_l("Last day"), render_kw={"type": "date", "required": True})
    online = BooleanField(_l("Online fair"))
    venue = StringField(_l("Venue"), render_kw={"maxlength": 300})
    province_code = SelectField(_l("Province / city"), choices=[], validate_choice=False)
    themes = StringField(_l("Themes (comma-separated)"), render_kw={"maxlength": 600})
    application_deadline = StringField(_l("Application deadline (Vietnam time)"),
                                       render_kw={"type": "datetime-local", "required": True})
    green_zone = BooleanField(_l("Has a green zone"))
    green_zone_note = StringField(_l("Green zone description"), render_kw={"maxlength": 500})

    def _fair_data(self, booths: list[dict]) -> dict:
        return {"name": self.name.data, "name_en": self.name_en.data, "description": self.description.data,
                "starts_on": self.starts_on.data, "ends_on": self.ends_on.data, "online": self.online.data,
                "venue": self.venue.data, "province_code": self.province_code.data,
                "themes": self.themes.data, "application_deadline": self.application_deadline.data,
                "green_zone": self.green_zone.data, "green_zone_note": self.green_zone_note.data, "booth_types": booths}


class FairForm(_FairFields):
    booth1_name = StringField(_l("Booth type 1: name"), render_kw={"required": True, "maxlength": 120})
    booth1_price = _money_field(_l("Booth type 1: price (VND)"), render_kw={"required": True})
    booth1_capacity = _number_field(_l("Booth type 1: number of booths"), render_kw={"required": True})
    booth1_green = BooleanField(_l("Booth type 1 is in the green zone"))
    booth2_name = StringField(_l("Booth type 2: name"), render_kw={"maxlength": 120})
    booth2_price = _money_field(_l("Booth type 2: price (VND)"))
    booth2_capacity = _number_field(_l("Booth type 2: number of booths"))
    booth2_green = BooleanField(_l("Booth type 2 is in the green zone"))

    def data_for_service(self) -> dict:
        booths = []
        for n in (1, 2):
            row = {"name": getattr(self, f"booth{n}_name").data, "price_vnd": getattr(self, f"booth{n}_price").data,
                   "capacity": getattr(self, f"booth{n}_capacity").data,
                   "green_zone": getattr(self, f"booth{n}_green").data}
            if n == 1 or any((row[k] or "").strip() for k in ("name", "price_vnd", "capacity")):
                booths.append(row)  # the second booth type only when something was typed for it
        return self._fair_data(booths)


class ApplyForm(FlaskForm):
    booth_type_id = SelectField(_l("Booth type"), validate_choice=False, widget=widgets.ListWidget(prefix_label=False),
                                option_widget=widgets.RadioInput())
    listing_ids = MultiCheckboxField(_l("Listings to show"))
    message = TextAreaField(_l("Message to the organiser"), render_kw={"maxlength": 1000})

    def data_for_service(self) -> dict:
        return {"booth_type_id": self.booth_type_id.data, "listing_ids": self.listing_ids.data or [],
                "message": self.message.data}


class DecisionForm(FlaskForm):
    decision = SelectField(_l("Decision"), validate_choice=False,
                           choices=[("approve", _l("Approve")), ("waitlist", _l("Waitlist")), ("reject", _l("Reject"))])
    reason = StringField(_l("Reason"), render_kw={"maxlength": 500})


class SlotForm(FlaskForm):
    starts_at = StringField(_l("Start (Vietnam time)"), render_kw={"type": "datetime-local", "required": True})
    minutes = _number_field(_l("Length (minutes)"), default="30", render_kw={"required": True})
    location = StringField(_l("Table / place"), render_kw={"maxlength": 120})

    def data_for_service(self) -> dict:
        return {"starts_at": self.starts_at.data, "minutes": self.minutes.data, "location": self.location.data}


class BookForm(FlaskForm):
    message = StringField(_l("Message (optional)"), render_kw={"maxlength": 1000})


class SimpleForm(FlaskForm):
    """CSRF only (bookmark, cancel)."""

    reason = StringField(_l("Reason"), render_kw={"maxlength": 500})


class PromotionForm(FlaskForm):
    listing_id = SelectField(_l("Listing"), validate_choice=False)
    package = SelectField(_l("Package"), validate_choice=False)


class BoothTypeForm(Form):
    """One booth type in the edit form (a sub-form: the outer form carries the CSRF token)."""

    id = HiddenField()
    name = StringField(_l("Booth type: name"), render_kw={"maxlength": 120})
    price_vnd = _money_field(_l("Price (VND)"))
    capacity = _number_field(_l("Number of booths"))
    green_zone = BooleanField(_l("In the green zone"))


class FairEditForm(_FairFields):
    booths = FieldList(FormField(BoothTypeForm), min_entries=1, max_entries=10)

    def data_for_service(self) -> dict:
        booths = []
        for entry in self.booths:
            b = entry.form
            if not (b.name.data or "").strip():
                continue  # an empty row: nothing to add (an existing booth type left empty is removed)
            booths.append({"id": b.id.data or None, "name": b.name.data, "price_vnd": b.price_vnd.data,
                           "capacity": b.capacity.data, "green_zone": b.green_zone.data})
        return self._fair_data(booths)


class CancelFairForm(FlaskForm):
    reason = TextAreaField(_l("Reason (sent to the exhibitors)"), render_kw={"required": True, "maxlength": 500})
