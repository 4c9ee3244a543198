"""One family of domain errors, rendered as HTML pages or as API JSON.

API errors always look like `{"error": {"code", "message", "fields"}}`.
"""
from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str = "", fields: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Conflict(DomainError):
    status = 409
    code = "conflict"


_DEFAULT_MESSAGES = {
    400: ("bad_request", _l("The request could not be understood.")),
    401: ("unauthorized", _l("Authentication is required.")),
    403: ("forbidden", _l("You do not have permission to do this.")),
    404: ("not_found", _l("The requested resource was not found.")),
    405: ("method_not_allowed", _l("This method is not allowed here.")),
    409: ("conflict", _l("The request conflicts with the current state.")),
    413: ("payload_too_large", _l("The request body is too large.")),
    422: ("validation_failed", _l("Some fields are invalid.")),
    429: ("rate_limited", _l("Too many requests. Please wait and try again.")),
    500: ("server_error", _l("Something went wrong on our side.")),
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.startswith("/payments/stripe/")


def json_error(status: int, code: str, message: str, fields: dict | None = None):
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    return response


def _html_error(status: int, message: str):
    titles = {
        400: _("Bad request"),
        403: _("Access denied"),
        404: _("Page not found"),
        409: _("Not saved"),
        413: _("File or form too large"),
        429: _("Too many attempts"),
        500: _("Something went wrong"),
    }
    title = titles.get(status, _("Error"))
    return render_template("errors/error.html", status=status, title=title, message=message), status


# SQLSTATEs of a lost race on PostgreSQL: serialization failure, deadlock, lock not available.
_LOCK_SQLSTATES = {"40001", "40P01", "55P03"}


def lock_contention(error: OperationalError) -> bool:
    """Whether a database error means "another transaction holds what this one needs" (SQLite's
    "database is locked" after the busy timeout; a PostgreSQL deadlock or serialization failure)."""
    orig = getattr(error, "orig", None)
    if getattr(orig, "sqlstate", None) in _LOCK_SQLSTATES or getattr(orig, "pgcode", None) in _LOCK_SQLSTATES:
        return True
    return "database is locked" in str(orig) or "database table is locked" in str(orig)


def _conflict(message: str):
    if wants_json():
        return json_error(409, "conflict", message)
    return _html_error(409, message)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        from .extensions import db

        db.session.rollback()
        if wants_json():
            return json_error(error.status, error.code, error.message or str(_DEFAULT_MESSAGES.get(error.status, ("", ""))[1]), error.fields)
        return _html_error(error.status, error.message)

    @app.errorhandler(HTTPException)
    def handle_http_exception(error: HTTPException):
        status = error.code or 500
        code, default_message = _DEFAULT_MESSAGES.get(status, ("error", error.name))
        if wants_json():
            fields: dict = {}
            data = getattr(error, "data", None)  # webargs/marshmallow validation details
            if isinstance(data, dict) and "messages" in data:
                messages = data["messages"]
                # webargs nests by location ("json", _l("query")); flatten to field → messages
                for location_messages in messages.values():
                    if isinstance(location_messages, dict):
                        fields.update(location_messages)
                    else:
                        fields.setdefault("_schema", location_messages)
            message = str(default_message)
            if status == 400 and data is None and error.description:
                message = _("Malformed request body: %(detail)s", detail=error.description)
            response = json_error(status, code, message, fields)
            if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
                response.headers["Allow"] = ", ".join(error.valid_methods)
            return response
        return _html_error(status, str(default_message) if status != 404 else "")

    @app.errorhandler(IntegrityError)
    def handle_integrity_error(error: IntegrityError):
        # The database refused a change a concurrent request made impossible (a constraint is a rule's
        # last line, app/locking.py): the loser of the race gets a 409, not a 500.
        from .extensions import db

        db.session.rollback()
        app.logger.info("constraint refused a change: %s", error.orig)
        return _conflict(_("Someone else changed this at the same moment, so your change was not saved. "
                           "Reload the page and try again."))

    @app.errorhandler(OperationalError)
    def handle_operational_error(error: OperationalError):
        from .extensions import db

        db.session.rollback()
        if not lock_contention(error):
            app.logger.exception("Unhandled database error")
            if wants_json():
                return json_error(500, "server_error", str(_DEFAULT_MESSAGES[500][1]))
            return _html_error(500, "")
        app.logger.warning("lock contention: %s", error.orig)
        return _conflict(_("Many people are changing this right now, so your change was not saved. "
                           "Please try again in a moment."))

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        from .extensions import db

        app.logger.exception("Unhandled error")
        db.session.rollback()
        if wants_json():
            return json_error(500, "server_error", str(_DEFAULT_MESSAGES[500][1]))
        return _html_error(500, "")
