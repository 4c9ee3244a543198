"""The web edge kit: what domains plug into pages, and helpers shared by HTML views and templates.

Registries (filled from each domain's `init_app`, read by the shell pages in `app/main`, so domains
never import `app/main`): navigation links by audience (`add_nav`), home-page sections
(`add_home_section`), dashboard panels (`add_dashboard_panel`), public profile sections
(`add_profile_section`). Helpers: the current `actor()`, form error mapping, safe redirects.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

from . import registries, vn
from .l10n import (format_day, format_decimal_places, format_filesize, format_number, format_percent,
                   format_quantity, format_time, format_vnd)
from .permissions import Actor

NAV = "web.nav"
HOME_SECTIONS = "web.home_sections"
DASHBOARD_PANELS = "web.dashboard_panels"
PROFILE_SECTIONS = "web.profile_sections"
STRUCTURED_DATA = "web.structured_data"
PROFILE_ACTIONS = "web.profile_actions"
Section = Callable[..., "dict | None"]


@dataclass(frozen=True)
class NavLink:
    endpoint: str
    label: object
    audiences: tuple[str, ...]
    order: int


def add_nav(app: Flask, endpoint: str, label, *audiences: str, order: int = 100) -> None:
    """A navigation link for audiences: 'public' (header, everyone), 'footer' (page footer, everyone),
    'member' (any signed-in user), an
    org kind like 'producer', 'verifier', 'admin'. Shown by ascending `order`, then registration order."""
    registries.put(app, NAV, endpoint, NavLink(endpoint, label, audiences or ("public",), order))


def add_home_section(app: Flask, fn: Section) -> None:
    """fn() → {"template": "...", ...context} or None; included on the home page."""
    registries.add(app, HOME_SECTIONS, fn, name=registries.name_of(fn))


def add_dashboard_panel(app: Flask, fn: Section) -> None:
    """fn(actor) → {"template": "...", ...context} or None when not relevant to this actor."""
    registries.add(app, DASHBOARD_PANELS, fn, name=registries.name_of(fn))


def add_profile_section(app: Flask, fn: Section) -> None:
    """fn(organisation, actor) → {"template": "...", ...context} or None; on the public organisation profile."""
    registries.add(app, PROFILE_SECTIONS, fn, name=registries.name_of(fn))


def add_profile_action(app: Flask, fn: Section) -> None:
    """fn(organisation, actor) → {"template": "...", ...context} or None; buttons in the profile's header
    (on the public profile and the producer's storefront)."""
    registries.add(app, PROFILE_ACTIONS, fn, name=registries.name_of(fn))


def add_structured_data(app: Flask, endpoint: str, fn: Callable[..., "dict | None"]) -> None:
    """fn(**view_args) → a JSON-LD document (dict) describing what the page at `endpoint` shows, or None;
    written into the page's <head> as <script type="application/ld+json">. Only what the page shows publicly."""
    registries.add(app, STRUCTURED_DATA, (endpoint, fn), name=f"{endpoint}:{registries.name_of(fn)}")


def structured_data() -> list[dict]:
    """JSON-LD documents for the current page (evaluated when the page's <head> is rendered)."""
    if not has_request_context() or request.endpoint is None:
        return []
    docs = []
    for endpoint, fn in registries.items(STRUCTURED_DATA):
        if endpoint == request.endpoint:
            doc = fn(**(request.view_args or {}))
            if doc:
                docs.append(doc)
    return docs


def _nav() -> list[NavLink]:
    return sorted(registries.mapping(NAV).values(), key=lambda link: link.order)  # stable: registration order


def nav_links(actor: Actor) -> list[tuple[str, object]]:
    """Public sections, shown to everyone in the header."""
    return [(n.endpoint, n.label) for n in _nav() if "public" in n.audiences]


def footer_links() -> list[tuple[str, object]]:
    """Links in the page footer (audience 'footer'): open data, API reference…"""
    return [(n.endpoint, n.label) for n in _nav() if "footer" in n.audiences]


def workspace_links(actor: Actor) -> list[tuple[str, object]]:
    """The signed-in user's own pages, by organisation kind and platform role (second navigation bar)."""
    if not actor.is_authenticated:
        return []
    audiences = {"member"}  # never "public" or "footer": those have their own places
    if actor.org is not None:
        audiences.add(actor.org.kind.value)
    if actor.is_verifier:
        audiences.add("verifier")
    if actor.is_admin:
        audiences.add("admin")
    return [(n.endpoint, n.label) for n in _nav() if "public" not in n.audiences and audiences.intersection(n.audiences)]


def home_sections() -> list[dict]:
    return [s for s in (fn() for fn in registries.items(HOME_SECTIONS)) if s]


def dashboard_panels(actor) -> list[dict]:
    return [p for p in (fn(actor) for fn in registries.items(DASHBOARD_PANELS)) if p]


def profile_sections(org, actor) -> list[dict]:
    return [s for s in (fn(org, actor) for fn in registries.items(PROFILE_SECTIONS)) if s]


def profile_actions(org, actor) -> list[dict]:
    return [s for s in (fn(org, actor) for fn in registries.items(PROFILE_ACTIONS)) if s]


def actor() -> Actor:
    """The signed-in user's Actor; anonymous outside requests (CLI jobs rendering e-mails)."""
    if not has_request_context() or current_user is None:
        return Actor(None)
    return Actor.for_user(current_user if current_user.is_authenticated else None)


def apply_errors(form, error) -> None:
    """Copy a ValidationFailed's field messages onto a WTForms form (`params.recycled_min` → `recycled_min`)."""
    for name, messages in (error.fields or {}).items():
        field = getattr(form, name, None)
        if field is None and "." in name:
            field = getattr(form, name.rsplit(".", 1)[1], None)
        msgs = messages if isinstance(messages, list) else [str(messages)]
        if field is not None:
            field.errors = list(field.errors or []) + [str(m) for m in msgs]
        else:
            form.form_errors.extend(str(m) for m in msgs)
    if error.message and not error.fields:
        form.form_errors.append(error.message)


def flash_error(error) -> None:
    """A refused action on a page without its own form (a button): the error and each field's message,
    as one flash ("Please correct the highlighted fields. Note: at most 200 characters.")."""
    from flask import flash

    messages = [str(m) for ms in (error.fields or {}).values() for m in (ms if isinstance(ms, list) else [ms])]
    flash(" ".join([str(error.message)] + [m for m in messages if m != str(error.message)]), "error")


from .security import safe_next  # noqa: E402,F401  (one safe_next for every redirect)


def install_template_helpers(app: Flask) -> None:
    @app.context_processor
    def _inject():
        from .notifications.services import unread_count

        a = actor()
        return {
            "actor": a,
            "nav_links": nav_links(a) if has_request_context() else [],
            "workspace_links": workspace_links(a) if has_request_context() else [],
            "footer_links": footer_links(),
            "current_locale": str(get_locale()),
            "unread_notifications": unread_count(a.user_id) if a.is_authenticated else 0,
            "province_name": vn.province_name,
        }

    from . import display

    display.install(app)  # {{ value|display }}: the display name of an enum member or code
    app.jinja_env.filters["vnd"] = format_vnd  # '1.234.567 ₫' (vi) / '1,234,567 ₫' (en)
    app.jinja_env.filters["num"] = format_number  # a quantity as the locale writes it
    # times (stored naive UTC) in Vietnam time, dates, shares, quantities with units, file sizes — per locale
    app.jinja_env.filters["dt"] = lambda v, fmt="short": format_time(v, fmt=fmt)  # '30/11/2026 14:30'
    app.jinja_env.filters["day"] = lambda v, fmt="short": format_day(v, fmt=fmt)  # '30/11/2026' / '11/30/2026'
    app.jinja_env.filters["pct"] = lambda v, places=1: format_percent(v, places=places)  # 6.5 → '6,5%' / '6.5%' (CLDR via Babel); {{ x|pct(0) }}
    app.jinja_env.filters["qty"] = format_quantity  # {{ n|qty(unit) }} → '200.000 cái' / '200,000 piece'
    app.jinja_env.filters["filesize"] = format_filesize  # 392 → '392 B', never '0 KB'
    app.jinja_env.filters["dec"] = format_decimal_places  # {{ 1.41|dec(1) }} → '1,4' / '1.4'
    app.jinja_env.globals["lang_url"] = _lang_url
    app.jinja_env.globals["structured_data"] = structured_data


def _lang_url(lang: str) -> str:
    args = request.args.to_dict()
    args["lang"] = lang
    from urllib.parse import urlencode

    return f"{request.path}?{urlencode(args)}"
