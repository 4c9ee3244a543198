from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from .. import clock
from ..errors import DomainError, NotFound
from ..orgs.services import get_public_organisation
from ..pagination import paged
from ..l10n import format_number
from ..validation import flash_understood, understood
from ..web import actor, apply_errors
from . import bulk, bulk_formats, services
from .forms import TIER_ROWS, ImportForm, ListingForm, PhotoForm, StatusForm
from .models import ListingStatus
from .taxonomy import CATEGORIES, EXPORT_MARKETS, UNITS, category_name, category_path, top_categories

bp = Blueprint("catalog", __name__)

SORT_LABELS = {"newest": _l("Newest"), "price_asc": _l("Price: low to high"), "price_desc": _l("Price: high to low")}


def _locale() -> str:
    return str(get_locale() or "vi")


def _ctx(**kw):
    return dict(category_name=category_name, units=UNITS, markets=EXPORT_MARKETS, today=clock.today(), locale=_locale(), **kw)


# ------------------------------------------------------------------ public pages

@bp.route("/listings")
def browse():
    category = request.args.get("category") or None
    if category not in CATEGORIES:
        category = None
    sort = request.args.get("sort", "newest")
    if sort not in SORT_LABELS:
        sort = "newest"
    q = request.args.get("q", "")[:100]
    page = paged(lambda n: services.list_listings(actor(), category=category, sort=sort, q=q, page=n, per_page=24), 24)
    return render_template("catalog/browse.html", page=page, category=category, sort=sort, sorts=SORT_LABELS,
                           top_categories=top_categories(), categories=CATEGORIES, **_ctx())


@bp.route("/listings/<int:listing_id>")
def detail(listing_id):
    a = actor()
    listing = services.get_listing_for_view(a, listing_id)
    own = a.org_id == listing.organisation_id
    claims = services.claims_for(listing, public=not own)
    today = clock.today()
    proven = any(c.is_certified(today) and c.label.kind.value in ("compostable", "recycled") for c in claims)
    self_declared = bool(listing.compostable or listing.biodegradable or listing.recycled_pct) and not proven
    from .extensions import listing_actions, listing_sections

    return render_template("catalog/detail.html", listing=listing, claims=claims, own=own, public=services.is_public(listing),
                           path=category_path(listing.category), self_declared=self_declared,
                           sections=listing_sections(listing, a), actions=listing_actions(listing, a), **_ctx())


@bp.route("/listings/<int:listing_id>/photos/<int:photo_id>")
def photo(listing_id, photo_id):
    return send_file(services.photo_file(actor(), listing_id, photo_id), max_age=3600)


@bp.route("/producers/<int:org_id>")
def storefront(org_id):
    from ..labels import services as labels

    a = actor()
    org = get_public_organisation(a, org_id)
    page = paged(lambda n: services.list_listings(_Public(), org_id=org.id, page=n, per_page=24), 24)
    org_claims = labels.public_claims(labels.claims_of_org(org.id, org_level_only=True))
    from ..web import profile_actions, profile_sections

    return render_template("catalog/storefront.html", org=org, page=page, org_claims=org_claims,
                           sections=profile_sections(org, a), actions=profile_actions(org, a), **_ctx())


class _Public:
    """An anonymous actor: the storefront always shows what the public sees."""

    is_authenticated = False
    org_id = None
    is_verifier = False


# ------------------------------------------------------------------ producer pages

@bp.route("/my/listings")
@login_required
def my_listings():
    a = actor()
    if a.org is None:
        return redirect(url_for("main.dashboard"))
    status = request.args.get("status") or None
    if status not in ListingStatus.__members__:
        status = None
    page = paged(lambda n: services.list_listings(a, org_id=a.org_id, status=status, page=n, per_page=25), 25)
    return render_template("catalog/my_listings.html", page=page, status=status, counts=services.status_counts(a.org_id),
                           **_ctx())


