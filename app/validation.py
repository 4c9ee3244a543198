"""Input validated once, in the service's own schema.

Each service owns a marshmallow input schema (`app/<domain>/schemas.py`, a subclass of `Input`) and
calls `load(Schema, data)` first thing; HTML forms and API resources hand it the same plain dict (form
strings or JSON values) and get the same field messages back, as `ValidationFailed(message, {field:
[messages]})` → form errors on pages, `{"error": {"fields": …}}` (422) in the API. WTForms only renders
fields and checks CSRF: it holds no rules.

The fields below give one clear, translated message per field whatever went wrong (missing, empty,
wrong type, out of range), read numbers, money and dates with `app.l10n` in the request's locale
(`5.000` is five thousand in Vietnamese, everywhere), and treat an empty form string like a missing
value. When a number or date was ambiguous, the field records what it understood; a view that wants
to tell the user wraps the service call in `with understood() as notes:` (see `flash_understood`).
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import RAISE, Schema, ValidationError, fields
from marshmallow.utils import missing

from . import l10n
from .errors import ValidationFailed

_notes: contextvars.ContextVar[list | None] = contextvars.ContextVar("understood", default=None)


class Input(Schema):
    """Base of every service input schema: unknown fields are refused with a translated message."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": _l("Unknown field."), "type": _l("Send the fields as an object.")}


def load(schema: Input | type[Input], data: Any, *, partial: bool = False,
         message: str | None = None) -> dict[str, Any]:
    """Validate `data` (a form's or an API body's dict) with the service's schema; ValidationFailed with
    every field's messages otherwise."""
    if isinstance(schema, type):
        schema = schema()
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ValidationFailed(_("Send the fields as an object."), {"_body": [_("Send the fields as an object.")]})
    try:
        return schema.load(dict(data), partial=partial)
    except ValidationError as exc:
        raise ValidationFailed(message or _("Please correct the highlighted fields."), field_messages(exc.messages)) from None


def load_what_is_valid(schema: Schema | type[Schema], data: Mapping[str, Any], **kwargs) -> tuple[dict, dict[str, list[str]]]:
    """For a page's search filters: `data` loaded without the fields that are wrong, and those fields'
    messages (the page shows them next to the filter and still runs the rest of the search)."""
    if isinstance(schema, type):
        schema = schema()
    data, dropped = dict(data), {}
    for _attempt in range(len(data) + 1):
        try:
            return schema.load(data, **kwargs), dropped
        except ValidationError as exc:
            messages = field_messages(exc.messages)
            dropped.update(messages)
            wrong = {name.split(".", 1)[0] for name in messages}
            left = {k: v for k, v in data.items() if k not in wrong}
            data = left if left != data else {}
    return schema.load({}, **kwargs), dropped


