"""The editors' pages: the desk (drafts, reviews, published), writing and editing, submitting, reviewing
(by another editor), unpublishing, the history with differences between revisions, event registrations
and attendance; and the administrators' page that grants the editor permission."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required

from .. import clock
from ..errors import DomainError
from ..extensions import db
from ..pagination import paged
from ..web import actor, apply_errors
from . import services, taxonomy
from ..validation import load_what_is_valid
from .forms import ContentForm, EditorForm, NoteForm, ReasonForm, SimpleForm
from .schemas import HistoryArgs
from .taxonomy import TYPES
from .timez import local_input

bp = Blueprint("knowledge_editor", __name__, url_prefix="/knowledge/editor")


def _ctx() -> dict:
    return {"tx": taxonomy, "locale": str(get_locale() or "vi")}


def _organisations():
    from ..orgs.models import Organisation, OrgStatus

    return list(db.session.scalars(db.select(Organisation).where(Organisation.status == OrgStatus.approved)
                                   .order_by(Organisation.legal_name).limit(500)))


def _editor():
    a = actor()
    services.require_editor(a)
    return a


@bp.route("/")
@login_required
def desk():
    a = _editor()
    status = request.args.get("status") or None
    if status not in (None, "draft", "in_review", "published", "unpublished"):
        status = None
    page = paged(lambda n: services.editor_queue(a, status, page=n, per_page=20), 20)
    open_revs = services.open_revisions([i.id for i in page.items])
    return render_template("knowledge/editor/desk.html", page=page, status=status, open_revs=open_revs, **_ctx())


@bp.route("/new/<kind>", methods=["GET", "POST"])
@login_required
def new(kind):
    a = _editor()
    if kind not in TYPES:
        abort(404)
    form = ContentForm()
    form.set_choices(_organisations())
    if request.method == "GET":
        form.waitlist.data = True
    if form.validate_on_submit():
        try:
            item = services.create_item(a, {"type": kind, **form.data_for_service()})
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("Draft saved. Submit it for review when it is ready."), "success")
            return redirect(url_for("knowledge_editor.item", item_id=item.id), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("knowledge/editor/form.html", form=form, kind=kind, item=None, **_ctx()), status


@bp.route("/<int:item_id>")
@login_required
def item(item_id):
    a = _editor()
    it = services.get_for_editor(a, item_id)
    rev = services.open_revision(it)
    content = services.working_content(it)
    regs = services.registrations(a, it.id) if it.type.value == "event" else []
    return render_template(
        "knowledge/editor/item.html", item=it, rev=rev, content=content, regs=regs, now=clock.now(),
        can_review=bool(rev and rev.status.value == "in_review" and a.user_id not in (rev.contributors or [])),
        note_form=NoteForm(), reason_form=ReasonForm(), form=SimpleForm(),
        history=services.revisions(it), **_ctx())


@bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit(item_id):
    a = _editor()
    it = services.get_for_editor(a, item_id)
    if request.method == "POST":
        form = ContentForm()
    else:
        values = services.working_content(it)
        values = {k: ("" if v is None else v) for k, v in values.items()}
        values["starts_at"] = local_input(values["starts_at"] or None)
        values["ends_at"] = local_input(values["ends_at"] or None)
        values["organisation_id"] = str(values["organisation_id"] or "")
        values["capacity"] = str(values["capacity"] or "")
        values["waitlist"] = bool(values.get("waitlist", True))
        form = ContentForm(data=values)
    form.set_choices(_organisations())
    if form.validate_on_submit():
        try:
            services.edit_item(a, it.id, form.data_for_service())
        except DomainError as exc:
            if exc.status == 404:
                raise
            apply_errors(form, exc)
        else:
            flash(_("Draft saved."), "success")
            return redirect(url_for("knowledge_editor.item", item_id=it.id), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("knowledge/editor/form.html", form=form, kind=it.type.value, item=it, **_ctx()), status


def _action(item_id, fn, done: str):
    a = _editor()
    try:
        fn(a)
    except DomainError as exc:
        if exc.status == 404:
            raise
        msgs = [str(m) for ms in (exc.fields or {}).values() for m in (ms if isinstance(ms, list) else [ms])]
        flash(" ".join([exc.message] + msgs), "error")
    else:
        flash(done, "success")
    return redirect(url_for("knowledge_editor.item", item_id=item_id), 303)


@bp.route("/<int:item_id>/submit", methods=["POST"])
@login_required
def submit(item_id):
    form = NoteForm()
    if not form.validate_on_submit():
        abort(400)
    return _action(item_id, lambda a: services.submit(a, item_id, {"note": form.note.data}),
                   _("Submitted for review. The other editors have been told."))


@bp.route("/<int:item_id>/review", methods=["POST"])
@login_required
def review(item_id):
    form = NoteForm()
    if not form.validate_on_submit():
        abort(400)
    decision = request.form.get("decision", "")
    done = _("Published.") if decision == "publish" else _("Returned to the authors.")
    return _action(item_id, lambda a: services.review(a, item_id, {"decision": decision, "note": form.note.data}), done)


@bp.route("/<int:item_id>/unpublish", methods=["POST"])
@login_required
def unpublish(item_id):
    form = ReasonForm()
    if not form.validate_on_submit():
        abort(400)
    return _action(item_id, lambda a: services.unpublish(a, item_id, {"reason": form.reason.data}),
                   _("Unpublished: the item is no longer in the hub or in search."))


@bp.route("/<int:item_id>/history")
@login_required
def history(item_id):
    a = _editor()
    it = services.get_for_editor(a, item_id)
    revs = services.revisions(it)
    shown = None
    changes = None
    args, _wrong = load_what_is_valid(HistoryArgs, request.args.to_dict(), unknown="exclude")
    old, new, view = args.get("a") or 0, args.get("b") or 0, args.get("view")
    numbers = {r.number for r in revs}
    if old in numbers and new in numbers and old != new:
        changes = services.diff(it, old, new)
    if view in numbers:
        shown = services.revision(it, view)
    return render_template("knowledge/editor/history.html", item=it, revs=revs, changes=changes, old=old, new=new,
                           shown=shown, **_ctx())


@bp.route("/<int:item_id>/registrations/<int:registration_id>/attendance", methods=["POST"])
@login_required
def attendance(item_id, registration_id):
    form = SimpleForm()
    if not form.validate_on_submit():
        abort(400)
    data = {"attended": request.form.get("attended", "")}
    return _action(item_id, lambda a: services.mark_attendance(a, item_id, registration_id, data),
                   _("Attendance recorded."))


@bp.route("/<int:item_id>/registrations/<int:registration_id>/cancel", methods=["POST"])
@login_required
def cancel_registration(item_id, registration_id):
    form = SimpleForm()
    if not form.validate_on_submit():
        abort(400)
    return _action(item_id, lambda a: services.cancel(a, item_id, registration_id),
                   _("Registration cancelled; the next person on the waiting list (if any) has the place."))


@bp.route("/editors", methods=["GET", "POST"])
@login_required
def editors():
    a = actor()
    if not a.is_admin:
        abort(403)
    form = EditorForm()
    if form.validate_on_submit():
        try:
            editor = services.grant_editor(a, {"email": form.email.data})
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("%(email)s can now write and review knowledge content.", email=editor.user.email), "success")
            return redirect(url_for("knowledge_editor.editors"), 303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("knowledge/editor/editors.html", form=form, editors=services.list_editors(),
                           revoke_form=SimpleForm()), status


@bp.route("/editors/<int:user_id>/revoke", methods=["POST"])
@login_required
def revoke(user_id):
    a = actor()
    form = SimpleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.revoke_editor(a, user_id)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        flash(exc.message, "error")
    else:
        flash(_("The editor permission was removed."), "success")
    return redirect(url_for("knowledge_editor.editors"), 303)
