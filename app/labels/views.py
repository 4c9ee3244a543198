from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required

from .. import clock, uploads
from ..errors import DomainError, NotFound, ValidationFailed
from ..pagination import paged
from ..permissions import require_admin, require_verifier
from ..web import actor, apply_errors
from . import extensions, services
from .forms import ClaimForm, EvidenceForm, LabelForm, RejectForm, VerifyForm
from .models import LabelKind

bp = Blueprint("labels", __name__)

QUEUE_TABS = ("submitted", "verified", "rejected", "expired", "withdrawn")


def _locale() -> str:
    return str(get_locale() or "vi")


def _status(code: int, form) -> int:
    return 422 if form.errors or form.form_errors else code


# ------------------------------------------------------------------ public registry

@bp.route("/labels", endpoint="registry")
def registry_page():
    kind = request.args.get("kind") or None
    if kind not in LabelKind.__members__:
        kind = None
    labels = services.list_labels(kind=kind)
    groups: dict[str, list] = {}
    for lab in labels:
        groups.setdefault(lab.kind.value, []).append(lab)
    return render_template("labels/registry.html", groups=groups, kind=kind, kinds=services.KIND_LABELS, locale=_locale())


@bp.route("/labels/<code>")
def label_detail(code):
    label = services.get_label(code)
    return render_template("labels/detail.html", label=label, kinds=services.KIND_LABELS, scopes=services.SCOPE_LABELS,
                           locale=_locale())


# ------------------------------------------------------------------ claims of an organisation

@bp.route("/claims/new", methods=["GET", "POST"])
@login_required
def new_org_claim():
    a = actor()
    if a.org is None:
        return redirect(url_for("main.dashboard"))
    form = ClaimForm()
    form.set_labels(services.list_labels(), _locale(), listing_level=False)
    if form.validate_on_submit():
        try:
            claim = services.submit_claim(a, a.org_id, form.data_for_service(), form.evidence.data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("Claim submitted. A verifier will review the evidence."), "success")
            return redirect(url_for("labels.claim_detail", claim_id=claim.id))
    return render_template("labels/claim_form.html", form=form, listing=None, locale=_locale()), _status(200, form)


@bp.route("/claims")
@login_required
def my_claims():
    a = actor()
    if a.org is None:
        return redirect(url_for("main.dashboard"))
    claims = services.claims_of_org(a.org_id)
    return render_template("labels/my_claims.html", claims=claims, today=clock.today(), locale=_locale())


@bp.route("/claims/<int:claim_id>")
@login_required
def claim_detail(claim_id):
    a = actor()
    claim = services.get_claim_for(a, claim_id)
    if a.is_verifier and a.org_id != claim.organisation_id:
        return redirect(url_for("labels.review", claim_id=claim.id))
    return render_template("labels/claim_detail.html", claim=claim, trail=services.audit_trail(claim.id),
                           evidence_form=EvidenceForm(), today=clock.today(), locale=_locale())


@bp.route("/claims/<int:claim_id>/evidence")
@login_required
def evidence(claim_id):
    claim = services.evidence_claim(actor(), claim_id)
    # Always an attachment (a re-encoded image still shows in the reviewer's <img>; a PDF downloads).
    return uploads.send_stored(claim.evidence_path, claim.evidence_mime, claim.evidence_name, fallback="evidence")


@bp.route("/claims/<int:claim_id>/evidence", methods=["POST"])
@login_required
def attach_evidence(claim_id):
    form = EvidenceForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.attach_evidence(actor(), claim_id, form.evidence.data)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        flash((exc.fields.get("evidence") or [exc.message])[0], "error")
    else:
        flash(_("Evidence uploaded."), "success")
    return redirect(url_for("labels.claim_detail", claim_id=claim_id))


@bp.route("/claims/<int:claim_id>/withdraw", methods=["POST"])
@login_required
def withdraw(claim_id):
    form = VerifyForm()
    if not form.validate_on_submit():
        abort(400)
    services.withdraw_claim(actor(), claim_id)
    flash(_("Claim withdrawn."), "success")
    return redirect(url_for("labels.claim_detail", claim_id=claim_id))