def field_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's error structure → {field: [messages]}: rows of a list collapse onto their field,
    named parts of an object become `field.part` (a form shows them on its `part` field)."""
    out: dict[str, list[str]] = {}
    if not isinstance(messages, Mapping):
        return {prefix or "_schema": _flat(messages)}
    for field, value in messages.items():
        name = f"{prefix}.{field}" if prefix else str(field)
        if isinstance(value, Mapping) and value and all(isinstance(k, str) for k in value):
            out.update(field_messages(value, name))
            continue
        bucket = out.setdefault(name, [])
        for m in _flat(value):
            if m not in bucket:
                bucket.append(m)
    return out


def _flat(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [m for v in value.values() for m in _flat(v)]
    if isinstance(value, (list, tuple)):
        return [m for v in value for m in _flat(v)]
    return [str(value)]


@contextlib.contextmanager
def understood() -> Iterator[list[tuple[str, str]]]:
    """Collect (field, "understood as …") notes from the numbers and dates loaded inside the block."""
    notes: list[tuple[str, str]] = []
    token = _notes.set(notes)
    try:
        yield notes
    finally:
        _notes.reset(token)


def _note(field: str | None, note: str | None) -> None:
    notes = _notes.get()
    if notes is not None and note:
        notes.append((field or "", note))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Field(fields.Field):
    """A field with one message for every problem, where a blank form string counts as no value."""

    blank_value: Any = None

    def __init__(self, *, required: bool = False, message=None, **kwargs):
        self.message = message or _l("This field is required.")
        self.must = required
        super().__init__(required=required, allow_none=True, **kwargs)
        self.error_messages["required"] = self.message

    def fail(self, message=None) -> ValidationError:
        return ValidationError(str(message or self.message))

    def deserialize(self, value, attr=None, data=None, **kwargs):
        self._validate_missing(value)
        if value is missing:
            default = self.load_default
            return default() if callable(default) else default
        if _blank(value):
            if self.must:
                raise self.fail()
            return self.blank_value
        out = self._deserialize(value, attr, data, **kwargs)
        self._validate(out)
        return out

    def _serialize(self, value, attr, obj, **kwargs):  # input schemas also document the API
        return value


class Text(Field):
    """Stripped text of at most `max_len` characters (`min_len`: at least that many, with `message`)."""

    blank_value = ""

    def __init__(self, max_len: int, *, min_len: int = 0, **kwargs):
        self.max_len, self.min_len = max_len, min_len
        super().__init__(**kwargs)
        self.metadata.setdefault("maxLength", max_len)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        out = super().deserialize(value, attr, data, **kwargs)
        if out == "" and self.min_len and value is not missing:
            raise self.fail()
        return out

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise self.fail(_("Enter text."))
        value = value.strip()
        if len(value) < self.min_len:
            raise self.fail()
        if len(value) > self.max_len:
            raise self.fail(_("At most %(n)d characters.", n=self.max_len))
        return value


class Email(Text):
    """An e-mail address (at most 254 characters), stripped; the domain part lower-cased."""

    def __init__(self, max_len: int = 254, **kwargs):
        kwargs.setdefault("message", _l("Enter a valid e-mail address."))
        super().__init__(max_len, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        from marshmallow import validate

        value = super()._deserialize(value, attr, data, **kwargs)
        try:
            validate.Email()(value)
        except ValidationError:
            raise self.fail() from None
        local, _at, domain = value.rpartition("@")
        return f"{local}@{domain.lower()}"


class Choice(Field):
    """One of `options` (an iterable of codes, or a callable giving them: e.g. rows of a table), or of an
    Enum's names (`enum=`; the member is returned). `upper=True` accepts lower case."""

    def __init__(self, options: Iterable[str] | Callable[[], Iterable[str]] = (), *, enum=None,
                 upper: bool = False, **kwargs):
        self.enum, self.upper = enum, upper
        self.options = list(enum.__members__) if enum is not None else options
        super().__init__(**kwargs)
        if not callable(self.options):
            self.metadata.setdefault("enum", list(self.options))

    def _deserialize(self, value, attr, data, **kwargs):
        options = self.options() if callable(self.options) else self.options
        value = value.strip() if isinstance(value, str) else value
        if isinstance(value, str) and self.upper:
            value = value.upper()
        if not isinstance(value, str) or value not in set(options):
            raise self.fail()
        return self.enum[value] if self.enum is not None else value


class Codes(Field):
    """Several of `options`, as a list or a comma-separated string; returned in the options' order.
    `unknown_message` may name the unknown codes (`%(codes)s`), `too_many_message` the limit (`%(n)d`)."""

    blank_value: Any = None

    def __init__(self, options: Iterable[str] | Callable[[], Iterable[str]], *, max_items: int = 50,
                 unknown_message=None, too_many_message=None, **kwargs):
        self.options, self.max_items = options, max_items
        self.unknown_message, self.too_many_message = unknown_message, too_many_message
        super().__init__(**kwargs)
        # OpenAPI: an array must say what it holds (without `items` generated clients drop the schema)
        items = {"type": "string"} if callable(options) else {"type": "string", "enum": list(options)}
        self.metadata.setdefault("items", items)
        self.metadata.setdefault("maxItems", max_items)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if isinstance(value, (list, tuple)) and not value and value is not missing:
            if self.must:
                raise self.fail()
            return []
        out = super().deserialize(value, attr, data, **kwargs)
        return [] if out is None and value is not missing else out

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = [v for v in value.replace(";", ",").split(",")]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise self.fail()
        wanted = {v.strip() for v in value if v.strip()}
        options = list(self.options() if callable(self.options) else self.options)
        unknown = sorted(wanted - set(options))
        if unknown:
            raise self.fail(str(self.unknown_message) % {"codes": ", ".join(unknown)} if self.unknown_message else None)
        if len(wanted) > self.max_items:
            raise self.fail(str(self.too_many_message) % {"n": self.max_items} if self.too_many_message else None)
        if self.must and not wanted:
            raise self.fail()
        return [o for o in options if o in wanted]


