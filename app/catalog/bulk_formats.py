"""Reading a bulk listing file (CSV, JSON lines or a JSON array) into rows for `bulk.import_listings`.

Every row becomes a dict in the shape of the single-listing API body (`POST /api/v1/listings`), so
the same schema validates both. Problems with the file as a whole (not UTF-8, unknown columns, not
JSON lines) raise `FileProblem` (422); problems with one cell stay with its row.

CSV: a header row with the column names below (any order, `sku` required), separated by commas,
semicolons or tabs (the header decides); cells may be quoted. Row 1 is the header, so the first
product is row 2, as a spreadsheet shows it. An empty cell means the field is empty. Numbers are read
like the listing form reads them, in the request's language (Vietnamese: `5.000` = five thousand,
`2,5` = 2.5), yes/no cells accept `true/false`, `1/0`, `yes/no`, `có/không`, lists are separated by
`,` `;` or `|`, and
`price_tiers` is `min_qty:price` pairs, e.g. `1000:1800; 50000:1500`. `price_vnd` is a shorthand for
one tier starting at the minimum order.

JSON lines: one JSON object per line with the API's field names (blank lines are skipped; the row
number is the line number). A JSON array of such objects is read the same way (row = position).
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from ..errors import DomainError, ValidationFailed

COLUMNS = ("sku", "title", "title_en", "description", "description_en", "category", "material", "recycled_pct",
           "compostable", "biodegradable", "origin_province", "unit", "moq", "capacity_month", "lead_time_days",
           "unit_weight_kg", "export_markets", "gtin", "price_tiers", "price_vnd", "status")
BOOLEANS = ("compostable", "biodegradable")
CSV_TYPES = ("text/csv", "application/csv", "text/comma-separated-values", "application/vnd.ms-excel")
JSONL_TYPES = ("application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
               "application/json-lines", "application/jsonlines")
TRUE = {"true", "1", "yes", "y", "x", "có", "co", "đúng"}
FALSE = {"false", "0", "no", "n", "không", "khong", "sai", ""}  # anything else goes to the schema (one message)
_SPLIT = re.compile(r"[,;|]")
MAX_CELL = 20_000


class TooLarge(DomainError):
    """More rows or bytes than one import takes (413)."""

    status = 413
    code = "payload_too_large"


def too_many_rows(limit: int) -> TooLarge:
    message = _("At most %(n)d rows per import; split the file.", n=limit)
    return TooLarge(message, {"file": [message]})


class FileProblem(ValidationFailed):
    """The file as a whole cannot be read (422, field `file`)."""

    def __init__(self, message: str):
        super().__init__(message, {"file": [message]})


@dataclass
class Row:
    row: int
    data: dict[str, Any]
    errors: dict[str, list[str]] = field(default_factory=dict)

    def err(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def detect_format(mimetype: str, filename: str = "") -> str | None:
    name = (filename or "").lower()
    if mimetype in CSV_TYPES or name.endswith(".csv"):
        return "csv"
    if mimetype in JSONL_TYPES or name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if mimetype == "application/json" or name.endswith(".json"):
        return "json"
    return None


def parse(raw: bytes, fmt: str, *, max_rows: int | None = None) -> list[Row]:
    """The file's rows; `too_many_rows` (413) as soon as there are more than `max_rows`."""
    rows = _parse(raw, fmt, max_rows)
    if max_rows is not None and len(rows) > max_rows:
        raise too_many_rows(max_rows)
    return rows


def _parse(raw: bytes, fmt: str, max_rows: int | None) -> list[Row]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(_("The file must be UTF-8 text (save the spreadsheet as “CSV UTF-8”).")) from None
    if "\x00" in text:
        raise FileProblem(_("This is not a text file."))
    if not text.strip():
        raise FileProblem(_("The file is empty."))
    cap = None if max_rows is None else max_rows + 1  # read one row past the limit, then stop
    if fmt == "csv":
        return _csv_rows(text, cap)
    if fmt == "jsonl":
        return _jsonl_rows(text, cap)
    return _json_rows(text)


# ------------------------------------------------------------------ JSON

def _object_row(n: int, value: Any) -> Row:
    if not isinstance(value, dict):
        r = Row(n, {})
        r.err("_row", _("Each row must be a JSON object with the listing's fields."))
        return r
    data = dict(value)
    r = Row(n, data)
    if "price_vnd" in data:
        _price_shorthand(r, data.pop("price_vnd"))
    return r


def _jsonl_rows(text: str, cap: int | None = None) -> list[Row]:
    stripped = text.lstrip()
    if stripped.startswith("["):  # a JSON array sent as JSON lines: read it as an array
        return _json_rows(text)
    rows: list[Row] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if cap is not None and len(rows) >= cap:
            break
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            r = Row(n, {})
            r.err("_row", _("This line is not valid JSON."))
            rows.append(r)
            continue
        rows.append(_object_row(n, value))
    if rows and all("_row" in r.errors for r in rows):
        raise FileProblem(_("The file is not JSON lines: put one JSON object per line."))
    return rows


