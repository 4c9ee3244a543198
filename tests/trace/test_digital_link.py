"""GS1 Digital Link building and parsing (GS1 Digital Link URI Syntax; GTIN check digits per GS1 General
Specifications): padding to GTIN-14, percent-encoding, qualifier order, check digits, data attributes."""
from __future__ import annotations

import datetime as dt

import pytest

from app.trace import digital_link as dl

BASE = "https://xanh.example.vn/"


@pytest.mark.parametrize("given, padded", [
    ("95012346", "00000095012346"),         # GTIN-8
    ("614141123452", "00614141123452"),     # GTIN-12 (UPC-A)
    ("8934567890120", "08934567890120"),    # GTIN-13 (Vietnam prefix 893)
    ("09506000134352", "09506000134352"),   # GTIN-14
])
def test_gtins_are_left_padded_to_14_digits(given, padded):
    assert dl.build(BASE, given, lot="A1") == f"https://xanh.example.vn/01/{padded}/10/A1"
    assert dl.parse(f"{BASE}01/{given}/10/A1").gtin == padded  # a parser pads short GTINs too


@pytest.mark.parametrize("bad", ["09506000134353", "8934567890121", "95012345", "12345", "abcdefghijklm"])
def test_wrong_check_digits_and_lengths_are_refused(bad):
    with pytest.raises(dl.DigitalLinkError):
        dl.build(BASE, bad, lot="A1")
    with pytest.raises(dl.DigitalLinkError):
        dl.parse(f"{BASE}01/{bad}/10/A1")


def test_reserved_characters_are_percent_encoded_and_decoded():
    uri = dl.build(BASE, "8934567890120", lot="AB/12?&%")
    assert uri == "https://xanh.example.vn/01/08934567890120/10/AB%2F12%3F%26%25"
    assert dl.parse(uri).lot == "AB/12?&%"  # the %2F stays inside the value, not a path separator


def test_qualifiers_come_in_the_standards_order_whatever_the_call_order():
    uri = dl.build(BASE, "09506000134352", serial="S9", lot="L1", variant="V2")
    assert uri.endswith("/01/09506000134352/22/V2/10/L1/21/S9")


def test_a_parser_refuses_qualifiers_out_of_order():
    with pytest.raises(dl.DigitalLinkError):
        dl.parse(f"{BASE}01/09506000134352/21/S9/10/L1")
    with pytest.raises(dl.DigitalLinkError):
        dl.parse(f"{BASE}01/09506000134352/10/L1/22/V2")


def test_data_attributes_go_in_the_query_string():
    uri = dl.build(BASE, "09506000134352", lot="L1", expiry=dt.date(2026, 12, 31))
    assert uri.endswith("/10/L1?17=261231")
    link = dl.parse(uri + "&linkType=gs1:pip")
    assert link.expiry == dt.date(2026, 12, 31)
    assert link.params == {"linkType": "gs1:pip"} and link.attributes == {"17": "261231"}


def test_paths_and_prefixes():
    assert dl.build("http://127.0.0.1:5000/", "8934567890120", lot="X") == "http://127.0.0.1:5000/01/08934567890120/10/X"
    assert dl.build("https://h.vn/app/", "8934567890120") == "https://h.vn/app/01/08934567890120"
    link = dl.parse("/01/08934567890120/10/X%2FY")  # as a resolver receives it
    assert (link.gtin, link.lot, link.serial, link.variant) == ("08934567890120", "X/Y", None, None)
    assert dl.canonical("8934567890120", "X") == "https://id.gs1.org/01/08934567890120/10/X"


@pytest.mark.parametrize("lot", ["A1", "LOT-2026/11", "!\"%&'()*+,-./:;<=>?_", "Z" * 20])
def test_lot_numbers_of_gs1_character_set_82_are_accepted(lot):
    assert dl.valid_lot(lot)
    assert dl.parse(dl.build(BASE, "8934567890120", lot=lot)).lot == lot


@pytest.mark.parametrize("lot", ["", "A B", "Lô1", "Z" * 21, "A#1"])
def test_other_lot_numbers_are_refused(lot):
    assert not dl.valid_lot(lot)
    if lot:
        with pytest.raises(dl.DigitalLinkError):
            dl.build(BASE, "8934567890120", lot=lot)


@pytest.mark.parametrize("junk", ["", "not a uri", "https://h.vn/", "https://h.vn/00/106141412345678908",
                                  "ftp://h.vn/01/08934567890120", "https://h.vn/01/08934567890120/10",
                                  "x" * 5000])
def test_junk_is_a_clear_error(junk):
    with pytest.raises(dl.DigitalLinkError):
        dl.parse(junk)


def test_internal_identifier_uri_for_listings_without_gtin():
    assert dl.internal_uri(BASE, 42) == "https://xanh.example.vn/trace/lots/42"