# ------------------------------------------------------------------ verifier queue

@bp.route("/verify")
@login_required
def queue():
    a = actor()
    require_verifier(a)
    status = request.args.get("status", "submitted")
    if status not in QUEUE_TABS:
        status = "submitted"
    page = paged(lambda n: services.claims_queue(a, status=status, page=n, per_page=20), 20)
    return render_template("labels/queue.html", page=page, status=status, tabs=QUEUE_TABS, today=clock.today(), locale=_locale(),
                           sections=extensions.queue_sections(a))


@bp.route("/verify/<int:claim_id>")
@login_required
def review(claim_id):
    a = actor()
    require_verifier(a)
    claim = services.get_claim(claim_id)
    return render_template("labels/review.html", claim=claim, trail=services.audit_trail(claim.id), verify_form=VerifyForm(),
                           reject_form=RejectForm(), today=clock.today(), locale=_locale())


@bp.route("/verify/<int:claim_id>/verify", methods=["POST"])
@login_required
def verify(claim_id):
    form = VerifyForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.verify_claim(actor(), claim_id, {"note": form.note.data})
    except DomainError as exc:
        if exc.status in (401, 403, 404):
            raise
        if isinstance(exc, ValidationFailed) and "note" in (exc.fields or {}):  # the note itself: show it on the form
            apply_errors(form, exc)
            claim = services.get_claim(claim_id)
            return render_template("labels/review.html", claim=claim, trail=services.audit_trail(claim.id),
                                   verify_form=form, reject_form=RejectForm(), today=clock.today(), locale=_locale()), 422
        flash(exc.message, "error")
        return redirect(url_for("labels.review", claim_id=claim_id))
    flash(_("Claim verified."), "success")
    return redirect(url_for("labels.queue"))


@bp.route("/verify/<int:claim_id>/reject", methods=["POST"])
@login_required
def reject(claim_id):
    a = actor()
    require_verifier(a)
    form = RejectForm()
    if form.validate_on_submit():
        try:
            services.reject_claim(a, claim_id, {"reason": form.reason.data})
        except DomainError as exc:
            if exc.status in (401, 403, 404):
                raise
            apply_errors(form, exc)
        else:
            flash(_("Claim rejected; the organisation was told why."), "success")
            return redirect(url_for("labels.queue"))
    claim = services.get_claim(claim_id)
    return render_template("labels/review.html", claim=claim, trail=services.audit_trail(claim.id), verify_form=VerifyForm(),
                           reject_form=form, today=clock.today(), locale=_locale()), 422


# ------------------------------------------------------------------ administration

@bp.route("/admin/labels")
@login_required
def admin_labels():
    require_admin(actor())
    return render_template("labels/admin_list.html", labels=services.list_labels(include_inactive=True),
                           kinds=services.KIND_LABELS, locale=_locale())


@bp.route("/admin/labels/new", methods=["GET", "POST"])
@login_required
def admin_new_label():
    a = actor()
    require_admin(a)
    form = LabelForm()
    if form.validate_on_submit():
        try:
            label = services.create_label(a, form.data_for_service())
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("Label added."), "success")
            return redirect(url_for("labels.admin_edit_label", label_id=label.id))
    return render_template("labels/admin_form.html", form=form, label=None), _status(200, form)


@bp.route("/admin/labels/<int:label_id>/edit", methods=["GET", "POST"])
@login_required
def admin_edit_label(label_id):
    a = actor()
    require_admin(a)
    label = services.get_label(label_id)
    form = LabelForm(obj=label)
    if request.method == "GET":
        form.kind.data, form.scope.data = label.kind.value, label.scope.value
        form.validity_months.data = str(label.validity_months or "")
        form.sort_order.data = str(label.sort_order)
    if form.validate_on_submit():
        try:
            services.update_label(a, label.id, form.data_for_service())
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("Label saved."), "success")
            return redirect(url_for("labels.admin_edit_label", label_id=label.id))
    return render_template("labels/admin_form.html", form=form, label=label), _status(200, form)
