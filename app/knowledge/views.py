"""Public pages of the knowledge hub: the hub with its own search and facets, an item's page (guide,
good-practice model, event with registration and .ics), the user's events, and the sections other
domains show (search page, listing page, organisation profile, home page, dashboard)."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required

from .. import clock, vn
from ..errors import DomainError, ValidationFailed
from ..pagination import SEARCH_WINDOW, paged
from ..validation import load_what_is_valid
from ..web import actor
from . import services, taxonomy
from .documents import KnowledgeSearchUnavailable, hit, search_knowledge
from .forms import SimpleForm
from .ical import event_ics
from .render import markdown
from .schemas import KnowledgeSearchArgs
from .timez import fmt

bp = Blueprint("knowledge", __name__, url_prefix="/knowledge")
_MULTI = ("type", "sector", "province", "topic")


def _locale() -> str:
    return str(get_locale() or "vi")


@bp.app_template_filter("vn_time")
def _vn_time(value, pattern=None):
    """Vietnam time: the reader's language's date and time (app.l10n), or an explicit strftime pattern."""
    if pattern is None or pattern == "%d/%m/%Y %H:%M":
        from ..l10n import format_time

        return format_time(value, fmt="short") if value else ""
    if pattern == "%d/%m/%Y":
        from ..l10n import format_day

        return format_day(value, fmt="short") if value else ""
    return fmt(value, pattern)


@bp.app_template_filter("md")
def _md(text):
    return markdown(text)


def _ctx() -> dict:
    return {"tx": taxonomy, "locale": _locale(), "province_name": vn.province_name}


def _args() -> tuple[dict, dict]:
    raw: dict = {}
    for key in request.args:
        values = [v for v in request.args.getlist(key) if v != ""]
        if not values or key in ("lang", "page"):
            continue
        raw[key] = values if key in _MULTI else values[-1]
    return load_what_is_valid(KnowledgeSearchArgs, raw, unknown="exclude")


@bp.route("/")
def index():
    args, errors = _args()
    page, unavailable = None, False
    try:
        page = paged(lambda n: search_knowledge({**args, "page": n}), args["per_page"], window=SEARCH_WINDOW)
    except KnowledgeSearchUnavailable:
        unavailable = True
    except ValidationFailed as exc:
        errors.update(exc.fields or {})
    return render_template("knowledge/index.html", page=page, args=args, errors=errors, unavailable=unavailable,
                           upcoming=services.upcoming_events(3), is_editor=services.is_editor(actor()), **_ctx())


@bp.route("/<int:item_id>")
def detail(item_id):
    a = actor()
    item = services.get_public(a, item_id)
    locale = _locale()
    reg = services.registration_of(a.user_id, item.id) if item.type.value == "event" else None
    now = clock.now()
    event = None
    if item.type.value == "event":
        event = {"taken": services.seats_taken(item.id), "left": services.seats_left(item),
                 "waiting": services.waitlist_length(item.id), "started": item.starts_at <= now,
                 "over": item.ends_at <= now, "position": services.waitlist_position(reg) if reg else None}
    related = [r for r in services.related_for_sectors([item.sector], limit=5) if r.id != item.id][:4]
    texts = {f: services.localized(item, f, locale) for f in services.reads.LOCALIZED}
    return render_template("knowledge/detail.html", item=item, texts=texts, reg=reg, event=event, related=related,
                           form=SimpleForm(), is_editor=services.is_editor(a), **_ctx())


@bp.route("/<int:item_id>/register", methods=["POST"])
@login_required
def register(item_id):
    form = SimpleForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(url_for("knowledge.detail", item_id=item_id))
    try:
        reg = services.register(actor(), item_id)
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
        return redirect(url_for("knowledge.detail", item_id=item_id)), 303
    if reg.status.value == "registered":
        flash(_("You are registered. A confirmation e-mail is on its way."), "success")
    else:
        flash(_("The event is full: you are on the waiting list (number %(n)d).", n=services.waitlist_position(reg)),
              "info")
    return redirect(url_for("knowledge.detail", item_id=item_id), 303)


@bp.route("/<int:item_id>/cancel-registration", methods=["POST"])
@login_required
def cancel_registration(item_id):
    form = SimpleForm()
    if form.validate_on_submit():
        try:
            services.cancel(actor(), item_id)
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Your registration is cancelled."), "success")
    return redirect(url_for("knowledge.detail", item_id=item_id), 303)


@bp.route("/<int:item_id>/event.ics")
def ics(item_id):
    item = services.get_public(actor(), item_id)
    if item.type.value != "event":
        raise ValidationFailed(_("Only events have a calendar file."))
    return Response(event_ics(item, _locale()), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="event-{item.id}.ics"'})


@bp.route("/my-events")
@login_required
def my_events():
    regs = services.my_registrations(actor())
    return render_template("knowledge/my_events.html", regs=regs, now=clock.now(),
                           positions={r.id: services.waitlist_position(r) for r in regs}, **_ctx())


# ------------------------------------------------------------------ sections shown by other domains

def search_section(kind: str, args: dict):
    """On the product search page: knowledge content matching the same words (top 3 and a link)."""
    q = (args.get("q") or "").strip()
    if kind != "listing" or not q:
        return None
    try:
        page = search_knowledge({"q": q, "per_page": 3, "page": 1}, brief=True)  # titles and total only
    except (KnowledgeSearchUnavailable, ValidationFailed):
        return None
    if not page.total:
        return None
    return {"template": "knowledge/_search_section.html", "kpage": page, "kq": q, "tx": taxonomy}


def listing_section(listing, a):
    sectors, items = services.related_for_listing(listing.category)
    if not sectors:
        return None
    locale = _locale()
    return {"template": "knowledge/_related_section.html", "k_items": [hit(i, locale) for i in items],
            "k_sectors": sectors, "k_title": _("Guides for this sector"), "k_org": None, "tx": taxonomy}


def profile_section(org, a):
    locale = _locale()
    models = services.models_of_organisation(org.id)
    sectors = taxonomy.sectors_for_org(org.sectors)
    guides = [i for i in services.related_for_sectors(sectors, types=("guide",), limit=4)] if sectors else []
    if not models and not guides:
        return None
    return {"template": "knowledge/_profile_section.html", "k_models": [hit(i, locale) for i in models],
            "k_guides": [hit(i, locale) for i in guides], "k_sectors": sectors, "k_org": org, "tx": taxonomy}


def home_section():
    events = services.upcoming_events(3)
    if not events:
        return None
    locale = _locale()
    return {"template": "knowledge/_home_section.html", "k_events": [hit(i, locale) for i in events]}


def dashboard_panel(a):
    if not services.is_editor(a):
        return None
    waiting = services.editor_queue(a, "in_review", page=1, per_page=5)
    return {"template": "knowledge/_panel.html", "k_waiting": waiting}
