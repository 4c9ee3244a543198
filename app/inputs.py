"""Input hardening at the edge, once for every route: whatever arrives, the answer is a 4xx, never a 500.

- **Ids in URLs** (`<int:…>`): the `int` converter accepts 1 … 2³¹−1 only (what every database id column
  holds); anything else — 0, negative, 2⁶⁴, a thousand digits, letters — matches no route: 404.
- **Ids and numbers in query strings and bodies**: the `Id` field (1 … 2³¹−1) for every reference to a
  row; JSON numbers beyond 64 bits, NaN and infinities are refused while the body is parsed.
- **JSON bodies** are parsed once here before any view: nesting deeper than `MAX_JSON_DEPTH` is a 400
  (100,000 levels used to raise RecursionError), a lone surrogate (`"\\ud800"`, not Unicode) or a NUL
  character in any string is a 422 naming the field.
- **Query strings and form fields** with a NUL character are a 422 (PostgreSQL cannot store or even
  compare such text; SQLite stored it silently).
- **Before every flush** each new or changed row is checked against its columns: integers within the
  column type's range and text without NUL or lone surrogates, so a value from any source (CSV import,
  CLI, a form) is a 422 on both databases instead of a driver error on one of them.
- As a last line, a driver `DataError` / `OverflowError` is answered 422, not 500.
- `like_pattern(text)` escapes `%`, `_` and `\\` for the plain (non-engine) LIKE filters.
"""
from __future__ import annotations

import json
import math
from typing import Any

from flask import Flask, current_app, redirect, request
from flask_babel import gettext as _
from marshmallow import fields, validate
from werkzeug.exceptions import BadRequest, HTTPException, NotFound
from werkzeug.routing import IntegerConverter

from .errors import ValidationFailed

MAX_ID = 2**31 - 1  # PostgreSQL `integer` (SQLAlchemy Integer) and every id column
MAX_JSON_DEPTH = 32
INT64 = 2**63

__all__ = ["MAX_ID", "MAX_JSON_DEPTH", "Id", "IdConverter", "install_input_guards", "install_json_guard",
           "LIKE_ESCAPE", "like_pattern", "like_prefix", "load_json", "text_problem"]


class IdConverter(IntegerConverter):
    """`<int:name>` for row ids: 1 … MAX_ID, at most 10 digits (a longer run of digits does not even
    reach int())."""

    regex = r"[0-9]{1,10}"  # ASCII digits only (`\\d` would let `/orgs/１` alias `/orgs/1`)

    def __init__(self, map, fixed_digits: int = 0, min: int | None = 1, max: int | None = MAX_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=False)


class Id(fields.Integer):
    """A reference to a row (query string or body): an integer 1 … MAX_ID, else a 422 for that field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Range(min=1, max=MAX_ID))
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        if isinstance(value, str):  # query strings: digits only, and not a million of them
            value = value.strip()
            if not (value.isascii() and value.isdigit() and len(value) <= 10):
                raise self.make_error("invalid")
            value = int(value)
        return super()._deserialize(value, attr, data, **kwargs)


def text_problem(value: str) -> str | None:
    """Why `value` cannot be stored as text (a NUL character, or a lone surrogate), else None."""
    if "\x00" in value:
        return _("The text contains a NUL character, which is not allowed.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("The text is not valid Unicode (it contains an unpaired surrogate).")
    return None


class _TooDeep(Exception):
    pass


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def load_json(raw: bytes | str) -> Any:
    """Parse a JSON document with the limits above; raise BadRequest (400) or ValidationFailed (422)."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        raise BadRequest(_("The JSON body is nested too deeply (at most %(n)d levels).", n=MAX_JSON_DEPTH))
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
        raise BadRequest(str(exc)[:200])
    problems = _check_tree(data)
    if problems:
        raise ValidationFailed(_("Please correct the highlighted fields."), problems)
    return data


