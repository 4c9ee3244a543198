"""Field-by-field validation of an input dict (HTML form or JSON body alike).

Services collect every field's problem before failing, so a form shows all of them at once:

    check = FieldCheck(data, partial=partial)
    check.text("title", 200, min_len=3, min_message=_("Enter a title of at least 3 characters."))
    if check.wanted("unit"): ...check.err("unit", _("Choose a unit."))
    check.raise_if_errors()
    return check.out
"""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from .errors import ValidationFailed


class FieldCheck:
    def __init__(self, data: dict[str, Any], *, partial: bool = False):
        self.data = data
        self.partial = partial
        self.errors: dict[str, list[str]] = {}
        self.out: dict[str, Any] = {}

    def err(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def given(self, field: str) -> bool:
        """The input carries a value for `field` (None counts as absent)."""
        return field in self.data and self.data[field] is not None

    def wanted(self, field: str) -> bool:
        """`field` must be checked: it was given, or this is a full (not partial) update."""
        return self.given(field) or not self.partial

    def text(self, field: str, limit: int, *, required: bool = False, min_len: int = 0,
             min_message: str | None = None) -> str | None:
        """Strip and length-check a text field when it is wanted (or given, for optional fields);
        store it in `out`. Returns the value, or None when the field was not looked at."""
        if not (self.given(field) or ((required or min_len) and not self.partial)):
            return None
        value = str(self.data.get(field) or "").strip()
        if (required and not value) or len(value) < min_len:
            self.err(field, min_message or _("This field is required."))
        elif len(value) > limit:
            self.err(field, _("At most %(n)d characters.", n=limit))
        self.out[field] = value
        return value

    def raise_if_errors(self, message: str | None = None) -> None:
        if self.errors:
            raise ValidationFailed(message or _("Please correct the highlighted fields."), self.errors)