def _json_rows(text: str) -> list[Row]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise FileProblem(_("The body is not valid JSON.")) from None
    if isinstance(value, dict) and isinstance(value.get("items"), list):
        value = value["items"]
    if not isinstance(value, list):
        raise FileProblem(_("Send a JSON array of listings, JSON lines or CSV."))
    return [_object_row(n, v) for n, v in enumerate(value, start=1)]


# ------------------------------------------------------------------ CSV

def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(text: str, cap: int | None = None) -> list[Row]:
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first), strict=False)
    try:
        header = next(reader)
    except (csv.Error, StopIteration):
        raise FileProblem(_("The first line must name the columns.")) from None
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    unknown = [h for h in names if h and h not in COLUMNS]
    if unknown:
        raise FileProblem(_("Unknown column(s): %(cols)s. Accepted columns: %(accepted)s.",
                            cols=", ".join(unknown[:10]), accepted=", ".join(COLUMNS)))
    if len(set(n for n in names if n)) != len([n for n in names if n]):
        raise FileProblem(_("A column appears twice in the header."))
    if "sku" not in names:
        raise FileProblem(_("The file needs a “sku” column: your own code for each product."))
    rows = []
    n = 1
    try:
        for record in reader:
            n += 1
            if cap is not None and len(rows) >= cap:
                break
            if not any(cell.strip() for cell in record):
                continue
            r = Row(n, {})
            if len(record) != len(names):
                r.err("_row", _("Expected %(n)d cells, found %(found)d.", n=len(names), found=len(record)))
                rows.append(r)
                continue
            for name, cell in zip(names, record):
                if name:
                    _cell(r, name, cell)
            rows.append(r)
    except csv.Error as exc:
        raise FileProblem(_("Row %(n)d cannot be read: %(detail)s", n=n + 1, detail=str(exc)[:200])) from None
    return rows


def _cell(r: Row, name: str, cell: str) -> None:
    """A cell as the listing form would send it (text; the schema reads numbers in the request's
    language); lists, yes/no in Vietnamese and price tiers get their structure here."""
    value = cell.strip()
    if len(value) > MAX_CELL:
        r.err(name, _("This cell is too long."))
        return
    if name in BOOLEANS:
        v = value.lower()
        r.data[name] = True if v in TRUE else False if v in FALSE else value
    elif name == "export_markets":
        r.data[name] = [m.strip() for m in _SPLIT.split(value) if m.strip()]
    elif name == "price_tiers":
        if value:
            _tiers(r, value)
    elif name == "price_vnd":
        if value:
            _price_shorthand(r, value)
    elif name == "status":
        if value:  # an empty status cell keeps the listing's status (new rows: draft)
            r.data[name] = value.lower()
    else:
        r.data[name] = value


def _tiers(r: Row, value: str) -> None:
    tiers = []
    for part in (p.strip() for p in value.split(";")):
        if not part:
            continue
        qty, sep, price = part.partition(":")
        if not sep or not qty.strip() or not price.strip():
            r.err("price_tiers", _("Write price tiers as quantity:price pairs separated by “;”, e.g. 1000:1800; 5000:1500."))
            return
        tiers.append({"min_qty": qty.strip(), "price_vnd": price.strip()})
    if "price_tiers" in r.data:
        r.err("price_tiers", _("Give either price_tiers or price_vnd, not both."))
        return
    r.data["price_tiers"] = tiers


def _price_shorthand(r: Row, value: Any) -> None:
    if "price_tiers" in r.data:
        r.err("price_tiers", _("Give either price_tiers or price_vnd, not both."))
        return
    r.data["price_tiers"] = [{"min_qty": None, "price_vnd": value}]  # from the minimum order (filled in later)


def too_large_bytes(limit: int) -> TooLarge:
    message = _("At most %(mb)s MB per import; split the file.", mb=f"{limit / 1024 / 1024:g}")
    return TooLarge(message, {"file": [message]})


def read_limited(stream, limit: int) -> bytes:
    """At most `limit` bytes of a stream; `too_large_bytes` (413) without reading further when it has more."""
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise too_large_bytes(limit)
    return raw


def template_csv() -> str:
    """A header and one example row, for the upload page's download link."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(COLUMNS)
    w.writerow(["HBM-750", "Hộp bã mía 750 ml có nắp", "Bagasse box 750 ml with lid",
                "Hộp đựng thức ăn từ bã mía, chịu nhiệt, phân huỷ sinh học.", "", "packaging.food_containers", "bã mía",
                "", "yes", "yes", "79", "piece", "1000", "200000", "7", "0.02", "EU;JP", "", "1000:1800; 50000:1500", "",
                "published"])
    return out.getvalue()
