"""Forms of the annual report pages: they render fields and check CSRF; `reports.py` holds the rules."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField

from .appendix import AREAS


class SimpleForm(FlaskForm):
    """A button that changes something (CSRF only)."""


class PrepareForm(FlaskForm):
    year = SelectField(_l("Year"), validate_choice=False)


class HeaderForm(FlaskForm):
    report_date = StringField(_l("Report date"), render_kw={"type": "date"})
    preparer_name = StringField(_l("Prepared by (name)"), render_kw={"autocomplete": "name"})
    preparer_phone = StringField(_l("Phone"), render_kw={"autocomplete": "tel", "inputmode": "tel"})
    preparer_email = StringField(_l("E-mail"), render_kw={"autocomplete": "email", "inputmode": "email"})

    def data_for_service(self) -> dict:
        return {k: self[k].data for k in ("report_date", "preparer_name", "preparer_phone", "preparer_email")}


class RowForm(FlaskForm):
    area = SelectField(_l("Task area"), validate_choice=False)
    activity = TextAreaField(_l("Activity carried out (programme, project, task)"))
    results = TextAreaField(_l("Results achieved"))
    difficulties = TextAreaField(_l("Difficulties and proposals"))
    funding_state = StringField(_l("Funding from the state budget (đồng)"), render_kw={"inputmode": "decimal"})
    funding_other = StringField(_l("Funding from other sources (đồng)"), render_kw={"inputmode": "decimal"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.area.choices = [(str(n), f"{n}. {title}") for n, title in AREAS.items()]

    def data_for_service(self) -> dict:
        return {k: self[k].data for k in ("area", "activity", "results", "difficulties", "funding_state", "funding_other")}
