"""/api/v1: flask-smorest Api (OpenAPI document at /api/v1/openapi.json), bearer-token auth,
pagination helpers and the shared error shape.

`create_app` builds one Api per app (`init_api`); domains add their resources from their `init_app` with
`register_api(app, blp)` (CSRF-exempt: the API authenticates with bearer tokens, not cookies). The
accounts domain tells the kit how to read a token with `set_token_resolver(app, fn)`.
"""
from __future__ import annotations

import functools

import marshmallow as ma
from flask import Flask, g, request
from flask_babel import gettext as _
from flask_smorest import Api as _Api
from flask_smorest import Blueprint as _Blueprint
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema, fields
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import MultiDict

from .. import registries
from ..errors import Unauthorized
from ..pagination import PageArgsSchema, SearchPageArgsSchema  # noqa: F401  (the API's paging arguments)
from ..permissions import Actor


# Query parameters every page and endpoint accepts (handled before the endpoint: the language).
GLOBAL_QUERY_ARGS = frozenset({"lang"})


class StrictQueryParser(FlaskParser):
    """Unknown query parameters are an error, not silently ignored: 422 whose field message names
    the accepted parameters.  Set once for every flask-smorest blueprint (below)."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": ma.RAISE, "querystring": ma.RAISE}

    def load_querystring(self, req, schema):
        args = MultiDict([(k, v) for k, v in req.args.items(multi=True) if k not in GLOBAL_QUERY_ARGS])
        return self._makeproxy(args, schema)

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        messages = error.messages if isinstance(error.messages, dict) else {}
        accepted = sorted((f.data_key or name) for name, f in schema.fields.items() if not f.dump_only)
        unknown_msg = {**ma.Schema._default_error_messages, **schema.error_messages}["unknown"]
        for location in ("query", "querystring"):
            for key, msgs in list((messages.get(location) or {}).items()):
                if isinstance(msgs, list) and unknown_msg in msgs and key not in schema.fields:
                    messages[location][key] = [_("Unknown parameter. Accepted: %(names)s.", names=", ".join(accepted))]
        return super().handle_error(error, req, schema, error_status_code=error_status_code,
                                    error_headers=error_headers)


_Blueprint.ARGUMENTS_PARSER = StrictQueryParser()


class Api(_Api):
    """The OpenAPI document is built once per process, at the first request that needs it (every domain
    has registered its resources by then) and kept, as a dict and as JSON; registering another
    blueprint afterwards (tests do) starts again."""

    _spec_dict: dict | None = None
    _spec_json: str | None = None

    def _register_error_handlers(self):
        """Errors are rendered by app.errors for both HTML and JSON (one shape everywhere)."""

    def register_blueprint(self, blp, *, parameters=None, **options):
        self._spec_dict = self._spec_json = None
        return super().register_blueprint(blp, parameters=parameters, **options)

    def spec_dict(self) -> dict:
        """The OpenAPI document (shared: read it, never change it)."""
        if self._spec_dict is None:
            self._spec_dict = self.spec.to_dict()
        return self._spec_dict

    def _openapi_json(self):
        """/api/v1/openapi.json from the document serialised once (flask-smorest rebuilds it per request)."""
        from flask import current_app, json

        text = self._spec_json
        if text is None:
            text = self._spec_json = json.dumps(self.spec_dict(), indent=2, sort_keys=False)
        return current_app.response_class(text, mimetype="application/json")


def _schema_name(schema) -> str:
    """OpenAPI component names: the class name without 'Schema', with 'Patch' for partial variants."""
    from apispec.ext.marshmallow.common import resolve_schema_cls

    cls = resolve_schema_cls(schema)
    name = cls.__name__.removesuffix("Schema")
    if not isinstance(schema, type) and getattr(schema, "partial", False):
        name += "Patch"
    return name


TOKEN_RESOLVER = "api.token_resolver"


def init_api(app: Flask) -> Api:
    """The app's own Api (OpenAPI document, spec); resources are added with `register_api`."""
    from .. import validation

    plugin = MarshmallowPlugin(schema_name_resolver=_schema_name)
    api = Api(spec_kwargs={
        "marshmallow_plugin": plugin,
        "info": {"description": "GreenConnect (Kết Nối Xanh) public and partner API. Authenticate with "
                                "`Authorization: Bearer <token>` from `POST /api/v1/auth/tokens`."},
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
    })
    api.init_app(app)
    # the input schemas' fields, as OpenAPI types (numbers and dates also come as locale strings)
    for field, kind in ((validation.Text, ("string", None)), (validation.Choice, ("string", None)),
                        (validation.Province, ("string", None)), (validation.Codes, ("array", None)),
                        (validation.Ids, ("array", None)), (validation.Flag, ("boolean", None)),
                        (validation.Number, ("number", None)), (validation.Date, ("string", "date"))):
        plugin.map_to_openapi_type(field, *kind)
    install_api_guards(app)
    return api


