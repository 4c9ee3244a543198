"""Numbers, money and dates as people type them, per locale — the one parser used everywhere (forms, API
strings, imports) — and the matching formatting.

Vietnamese writes `5.000` for five thousand and `5,5` for five and a half; English writes `5,000` and
`5.5`. `parse_number(text, locale)` reads the locale's convention with Babel's strict parser; text that
only makes sense in the other convention (`1,234.5` typed in Vietnamese) is read that way too. Whenever
the two conventions would read the same text differently (`5.000`: 5 000 in Vietnamese, 5 in English) or
the other convention was used, the result carries a note — "understood as 5 000" — for the form to show.
Spaces may group thousands (`1 234 567`); `₫`, `đ`, `VND` around a number are ignored. JSON numbers pass
through unchanged (they have no convention).

Dates: ISO `2026-03-05` always; otherwise the locale's day/month order (vi `5/3/2026` = 5 March, en
`3/5/2026` = 5 March), with a note when the other order would give another valid date.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.dates import format_date
from babel.dates import get_date_format
from babel.numbers import NumberFormatError, format_decimal, get_decimal_symbol, get_group_symbol, parse_decimal
from flask_babel import gettext as _

LOCALES = ("vi", "en")
_SPACES = "\u0020\u00a0\u202f\u2009"
_CURRENCY = re.compile(r"^(?:₫|đ|vnđ|vnd|dong|đồng)\s*|\s*(?:₫|đ|vnđ|vnd|dong|đồng)$", re.IGNORECASE)
_SHAPE = re.compile(r"^[+-]?[0-9][0-9.,]*$")
_SPACE_GROUPS = re.compile(r"^([+-]?[0-9]{1,3})((?:[" + _SPACES + r"][0-9]{3})+)([.,][0-9]+)?$")
_DATE = re.compile(r"^([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4}|[0-9]{2})$")


class NotANumber(ValueError):
    """The text is not a number in either convention."""


@dataclass(frozen=True)
class Parsed:
    value: object  # Decimal for numbers, datetime.date for dates
    note: str | None = None  # "understood as …" when the text was ambiguous or in the other convention


def locale_code(locale=None) -> str:
    """'vi' or 'en' from a babel Locale, a string like 'en_GB', or the current request's locale."""
    if locale is None:
        from flask_babel import get_locale

        locale = get_locale()
    code = str(locale or "vi").split("_")[0].split("-")[0].lower()
    return code if code in LOCALES else "vi"


def _other(code: str) -> str:
    return "en" if code == "vi" else "vi"