class Number(Field):
    """A number typed in the request's locale (`5.000` in Vietnamese is five thousand), a JSON number, or
    for `money` an amount in đồng (`1.234.567 ₫`; whole đồng). Returns int when `integer`/`money`, else
    float. `min`/`max` bound it (`min_inclusive=False`: strictly above `min`)."""

    def __init__(self, *, min: float | None = None, max: float | None = None, min_inclusive: bool = True,
                 integer: bool = False, money: bool = False, **kwargs):
        self.min, self.max, self.min_inclusive = min, max, min_inclusive
        self.integer, self.money = integer or money, money
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            parsed = l10n.parse_money(value) if self.money else l10n.parse_number(value)
        except ValueError:
            raise self.fail() from None
        n: Decimal = parsed.value
        if n is None:
            if self.must:
                raise self.fail()
            return None
        if self.integer and n != n.to_integral_value():
            raise self.fail()
        if self.min is not None and (n < Decimal(str(self.min)) or (not self.min_inclusive and n == Decimal(str(self.min)))):
            raise self.fail()
        if self.max is not None and n > Decimal(str(self.max)):
            raise self.fail()
        _note(self.name, parsed.note)
        return int(n) if self.integer else float(n)


class Date(Field):
    """A date: ISO `2026-03-05`, or the locale's short date (vi `5/3/2026`, en `3/5/2026`); `min` (a date
    or a callable such as `clock.today`) is the earliest accepted. The default message shows an example
    in the user's locale."""

    def __init__(self, *, min=None, min_message=None, **kwargs):
        self.min, self.min_message = min, min_message
        kwargs.setdefault("message", l10n.DATE_MESSAGE)
        super().__init__(**kwargs)
        self.metadata.setdefault("description", "YYYY-MM-DD (or the locale's short date: vi d/m/y, en m/d/y)")

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            parsed = l10n.parse_date(value)
        except ValueError:
            raise self.fail() from None
        earliest = self.min() if callable(self.min) else self.min
        if earliest is not None and parsed.value < earliest:
            raise self.fail(self.min_message)
        _note(self.name, parsed.note)
        return parsed.value


DATETIME_MESSAGE = _l("Enter a date and time, e.g. 2026-03-10T08:30 (Vietnam time).")
_VN_ZONE = "Asia/Ho_Chi_Minh"


def vietnam_time_to_utc(value) -> dt.datetime:
    """A datetime (aware, or naive meaning Vietnam time) or an ISO 8601 string → naive UTC (how times are
    stored). ValueError if it is neither."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if not isinstance(value, dt.datetime):
        raise ValueError("not a date and time")
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(_VN_ZONE))
    return value.astimezone(dt.UTC).replace(tzinfo=None)


class LocalDateTime(Field):
    """A date and time: ISO 8601 (a form's datetime-local `2026-03-10T08:30`), or the locale's short date and
    a time (vi `10/3/2026 08:30`); without an offset it is Vietnam time. Loaded as naive UTC (fair deadlines and
    meeting slots, knowledge events)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("message", DATETIME_MESSAGE)
        super().__init__(**kwargs)
        self.metadata.setdefault("description", "ISO 8601; without an offset it means Vietnam time "
                                                "(Asia/Ho_Chi_Minh). Returned in UTC.")
        self.metadata.setdefault("type", "string")

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, dt.datetime):
            return vietnam_time_to_utc(value)
        if not isinstance(value, str) or len(value.strip()) > 40:
            raise self.fail()
        text = value.strip()
        try:
            return vietnam_time_to_utc(text)
        except (ValueError, TypeError, OverflowError):
            pass
        day, _sep, time = text.partition(" ")  # the locale's short date, then HH:MM
        try:
            date = l10n.parse_date(day).value
            at = dt.time.fromisoformat(time.strip()) if time.strip() else None
        except ValueError:
            raise self.fail() from None
        if at is None:
            raise self.fail()
        return vietnam_time_to_utc(dt.datetime.combine(date, at))

    def _serialize(self, value, attr, obj, **kwargs):
        return value.replace(tzinfo=dt.UTC).isoformat() if value else None


