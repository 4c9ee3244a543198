"""Trace pages: producers' lots and product trace profiles, the public trace page (which is also what the
resolver answers people with), QR downloads, the verifiers' checks, and sections on other domains' pages.

The resolver (`resolver` blueprint) answers GS1 Digital Link URIs `/01/<GTIN>[/22/…][/10/<lot>][/21/…]` and the
internal identifier URIs `/trace/lots/<id>` alike, following the GS1-Conformant Resolver standard 1.2.0
(https://ref.gs1.org/standards/resolver/): `linkType=all` (or `linkset`) and `Accept: application/linkset+json`
give the RFC 9264 linkset; `linkType=gs1:pip`, `gs1:epcis`, … redirect (307) to that link (an unknown link
type to the default link); otherwise content negotiation: JSON-LD for `application/ld+json` or
`application/json`, the trace page for people. Every answer carries a `Link` header to the linkset.
"""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import clock, l10n
from ..errors import DomainError, NotFound
from ..mail import public_base
from ..pagination import paged
from ..permissions import require_verifier
from ..validation import flash_understood, understood
from ..web import actor, apply_errors, flash_error
from . import digital_link, footprint, forms, qr
from .models import LotStatus
from .services import epcis, footprints, integrity, lots, profiles, public

bp = Blueprint("trace", __name__, url_prefix="/trace")
resolver = Blueprint("trace_resolver", __name__)

LINKSET = "application/linkset+json"
JSONLD = "application/ld+json"


def _base() -> str:
    return public_base() + "/"


@bp.app_template_filter("kgco2e")
def _kg(value):
    return footprint.format_kg(value)


def _ctx() -> dict:
    return {"dql_labels": profiles.DQL_LABELS, "dql_note": profiles.DQL_NOTE, "model_labels": profiles.MODEL_LABELS,
            "material_labels": footprint.MATERIAL_LABELS, "factor_table": footprint.table(), "qr_sizes": qr.SIZE_LABELS,
            "today": clock.today()}


def _form_data(form, names) -> dict:
    """The form's fields as the service's input dict (the service's schema reads and checks them)."""
    return {n: getattr(form, n).data for n in names}


def _typed(value) -> str:
    """A stored number as a form field shows it: the user's convention, ungrouped (`2,5` in Vietnamese)."""
    return l10n.format_number(value, grouped=False)


def _lot_fields(lot) -> dict:
    """A lot's correctable values as the correction form shows them."""
    return {"production_date": lot.production_date.isoformat(),
            "expiry_date": lot.expiry_date.isoformat() if lot.expiry_date else "", "quantity": _typed(lot.quantity),
            "recycled_pct": _typed(lot.recycled_pct), "yield_pct": _typed(lot.yield_pct), "dql": str(lot.dql or ""),
            "note": lot.note}


def _act(call, done_message: str, back: str):
    """Run a service call posted from a small form on another page (the deal page, the profile page, the
    verifiers' queue): flash what was done, or what was refused with every field's message; go back.
    Not found and not allowed stay errors of their own."""
    try:
        call()
    except DomainError as exc:
        if exc.status in (401, 403, 404) and not exc.fields:
            raise
        flash_error(exc)
    else:
        flash(done_message, "success")
    return redirect(back)


# ------------------------------------------------------------------ producers: lots

@bp.route("/my")
@login_required
def my_lots():
    a = actor()
    if a.org is None or a.org.kind.value != "producer":
        abort(404)
    from ..catalog import services as catalog

    listing_id = request.args.get("listing_id", type=int)
    page = paged(lambda n: lots.list_lots(a, listing_id=listing_id, page=n, per_page=20), 20)
    own = catalog.list_listings(a, org_id=a.org_id, page=1, per_page=100).items
    covs = {lot.id: integrity.coverage(lot) for lot in page.items}
    return render_template("trace/my_lots.html", page=page, listings=own, listing_id=listing_id, covs=covs,
                           epcis_form=forms.EpcisForm(request.args), **_ctx())


