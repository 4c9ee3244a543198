"""Procurement pages: lists per product group, tender lists (shortlists) and their exports."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm

from .. import clock
from ..catalog.taxonomy import CATEGORIES
from ..errors import ValidationFailed
from ..orgs.models import OrgKind
from ..pagination import paged
from ..web import actor
from . import exports, services

bp = Blueprint("procurement", __name__, url_prefix="/procurement")


class CsrfForm(FlaskForm):
    """Only the CSRF token: the fields are read by the service's schema."""


def _locale() -> str:
    return str(get_locale() or "vi")


def _is_buyer(a) -> bool:
    return a.is_authenticated and a.org is not None and a.org.kind == OrgKind.buyer


@bp.route("")
def index():
    a = actor()
    return render_template("procurement/index.html", groups=services.product_groups(), criteria_sets=services.criteria_sets(),
                           is_buyer=_is_buyer(a), lists=services.lists_of(a) if _is_buyer(a) else [], locale=_locale())


@bp.route("/groups/<group>")
def group(group):
    services.check_group(group)
    a = actor()
    page = paged(lambda n: services.procurement_products(group, n, 20), 20)
    today = clock.today()
    rows = [{"listing": listing, "criteria": services.criteria_of(listing, group, today)} for listing in page.items]
    lists = [tl for tl in services.lists_of(a) if tl.product_group == group] if _is_buyer(a) else []
    return render_template("procurement/group.html", group=group, group_name=CATEGORIES[group], page=page, rows=rows,
                           is_buyer=_is_buyer(a), lists=lists, form=CsrfForm(), locale=_locale())


@bp.route("/groups/<group>/shortlist", methods=["POST"])
@login_required
def shortlist(group):
    services.check_group(group)
    form = CsrfForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(url_for(".group", group=group))
    a = actor()
    ids = request.form.getlist("listing_ids")
    try:
        list_id = request.form.get("list_id", "")
        if list_id.isdigit():
            tl = services.get_list(a, int(list_id))
        else:
            tl = services.create_list(a, {"title": request.form.get("title", ""), "product_group": group})
        services.add_items(a, tl.id, {"listing_ids": ids})
    except ValidationFailed as exc:
        for messages in (exc.fields or {}).values():
            for m in messages:
                flash(str(m), "error")
        if not exc.fields:
            flash(exc.message, "error")
        return redirect(url_for(".group", group=group, page=request.form.get("page") or None))
    flash(_("Added to “%(title)s”.", title=tl.title), "success")
    return redirect(url_for(".tender_list", list_id=tl.id))


@bp.route("/lists")
@login_required
def lists():
    a = actor()
    return render_template("procurement/lists.html", lists=services.lists_of(a), groups=services.product_groups(),
                           form=CsrfForm(), locale=_locale())


@bp.route("/lists/<int:list_id>")
@login_required
def tender_list(list_id):
    a = actor()
    tl = services.get_list(a, list_id)
    rows = services.tender_rows(tl)
    return render_template("procurement/list.html", tl=tl, rows=rows, criteria=services.tender_criteria(rows),
                           group_name=CATEGORIES[tl.product_group], form=CsrfForm(), locale=_locale())


@bp.route("/lists/<int:list_id>/items/<int:listing_id>/remove", methods=["POST"])
@login_required
def remove_item(list_id, listing_id):
    if not CsrfForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
    else:
        services.remove_item(actor(), list_id, listing_id)
        flash(_("Removed from the list."), "success")
    return redirect(url_for(".tender_list", list_id=list_id))


@bp.route("/lists/<int:list_id>/delete", methods=["GET", "POST"])
@login_required
def delete_list(list_id):
    a = actor()
    tl = services.get_list(a, list_id)
    form = CsrfForm()
    if request.method == "POST" and form.validate_on_submit():
        services.delete_list(a, list_id)
        flash(_("Tender list deleted."), "success")
        return redirect(url_for(".lists"))
    return render_template("procurement/confirm_delete.html", tl=tl, form=form)


@bp.route("/lists/<int:list_id>.<any(xlsx, pdf):fmt>")
@login_required
def export(list_id, fmt):
    tl = services.get_list(actor(), list_id)
    locale = _locale()
    stamp = clock.today().isoformat()
    if fmt == "xlsx":
        body, mime = exports.xlsx(tl, locale), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, mime = exports.pdf(tl, locale), "application/pdf"
    name = f"tender-list-{tl.id}-{stamp}.{fmt}"
    return Response(body, mimetype=mime, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def dashboard_panel(a) -> dict | None:
    if not _is_buyer(a):
        return None
    year = clock.today().year
    return {"template": "procurement/_dashboard_panel.html", "green_share": services.green_purchasing_share(a.org_id, year),
            "tender_lists": services.lists_of(a)[:5]}