def _strict(text: str, code: str) -> Decimal | None:
    try:
        value = parse_decimal(text, locale=code, strict=True)
    except (NumberFormatError, InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def parse_number(value, locale=None) -> Parsed:
    """Decimal from a form/API/import value in `locale` (default: the request's); None for empty input.
    Raises NotANumber (a ValueError) for anything that is not a finite number."""
    if value is None:
        return Parsed(None)
    if isinstance(value, bool):
        raise NotANumber(value)
    if isinstance(value, (int, Decimal)):
        if not Decimal(value).is_finite():
            raise NotANumber(value)
        return Parsed(Decimal(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NotANumber(value)
        return Parsed(Decimal(repr(value)))
    if not isinstance(value, str):
        raise NotANumber(value)
    text = _CURRENCY.sub("", value.strip()).strip()
    if not text:
        return Parsed(None)
    code = locale_code(locale)
    spaced = _SPACE_GROUPS.match(text)
    if spaced:  # "1 234 567" / "1 234,5": spaces group thousands in either convention
        head, groups, tail = spaced.groups()
        text = head + re.sub("[" + _SPACES + "]", "", groups) + (tail or "")
        tail_sep = tail[0] if tail else None
        if tail_sep is None:
            return Parsed(Decimal(text))
        decimal_text = text.replace(tail_sep, ".")
        own = get_decimal_symbol(code)
        number = Decimal(decimal_text)
        return Parsed(number, None if tail_sep == own else understood(number, code))
    if len(text) > 40 or not _SHAPE.match(text):
        raise NotANumber(value)
    own = _strict(text, code)
    other = _strict(text, _other(code))
    if own is not None:
        return Parsed(own, understood(own, code) if other is not None and other != own else None)
    if other is not None:
        return Parsed(other, understood(other, code))
    raise NotANumber(value)


def parse_money(value, locale=None) -> Parsed:
    """Like `parse_number`, for amounts in đồng (no minor unit): when the locale's convention would read
    written decimals (`150.000` in English) and the other convention a whole amount (150 000), the whole
    amount wins, with a note — nobody prices in thousandths of a đồng."""
    parsed = parse_number(value, locale)
    if not isinstance(value, str) or parsed.value is None or parsed.value.as_tuple().exponent >= 0:
        return parsed
    text = _CURRENCY.sub("", value.strip()).strip()
    code = locale_code(locale)
    other = _strict(text, _other(code)) if _SHAPE.match(text) else None
    if other is not None and other.as_tuple().exponent >= 0 and other != parsed.value:
        return Parsed(other, understood(other, code))
    return parsed


def understood(number: Decimal, locale=None) -> str:
    return _("understood as %(number)s", number=format_unambiguous(number, locale))


def format_unambiguous(number, locale=None) -> str:
    """5000 → '5 000', 5.5 → '5,5' (vi) / '5.5' (en): thousands grouped by a narrow space, which neither
    convention could read as a decimal sign."""
    code = locale_code(locale)
    text = format_decimal(number, locale=code, decimal_quantization=False)
    return text.replace(get_group_symbol(code), "\u202f")


def format_number(number, locale=None, *, grouped: bool = True) -> str:
    """A number as the locale writes it ('5.000' / '5,000'); `grouped=False` for form fields ('5000',
    '2,5'), which read back unambiguously."""
    if number is None:
        return ""
    code = locale_code(locale)
    if isinstance(number, int) and not isinstance(number, bool) and number >= 0:
        # whole amounts (prices, quantities: most numbers on a page) the way babel writes them in vi and
        # en (groups of three), without its pattern machinery
        return f"{number:,}".replace(",", _GROUP[code]) if grouped else str(number)
    value = Decimal(str(number)) if not isinstance(number, Decimal) else number
    if value.is_finite() and value == value.to_integral_value():
        if not value.is_signed():
            return format_number(int(value), code, grouped=grouped)
        value = value.quantize(Decimal(1))
    return format_decimal(value, locale=code, group_separator=grouped, decimal_quantization=False)


_GROUP = {code: get_group_symbol(code) for code in LOCALES}


def format_vnd(amount, locale=None) -> str:
    """'1.234.567 ₫' (vi) / '1,234,567 ₫' (en); VND has no minor unit."""
    if amount is None:
        return ""
    return format_number(int(round(Decimal(str(amount)))), locale) + " ₫"


class _NumberHint:
    """A form hint showing how to write numbers in the current locale (evaluated when rendered)."""

    def __str__(self) -> str:
        code = locale_code()
        return _("Write thousands as %(thousands)s and decimals as %(decimal)s.",
                 thousands=format_number(5000, code), decimal=format_number(Decimal("5.5"), code))

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))


NUMBER_HINT = _NumberHint()


class _DateMessage:
    """"Enter a date such as 31/12/2026 (or 2026-12-31)." in the current locale's order."""

    def __str__(self) -> str:
        code = locale_code()
        pattern = get_date_format("short", code).pattern
        example = "31/12/2026" if pattern.index("d") < pattern.index("M") else "12/31/2026"
        return _("Enter a date such as %(example)s (or %(iso)s).", example=example, iso="2026-12-31")

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))


DATE_MESSAGE = _DateMessage()