def input_body(blp, schema, *, example: dict | None = None):
    """Document `schema` (the service's input schema) as the JSON request body and hand the view the body
    as sent: the service validates it with that same schema, exactly as it does a form's fields."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, json_body(), **kwargs)

        content: dict = {"schema": schema}
        if example is not None:
            content["example"] = example
        return blp.doc(requestBody={"required": True, "content": {"application/json": content}})(wrapper)

    return decorator


def json_body() -> dict:
    """The request's JSON object (empty when there is no body); 422 when it is not a JSON object."""
    if not request.get_data(cache=True):
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        from ..errors import ValidationFailed

        raise ValidationFailed(_("Send the fields as a JSON object."), {"_body": [_("Send the fields as a JSON object.")]})
    return data


def register_api(app: Flask, blp) -> None:
    """Add a flask-smorest Blueprint to the app's /api/v1 (and its OpenAPI document)."""
    from ..extensions import csrf

    csrf.exempt(blp)  # the API authenticates with bearer tokens, not cookies
    app.extensions["flask-smorest"]["apis"][""]["ext_obj"].register_blueprint(blp)
    registries.of(app).record("api", blp.name)


def set_token_resolver(app: Flask, fn) -> None:
    """fn(token) → the user it authenticates, or None (registered by accounts)."""
    registries.put(app, TOKEN_RESOLVER, "resolver", fn)

BEARER = [{"bearerAuth": []}]


class ErrorBodySchema(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(keys=fields.String(), required=True)


class ApiErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


def current_actor() -> Actor:
    """Actor from the bearer token (None user when no token). A bad token is always 401."""
    if "api_actor" in g:
        return g.api_actor
    header = request.headers.get("Authorization", "")
    user = None
    if header:
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized(_("Use 'Authorization: Bearer <token>'."))
        resolver = registries.mapping(TOKEN_RESOLVER).get("resolver")
        user = resolver(token.strip()) if resolver is not None else None
        if user is None:
            raise Unauthorized(_("The token is invalid or expired."))
    g.api_actor = Actor.for_user(user)
    return g.api_actor


def auth_required(view):
    """Require a valid bearer token; the view receives `actor` as first argument. The requirement is
    also checked before the request body or query string is parsed (`install_api_guards`), so an
    anonymous caller gets 401 whatever it sends."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        actor = current_actor()
        if not actor.is_authenticated:
            raise Unauthorized(_("Authentication is required."))
        return view(actor, *args, **kwargs)

    wrapper.auth_required = True  # functools.wraps carries it up through flask-smorest's decorators
    return wrapper


def auth_optional(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        return view(current_actor(), *args, **kwargs)

    return wrapper


def document_errors(blp, *codes: int):
    """Attach the shared error schema to an endpoint's OpenAPI description."""

    def decorator(view):
        for code in codes:
            view = blp.alt_response(code, schema=ApiErrorSchema, description="Error")(view)
        return view

    return decorator


def raw_body(view):
    """Mark an API view that reads its own body (e.g. CSV or JSON lines uploads) and enforces its own
    size limit and content types: the JSON-only guards below leave it alone. Put it directly under
    `@blp.route`."""
    view.raw_body = True
    return view


def install_api_guards(app) -> None:
    from ..inputs import install_json_guard

    @app.before_request
    def _authenticate_first():
        """Endpoints that need a token check it before anything reads the body."""
        view = app.view_functions.get(request.endpoint or "")
        if request.path.startswith("/api/") and getattr(view, "auth_required", False):
            if not current_actor().is_authenticated:
                raise Unauthorized(_("Authentication is required."))
        return None

    @app.before_request
    def _limit_json_body():
        if not request.path.startswith("/api/"):
            return None
        if getattr(app.view_functions.get(request.endpoint or ""), "raw_body", False):
            return None
        length = request.content_length
        if length is not None and length > app.config["MAX_JSON_BYTES"] and not request.mimetype.startswith("multipart/"):
            from werkzeug.exceptions import RequestEntityTooLarge

            raise RequestEntityTooLarge()
        if request.method in ("POST", "PUT", "PATCH") and request.content_length and request.mimetype not in (
                "application/json", "multipart/form-data"):
            from ..errors import DomainError

            err = DomainError(_("Send the body as application/json."), {"_body": [_("Unsupported content type.")]})
            err.status, err.code = 415, "unsupported_media_type"
            raise err
        return None

    install_json_guard(app)  # after the gates above: size, content type and authentication come first


def page_body(pagination, item_schema) -> dict:
    return {
        "items": item_schema.dump(pagination.items, many=True),
        "total": pagination.total,
        "page": pagination.page,
        "per_page": pagination.per_page,
        "pages": pagination.pages,
    }
