"""Helpers shared by HTML views and templates: navigation by role, form error mapping, paging."""
from __future__ import annotations

from flask import Flask, has_request_context, request
from flask_babel import format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from . import vn
from .permissions import Actor

NAV_BY_KIND = {
    # (endpoint, label) pairs; domains extend this at import time with `add_nav`.
    "anonymous": [],
    "any": [],
}
_NAV: list[tuple[str, object, tuple[str, ...], int]] = []


def add_nav(endpoint: str, label, *audiences: str, order: int = 100) -> None:
    """Register a navigation link for audiences: 'public', 'member', an org kind, 'verifier', 'admin'.
    Links are shown by ascending `order`, then registration order."""
    if all(item[0] != endpoint for item in _NAV):
        _NAV.append((endpoint, label, audiences or ("public",), order))
        _NAV.sort(key=lambda item: item[3])


def nav_links(actor: Actor) -> list[tuple[str, object]]:
    """Public sections, shown to everyone in the header."""
    return [(e, label) for e, label, aud, _order in _NAV if "public" in aud]


def workspace_links(actor: Actor) -> list[tuple[str, object]]:
    """The signed-in user's own pages, by organisation kind and platform role (second navigation bar)."""
    if not actor.is_authenticated:
        return []
    audiences = {"member"}
    if actor.org is not None:
        audiences.add(actor.org.kind.value)
    if actor.is_verifier:
        audiences.add("verifier")
    if actor.is_admin:
        audiences.add("admin")
    return [(e, label) for e, label, aud, _order in _NAV if "public" not in aud and audiences.intersection(aud)]


def actor() -> Actor:
    """The signed-in user's Actor; anonymous outside requests (CLI jobs rendering e-mails)."""
    if not has_request_context() or current_user is None:
        return Actor(None)
    return Actor.for_user(current_user if current_user.is_authenticated else None)


def apply_errors(form, error) -> None:
    """Copy a ValidationFailed's field messages onto a WTForms form."""
    for name, messages in (error.fields or {}).items():
        field = getattr(form, name, None)
        msgs = messages if isinstance(messages, list) else [str(messages)]
        if field is not None:
            field.errors = list(field.errors or []) + [str(m) for m in msgs]
        else:
            form.form_errors.extend(str(m) for m in msgs)
    if error.message and not error.fields:
        form.form_errors.append(error.message)


from .security import safe_next  # noqa: E402,F401  (one safe_next for every redirect)


def format_vnd(amount) -> str:
    if amount is None:
        return ""
    return f"{int(round(amount)):,}".replace(",", ".") + " ₫"


def install_template_helpers(app: Flask) -> None:
    @app.context_processor
    def _inject():
        from .notifications.services import unread_count

        a = actor()
        return {
            "actor": a,
            "nav_links": nav_links(a) if has_request_context() else [],
            "workspace_links": workspace_links(a) if has_request_context() else [],
            "current_locale": str(get_locale()),
            "unread_notifications": unread_count(a.user_id) if a.is_authenticated else 0,
            "province_name": vn.province_name,
        }

    app.jinja_env.filters["vnd"] = format_vnd
    app.jinja_env.filters["dt"] = lambda v, fmt="short": format_datetime(v, fmt) if v else ""
    app.jinja_env.globals["lang_url"] = _lang_url


def _lang_url(lang: str) -> str:
    args = request.args.to_dict()
    args["lang"] = lang
    from urllib.parse import urlencode

    return f"{request.path}?{urlencode(args)}"
