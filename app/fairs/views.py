"""Fair pages: public list and fair page (exhibitor catalogue), organiser create/manage/report,
producer apply, exhibitor slots, visitor bookmarks and meetings (.ics), sponsored placements."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from marshmallow import ValidationError

from .. import clock, vn
from ..discovery.schemas import ListingSearchArgs
from ..display import display_name
from ..errors import DomainError
from ..mail import public_base
from ..pagination import SEARCH_WINDOW, paged
from ..payments import services as payments
from ..searching import SearchUnavailableError
from ..l10n import format_number, format_vnd
from ..web import actor, apply_errors, flash_error, safe_next
from . import listings as listing_data
from . import meetings, promotions, report, services
from .forms import (ApplyForm, BookForm, CancelFairForm, DecisionForm, FairEditForm, FairForm, PromotionForm, SimpleForm,
                    SlotForm)
from .search import search_exhibitor_listings
from .timez import fmt_local

bp = Blueprint("fairs", __name__, url_prefix="/fairs")


@bp.app_template_filter("vntime")
def _vntime(value, fmt=None):
    """Vietnam time: the reader's language's date and time (app.l10n), or an explicit strftime pattern."""
    if fmt is None:
        from ..l10n import format_time

        return format_time(value, fmt="short")
    if fmt == "%d/%m/%Y":
        from ..l10n import format_day

        return format_day(value, fmt="short")
    return fmt_local(value, fmt)


def dashboard_panel(a):
    if a.org is None:
        return None
    kind = a.org.kind.value
    if kind == "fair_organiser":
        return {"template": "fairs/_panel_organiser.html",
                "fairs": services.list_fairs(organiser_id=a.org_id, per_page=5).items}
    if kind == "producer":
        return {"template": "fairs/_panel_producer.html", "applications": services.applications_of_org(a.org_id)[:5]}
    return None


@bp.route("/")
def index():
    q = request.args.get("q", "")[:200]
    page = paged(lambda n: services.list_fairs(q=q, page=n, per_page=20), 20)
    return render_template("fairs/index.html", page=page)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    a = actor()
    if a.org is None or a.org.kind.value != "fair_organiser":
        abort(403)
    form = FairForm()
    form.province_code.choices = [("", _("— choose —"))] + vn.province_choices()
    if form.validate_on_submit():
        try:
            fair = services.create_fair(a, form.data_for_service())
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("Fair created and published."), "success")
            return redirect(url_for("fairs.manage", fair_id=fair.id))
    return render_template("fairs/form.html", form=form), 422 if form.errors or form.form_errors else 200


@bp.route("/<int:fair_id>/edit", methods=["GET", "POST"])
@login_required
def edit(fair_id):
    a = actor()
    fair = services.get_own_fair(a, fair_id)
    if fair.status.value == "cancelled":
        flash(_("This fair was cancelled and can no longer be edited."), "error")
        return redirect(url_for("fairs.manage", fair_id=fair.id))
    if request.method == "POST":
        form = FairEditForm()
    else:
        values = services.fair_values(fair)
        values["application_deadline"] = values["application_deadline"].strftime("%Y-%m-%dT%H:%M")
        values["starts_on"], values["ends_on"] = values["starts_on"].isoformat(), values["ends_on"].isoformat()
        values["themes"] = ", ".join(values["themes"])
        values["booths"] = [{**b, "price_vnd": format_number(b["price_vnd"], grouped=False),
                             "capacity": format_number(b["capacity"], grouped=False)} for b in values.pop("booth_types")]
        if len(values["booths"]) < services.MAX_BOOTH_TYPES:
            values["booths"].append({})  # one empty row to add a booth type
        form = FairEditForm(data=values)
    form.province_code.choices = [("", _("— choose —"))] + vn.province_choices()
    if form.validate_on_submit():
        try:
            services.update_fair(a, fair.id, form.data_for_service())
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("Fair updated."), "success")
            return redirect(url_for("fairs.manage", fair_id=fair.id))
    return render_template("fairs/edit.html", form=form, fair=fair, usage=services.booth_usage(fair),
                           cancel_form=CancelFairForm()), 422 if form.errors or form.form_errors else 200


@bp.route("/<int:fair_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_fair(fair_id):
    """GET: the confirmation step — what cancelling means (how many exhibitors are told and refunded) and
    the reason to send them; POST: cancel. Works without JavaScript."""
    a = actor()
    fair = services.get_own_fair(a, fair_id)
    form = CancelFairForm()
    if request.method == "GET":
        if fair.status.value == "cancelled":
            return redirect(url_for("fairs.manage", fair_id=fair.id))
        from ..extensions import db
        from .models import ApplicationStatus, FairApplication

        active = db.session.scalar(db.select(db.func.count(FairApplication.id)).where(
            FairApplication.fair_id == fair.id,
            FairApplication.status.in_([ApplicationStatus.submitted, ApplicationStatus.approved,
                                        ApplicationStatus.waitlisted])))
        return render_template("fairs/confirm_cancel.html", fair=fair, form=form, active=active)
    if not form.validate_on_submit():
        flash(_("Tell the exhibitors why the fair is cancelled."), "error")
        return redirect(url_for("fairs.edit", fair_id=fair.id))
    try:
        services.cancel_fair(a, fair.id, {"reason": form.reason.data})
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash_error(exc)
        return redirect(url_for("fairs.edit", fair_id=fair.id))
    flash(_("The fair was cancelled. Paid booth fees are refunded and the exhibitors have been notified."), "success")
    return redirect(url_for("fairs.manage", fair_id=fair.id))


def _search_args() -> tuple[dict, dict]:
    raw = {}
    for key in request.args:
        values = [v for v in request.args.getlist(key) if v != ""]
        if values and key not in ("lang", "page"):  # the page is read by `paged`
            raw[key] = values if key in ("category", "label", "label_kind", "province", "export_market") else values[-1]
    try:
        return ListingSearchArgs().load(raw, unknown="exclude"), {}
    except ValidationError as exc:
        return ListingSearchArgs().load({}), exc.messages


@bp.route("/<int:fair_id>")
def detail(fair_id):
    a = actor()
    fair = services.get_visible_fair(a, fair_id)
    exhibitors = services.exhibitors(fair.id)
    args, errors = _search_args()
    catalogue, unavailable = None, False
    try:
        catalogue = paged(lambda n: search_exhibitor_listings(fair.id, {**args, "page": n}), args["per_page"],
                          window=SEARCH_WINDOW)
    except SearchUnavailableError:
        unavailable = True
    owners = {}
    for ex in exhibitors:
        for lid in ex.listing_ids or []:
            owners[lid] = ex
    own_app = services.active_application(fair.id, a.org_id) if a.org_id else None
    return render_template("fairs/detail.html", fair=fair, exhibitors=exhibitors, catalogue=catalogue, args=args,
                           errors=errors, unavailable=unavailable, usage=services.booth_usage(fair),
                           is_organiser=services.is_organiser(a, fair), own_app=own_app,
                           own_payment=services.booth_payment(own_app) if own_app else None,
                           bookmarked=meetings.bookmarked_ids(a.user_id, fair.id), form=SimpleForm(),
                           deadline_passed=fair.application_deadline < clock.now())


@bp.route("/<int:fair_id>/apply", methods=["GET", "POST"])
@login_required
def apply(fair_id):
    a = actor()
    fair = services.get_public_fair(a, fair_id)
    if a.org is None or a.org.kind.value != "producer":
        abort(403)
    form = ApplyForm()
    form.booth_type_id.choices = [(str(b.id), f"{b.name} – {format_vnd(b.price_vnd)}") for b in fair.booth_types]
    form.listing_ids.choices = [(str(lst.id), lst.title) for lst in listing_data.published_of(a.org_id)]
    if form.validate_on_submit():
        try:
            application = services.apply(a, fair.id, form.data_for_service())
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("Application sent."), "success")
            p = services.booth_payment(application)
            return redirect(url_for("payments.pay", payment_id=p.id) if p else url_for("fairs.detail", fair_id=fair.id))
    return render_template("fairs/apply.html", fair=fair, form=form), 422 if form.errors or form.form_errors else 200


@bp.route("/<int:fair_id>/manage")
@login_required
def manage(fair_id):
    a = actor()
    fair = services.get_own_fair(a, fair_id)
    apps = services.applications_of_fair(a, fair.id)
    labels = services.verified_labels(sorted({x.organisation_id for x in apps}))
    present = {lb.code: lb for org_labels in labels.values() for lb in org_labels}
    chosen = request.args.get("label") or ""
    if chosen in present:  # organisers screen applications by verified labels
        apps = [x for x in apps if any(lb.code == chosen for lb in labels[x.organisation_id])]
    else:
        chosen = ""
    pays = payments.payments_for("booth", [x.id for x in apps])
    all_ids = [i for x in apps for i in (x.listing_ids or [])]
    return render_template("fairs/manage.html", fair=fair, applications=apps, payments=pays,
                           listings=listing_data.by_ids(all_ids), usage=services.booth_usage(fair),
                           form=DecisionForm(), simple=SimpleForm(), labels=labels, chosen_label=chosen,
                           label_options=sorted(present.values(), key=lambda lb: lb.code))


@bp.route("/<int:fair_id>/applications/<int:application_id>/decision", methods=["POST"])
@login_required
def decide(fair_id, application_id):
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        application = services.decide(actor(), fair_id, application_id,
                                      {"decision": form.decision.data, "reason": form.reason.data})
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash_error(exc)
    else:
        flash(_("Decision saved: %(status)s.", status=display_name(application.status)), "success")
    return redirect(url_for("fairs.manage", fair_id=fair_id))


@bp.route("/<int:fair_id>/applications/<int:application_id>/cancel", methods=["POST"])
@login_required
def cancel_application(fair_id, application_id):
    form = SimpleForm()
    if not form.validate_on_submit():
        abort(400)
    a = actor()
    services.get_application(application_id, fair_id)
    try:
        services.cancel_application(a, application_id, {"reason": form.reason.data})
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash_error(exc)
    else:
        flash(_("Application cancelled."), "success")
    fair = services.get_fair(fair_id)
    return redirect(url_for("fairs.manage", fair_id=fair_id) if services.is_organiser(a, fair)
                    else url_for("fairs.detail", fair_id=fair_id))


@bp.route("/<int:fair_id>/exhibitors/<int:org_id>")
def exhibitor(fair_id, org_id):
    a = actor()
    fair = services.get_public_fair(a, fair_id)
    application = services.exhibitor_application(fair.id, org_id)
    if application is None:
        abort(404)
    meetings.record_view(a, fair.id, org_id)
    fair = services.get_fair(fair_id)
    application = services.exhibitor_application(fair.id, org_id)
    listings = [x for x in (listing_data.by_ids(application.listing_ids or []).values())]
    is_self = a.org_id == org_id
    return render_template("fairs/exhibitor.html", fair=fair, application=application, listings=listings,
                           slots=meetings.slots_for(fair.id, org_id, free_only=not is_self), is_self=is_self,
                           own_meetings=meetings.meeting_rows(meetings.meetings_of_exhibitor(fair.id, org_id),
                                                              side="exhibitor") if is_self else [],
                           slot_form=SlotForm(), book_form=BookForm(), form=SimpleForm(),
                           bookmarked=application.id in meetings.bookmarked_ids(a.user_id, fair.id))


@bp.route("/<int:fair_id>/exhibitors/<int:application_id>/bookmark", methods=["POST"])
@login_required
def bookmark(fair_id, application_id):
    if not SimpleForm().validate_on_submit():
        abort(400)
    on = meetings.toggle_bookmark(actor(), fair_id, application_id)
    flash(_("Exhibitor bookmarked.") if on else _("Bookmark removed."), "success")
    return redirect(safe_next(request.referrer, url_for("fairs.detail", fair_id=fair_id)))


@bp.route("/<int:fair_id>/slots", methods=["POST"])
@login_required
def add_slot(fair_id):
    a = actor()
    form = SlotForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        meetings.add_slot(a, fair_id, form.data_for_service())
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash_error(exc)
    else:
        flash(_("Meeting slot added."), "success")
    return redirect(url_for("fairs.exhibitor", fair_id=fair_id, org_id=a.org_id or 0))


@bp.route("/<int:fair_id>/slots/<int:slot_id>/book", methods=["POST"])
@login_required
def book(fair_id, slot_id):
    form = BookForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        meeting = meetings.book(actor(), fair_id, {"slot_id": slot_id, "message": form.message.data})
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash_error(exc)
        return redirect(safe_next(request.referrer, url_for("fairs.detail", fair_id=fair_id))), 303
    flash(_("Meeting requested. The exhibitor accepts or declines it; you will be notified."), "success")
    return redirect(url_for("fairs.my_fairs", _anchor=f"meeting-{meeting.id}"))


@bp.route("/meetings/<int:meeting_id>/accept", methods=["POST"])
@login_required
def accept_meeting(meeting_id):
    if not SimpleForm().validate_on_submit():
        abort(400)
    m = meetings.get_meeting_for(actor(), meeting_id)
    back = url_for("fairs.exhibitor", fair_id=m.fair_id, org_id=m.exhibitor_org_id)
    try:
        meetings.accept_meeting(actor(), meeting_id)
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
    else:
        flash(_("Meeting accepted. The visitor has been told."), "success")
    return redirect(back)


@bp.route("/meetings/<int:meeting_id>/decline", methods=["POST"])
@login_required
def decline_meeting(meeting_id):
    form = SimpleForm()
    if not form.validate_on_submit():
        abort(400)
    m = meetings.get_meeting_for(actor(), meeting_id)
    back = url_for("fairs.exhibitor", fair_id=m.fair_id, org_id=m.exhibitor_org_id)
    try:
        meetings.decline_meeting(actor(), meeting_id, {"reason": form.reason.data})
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash_error(exc)
    else:
        flash(_("Request declined. The slot is free again."), "success")
    return redirect(back)


@bp.route("/meetings/<int:meeting_id>.ics")
@login_required
def meeting_ics(meeting_id):
    m = meetings.get_meeting_for(actor(), meeting_id)
    return Response(meetings.ics(m, urlsplit(public_base()).hostname or "greenconnect.vn"), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="meeting-{m.id}.ics"'})


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["POST"])
@login_required
def cancel_meeting(meeting_id):
    if not SimpleForm().validate_on_submit():
        abort(400)
    try:
        meetings.cancel_meeting(actor(), meeting_id)
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
    else:
        flash(_("Meeting cancelled."), "success")
    return redirect(safe_next(request.form.get("next"), url_for("fairs.my_fairs")))


@bp.route("/my")
@login_required
def my_fairs():
    a = actor()
    apps = services.applications_of_org(a.org_id) if a.org_id else []
    pays = payments.payments_for("booth", [x.id for x in apps])
    organised = services.list_fairs(organiser_id=a.org_id, per_page=50).items if a.org_id else []
    return render_template("fairs/my.html", applications=apps, payments=pays, organised=organised,
                           meetings=meetings.meeting_rows(meetings.meetings_of_user(a.user_id), side="visitor"),
                           form=SimpleForm())


@bp.route("/<int:fair_id>/report")
@login_required
def fair_report(fair_id):
    data = report.fair_report(actor(), fair_id)
    return render_template("fairs/report.html", **data)


@bp.route("/<int:fair_id>/report.csv")
@login_required
def fair_report_csv(fair_id):
    body = report.report_csv(actor(), fair_id)
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="fair-{fair_id}-report.csv"'})


@bp.route("/promotions", methods=["GET", "POST"])
@login_required
def promotions_page():
    a = actor()
    if a.org is None or a.org.kind.value != "producer":
        abort(403)
    form = PromotionForm()
    form.listing_id.choices = [(str(lst.id), lst.title) for lst in listing_data.published_of(a.org_id)]
    form.package.choices = [(code, f"{promotions.PACKAGE_LABELS[code]} – {format_vnd(price)}")
                            for code, (_d, price) in promotions.PACKAGES.items()]
    if form.validate_on_submit():
        try:
            promo = promotions.buy(a, {"listing_id": form.listing_id.data, "package": form.package.data})
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            pay = payments.payments_for("promotion", [promo.id]).get(promo.id)
            return redirect(url_for("payments.pay", payment_id=pay.id))
    promos = promotions.promotions_of(a.org_id)
    return render_template("fairs/promotions.html", form=form, promotions=promos,
                           payments=payments.payments_for("promotion", [p.id for p in promos]),
                           listings=listing_data.by_ids([p.listing_id for p in promos]),
                           now=clock.now()), 422 if form.errors or form.form_errors else 200
