from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import uploads, vn
from ..errors import DomainError
from ..pagination import paged
from ..permissions import require_admin
from ..web import actor, apply_errors, flash_error, profile_actions, profile_sections, safe_next
from . import services
from .forms import CreateOrganisationForm, InviteForm, LogoForm, OrganisationForm, StatusForm

bp = Blueprint("orgs", __name__, url_prefix="/orgs")


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    a = actor()
    if a.org is not None:
        return redirect(url_for("main.dashboard"))
    form = CreateOrganisationForm(kind=request.args.get("kind"))
    if form.validate_on_submit():
        try:
            services.create_organisation(a, form.kind.data, form.data_for_service())
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("Organisation created. The programme team will review it; meanwhile you can complete your profile."), "success")
            # back to the page that asked for an organisation (a quote form, a message), if any
            return redirect(safe_next(request.args.get("next"), url_for("main.dashboard")))
    return render_template("orgs/form.html", form=form, creating=True), 422 if form.errors or form.form_errors else 200


@bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit(org_id):
    a = actor()
    org = services.get_organisation(org_id)
    if a.org_id != org.id:
        abort(404)
    form = OrganisationForm(obj=org)
    if request.method == "GET":
        form.size.data = org.size.value if org.size else ""
        form.buyer_segment.data = org.buyer_segment.value if org.buyer_segment else ""
        form.ward_code.data = vn.ward_name(org.province_code, org.ward_code) or org.ward_code
    logo_form = LogoForm(prefix="logo")
    if form.validate_on_submit():
        try:
            services.update_organisation(a, org.id, form.data_for_service())
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("Profile saved."), "success")
            return redirect(url_for("orgs.edit", org_id=org.id))
    return render_template("orgs/form.html", form=form, org=org, logo_form=logo_form, creating=False,
                           invite_form=InviteForm(prefix="inv")), 422 if form.errors or form.form_errors else 200


@bp.route("/<int:org_id>/logo", methods=["POST"])
@login_required
def upload_logo(org_id):
    a = actor()
    form = LogoForm(prefix="logo")
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_logo(a, org_id, form.logo.data)
    except DomainError as exc:
        flash(exc.fields.get("logo", [exc.message])[0] if exc.fields else exc.message, "error")
    else:
        flash(_("Logo updated."), "success")
    return redirect(url_for("orgs.edit", org_id=org_id))


@bp.route("/<int:org_id>/logo")
def logo(org_id):
    org = services.get_public_organisation(actor(), org_id)
    if not org.logo_path:
        abort(404)
    return send_file(uploads.absolute_path(org.logo_path), max_age=3600)


@bp.route("/<int:org_id>/invite", methods=["POST"])
@login_required
def invite(org_id):
    form = InviteForm(prefix="inv")
    if form.validate_on_submit():
        try:
            services.invite_member(actor(), org_id, {"email": form.email.data})
        except DomainError as exc:
            flash_error(exc)
        else:
            flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
    return redirect(url_for("orgs.edit", org_id=org_id))


@bp.route("/join/<token>", methods=["GET", "POST"])
@login_required
def accept_invitation(token):
    if request.method == "POST":
        try:
            org = services.accept_invitation(actor(), token)
        except DomainError as exc:
            return render_template("accounts/message.html", title=_("Invitation"), message=exc.message), exc.status
        flash(_("You joined %(org)s.", org=org.display_name), "success")
        return redirect(url_for("main.dashboard"))
    return render_template("orgs/join.html", token=token)


@bp.route("/<int:org_id>")
def profile(org_id):
    a = actor()
    org = services.get_public_organisation(a, org_id)
    return render_template("orgs/profile.html", org=org, sections=profile_sections(org, a),
                           actions=profile_actions(org, a))


@bp.route("/admin")
@login_required
def admin_list():
    a = actor()
    require_admin(a)
    status = request.args.get("status") or None
    if status not in (None, "pending", "approved", "suspended"):
        status = None
    q = request.args.get("q", "")[:100]
    page = paged(lambda n: services.list_organisations(status=status, q=q, page=n, per_page=20), 20)
    return render_template("orgs/admin_list.html", page=page, status=status, status_form=StatusForm())


@bp.route("/<int:org_id>/status", methods=["POST"])
@login_required
def set_status(org_id):
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_status(actor(), org_id, {"status": form.status.data, "reason": form.reason.data})
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        flash_error(exc)
    else:
        flash(_("Organisation status updated."), "success")
    return redirect(safe_next(request.referrer, url_for("orgs.admin_list")))
