"""One parser for numbers, money and dates per locale (app.l10n), used by every input schema.

Vietnamese: `5.000` is five thousand, `5,5` five and a half; English: `5,000` and `5.5`. Text in the other
convention is read that way with a note; text the two conventions read differently gets a note too.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from app.l10n import NotANumber, format_number, format_vnd, parse_date, parse_money, parse_number

# (text, locale) → (value, is a note expected)
CASES = [
    ("5.000", "vi", Decimal(5000), True),          # Vietnamese thousands; English would read 5
    ("5,5", "vi", Decimal("5.5"), False),
    ("1.234.567 ₫", "vi", Decimal(1234567), False),
    ("1,234.5", "vi", Decimal("1234.5"), True),    # English convention, understood and said so
    ("5,000", "en", Decimal(5000), True),          # English thousands; Vietnamese would read 5
    ("5.5", "en", Decimal("5.5"), False),
    ("1.234.567 ₫", "en", Decimal(1234567), True),  # only the Vietnamese reading makes sense
    ("1,234.5", "en", Decimal("1234.5"), False),
    ("5.000", "en", Decimal(5), True),             # English reading, with the warning that it is 5
    ("5,5", "en", Decimal("5.5"), True),
    ("1 234 567", "vi", Decimal(1234567), False),  # spaces group thousands in either convention
    ("1\u00a0234,5", "vi", Decimal("1234.5"), False),
    ("-3", "en", Decimal(-3), False),
    ("₫150.000", "vi", Decimal(150000), True),
    ("150000", "en", Decimal(150000), False),
]


@pytest.mark.parametrize(("text", "locale", "value", "noted"), CASES)
def test_numbers_in_each_locale(text, locale, value, noted):
    parsed = parse_number(text, locale)
    assert parsed.value == value
    assert bool(parsed.note) is noted, parsed.note


def test_the_note_says_what_was_understood(app):
    from flask_babel import force_locale

    with force_locale("en"):
        assert parse_number("5.000", "vi").note == "understood as 5\u202f000"
        assert parse_number("1,234.5", "vi").note == "understood as 1\u202f234,5"
        assert parse_number("5.000", "en").note == "understood as 5"
    with force_locale("vi"):
        assert parse_number("5.000", "vi").note == "được hiểu là 5\u202f000"


@pytest.mark.parametrize("text", ["abc", "1e5", "NaN", "Infinity", "12.34.5", ".5", "5..0", "1,2,3.4.5", "--1", "1 23",
                                  "x5", "١٢"])
@pytest.mark.parametrize("locale", ["vi", "en"])
def test_what_is_not_a_number_in_either_locale(text, locale):
    with pytest.raises(NotANumber):
        parse_number(text, locale)


@pytest.mark.parametrize("value", [True, float("nan"), float("inf"), [], {}])
def test_json_values_that_are_not_numbers(value):
    with pytest.raises(NotANumber):
        parse_number(value, "vi")


def test_json_numbers_pass_through_and_blank_is_none():
    assert parse_number(5000, "vi").value == 5000 and parse_number(2.5, "en").value == Decimal("2.5")
    assert parse_number("  ", "vi").value is None and parse_number(None, "en").value is None


@pytest.mark.parametrize(("text", "locale", "value"), [
    ("150.000", "vi", 150000), ("150.000", "en", 150000),   # nobody prices in thousandths of a đồng
    ("150,000 ₫", "en", 150000), ("1.234.567 ₫", "en", 1234567), ("VND 2.000", "en", 2000), ("1.500đ", "vi", 1500),
])
def test_money_reads_whole_dong(text, locale, value):
    assert parse_money(text, locale).value == value


def test_money_formatting_per_locale():
    assert format_vnd(1234567, "vi") == "1.234.567 ₫"
    assert format_vnd(1234567, "en") == "1,234,567 ₫"
    assert format_number(Decimal("2.5"), "vi", grouped=False) == "2,5"
    assert format_number(5000.0, "en", grouped=False) == "5000"


_amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=3, allow_nan=False,
                       allow_infinity=False)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(_amounts, st.sampled_from(["vi", "en"]), st.booleans())
def test_formatted_by_babel_parses_back(app, value, locale, grouped):
    """Whatever Babel writes for a locale reads back as the same number in that locale."""
    text = format_decimal(value, locale=locale, group_separator=grouped, decimal_quantization=False)
    assert parse_number(text, locale).value == value, text


@settings(max_examples=200, deadline=None, derandomize=True)
@given(_amounts, st.sampled_from(["vi", "en"]))
def test_our_form_values_read_back_the_same(app, value, locale):
    """What a form shows (ungrouped) reads back to the same number; it is only called ambiguous when the
    other convention reads it differently (one separator after a non-zero head, then three digits: `1,001`)."""
    text = format_number(value, locale, grouped=False)
    parsed = parse_number(text, locale)
    assert parsed.value == value, text
    assert (parsed.note is not None) == bool(re.fullmatch(r"-?[1-9][0-9]{0,2}[.,][0-9]{3}", text)), text


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["vi", "en"]))
def test_vnd_amounts_round_trip(app, amount, locale):
    for text in (format_currency(amount, "VND", locale=locale), format_vnd(amount, locale)):
        assert parse_money(text, locale).value == amount, text


@pytest.mark.parametrize(("text", "locale", "date", "noted"), [
    ("2026-03-05", "vi", dt.date(2026, 3, 5), False),
    ("2026-03-05", "en", dt.date(2026, 3, 5), False),
    ("5/3/2026", "vi", dt.date(2026, 3, 5), True),   # day first in Vietnamese; 3 May in English: said
    ("3/5/2026", "en", dt.date(2026, 3, 5), True),
    ("31/12/2026", "vi", dt.date(2026, 12, 31), False),
    ("12/31/26", "en", dt.date(2026, 12, 31), False),
    ("05.03.2026", "vi", dt.date(2026, 3, 5), True),
])
def test_dates_in_each_locale(text, locale, date, noted):
    parsed = parse_date(text, locale)
    assert parsed.value == date and bool(parsed.note) is noted


@pytest.mark.parametrize("text", ["31/02/2026", "13/13/2026", "2026-13-01", "tomorrow", "5/3", "12/31/2026x"])
def test_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_date(text, "vi")


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)), st.sampled_from(["vi", "en"]))
def test_babel_short_dates_parse_back(app, date, locale):
    assert parse_date(format_date(date, "short", locale=locale), locale).value == date
    assert parse_date(date.isoformat(), locale).value == date