@bp.route("/my/listings/new", methods=["GET", "POST"])
@login_required
def new_listing():
    a = actor()
    if a.org is None:
        return redirect(url_for("main.dashboard"))
    form = ListingForm()
    if request.method == "GET":
        form.origin_province.data = a.org.province_code
    if form.validate_on_submit():
        try:
            with understood() as notes:
                listing = services.create_listing(a, form.data_for_service(request.form))
            flash_understood(notes, form)
            if form.photo.data and getattr(form.photo.data, "filename", ""):
                services.add_photo(a, listing.id, form.photo.data, listing.title)
        except DomainError as exc:
            _apply(form, exc)
            if "listing" in locals():
                flash(_("The listing was saved, but the photo was refused: %(msg)s",
                        msg=(exc.fields.get("photo") or [exc.message])[0]), "error")
                return redirect(url_for("catalog.edit_listing", listing_id=listing.id))
        else:
            flash(_("Draft saved. Add claims and photos, then publish."), "success")
            return redirect(url_for("catalog.edit_listing", listing_id=listing.id))
    return render_template("catalog/form.html", form=form, listing=None, tiers=_tiers_for_form(form, None),
                           **_ctx()), 422 if form.errors or form.form_errors or getattr(form, "tier_errors", None) else 200


def _apply(form, exc) -> None:
    """Field errors onto the form; price-tier errors onto `form.tier_errors` (the tiers are not WTForms fields)."""
    fields = dict(exc.fields or {})
    form.tier_errors = [str(m) for m in fields.pop("price_tiers", [])]
    exc.fields = fields
    if fields or not form.tier_errors:
        apply_errors(form, exc)


def _tiers_for_form(form, listing):
    if request.method == "POST":
        return form.tiers_from_request(request.form)
    rows = [{"min_qty": _fmt(t.min_qty), "price_vnd": _fmt(t.price_vnd)} for t in (listing.price_tiers if listing else [])]
    return rows + [{"min_qty": "", "price_vnd": ""}] * max(0, TIER_ROWS - len(rows))


def _fmt(n) -> str:
    """A stored number in a form field, as the locale writes it, ungrouped ("5000", "2,5"): reads back the same."""
    return format_number(n, grouped=False)


@bp.route("/my/listings/import", methods=["GET", "POST"])
@login_required
def import_listings():
    """Upload a CSV / JSON lines file of listings; the answer shows every row's result."""
    a = actor()
    if a.org is None:
        return redirect(url_for("main.dashboard"))
    bulk.forbid_other_kinds(a)
    form = ImportForm()
    result, status = None, 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            if upload is None or not getattr(upload, "filename", ""):
                raise bulk_formats.FileProblem(_("Choose a CSV or JSON lines file."))
            fmt = bulk_formats.detect_format(upload.mimetype or "", upload.filename)
            if fmt is None:
                raise bulk_formats.FileProblem(_("Upload a .csv, .jsonl or .json file."))
            raw = bulk_formats.read_limited(upload.stream, bulk.max_bytes())
            rows = bulk_formats.parse(raw, fmt, max_rows=bulk.max_rows())
            result = bulk.import_listings(a, rows, dry_run=bool(form.dry_run.data))
        except DomainError as exc:
            form.file.errors = list((exc.fields or {}).get("file") or [exc.message])
            status = exc.status
        else:
            status = 200
    return render_template("catalog/import.html", form=form, result=result, max_rows=bulk.max_rows(),
                           max_mb=f"{bulk.max_bytes() / 1024 / 1024:g}", columns=bulk_formats.COLUMNS, **_ctx()), status