class Province(Field):
    """One of the 34 provinces, by code with or without the leading zero (`01`, `1`, or the number 1) or by
    name with or without marks where unambiguous (`Hà Nội`, `ha noi`, `TP. Hồ Chí Minh`); returns the code."""

    def _deserialize(self, value, attr, data, **kwargs):
        from . import vn

        p = vn.province(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if p is None:
            raise self.fail()
        return p.code


class Provinces(Field):
    """Several provinces (each as `Province` reads it), as a list or a comma-separated string; returned as
    their codes, unique, in code order."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.metadata.setdefault("type", "array")
        self.metadata.setdefault("items", {"type": "string", "description": "Province code (01 or 1) or name"})

    def _deserialize(self, value, attr, data, **kwargs):
        from . import vn

        if isinstance(value, str):
            value = [v for v in value.replace(";", ",").split(",") if v.strip()]
        if not isinstance(value, (list, tuple)) or len(value) > 100:
            raise self.fail()
        codes = set()
        for v in value:
            p = vn.province(v) if isinstance(v, (str, int)) and not isinstance(v, bool) else None
            if p is None:
                raise self.fail()
            codes.add(p.code)
        if self.must and not codes:
            raise self.fail()
        return sorted(codes, key=int)


class Flag(Field):
    """A yes/no: JSON booleans, or a form's checkbox ("y", "on", "1", "true"; absent or "" is no)."""

    blank_value = False
    _TRUE = {"1", "true", "y", "yes", "on"}
    _FALSE = {"0", "false", "n", "no", "off"}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in self._TRUE | self._FALSE:
            return value.strip().lower() in self._TRUE
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise self.fail()


class Ids(Field):
    """Ids of rows as a list (or one id, or a comma-separated string) of positive integers."""

    def __init__(self, *, max_items: int = 100, **kwargs):
        self.max_items = max_items
        super().__init__(**kwargs)
        self.metadata.setdefault("items", {"type": "integer", "minimum": 1})
        self.metadata.setdefault("maxItems", max_items)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if isinstance(value, (list, tuple)) and not value and value is not missing:
            if self.must:
                raise self.fail()
            return []
        out = super().deserialize(value, attr, data, **kwargs)
        return [] if out is None and value is not missing else out

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = [v for v in value.replace(";", ",").split(",") if v.strip()]
        elif not isinstance(value, (list, tuple)):
            value = [value]
        out: list[int] = []
        for v in value:
            if isinstance(v, bool):
                raise self.fail()
            try:
                n = int(v.strip()) if isinstance(v, str) else int(v)
            except (TypeError, ValueError):
                raise self.fail() from None
            if n <= 0 or (isinstance(v, float) and v != n):
                raise self.fail()
            if n not in out:
                out.append(n)
        if len(out) > self.max_items or (self.must and not out):
            raise self.fail()
        return out


def flash_understood(notes: list[tuple[str, str]], form=None) -> None:
    """Tell the user how ambiguous numbers and dates were read ("Minimum order: understood as 5 000")."""
    from flask import flash

    for field, note in notes:
        label = getattr(getattr(form, field, None), "label", None)
        name = label.text if label is not None else field
        flash(f"{name}: {note}" if name else note, "info")


# ---------------------------------------------------------------- being replaced by the schemas above
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
