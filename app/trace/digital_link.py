"""GS1 Digital Link URIs on the platform's own domain: building and parsing.

Syntax (GS1 Digital Link URI Syntax standard, https://ref.gs1.org/standards/digital-link/uri-syntax/):
`https://<domain>[/<path>]/01/<GTIN-14>[/22/<variant>][/10/<batch or lot>][/21/<serial>][?<AI>=<value>…]`

- the primary key is the GTIN, always written with 14 digits (GTIN-8/12/13 are left-padded with zeros)
  and its GS1 mod-10 check digit must be right;
- key qualifiers follow the primary key in the standard's order (22, then 10, then 21); a parser refuses
  any other order;
- values are percent-encoded (a `/` in a lot number is `%2F`, so it cannot be read as a path separator);
- data attributes, such as AI 17 (expiry, YYMMDD), go in the query string.

The element strings (the character set and length of AI 10/21/22, dates of AI 17, check digits) and the
URI syntax are handled by `biip` (a maintained GS1 barcode library); this module fixes the platform's
rules around it: the domain and path prefix come from BASE_URL, http is allowed for development servers,
and every error is a `DigitalLinkError` with a message a person can act on.

Lots of listings without a GTIN cannot have a GS1 Digital Link (only the brand owner can allocate a GTIN
under its GS1 company prefix, and the platform never invents one): they get the platform's own
identifier URI `<BASE_URL>trace/lots/<lot id>` (see `internal_uri`), which the resolver answers the same
way (content negotiation, `linkType`). A listing that later gets a GTIN keeps resolving old codes.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from biip import ParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString, GS1ElementStrings
from flask_babel import gettext as _

from ..catalog import gtin as gtin_rules

# GS1 AI (10) batch/lot: 1–20 characters of GS1 AI encodable character set 82 (no spaces, no accents).
LOT_PATTERN = re.compile(r"^[!\"%-?A-Z_a-z]{1,20}$")
QUALIFIER_ORDER = ("22", "10", "21")  # GS1 Digital Link: key qualifiers of AI 01, in this order


class DigitalLinkError(ValueError):
    """Not a valid GS1 Digital Link (or identifier) for this platform; `str(exc)` says why."""


@dataclass(frozen=True)
class DigitalLink:
    gtin: str                      # GTIN-14
    lot: str | None = None         # AI 10
    serial: str | None = None      # AI 21
    variant: str | None = None     # AI 22 (consumer product variant)
    expiry: dt.date | None = None  # AI 17
    attributes: dict[str, str] = field(default_factory=dict)  # every AI given in the query string
    params: dict[str, str] = field(default_factory=dict)      # other query parameters (linkType, …)

    def path(self) -> str:
        return path_for(self.gtin, lot=self.lot, serial=self.serial, variant=self.variant, expiry=self.expiry)


def gtin14(value: str | None) -> str:
    """A GTIN-8/12/13/14 as GTIN-14 (left-padded); DigitalLinkError when it is not a valid GTIN."""
    code = gtin_rules.normalise(value)
    if not code or not code.isdigit() or len(code) not in gtin_rules.LENGTHS:
        raise DigitalLinkError("A GTIN has 8, 12, 13 or 14 digits.")
    if not gtin_rules.is_valid(code):
        raise DigitalLinkError(f"Wrong check digit in GTIN {code}.")
    return code.zfill(14)


def valid_lot(value: str | None) -> bool:
    return bool(value) and LOT_PATTERN.match(value) is not None


def _element(ai: str, value: str) -> GS1ElementString:
    try:
        es = GS1ElementString.parse(f"{ai}{value}")
    except ParseError as exc:
        raise DigitalLinkError(f"Invalid value for AI ({ai}): {value!r}.") from exc
    if es.gtin_error:
        raise DigitalLinkError(es.gtin_error)
    return es


def path_for(gtin: str, *, lot: str | None = None, serial: str | None = None, variant: str | None = None,
             expiry: dt.date | None = None) -> str:
    """The Digital Link path and query (`/01/…[?17=…]`), without domain."""
    elements = [_element("01", gtin14(gtin))]
    if variant:
        elements.append(_element("22", variant))
    if lot:
        elements.append(_element("10", lot))
    if serial:
        elements.append(_element("21", serial))
    if expiry:
        elements.append(_element("17", expiry.strftime("%y%m%d")))
    uri = GS1DigitalLinkURI.from_element_strings(GS1ElementStrings(elements)).as_uri(domain="example.invalid")
    parts = urlsplit(uri)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def build(base_url: str, gtin: str, *, lot: str | None = None, serial: str | None = None, variant: str | None = None,
          expiry: dt.date | None = None) -> str:
    """The GS1 Digital Link URI on the platform's domain: BASE_URL (scheme, host, optional path) + the path."""
    return base_url.rstrip("/") + path_for(gtin, lot=lot, serial=serial, variant=variant, expiry=expiry)


def parse(value: str) -> DigitalLink:
    """Parse a Digital Link URI, or a path beginning at `/01/` (as a resolver receives it, still
    percent-encoded). Padding, check digits, qualifier order and value syntax are checked; the error says
    why in the reader's language (the resolver's page shows it)."""
    text = (value or "").strip()
    if len(text) > 2048:
        raise DigitalLinkError(_("The URI is too long."))
    if text.startswith("/"):
        text = "https://resolver.invalid" + text
    try:
        parsed = GS1DigitalLinkURI.parse(text)
    except ParseError as exc:
        raise DigitalLinkError(_("The GTIN or a qualifier is malformed: check the digits, the check digit and the "
                                 "order of the parts.")) from exc
    except (ValueError, IndexError, KeyError) as exc:  # malformed percent-encoding and the like
        raise DigitalLinkError(_("This is not a GS1 Digital Link URI.")) from exc
    found: dict[str, str] = {}
    dates: dict[str, dt.date | None] = {}
    for es in parsed.element_strings:
        if es.gtin_error:
            raise DigitalLinkError(_("The GTIN is not valid: check its length and its check digit."))
        found[es.ai.ai] = es.value
        dates[es.ai.ai] = es.date
    if "01" not in found:
        raise DigitalLinkError(_("Only GTIN (01) Digital Links are resolved here."))
    query = dict(parse_qsl(urlsplit(text).query, keep_blank_values=True))
    attributes = {k: v for k, v in query.items() if k.isdigit()}
    params = {k: v for k, v in query.items() if not k.isdigit()}
    return DigitalLink(gtin=found["01"], lot=found.get("10"), serial=found.get("21"), variant=found.get("22"),
                       expiry=dates.get("17"), attributes=attributes, params=params)


def internal_uri(base_url: str, lot_id: int) -> str:
    """The platform's own identifier URI for a lot of a listing without a GTIN (not a GS1 Digital Link)."""
    return f"{base_url.rstrip('/')}/trace/lots/{int(lot_id)}"


def canonical(gtin: str, lot: str | None = None) -> str:
    """The canonical GS1 Digital Link (domain id.gs1.org), used as the identifier in EPCIS events."""
    return "https://id.gs1.org" + path_for(gtin, lot=lot)
