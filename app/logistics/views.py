from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import l10n
from ..errors import DomainError, ValidationFailed
from ..pagination import SEARCH_WINDOW, paged
from ..permissions import require_verifier
from ..searching import SearchUnavailableError
from ..web import actor, apply_errors, flash_error
from . import factors, provider_search, services, shipments
from .forms import ActionForm, ArrangeTransportForm, EstimateForm, ProfileForm, QuoteAnswerForm, QuoteRequestForm, RouteForm
from .models import QuoteStatus
from .schemas import ProviderSearchArgsSchema
from ..validation import load_what_is_valid

bp = Blueprint("logistics", __name__, url_prefix="/logistics")


@bp.app_template_filter("co2e")
def _co2e(kg):
    return factors.format_co2e(kg)


def _ctx() -> dict:
    t = factors.table()
    return {"factor_table": t, "mode_labels": factors.MODE_LABELS, "class_labels": factors.CLASS_LABELS,
            "certification_labels": services.CERTIFICATIONS, "service_labels": services.SERVICES,
            "feature_labels": services.WAREHOUSE_FEATURES, "standard_labels": services.EMISSION_STANDARDS}


@bp.route("/estimate")
def estimator():
    form = EstimateForm(request.args)
    result, status = None, 200
    submitted = any(name in request.args for name in ("weight_kg", "origin", "destination", "mode"))
    if submitted:  # other query args (e.g. ?lang=en) just show the empty form
        try:
            result = factors.estimate_shipment({k: getattr(form, k).data for k in (
                "weight_kg", "origin", "destination", "mode")})
        except ValidationFailed as exc:
            apply_errors(form, exc)
            status = 422
    return render_template("logistics/estimate.html", form=form, result=result, **_ctx()), status


@bp.route("/providers")
def providers():
    raw = {k: request.args.getlist(k) for k in ("mode", "province", "certification")}
    raw.update({k: request.args[k] for k in ("q", "cold_chain") if request.args.get(k)})
    args, _wrong = load_what_is_valid(ProviderSearchArgsSchema, raw)  # a wrong filter is left out
    args["per_page"] = 20
    try:
        page = paged(lambda n: provider_search.search_providers({**args, "page": n}), 20, window=SEARCH_WINDOW)
        degraded = False
    except SearchUnavailableError:
        page, degraded = provider_search.ProviderPage([], 0, 1, 20), True
    return render_template("logistics/providers.html", page=page, args=args, degraded=degraded, **_ctx()), \
        503 if degraded else 200


