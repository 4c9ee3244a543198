from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DateTimeLocalField, FieldList, Form, FormField, HiddenField, IntegerField,
                     SelectField, SelectMultipleField, StringField, TextAreaField, widgets)
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class _FairFields(FlaskForm):
    """The fields a fair has in the create and the edit form."""

    name = StringField(_l("Name (Vietnamese)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    starts_on = DateField(_l("First day"), validators=[DataRequired()])
    ends_on = DateField(_l("Last day"), validators=[DataRequired()])
    online = BooleanField(_l("Online fair"))
    venue = StringField(_l("Venue"), validators=[Length(max=300)])
    province_code = SelectField(_l("Province / city"), choices=[], validate_choice=False)
    themes = StringField(_l("Themes (comma-separated)"), validators=[Length(max=600)])
    application_deadline = DateTimeLocalField(_l("Application deadline (Vietnam time)"), format="%Y-%m-%dT%H:%M",
                                              validators=[DataRequired()])
    green_zone = BooleanField(_l("Has a green zone"))
    green_zone_note = StringField(_l("Green zone description"), validators=[Length(max=500)])


class FairForm(_FairFields):
    booth1_name = StringField(_l("Booth type 1: name"), validators=[DataRequired(), Length(max=120)])
    booth1_price = IntegerField(_l("Booth type 1: price (VND)"), validators=[DataRequired(), NumberRange(min=0)])
    booth1_capacity = IntegerField(_l("Booth type 1: number of booths"), validators=[DataRequired(), NumberRange(min=1)])
    booth1_green = BooleanField(_l("Booth type 1 is in the green zone"))
    booth2_name = StringField(_l("Booth type 2: name"), validators=[Length(max=120)])
    booth2_price = IntegerField(_l("Booth type 2: price (VND)"), validators=[Optional(), NumberRange(min=0)])
    booth2_capacity = IntegerField(_l("Booth type 2: number of booths"), validators=[Optional(), NumberRange(min=1)])
    booth2_green = BooleanField(_l("Booth type 2 is in the green zone"))

    def data_for_service(self) -> dict:
        booths = []
        for n in (1, 2):
            name = getattr(self, f"booth{n}_name").data
            if name:
                booths.append({"name": name, "price_vnd": getattr(self, f"booth{n}_price").data,
                               "capacity": getattr(self, f"booth{n}_capacity").data,
                               "green_zone": getattr(self, f"booth{n}_green").data})
        return {"name": self.name.data, "name_en": self.name_en.data, "description": self.description.data,
                "starts_on": self.starts_on.data, "ends_on": self.ends_on.data, "online": self.online.data,
                "venue": self.venue.data, "province_code": self.province_code.data or None,
                "themes": self.themes.data, "application_deadline": self.application_deadline.data,
                "green_zone": self.green_zone.data, "green_zone_note": self.green_zone_note.data, "booth_types": booths}


class ApplyForm(FlaskForm):
    booth_type_id = SelectField(_l("Booth type"), coerce=int, validators=[DataRequired()], widget=widgets.ListWidget(prefix_label=False),
                                option_widget=widgets.RadioInput())
    listing_ids = MultiCheckboxField(_l("Listings to show"), coerce=int)
    message = TextAreaField(_l("Message to the organiser"), validators=[Length(max=1000)])


class DecisionForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=[("approve", _l("Approve")), ("waitlist", _l("Waitlist")),
                                                    ("reject", _l("Reject"))])
    reason = StringField(_l("Reason"), validators=[Length(max=500)])


class SlotForm(FlaskForm):
    starts_at = DateTimeLocalField(_l("Start (Vietnam time)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    minutes = IntegerField(_l("Length (minutes)"), default=30, validators=[DataRequired(), NumberRange(min=5, max=180)])
    location = StringField(_l("Table / place"), validators=[Length(max=120)])


class BookForm(FlaskForm):
    message = StringField(_l("Message (optional)"), validators=[Length(max=1000)])


class SimpleForm(FlaskForm):
    """CSRF only (bookmark, cancel)."""

    reason = StringField(_l("Reason"), validators=[Length(max=500)])


class PromotionForm(FlaskForm):
    listing_id = SelectField(_l("Listing"), coerce=int, validators=[DataRequired()])
    package = SelectField(_l("Package"), validators=[DataRequired()])


class BoothTypeForm(Form):
    """One booth type in the edit form (a sub-form: the outer form carries the CSRF token)."""

    id = HiddenField()
    name = StringField(_l("Booth type: name"), validators=[Length(max=120)])
    price_vnd = IntegerField(_l("Price (VND)"), validators=[Optional(), NumberRange(min=0)])
    capacity = IntegerField(_l("Number of booths"), validators=[Optional(), NumberRange(min=1, max=5000)])
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
        return {"name": self.name.data, "name_en": self.name_en.data, "description": self.description.data,
                "starts_on": self.starts_on.data, "ends_on": self.ends_on.data, "online": self.online.data,
                "venue": self.venue.data, "province_code": self.province_code.data or None,
                "themes": self.themes.data, "application_deadline": self.application_deadline.data,
                "green_zone": self.green_zone.data, "green_zone_note": self.green_zone_note.data, "booth_types": booths}


class CancelFairForm(FlaskForm):
    reason = TextAreaField(_l("Reason (sent to the exhibitors)"), validators=[DataRequired(), Length(max=500)])