def parse_date(value, locale=None) -> Parsed:
    """datetime.date from a date, an ISO `YYYY-MM-DD` string or the locale's short date (vi d/m/y, en m/d/y;
    `/`, `.` or `-` between parts, two- or four-digit year). None for empty input; ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Parsed(None)
    if isinstance(value, dt.datetime):
        return Parsed(value.date())
    if isinstance(value, dt.date):
        return Parsed(value)
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip()
    if re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text):
        return Parsed(dt.date.fromisoformat(text))
    m = _DATE.match(text)
    if not m:
        raise ValueError(value)
    code = locale_code(locale)
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    year += 2000 if year < 100 else 0
    pattern = get_date_format("short", code).pattern
    day_first = pattern.index("d") < pattern.index("M")
    day, month = (a, b) if day_first else (b, a)
    date = dt.date(year, month, day)  # ValueError when out of range
    note = None
    if day != month and day <= 12:
        note = _("understood as %(date)s", date=format_date(date, "long", locale=Locale.parse(code)))
    return Parsed(date, note)


# ---------------------------------------------------------------- formatting for people (pages, e-mails, CSV, PDF)
# One place for how a number, an amount, a share, a quantity with its unit, a file size, a date or a time
# is written in the reader's language. Times are stored as naive UTC and shown in Vietnam time.

TIMEZONE = "Asia/Ho_Chi_Minh"


def _zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo(TIMEZONE)


def format_decimal_places(number, places: int = 1, locale=None) -> str:
    """At most `places` decimals, trailing zeros dropped: 1.41 → '1,4' (vi) / '1.4' (en); 10000 → '10.000'."""
    if number is None:
        return ""
    value = Decimal(str(number)).quantize(Decimal(1).scaleb(-places)).normalize()
    return format_number(value, locale)


def format_percent(number, locale=None, places: int = 1) -> str:
    """A percentage given in percent (6.5 → '6,5%' vi / '6.5%' en): the language's own CLDR percent
    pattern (Babel), with up to `places` decimals kept — no hand-written pattern."""
    if number is None:
        return ""
    from babel.numbers import format_percent as babel_percent

    code = locale_code(locale)
    value = Decimal(str(number)).quantize(Decimal(1).scaleb(-places)).normalize() / 100
    return babel_percent(value, locale=code, decimal_quantization=False)


def format_quantity(number, unit: str | None = None, locale=None) -> str:
    """'10.000 kg', '200.000 cái' (vi) / '200,000 pieces' … : the number per locale and the unit's display
    name (units are registered as the display family 'unit'; an unknown unit is shown as given)."""
    if number is None:
        return ""
    text = format_decimal_places(number, 3, locale)
    if not unit:
        return text
    from .display import display_name, names_for

    name = display_name(unit, "unit") if unit in names_for("unit") else unit
    return f"{text} {name}"


def format_filesize(size, locale=None) -> str:
    """392 → '392 B', 15360 → '15 KB', 2.5 MiB → '2,5 MB' (vi) / '2.5 MB' (en): never '0 KB' for a small file."""
    if size is None:
        return ""
    size = int(size)
    if size < 1024:
        return f"{format_number(size, locale)} B"
    for unit in ("KB", "MB", "GB", "TB"):
        size_f = Decimal(size) / 1024
        if size_f < 1024 or unit == "TB":
            return f"{format_decimal_places(size_f, 1 if size_f < 100 else 0, locale)} {unit}"
        size = size_f
    return ""  # pragma: no cover


def local_time(value: dt.datetime | None) -> dt.datetime | None:
    """A stored naive-UTC (or aware) time as an aware time in Vietnam."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(_zone())


def format_day(value, locale=None, fmt: str = "medium") -> str:
    """A date in the reader's language: vi '30 thg 11, 2026' / en 'Nov 30, 2026' (medium), or 'short'
    ('30/11/2026' / '11/30/26'). A datetime is first moved to Vietnam time (its Vietnamese calendar day)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):  # a date kept as text in a stored snapshot (JSON): '2027-03-29'
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = local_time(value).date()
    code = locale_code(locale)
    if fmt == "short":  # four-digit years: 30/11/2026 (vi), 11/30/2026 (en)
        return format_date(value, "dd/MM/y" if code == "vi" else "M/d/y", locale=Locale.parse(code))
    return format_date(value, fmt, locale=Locale.parse(code))


def format_time(value, locale=None, fmt: str = "medium") -> str:
    """A stored time (naive UTC) in Vietnam time with the date: vi '30 thg 11, 2026 14:30' / en
    'Nov 30, 2026, 2:30 PM'. `fmt='short'` gives '30/11/2026 14:30' / '11/30/2026, 2:30 PM'."""
    if value is None or value == "":
        return ""
    from babel.dates import format_datetime as babel_datetime
    from babel.dates import format_time as babel_time

    if not isinstance(value, dt.datetime):
        return format_day(value, locale, fmt)
    local = local_time(value)
    code = locale_code(locale)
    clock_text = babel_time(local, "HH:mm" if code == "vi" else "h:mm a", locale=Locale.parse(code))
    day = format_day(local.date(), code, fmt)
    if code == "vi":
        return f"{day} {clock_text}"
    return f"{day}, {clock_text}"