@bp.route("/my/listings/import/template.csv")
@login_required
def import_template():
    return Response("\ufeff" + bulk_formats.template_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=greenconnect-listings.csv"})


@bp.route("/my/listings/<int:listing_id>/edit", methods=["GET", "POST"])
@login_required
def edit_listing(listing_id):
    a = actor()
    listing = services.get_own_listing(a, listing_id)
    form = ListingForm(obj=listing)
    if request.method == "GET":
        for f in ("moq", "capacity_month", "recycled_pct", "lead_time_days", "unit_weight_kg"):
            getattr(form, f).data = _fmt(getattr(listing, f))
    if form.validate_on_submit():
        try:
            with understood() as notes:
                services.update_listing(a, listing.id, form.data_for_service(request.form))
            flash_understood(notes, form)
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            _apply(form, exc)
        else:
            flash(_("Listing saved."), "success")
            return redirect(url_for("catalog.edit_listing", listing_id=listing.id))
    from ..labels import services as labels

    return render_template("catalog/form.html", form=form, listing=listing, tiers=_tiers_for_form(form, listing),
                           photo_form=PhotoForm(prefix="ph"), status_form=StatusForm(prefix="st"),
                           claims=services.claims_for(listing, public=False), status_labels=labels.STATUS_LABELS,
                           **_ctx()), 422 if form.errors or form.form_errors or getattr(form, "tier_errors", None) else 200


@bp.route("/my/listings/<int:listing_id>/photos", methods=["POST"])
@login_required
def upload_photo(listing_id):
    form = PhotoForm(prefix="ph")
    if not form.validate_on_submit():
        abort(400)
    try:
        services.add_photo(actor(), listing_id, form.photo.data)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        flash((exc.fields.get("photo") or [exc.message])[0], "error")
    else:
        flash(_("Photo added."), "success")
    return redirect(url_for("catalog.edit_listing", listing_id=listing_id) + "#photos")


@bp.route("/my/listings/<int:listing_id>/photos/<int:photo_id>/delete", methods=["POST"])
@login_required
def delete_photo(listing_id, photo_id):
    if not PhotoForm(prefix="ph").validate_on_submit():
        abort(400)
    services.remove_photo(actor(), listing_id, photo_id)
    flash(_("Photo removed."), "success")
    return redirect(url_for("catalog.edit_listing", listing_id=listing_id) + "#photos")


@bp.route("/my/listings/<int:listing_id>/status", methods=["POST"])
@login_required
def change_status(listing_id):
    form = StatusForm(prefix="st")
    if not form.validate_on_submit():
        abort(400)
    try:
        listing = services.set_status(actor(), listing_id, form.status.data or "")
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages = [exc.message] + [m for msgs in exc.fields.values() for m in msgs]
        flash(" ".join(str(m) for m in messages), "error")
    else:
        flash({"published": _("Listing published."), "draft": _("Listing moved back to drafts."),
               "archived": _("Listing archived.")}[listing.status.value], "success")
    return redirect(url_for("catalog.edit_listing", listing_id=listing_id))


@bp.route("/my/listings/<int:listing_id>/claims/new", methods=["GET", "POST"])
@login_required
def new_claim(listing_id):
    from ..labels import services as labels
    from ..labels.forms import ClaimForm

    a = actor()
    listing = services.get_own_listing(a, listing_id)
    form = ClaimForm()
    form.set_labels(labels.list_labels(), _locale(), listing_level=True)
    if form.validate_on_submit():
        try:
            services.add_listing_claim(a, listing.id, form.data_for_service(), form.evidence.data)
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            apply_errors(form, exc)
        else:
            flash(_("Claim submitted. A verifier will review the evidence."), "success")
            return redirect(url_for("catalog.edit_listing", listing_id=listing.id) + "#claims")
    return render_template("labels/claim_form.html", form=form, listing=listing, locale=_locale()), \
        422 if form.errors or form.form_errors else 200


# ------------------------------------------------------------------ dashboard and home

def producer_panel(a):
    if a.org is None or a.org.kind.value != "producer":
        return None
    from ..labels import services as labels

    claims = labels.claims_of_org(a.org_id)
    today = clock.today()
    by_status: dict[str, int] = {}
    for c in claims:
        by_status[c.effective_status(today)] = by_status.get(c.effective_status(today), 0) + 1
    return {"template": "catalog/_dashboard_panel.html", "counts": services.status_counts(a.org_id),
            "claim_counts": by_status, "expiring": labels.expiring_claims(org_id=a.org_id, today=today),
            "rejected": [c for c in claims if c.status.value == "rejected"][-5:]}


def latest_listings():
    page = services.list_listings(_Public(), page=1, per_page=6)
    if not page.items:
        return None
    return {"template": "catalog/_home_section.html", "listings": page.items, "category_name": category_name,
            "units": UNITS, "today": clock.today()}