def _check_tree(data: Any) -> dict[str, list[str]]:
    """Walk the document without recursion: depth, integers, strings (keys too)."""
    problems: dict[str, list[str]] = {}
    stack: list[tuple[Any, str, int]] = [(data, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise BadRequest(_("The JSON body is nested too deeply (at most %(n)d levels).", n=MAX_JSON_DEPTH))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                child = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and (why := text_problem(key)):
                    problems.setdefault(path or "_body", []).append(why)
                    continue
                stack.append((item, child, depth + 1))
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int):
            if not -INT64 <= value < INT64:
                problems.setdefault(path or "_body", []).append(_("The number is out of range."))
        elif isinstance(value, str) and (why := text_problem(value)):
            problems.setdefault(path or "_body", []).append(why)
    return problems


def _is_json() -> bool:
    mt = request.mimetype or ""
    return mt == "application/json" or (mt.startswith("application/") and mt.endswith("+json"))


LIKE_ESCAPE = "\\"


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(text: str) -> str:
    """`%text%` for `column.ilike(like_pattern(q), escape=LIKE_ESCAPE)`: the user's `%`, `_` and `\\`
    match themselves (unescaped, `%` matched every row)."""
    return f"%{_like_escape(text)}%"


def like_prefix(text: str) -> str:
    """`text%` (escaped the same way): rows starting with `text`."""
    return f"{_like_escape(text)}%"


def install_input_guards(app: Flask) -> None:
    """Call once, before blueprints are registered (the `int` converter is read when rules are added)."""
    import sqlalchemy.exc
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    app.url_map.converters["int"] = IdConverter

    @app.before_request
    def _guard_inputs():
        for where in (request.args, request.form if request.mimetype in (
                "application/x-www-form-urlencoded", "multipart/form-data") else None):
            if not where:
                continue
            bad = {key: [text_problem(v) or ""] for key, values in where.lists() for v in values
                   if "\x00" in v or "\x00" in key}
            if bad:
                raise ValidationFailed(_("Please correct the highlighted fields."), bad)
        return None

    @app.before_request
    def _canonical_without_trailing_slash():
        """`/procurement/` → 301 to `/procurement` (query kept) when only the address without the slash exists;
        Werkzeug's strict_slashes only redirects the other way. Unknown addresses stay 404."""
        path = request.path
        if not isinstance(request.routing_exception, NotFound) or not path.endswith("/") or path.startswith("//"):
            return None
        target = path.rstrip("/")
        if not target:
            return None
        try:
            app.create_url_adapter(request).match(target, method=request.method)
        except HTTPException:  # no such rule either (or one that would redirect again): stay 404
            return None
        query = request.query_string.decode("latin-1")
        return redirect(request.script_root + target + (f"?{query}" if query else ""),
                        code=301 if request.method in ("GET", "HEAD") else 308)

    @app.errorhandler(sqlalchemy.exc.DataError)
    @app.errorhandler(OverflowError)
    def _out_of_range(error):
        from .errors import json_error, wants_json
        from .extensions import db

        db.session.rollback()
        current_app.logger.warning("value refused by the database: %s", str(error).splitlines()[0][:200])
        message = _("A value is out of range or not allowed.")
        if wants_json():
            return json_error(422, "validation_failed", message, {})
        from flask import render_template

        return render_template("errors/error.html", status=422, title=_("Error"), message=message), 422

    event.listen(Session, "before_flush", _check_rows)


def install_json_guard(app: Flask) -> None:
    """Parse every JSON body with `load_json` before the view (after the API's authentication gate, which
    is installed first: an anonymous caller gets its 401 without the body being looked at)."""

    @app.before_request
    def _guard_json_body():
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and _is_json() and request.content_length != 0:
            raw = request.get_data(cache=True)
            if raw:
                load_json(raw)
        return None


_INT_BOUNDS = {"SmallInteger": 2**15, "Integer": 2**31, "BigInteger": 2**63}


def _int_bound(col_type) -> int | None:
    for cls in type(col_type).__mro__:
        if cls.__name__ in _INT_BOUNDS:
            return _INT_BOUNDS[cls.__name__]
    return None


def _check_rows(session, flush_context, instances) -> None:
    """Every new or changed row: integers inside their column type, text storable on both databases."""
    from sqlalchemy import String, inspect as sa_inspect

    problems: dict[str, list[str]] = {}
    for obj in list(session.new) + list(session.dirty):
        state = sa_inspect(obj)
        for attr in state.mapper.column_attrs:
            if attr.key not in state.dict:
                continue
            value = state.dict[attr.key]
            if value is None or isinstance(value, bool):
                continue
            col_type = attr.columns[0].type
            if isinstance(value, int):
                bound = _int_bound(col_type)
                if bound is not None and not -bound <= value < bound:
                    problems.setdefault(attr.key, []).append(_("The number is out of range."))
            elif isinstance(value, str) and isinstance(col_type, String):
                why = text_problem(value)
                if why:
                    problems.setdefault(attr.key, []).append(why)
    if problems:
        raise ValidationFailed(_("Please correct the highlighted fields."), problems)