@bp.route("/lots/new", methods=["GET", "POST"])
@login_required
def new_lot():
    a = actor()
    if a.org is None or a.org.kind.value != "producer":
        abort(404)
    from ..catalog import services as catalog
    from ..catalog.models import ListingStatus

    own = [lst for lst in catalog.list_listings(a, org_id=a.org_id, page=1, per_page=100).items
           if lst.status != ListingStatus.archived]
    form = forms.LotForm(listings=own)
    if request.method == "GET" and request.args.get("listing_id"):
        form.listing_id.data = request.args.get("listing_id")
    if request.method == "GET" and not form.production_date.data:
        form.production_date.data = clock.today().isoformat()
    if form.validate_on_submit():
        data = _form_data(form, ("lot_number", "production_date", "expiry_date", "quantity", "recycled_pct", "yield_pct",
                                 "dql", "note"))
        try:
            with understood() as notes:
                lot = lots.record_lot(a, form.listing_id.data, data)
        except DomainError as exc:
            if exc.status == 404:
                form.listing_id.errors = [_("Choose one of your products.")]
            else:
                apply_errors(form, exc)
        else:
            flash_understood(notes, form)
            flash(_("Lot %(lot)s recorded. Add its inputs, then print its QR code.", lot=lot.lot_number), "success")
            return redirect(url_for("trace.manage_lot", lot_id=lot.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("trace/lot_form.html", form=form, has_listings=bool(own), **_ctx()), status


def _manage_ctx(a, lot, **overrides):
    from ..sourcing import services as sourcing

    cov = integrity.coverage(lot)
    platform = overrides.pop("platform_form", None) or forms.PlatformInputForm(prefix="p")
    available = lots.available_dispatches(a)
    platform.dispatch_id.choices = [(str(d.id), _("Lot %(lot)s of %(supplier)s (%(title)s) — %(kg)s kg left",
                                                 lot=d.lot.lot_number, supplier=d.lot.organisation.display_name,
                                                 title=d.lot.listing.title, kg=l10n.format_number(round(left, 1))))
                                    for d, left in available if d.lot_id != lot.id]
    dispatch = overrides.pop("dispatch_form", None) or forms.DispatchForm(prefix="d")
    deals = [d for d in sourcing.list_deals(a, page=1, per_page=100).items if d.supplier_org_id == a.org_id]
    dispatch.deal_id.choices = [(str(d.id), _("Deal #%(id)s with %(buyer)s: %(title)s", id=d.id,
                                              buyer=d.buyer.display_name, title=d.rfq.title)) for d in deals]
    correction = overrides.pop("correction_form", None) or forms.CorrectionForm(prefix="c", data=_lot_fields(lot))
    ctx = dict(lot=lot, cov=cov, badge=integrity.badge(lot, cov), uri=lots.lot_uri(lot, _base()),
               fp=footprints.lot_footprint(lot, cov), events=lots.events_of(lot), flag=integrity.open_flag_for(lot),
               platform_form=platform, outside_form=overrides.pop("outside_form", None) or forms.OutsideInputForm(prefix="o"),
               dispatch_form=dispatch, correction_form=correction, reason_form=forms.ReasonForm(),
               dispatches=list(lot_dispatches(lot)), shipped=lots.shipped_quantity(lot), **_ctx())
    ctx.update(overrides)
    return ctx


def lot_dispatches(lot):
    from ..extensions import db
    from .models import LotDispatch

    return db.session.scalars(db.select(LotDispatch).where(LotDispatch.lot_id == lot.id).order_by(LotDispatch.id))


@bp.route("/lots/<int:lot_id>/manage")
@login_required
def manage_lot(lot_id):
    a = actor()
    lot = lots.get_lot_for_owner(a, lot_id)
    return render_template("trace/manage_lot.html", **_manage_ctx(a, lot))


def _post(lot_id, form, call, done_message, template_key):
    """Run a mutating service call from a form on the manage page; re-render with errors (422) on failure."""
    a = actor()
    lot = lots.get_lot_for_owner(a, lot_id)
    if not form.validate_on_submit():
        return render_template("trace/manage_lot.html", **_manage_ctx(a, lot, **{template_key: form})), 422
    try:
        call(a, lot)
    except DomainError as exc:
        if exc.status == 404:
            raise
        apply_errors(form, exc)
        if not exc.fields and exc.message and exc.message not in form.form_errors:
            form.form_errors.append(exc.message)
        flash(exc.message, "error")
        return render_template("trace/manage_lot.html", **_manage_ctx(a, lot, **{template_key: form})), exc.status
    flash(done_message, "success")
    return redirect(url_for("trace.manage_lot", lot_id=lot_id))


@bp.route("/lots/<int:lot_id>/inputs", methods=["POST"])
@login_required
def add_platform_input(lot_id):
    form = forms.PlatformInputForm(prefix="p")
    return _post(lot_id, form, lambda a, lot: lots.add_input(a, lot.id, {
        "kind": "platform", **_form_data(form, ("dispatch_id", "mass_kg", "received_on"))}), _("Input added."), "platform_form")


@bp.route("/lots/<int:lot_id>/inputs/outside", methods=["POST"])
@login_required
def add_outside_input(lot_id):
    form = forms.OutsideInputForm(prefix="o")
    names = ("supplier_name", "description", "material", "mass_kg", "recycled_pct", "dql", "received_on")
    return _post(lot_id, form, lambda a, lot: lots.add_input(a, lot.id, {"kind": "outside", **_form_data(form, names)},
                                                            form.evidence.data),
                 _("Input added."), "outside_form")


@bp.route("/lots/<int:lot_id>/inputs/<int:input_id>/remove", methods=["POST"])
@login_required
def remove_input(lot_id, input_id):
    form = forms.ReasonForm()
    return _post(lot_id, form, lambda a, lot: lots.remove_input(a, lot.id, input_id, form.reason.data),
                 _("Input removed. The removal is kept in the lot's history."), "reason_form")


@bp.route("/lots/<int:lot_id>/correct", methods=["POST"])
@login_required
def correct_lot(lot_id):
    form = forms.CorrectionForm(prefix="c")
    names = ("production_date", "expiry_date", "quantity", "recycled_pct", "yield_pct", "dql", "note", "reason")
    return _post(lot_id, form, lambda a, lot: lots.correct_lot(a, lot.id, _form_data(form, names)),
                 _("Correction recorded."), "correction_form")


@bp.route("/lots/<int:lot_id>/void", methods=["POST"])
@login_required
def void_lot(lot_id):
    form = forms.ReasonForm()
    return _post(lot_id, form, lambda a, lot: lots.void_lot(a, lot.id, form.reason.data),
                 _("Lot voided. Its code still resolves and says so."), "reason_form")


@bp.route("/lots/<int:lot_id>/dispatch", methods=["POST"])
@login_required
def dispatch_lot(lot_id):
    form = forms.DispatchForm(prefix="d")
    return _post(lot_id, form, lambda a, lot: lots.dispatch_lot(a, lot.id, _form_data(
        form, ("deal_id", "quantity", "mass_kg", "shipped_on"))), _("Shipment recorded; the buyer was told."), "dispatch_form")


@bp.route("/deals/<int:deal_id>/dispatch", methods=["POST"])
@login_required
def dispatch_from_deal(deal_id):
    """"Ship a lot under this deal" on the deal page (the supplier picks one of its lots)."""
    form = forms.DealDispatchForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(lambda: lots.dispatch_lot(actor(), form.lot_id.data, {
        "deal_id": deal_id, **_form_data(form, ("quantity", "mass_kg", "shipped_on"))}),
                _("Shipment recorded; the buyer was told."), url_for("sourcing.deal_detail", deal_id=deal_id))


@bp.route("/dispatches/<int:dispatch_id>/void", methods=["POST"])
@login_required
def void_dispatch(dispatch_id):
    form = forms.ReasonForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        d = lots.void_dispatch(actor(), dispatch_id, form.reason.data)
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash_error(exc)
        return redirect(url_for("trace.my_lots"))
    flash(_("Shipment cancelled."), "success")
    return redirect(url_for("trace.manage_lot", lot_id=d.lot_id))


@bp.route("/inputs/<int:input_id>/evidence")
@login_required
def input_evidence(input_id):
    path, mime, name = lots.input_evidence(actor(), input_id)
    return send_file(path, mimetype=mime, download_name=name, as_attachment=True)


# ------------------------------------------------------------------ producers: product trace profiles

@bp.route("/listings/<int:listing_id>", methods=["GET", "POST"])
@login_required
def listing_profile(listing_id):
    a = actor()
    from .services._common import own_listing

    listing = own_listing(a, listing_id)
    profile = profiles.profile_for(listing.id)
    form = forms.ProfileForm()
    if request.method == "GET":
        while form.components.entries:
            form.components.pop_entry()
        rows = list(profile.components) if profile else []
        for row in rows + [{}] * max(1, 4 - len(rows)):
            form.components.append_entry({"material": row.get("material", ""), "mass_kg": _typed(row.get("mass_kg")),
                                          "recycled_pct": _typed(row.get("recycled_pct") or None)})
        form.dql.data = str(profile.dql or "") if profile else ""
        form.balance_model.data = profile.balance_model.value if profile else "lot"
        form.default_yield_pct.data = _typed(profile.default_yield_pct if profile else 100)
    if form.validate_on_submit():
        data = {"components": [{"material": e.form.material.data, "mass_kg": e.form.mass_kg.data,
                                "recycled_pct": e.form.recycled_pct.data} for e in form.components.entries],
                "dql": form.dql.data, "balance_model": form.balance_model.data,
                "default_yield_pct": form.default_yield_pct.data}
        try:
            with understood() as notes:
                profiles.save_profile(a, listing.id, data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash_understood(notes, form)
            flash(_("Traceability profile saved."), "success")
            return redirect(url_for("trace.listing_profile", listing_id=listing.id))
    start, end = profiles.default_period()
    period_form = forms.PeriodForm(data={"start": start.isoformat(), "end": end.isoformat()})
    decl_form = forms.DeclarationForm()
    decl_form.claim_id.choices = [(str(c.id), f"{c.label.name_en} — {c.certificate_number}")
                                  for c in footprints.carbon_claims(listing)]
    status = 422 if form.errors or form.form_errors else 200
    return render_template("trace/listing_profile.html", listing=listing, profile=profile, form=form,
                           period_form=period_form, periods=profiles.periods_of(listing.id),
                           period_report=integrity.period_report(listing.id), decl_form=decl_form,
                           declarations=_declarations(listing.id), fp=footprints.listing_footprint(listing),
                           recycled_material=profiles.is_recycled_material(listing), **_ctx()), status


def _declarations(listing_id):
    from ..extensions import db
    from .models import FootprintDeclaration

    return list(db.session.scalars(db.select(FootprintDeclaration).where(FootprintDeclaration.listing_id == listing_id)
                                   .order_by(FootprintDeclaration.id.desc())))


@bp.route("/listings/<int:listing_id>/periods", methods=["POST"])
@login_required
def add_period(listing_id):
    form = forms.PeriodForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(lambda: profiles.add_period(actor(), listing_id, _form_data(form, ("start", "end"))),
                _("Mass-balance period declared."), url_for("trace.listing_profile", listing_id=listing_id))


@bp.route("/listings/<int:listing_id>/declarations", methods=["POST"])
@login_required
def declare(listing_id):
    form = forms.DeclarationForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(lambda: footprints.declare_footprint(actor(), listing_id, _form_data(
        form, ("claim_id", "kg_co2e_per_unit", "note"))),
                _("Footprint declared. A programme verifier checks it against the claim's evidence."),
                url_for("trace.listing_profile", listing_id=listing_id))


# ------------------------------------------------------------------ the public trace page and the resolver

def _link_header(lot) -> str:
    base = public_base()
    page = base + url_for("trace.lot_page", lot_id=lot.id)
    return (f'<{page}?linkType=all>; rel="linkset"; type="{LINKSET}", '
            f'<{page}>; rel="https://gs1.org/voc/traceability"; type="text/html", '
            f'<{base}{url_for("api_trace.lot_epcis", lot_id=lot.id)}>; rel="https://gs1.org/voc/epcis"; type="{JSONLD}"')


def _json(doc, mimetype: str, lot=None) -> Response:
    resp = Response(json.dumps(doc, ensure_ascii=False, indent=1), mimetype=mimetype)
    resp.headers["Vary"] = "Accept"
    if lot is not None:
        resp.headers["Link"] = _link_header(lot)
    return resp


def answer(lot, *, at_page: bool):
    """What the resolver answers for a lot (see the module docstring)."""
    a = actor()
    link_type = (request.args.get("linkType") or "").strip()
    short = link_type.removeprefix("https://gs1.org/voc/").removeprefix("https://ref.gs1.org/voc/").removeprefix("gs1:")
    if link_type in ("all", "linkset") or (not link_type and request.accept_mimetypes.best == LINKSET):
        return _json(public.linkset(lot, _base()), LINKSET, lot)
    if link_type:
        targets = public.links(lot, _base())
        chosen = targets.get(short) or targets["defaultLink"]
        href = chosen[0]["href"]
        own_page = public_base() + url_for("trace.lot_page", lot_id=lot.id)
        if not (at_page and href.split("#")[0] == own_page):
            resp = redirect(href, code=307)
            resp.headers["Link"] = _link_header(lot)
            return resp
    best = request.accept_mimetypes.best_match(["text/html", JSONLD, "application/json"], default="text/html")
    if best in (JSONLD, "application/json"):
        return _json(public.jsonld(a, lot, _base()), JSONLD if best == JSONLD else "application/json", lot)
    view = public.trace_view(a, lot, _base())
    resp = Response(render_template("trace/lot_page.html", v=view, **_ctx()))
    resp.headers["Vary"] = "Accept"
    resp.headers["Link"] = _link_header(lot)
    return resp


@bp.route("/lots/<int:lot_id>")
def lot_page(lot_id):
    """The public trace page (and the internal identifier URI of lots without a GTIN)."""
    return answer(public.lot_for_view(actor(), lot_id), at_page=True)


def _raw_path() -> str:
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.full_path
    return raw.split("?", 1)[0]


@resolver.route("/01/<path:rest>")
def resolve(rest):  # noqa: ARG001 - the raw path is read instead (it keeps %2F inside values)
    try:
        link = digital_link.parse(_raw_path())
    except digital_link.DigitalLinkError as exc:
        return render_template("trace/not_found.html", reason=str(exc), **_ctx()), 404
    try:
        lot, listing = public.resolve(actor(), link)
    except NotFound:
        return render_template("trace/not_found.html", reason="", gtin=link.gtin, lot_number=link.lot, **_ctx()), 404
    if lot is not None:
        return answer(lot, at_page=False)
    # a GTIN without lot: the product page (GS1 pip), or its linkset
    href = public_base() + url_for("catalog.detail", listing_id=listing.id)
    if (request.args.get("linkType") in ("all", "linkset")) or request.accept_mimetypes.best == LINKSET:
        return _json({"linkset": [{"anchor": digital_link.build(_base(), link.gtin),
                                   public.GS1_VOC + "pip": [{"href": href, "title": listing.title, "type": "text/html"}],
                                   public.GS1_VOC + "defaultLink": [{"href": href, "type": "text/html"}]}]}, LINKSET)
    return redirect(href, code=307)


@resolver.route("/.well-known/gs1resolver")
def resolver_description():
    """The resolver description file of the GS1-Conformant Resolver standard."""
    base = public_base()
    return _json({"name": "GreenConnect (Kết Nối Xanh) traceability resolver", "resolverRoot": base,
                  "supportedPrimaryKeys": ["01"], "linkTypeDefaultCanBeLinkset": False,
                  "supportedLinkType": [{"namespace": public.GS1_VOC, "prefix": "gs1:",
                                         "profile": "https://gs1.org/voc/?show=linktypes"}],
                  "linkset": "linkType=all", "contact": {"url": base + "/"}}, "application/json")


@bp.route("/lots/<int:lot_id>/qr.<fmt>")
def lot_qr(lot_id, fmt):
    lot = public.lot_for_view(actor(), lot_id)
    if fmt not in ("png", "svg"):
        abort(404)
    size = request.args.get("size", "m")
    if size not in qr.PRINT_SIZES_MM:
        size = "m"
    uri = lots.lot_uri(lot, _base())
    data = qr.png(uri, size) if fmt == "png" else qr.svg(uri, size, title=f"{lot.listing.title} — {lot.lot_number}")
    resp = Response(data, mimetype="image/png" if fmt == "png" else "image/svg+xml")
    if request.args.get("download"):
        resp.headers["Content-Disposition"] = f'attachment; filename="lot-{lot.id}-{size}.{fmt}"'
    resp.headers["Cache-Control"] = "public, max-age=3600"
    return resp


# ------------------------------------------------------------------ verifiers

@bp.route("/verify")
@login_required
def verify_queue():
    a = actor()
    require_verifier(a)
    status = request.args.get("status", "open")
    if status not in ("open", "resolved"):
        status = "open"
    page = paged(lambda n: integrity.flags_queue(a, status=status, page=n, per_page=20), 20)
    return render_template("trace/verify.html", page=page, status=status, declarations=footprints.declarations_queue(a),
                           flag_form=forms.FlagReviewForm(), decl_form=forms.DeclarationReviewForm(), **_ctx())


@bp.route("/flags/<int:flag_id>/review", methods=["POST"])
@login_required
def review_flag(flag_id):
    form = forms.FlagReviewForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(lambda: integrity.review_flag(actor(), flag_id, form.note.data),
                _("Review noted; the producer was told."), url_for("trace.verify_queue"))


@bp.route("/declarations/<int:declaration_id>/review", methods=["POST"])
@login_required
def review_declaration(declaration_id):
    form = forms.DeclarationReviewForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(lambda: footprints.review_declaration(actor(), declaration_id, form.decision.data, form.note.data),
                _("Decision recorded."), url_for("trace.verify_queue"))


# ------------------------------------------------------------------ EPCIS for the producer's period

@bp.route("/epcis")
@login_required
def org_epcis():
    a = actor()
    try:
        records = epcis.organisation_records(a, request.args.get("start"), request.args.get("end"), _base())
    except DomainError as exc:
        if exc.status in (401, 403, 404):
            raise
        flash_error(exc)
        return redirect(url_for("trace.my_lots"))
    resp = _json(epcis.to_document(records, _base()), JSONLD)
    resp.headers["Content-Disposition"] = (f'attachment; filename="epcis-{a.org_id}-{request.args.get("start")}-'
                                           f'{request.args.get("end")}.jsonld"')
    return resp


# ------------------------------------------------------------------ sections on other pages

def dashboard_panel(a) -> dict | None:
    if a.org is None or a.org.kind.value != "producer":
        return None
    from ..extensions import db
    from .models import FlagStatus, IntegrityFlag, Lot

    count = db.session.scalar(db.select(db.func.count(Lot.id)).where(Lot.organisation_id == a.org_id,
                                                                     Lot.status == LotStatus.active)) or 0
    flags = db.session.scalar(db.select(db.func.count(IntegrityFlag.id)).join(Lot, Lot.id == IntegrityFlag.lot_id)
                              .where(Lot.organisation_id == a.org_id, IntegrityFlag.status == FlagStatus.open)) or 0
    return {"template": "trace/_panel.html", "lot_count": count, "flag_count": flags}


def listing_section(listing, a) -> dict | None:
    own = a.is_authenticated and a.org_id == listing.organisation_id
    profile = profiles.profile_for(listing.id)
    recent = public.listing_lots_public(listing)
    if not own and profile is None and not recent:
        return None
    return {"template": "trace/_listing_section.html", "trace_profile": profile, "trace_own": own,
            "trace_lots": recent, "trace_fp": footprints.listing_footprint(listing),
            "trace_recycled_material": profiles.is_recycled_material(listing), **_ctx()}


def queue_section(a) -> dict | None:
    if not a.is_verifier:
        return None
    flags, decls = integrity.open_flag_count(), footprints.pending_declaration_count()
    return {"template": "trace/_queue_section.html", "trace_flags": flags, "trace_decls": decls}


def deal_section(deal, a) -> dict | None:
    try:
        shipped = lots.dispatches_for_deal(a, deal.id)
    except DomainError:
        return None
    is_supplier = a.org_id == deal.supplier_org_id
    own_lots = []
    if is_supplier and deal.listing_id:
        from ..extensions import db
        from .models import Lot

        own_lots = list(db.session.scalars(db.select(Lot).where(Lot.listing_id == deal.listing_id,
                                                                Lot.organisation_id == a.org_id,
                                                                Lot.status == LotStatus.active)
                                           .order_by(Lot.production_date.desc()).limit(50)))
    form = forms.DealDispatchForm()
    form.lot_id.choices = [(str(lot.id), f"{lot.lot_number} — {lot.production_date.isoformat()} "
                            f"({lot.quantity:g} {lot.unit})") for lot in own_lots]
    form.shipped_on.data = clock.today().isoformat()
    return {"template": "trace/_deal_section.html", "trace_shipped": shipped, "trace_is_supplier": is_supplier,
            "trace_own_lots": own_lots, "trace_deal": deal, "trace_dispatch_form": form}