@bp.route("/providers/<int:org_id>")
def provider(org_id):
    profile = services.get_provider(actor(), org_id)
    return render_template("logistics/provider.html", profile=profile, item=services.provider_item(profile), **_ctx())


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def edit_profile():
    a = actor()
    if a.org is None or a.org.kind.value != "logistics":
        abort(404)
    profile = services.profile_for_org(a.org_id)
    form = ProfileForm(obj=profile) if request.method == "GET" and profile else ProfileForm()
    if request.method == "GET":
        current = {e.vehicle_class: e for e in (profile.fleet if profile else [])}
        form.corridors.data = ", ".join(f"{p[0]}-{p[1]}" for p in (profile.corridors if profile else []))
        while len(form.fleet.entries):
            form.fleet.pop_entry()
        for key in factors.table().classes:
            e = current.get(key)
            form.fleet.append_entry({"vehicle_class": key, "count": e.count if e else None,
                                     "emission_standard": e.emission_standard if e else "",
                                     "declared_intensity": l10n.format_number(e.declared_intensity, grouped=False)
                                     if e else None,
                                     "intensity_basis": e.intensity_basis if e else ""})
    if request.method == "GET":
        for name in ("warehouse_area_m2", "capacity_tonnes_month"):
            getattr(form, name).data = l10n.format_number(getattr(form, name).data, grouped=False)
    if form.validate_on_submit():
        try:
            services.save_profile(a, form.data_for_service())
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("Logistics profile saved."), "success")
            return redirect(url_for("logistics.edit_profile"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("logistics/profile_form.html", form=form, profile=profile, **_ctx()), status


@bp.route("/shipments", methods=["GET", "POST"], endpoint="shipments")
@login_required
def shipments_page():
    a = actor()
    form = RouteForm()
    if form.validate_on_submit():
        try:
            route = shipments.create_route(a, {k: getattr(form, k).data for k in (
                "origin", "destination", "weight_kg", "volume_m3", "cold_chain", "reference")})
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("Shipment created. Compare modes and ask providers for quotes."), "success")
            return redirect(url_for("logistics.shipment", route_id=route.id))
    page = paged(lambda n: shipments.list_routes(a, n, 20), 20)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("logistics/shipments.html", form=form, page=page, **_ctx()), status


@bp.route("/shipments/<int:route_id>")
@login_required
def shipment(route_id):
    a = actor()
    route = shipments.get_route(a, route_id)
    is_owner = a.org_id == route.organisation_id
    matches = services.match_providers(route.weight_kg, route.origin, route.destination,
                                       cold_chain=route.cold_chain) if is_owner else []
    asked = {q.provider_id for q in route.quotes}
    quotes = route.quotes if is_owner else [q for q in route.quotes if q.provider_id == a.org_id]
    return render_template("logistics/shipment.html", route=route, estimate=shipments.route_estimate(route),
                           matches=matches, asked=asked, quotes=quotes, is_owner=is_owner,
                           request_form=QuoteRequestForm(), action_form=ActionForm(),
                           summary=shipments.transport_summary(route), **_ctx())


@bp.route("/deals/<int:deal_id>/transport", methods=["POST"])
@login_required
def arrange_deal_transport(deal_id):
    """"Arrange transport" from a deal page: a route from the deal, then compare modes and ask providers."""
    form = ArrangeTransportForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        route = shipments.create_route_for_deal(actor(), deal_id, {"weight_kg": form.weight_kg.data,
                                                                   "cold_chain": form.cold_chain.data})
    except ValidationFailed as exc:
        for messages in (exc.fields or {}).values():
            for message in messages:
                flash(message, "error")
        if not exc.fields:
            flash(exc.message, "error")
        return redirect(url_for("sourcing.deal_detail", deal_id=deal_id))
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
        return redirect(url_for("sourcing.deal_detail", deal_id=deal_id))
    flash(_("Compare the modes, then ask providers for quotes."), "success")
    return redirect(url_for("logistics.shipment", route_id=route.id))


@bp.route("/shipments/<int:route_id>/quotes", methods=["POST"])
@login_required
def request_quotes(route_id):
    form = QuoteRequestForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        created = shipments.request_quotes(actor(), route_id, {"provider_ids": request.form.getlist("provider_ids"),
                                                               "message": form.message.data})
    except DomainError as exc:
        flash_error(exc)
    else:
        flash(_("Quote requests sent to %(n)d providers.", n=len(created)), "success")
    return redirect(url_for("logistics.shipment", route_id=route_id))


@bp.route("/quotes/<int:quote_id>/accept", methods=["POST"])
@login_required
def accept_quote(quote_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    quote = shipments.get_quote(actor(), quote_id)
    try:
        shipments.accept_quote(actor(), quote_id)
    except DomainError as exc:
        flash_error(exc)
    else:
        flash(_("Transport accepted."), "success")
    return redirect(url_for("logistics.shipment", route_id=quote.route_id))


@bp.route("/requests")
@login_required
def requests():
    a = actor()
    if a.org is None or a.org.kind.value != "logistics":
        abort(404)
    return render_template("logistics/requests.html", quotes=shipments.list_incoming(a), **_ctx())


@bp.route("/requests/<int:quote_id>", methods=["GET", "POST"])
@login_required
def request_detail(quote_id):
    a = actor()
    quote = shipments.get_quote(a, quote_id)
    if a.org_id != quote.provider_id:
        return redirect(url_for("logistics.shipment", route_id=quote.route_id))
    profile = services.profile_for_org(a.org_id)
    route = quote.route
    est = factors.estimate(route.weight_kg, route.origin, route.destination,
                           intensities=services.verified_intensities(profile) if profile else None)
    own = [e.vehicle_class for e in (profile.fleet if profile else [])]
    form = QuoteAnswerForm()
    form.vehicle_class.choices = [(k, factors.CLASS_LABELS[k]) for k in own] or factors.class_choices()
    if request.method == "GET" and quote.status == QuoteStatus.quoted:
        form.vehicle_class.data = quote.vehicle_class
        form.price_vnd.data = l10n.format_number(quote.price_vnd, grouped=False)
        form.transit_days.data = l10n.format_number(quote.transit_days, grouped=False)
        form.committed_co2e_kg.data = l10n.format_number(quote.committed_co2e_kg, grouped=False)
        form.provider_note.data = quote.provider_note
    if form.validate_on_submit():
        data = {"vehicle_class": form.vehicle_class.data, "price_vnd": form.price_vnd.data,
                "transit_days": form.transit_days.data, "committed_co2e_kg": form.committed_co2e_kg.data,
                "provider_note": form.provider_note.data}
        try:
            shipments.answer_quote(a, quote_id, data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("Your quote was sent."), "success")
            return redirect(url_for("logistics.request_detail", quote_id=quote_id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("logistics/request.html", quote=quote, route=route, estimate=est, own=own, form=form,
                           action_form=ActionForm(), **_ctx()), status


@bp.route("/requests/<int:quote_id>/decline", methods=["POST"])
@login_required
def decline(quote_id):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        shipments.decline_quote(actor(), quote_id, {"note": form.note.data})
    except DomainError as exc:
        flash_error(exc)
    else:
        flash(_("Request declined."), "success")
    return redirect(url_for("logistics.requests"))


@bp.route("/verify")
@login_required
def verify_queue():
    require_verifier(actor())
    return render_template("logistics/verify.html", entries=services.pending_verifications(), form=ActionForm(),
                           **_ctx())


@bp.route("/fleet/<int:entry_id>/verify", methods=["POST"])
@login_required
def verify(entry_id):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.verify_intensity(actor(), entry_id, {"note": form.note.data})
    except DomainError as exc:
        flash_error(exc)
    else:
        flash(_("Emission intensity verified."), "success")
    return redirect(url_for("logistics.verify_queue"))


def dashboard_panel(a):
    if a.org is None:
        return None
    kind = a.org.kind.value
    if kind == "logistics":
        profile = services.profile_for_org(a.org_id)
        open_requests = [q for q in shipments.list_incoming(a) if q.status == QuoteStatus.requested]
        return {"template": "logistics/_panel_provider.html", "logistics_profile": profile,
                "open_requests": open_requests}
    if kind in shipments.SHIPPER_KINDS:
        return {"template": "logistics/_panel_shipper.html",
                "recent_routes": shipments.list_routes(a, 1, 5).items}
    return None
