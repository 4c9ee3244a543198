"""Financing-need pages: a business posts, edits and closes its needs and sees the offers that fit each one
with a reason per criterion; a bank sees the consented needs that fit its offers and answers them."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from ..errors import DomainError
from ..orgs.models import OrgKind
from ..pagination import paged
from ..validation import flash_understood, understood
from ..web import actor, apply_errors
from . import services
from .forms import ConfirmForm, NeedForm, NeedResponseForm
from .models import NeedStatus
from .taxonomy import PROJECT_TYPES, PURPOSES

bp = Blueprint("finance_needs", __name__, url_prefix="/finance/needs")


def _status(exc: DomainError) -> int:
    return exc.status if exc.status in (400, 403, 404, 409, 422) else 400


@bp.route("")
@login_required
def needs():
    a = actor()
    if a.org is None:
        return redirect(url_for("main.dashboard"))
    if a.org.kind == OrgKind.finance:
        return redirect(url_for("finance_needs.matching"))
    status = request.args.get("status") if request.args.get("status") in NeedStatus.__members__ else None
    page = paged(lambda n: services.list_needs(a, status=status, page=n, per_page=20), 20)
    return render_template("finance/needs.html", page=page, status=status)


def _need_form(need=None):
    a = actor()
    if a.org is None or a.org.kind == OrgKind.finance:
        abort(404)
    form = NeedForm(obj=need)
    if need is not None and request.method == "GET":
        form.evidence_kind.data = need.evidence_kind.value if need.evidence_kind else ""
        form.consent.data = need.consent
    status = 200
    if form.validate_on_submit():
        try:
            with understood() as notes:
                if need is None:
                    need = services.create_need(a, form.data_for_service(), form.evidence_file.data)
                else:
                    need = services.update_need(a, need.id, form.data_for_service(), form.evidence_file.data)
        except DomainError as exc:
            apply_errors(form, exc)
            status = _status(exc)
        else:
            flash_understood(notes, form)
            flash(_("Financing need saved.") if need.consent else
                  _("Financing need saved. Banks do not see it until you consent to share it."), "success")
            return redirect(url_for("finance_needs.need_detail", need_id=need.id))
    elif request.method == "POST":
        status = 400
    return render_template("finance/need_form.html", form=form, need=need), status


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_need():
    return _need_form()


@bp.route("/<int:need_id>/edit", methods=["GET", "POST"])
@login_required
def edit_need(need_id):
    need = services.get_own_need(actor(), need_id)
    if need.status == NeedStatus.closed:
        flash(_("A closed need cannot be edited."), "error")
        return redirect(url_for("finance_needs.need_detail", need_id=need.id))
    return _need_form(need)


@bp.route("/<int:need_id>")
@login_required
def need_detail(need_id):
    a = actor()
    need, role = services.get_need_for(a, need_id)
    if role == "owner":
        show_all = request.args.get("all") == "1"
        _need, fits = services.matches_for_need(a, need.id)
        fitting = [f for f in fits if f.fits]
        return render_template("finance/need_detail.html", need=need, role=role, fits=fits if show_all else fitting,
                               fitting=len(fitting), total=len(fits), show_all=show_all, confirm=ConfirmForm(),
                               project_types=PROJECT_TYPES, purposes=PURPOSES)
    fit = services.bank_fit(a, need)
    form = NeedResponseForm()
    form.offer_id.choices = [(str(o.id), o.name()) for o in services.open_offers() if o.organisation_id == a.org_id]
    if fit is not None:
        form.offer_id.data = str(fit.offer.id)
    return render_template("finance/need_detail.html", need=need, role=role, fit=fit, form=form,
                           project_types=PROJECT_TYPES, purposes=PURPOSES)


@bp.route("/<int:need_id>/close", methods=["POST"])
@login_required
def close_need(need_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.close_need(actor(), need_id)
    flash(_("Financing need closed. Banks no longer see it."), "success")
    return redirect(url_for("finance_needs.need_detail", need_id=need_id))


@bp.route("/<int:need_id>/respond", methods=["POST"])
@login_required
def respond(need_id):
    a = actor()
    form = NeedResponseForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        lead = services.respond_to_need(a, need_id, {"offer_id": form.offer_id.data, "body": form.body.data})
    except DomainError as exc:
        if exc.status == 404:
            abort(404)
        messages = [m for ms in (exc.fields or {}).values() for m in ms] or [exc.message]
        for m in messages:
            flash(str(m), "error")
        return redirect(url_for("finance_needs.need_detail", need_id=need_id))
    flash(_("Your answer was sent. The conversation continues on the lead."), "success")
    return redirect(url_for("finance.lead_detail", lead_id=lead.id, _anchor="conversation"))


@bp.route("/matching")
@login_required
def matching():
    a = actor()
    if a.org is None or a.org.kind != OrgKind.finance:
        abort(404)
    page = paged(lambda n: services.needs_for_bank(a, page=n, per_page=20), 20)
    return render_template("finance/needs_matching.html", page=page, project_types=PROJECT_TYPES, purposes=PURPOSES)
