"""Finance pages: offer search and detail with eligibility, "finance for you" (matching a need),
expression of interest, the institution's offers and lead inbox, the business's documents and requests."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from .. import clock, uploads, vn
from ..errors import DomainError, ValidationFailed
from ..orgs.models import OrgKind
from ..pagination import SEARCH_WINDOW, paged
from ..searching import SearchUnavailableError
from ..validation import flash_understood, load_what_is_valid, understood
from ..web import actor, apply_errors
from . import eligibility as el
from . import offer_search, services
from .applicant import certified_claims, label_choices, label_names
from .forms import ConfirmForm, DocumentForm, InterestForm, LeadStatusForm, NoteForm, OfferForm
from .models import LEAD_PIPELINE, OfferStatus
from .schemas import OfferFilterInput
from .taxonomy import (AMOUNT_BUCKETS, DOCUMENT_TYPES, PRODUCT_TYPES, PROJECT_TYPES, PURPOSES, TAXONOMY_SOURCE, SHAREABLE_PROFILE_FIELDS, SIZE_HELP,
                       TAXONOMY_HELP)

bp = Blueprint("finance", __name__, url_prefix="/finance")
BUSINESS_KINDS = ("producer", "buyer", "logistics", "fair_organiser")

FIX_ENDPOINTS = {el.FIX_PROFILE: "orgs.edit", el.FIX_CLAIMS: "labels.my_claims", el.FIX_LISTINGS: "catalog.my_listings"}


def _locale() -> str:
    return str(get_locale() or "vi")


def fix_url(target: str) -> str:
    """Link for a fix hint; empty when the page does not exist (another domain not installed yet)."""
    from flask import current_app

    endpoint = FIX_ENDPOINTS.get(target)
    a = actor()
    if not endpoint or endpoint not in current_app.view_functions:
        return ""
    try:
        return url_for(endpoint, org_id=a.org_id) if endpoint == "orgs.edit" else url_for(endpoint)
    except Exception:  # noqa: BLE001
        return ""


@bp.app_context_processor
def _helpers():
    return {"finance_labels": {"product_type": PRODUCT_TYPES, "purpose": PURPOSES, "document": DOCUMENT_TYPES,
                               "lead_status": services.LEAD_STATUS_LABELS,
                               "offer_status": services.OFFER_STATUS_LABELS, "amount": AMOUNT_BUCKETS},
            "finance_fix_url": fix_url, "finance_project_types": PROJECT_TYPES,
            "finance_taxonomy_source": TAXONOMY_SOURCE}


def _status(exc: DomainError) -> int:
    return exc.status if exc.status in (400, 403, 404, 409, 422) else 400


# ------------------------------------------------------------------ public: search and detail

_MULTI = ("product_type", "purpose", "province")


def _offer_page(args: dict):
    return paged(lambda n: offer_search.search_offers({**args, "page": n, "per_page": 20}), 20, window=SEARCH_WINDOW)


@bp.route("/offers")
def offers_page():
    args: dict = {}
    for key in ("q", "amount", "sort", "need_amount"):
        if request.args.get(key):
            args[key] = request.args.get(key)
    for key in _MULTI:
        values = [v for v in request.args.getlist(key) if v]
        if values:
            args[key] = values
    page, unavailable, errors = None, False, {}
    if "need_amount" in args:
        read, errors = load_what_is_valid(OfferFilterInput, {"need_amount": args.pop("need_amount")})
        args.update(read)
    try:
        page = _offer_page(args)
    except SearchUnavailableError:
        unavailable = True
    except ValidationFailed as exc:
        errors.update(exc.fields or {})
        args = {"q": args.get("q", "")}
        page = _offer_page(args)
    fallback = services.open_offers()[:50] if unavailable else []
    filtered = any(args.get(k) for k in ("q", "amount", "need_amount", *_MULTI))
    error_labels = [str(FILTER_LABELS.get(k, k)) for k in errors]
    return render_template("finance/offers.html", page=page, args=args, errors=errors, unavailable=unavailable,
                           fallback=fallback, province_choices=vn.province_choices(), taxonomy_help=TAXONOMY_HELP,
                           filtered=filtered, error_labels=error_labels)


FILTER_LABELS = {"q": _l("Search"), "need_amount": _l("Amount I need (VND)"), "sort": _l("Sort"),
                 "product_type": _l("Product type"), "purpose": _l("Purpose"), "amount": _l("Maximum amount"),
                 "province": _l("Province"), "page": _l("Page")}


@bp.route("/offers/<int:offer_id>")
def offer_detail(offer_id):
    a = actor()
    offer = services.get_offer_for(a, offer_id)
    report = None
    own = a.org_id == offer.organisation_id
    if a.org is not None and not own:
        report = services.evaluate_offer(offer, a.org)
    existing = None
    if a.org is not None and not own:
        from ..extensions import db
        from .models import Lead

        existing = db.session.scalar(db.select(Lead).where(Lead.offer_id == offer.id, Lead.business_org_id == a.org_id,
                                                           Lead.consent_withdrawn_at.is_(None)))
    return render_template("finance/offer_detail.html", offer=offer, report=report, own=own, existing=existing,
                           label_names=label_names(offer.required_labels, _locale()),
                           confirm=ConfirmForm(), taxonomy_help=TAXONOMY_HELP, size_help=SIZE_HELP)


# ------------------------------------------------------------------ business: matching and interest

@bp.route("/for-you")
@login_required
def for_you():
    a = actor()
    if a.org is None:
        return redirect(url_for("main.dashboard"))
    need, errors = el.Need(), {}
    raw = {k: request.args.get(k) for k in ("purpose", "project_type", "amount", "tenor_months", "needed_by")
           if request.args.get(k) is not None}
    try:
        need = services.need_from(raw)
    except ValidationFailed as exc:
        errors = exc.fields
    show_all = request.args.get("all") == "1"
    fits = services.match_offers(a, need, include_ineligible=show_all)
    return render_template("finance/for_you.html", fits=fits, need=need, raw=raw, errors=errors, show_all=show_all,
                           purposes=PURPOSES, taxonomy_help=TAXONOMY_HELP)


@bp.route("/offers/<int:offer_id>/interest", methods=["GET", "POST"])
@login_required
def interest(offer_id):
    a = actor()
    if a.org is None:
        return redirect(url_for("main.dashboard"))
    offer = services.get_offer_for(a, offer_id)
    report = services.evaluate_offer(offer, a.org)
    claims = certified_claims(a.org_id, clock.today())
    documents = services.list_documents(a)
    form = InterestForm()
    form.claim_ids.choices = [(str(c.id), f"{c.label.name(_locale())} · {c.certificate_number}") for c in claims]
    form.document_ids.choices = [(str(d.id), f"{d.title} ({DOCUMENT_TYPES.get(d.doc_type, d.doc_type)})")
                                 for d in documents]
    if request.method == "GET":
        form.share_profile.data = ["legal_name", "tax_code", "province_code", "sectors", "size", "founded_year"]
        form.claim_ids.data = [str(c.id) for c in claims]
        form.need_purpose.data = (offer.purposes or [""])[0] if len(offer.purposes or []) == 1 else ""
    status = 200
    if form.validate_on_submit():
        try:
            with understood() as notes:
                lead = services.express_interest(a, offer.id, form.data_for_service())
        except DomainError as exc:
            apply_errors(form, exc)
            for msg in (exc.fields or {}).get("eligibility", []):
                form.form_errors.append(str(msg))
            status = _status(exc)
        else:
            flash_understood(notes, form)
            flash(_("Your interest was sent to %(bank)s.", bank=offer.organisation.display_name), "success")
            return redirect(url_for("finance.lead_detail", lead_id=lead.id))
    elif request.method == "POST":
        status = 422
    return render_template("finance/interest.html", offer=offer, report=report, form=form, claims=claims,
                           documents=documents), status


# ------------------------------------------------------------------ institution: offers

@bp.route("/manage")
@login_required
def manage():
    a = actor()
    if a.org is None or a.org.kind != OrgKind.finance:
        abort(404)
    status = request.args.get("status")
    page = paged(lambda n: services.my_offers(a, status=status, page=n, per_page=20), 20)
    return render_template("finance/manage.html", page=page, confirm=ConfirmForm(), counts=services.lead_counts(a.org_id))


def _offer_form(offer=None):
    a = actor()
    if a.org is None or a.org.kind != OrgKind.finance:
        abort(404)
    form = OfferForm(obj=offer, label_choices=label_choices(_locale()))
    if form.validate_on_submit():
        publish = request.form.get("action") == "publish"
        try:
            data = form.data_for_service()
            if offer is None:
                data["publish"] = publish
                offer = services.create_offer(a, data)
            else:
                offer = services.update_offer(a, offer.id, data)
                if publish and offer.status == OfferStatus.draft:
                    offer = services.publish_offer(a, offer.id)
        except DomainError as exc:
            apply_errors(form, exc)
            return render_template("finance/offer_form.html", form=form, offer=offer), _status(exc)
        flash(_("Offer published.") if offer.status == OfferStatus.published and publish else _("Offer saved."),
              "success")
        return redirect(url_for("finance.offer_detail", offer_id=offer.id))
    status = 422 if request.method == "POST" else 200
    return render_template("finance/offer_form.html", form=form, offer=offer, taxonomy_help=TAXONOMY_HELP), status


@bp.route("/manage/new", methods=["GET", "POST"])
@login_required
def new_offer():
    return _offer_form()


@bp.route("/manage/<int:offer_id>/edit", methods=["GET", "POST"])
@login_required
def edit_offer(offer_id):
    a = actor()
    offer = services.get_offer(offer_id)
    if a.org_id != offer.organisation_id:
        abort(404)
    return _offer_form(offer)


@bp.route("/manage/<int:offer_id>/<any(publish, close):action>", methods=["POST"])
@login_required
def offer_action(offer_id, action):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        if action == "publish":
            services.publish_offer(actor(), offer_id)
            flash(_("Offer published."), "success")
        else:
            services.close_offer(actor(), offer_id)
            flash(_("Offer closed."), "success")
    except DomainError as exc:
        if exc.status == 404:
            abort(404)
        flash(exc.message, "error")
    return redirect(url_for("finance.offer_detail", offer_id=offer_id))


# ------------------------------------------------------------------ leads

@bp.route("/leads")
@login_required
def leads():
    a = actor()
    if a.org is None:
        return redirect(url_for("main.dashboard"))
    status = request.args.get("status") or None
    page = paged(lambda n: services.list_leads(a, status=status, page=n, per_page=20), 20)
    bank = a.org.kind == OrgKind.finance
    return render_template("finance/leads.html", page=page, bank=bank, status=status, pipeline=LEAD_PIPELINE,
                           counts=services.lead_counts(a.org_id) if bank else {})


@bp.route("/leads/<int:lead_id>")
@login_required
def lead_detail(lead_id):
    a = actor()
    lead, role = services.get_lead_for(a, lead_id)
    status_form = LeadStatusForm(status=lead.status.value)
    return render_template("finance/lead_detail.html", lead=lead, role=role, shared=services.shared_for(lead, role),
                           history=services.lead_history(lead, role), status_form=status_form, note_form=NoteForm(),
                           confirm=ConfirmForm(), profile_labels=SHAREABLE_PROFILE_FIELDS,
                           profile_display=services.profile_display, pipeline=LEAD_PIPELINE,
                           messages=services.lead_messages(lead), message_form=ConfirmForm(), my_org_id=a.org_id)


@bp.route("/leads/<int:lead_id>/messages", methods=["POST"])
@login_required
def lead_message(lead_id):
    from ..errors import ValidationFailed

    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.post_message(actor(), lead_id, {"body": request.form.get("body", "")})
    except ValidationFailed as exc:
        flash(exc.fields.get("body", [exc.message])[0] if exc.fields else exc.message, "error")
    except DomainError as exc:
        if exc.status == 404:
            abort(404)
        flash(exc.message, "error")
    else:
        flash(_("Message sent."), "success")
    return redirect(url_for("finance.lead_detail", lead_id=lead_id, _anchor="conversation"))


@bp.route("/leads/<int:lead_id>/status", methods=["POST"])
@login_required
def lead_status(lead_id):
    form = LeadStatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_lead_status(actor(), lead_id, form.status.data, form.note.data or "")
    except DomainError as exc:
        if exc.status == 404:
            abort(404)
        for message in [m for ms in (exc.fields or {}).values() for m in ms] or [exc.message]:
            flash(str(message), "error")
    else:
        flash(_("Lead moved to \"%(status)s\".", status=services.LEAD_STATUS_LABELS[form.status.data]), "success")
    return redirect(url_for("finance.lead_detail", lead_id=lead_id))


@bp.route("/leads/<int:lead_id>/notes", methods=["POST"])
@login_required
def lead_note(lead_id):
    form = NoteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.add_note(actor(), lead_id, form.body.data)
    except ValidationFailed as exc:
        flash(exc.fields.get("body", [exc.message])[0] if exc.fields else exc.message, "error")
    else:
        flash(_("Note added."), "success")
    return redirect(url_for("finance.lead_detail", lead_id=lead_id))


@bp.route("/leads/<int:lead_id>/withdraw", methods=["POST"])
@login_required
def lead_withdraw(lead_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.withdraw_consent(actor(), lead_id)
    flash(_("Consent withdrawn. The institution can no longer open what you shared."), "success")
    return redirect(url_for("finance.lead_detail", lead_id=lead_id))


@bp.route("/leads/<int:lead_id>/documents/<int:doc_id>")
@login_required
def lead_document(lead_id, doc_id):
    doc = services.lead_document_file(actor(), lead_id, doc_id)
    return uploads.send_stored(doc.path, doc.mime, doc.original_name, fallback=f"document-{doc.id}")


# ------------------------------------------------------------------ business documents

@bp.route("/documents", methods=["GET", "POST"])
@login_required
def documents():
    a = actor()
    if a.org is None:
        return redirect(url_for("main.dashboard"))
    form = DocumentForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.upload_document(a, form.file.data, form.title.data, form.doc_type.data)
        except DomainError as exc:
            apply_errors(form, exc)
            status = _status(exc)
        else:
            flash(_("Document uploaded. It stays private until you share it with an institution."), "success")
            return redirect(url_for("finance.documents"))
    return render_template("finance/documents.html", form=form, docs=services.list_documents(a),
                           confirm=ConfirmForm()), status


@bp.route("/documents/<int:doc_id>")
@login_required
def document_download(doc_id):
    doc = services.document_file(actor(), doc_id)
    return uploads.send_stored(doc.path, doc.mime, doc.original_name, fallback=f"document-{doc.id}")


@bp.route("/documents/<int:doc_id>/delete", methods=["POST"])
@login_required
def document_delete(doc_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.delete_document(actor(), doc_id)
    flash(_("Document deleted."), "success")
    return redirect(url_for("finance.documents"))


# ------------------------------------------------------------------ dashboard panels

def bank_panel(a):
    if a.org is None or a.org.kind != OrgKind.finance:
        return None
    return {"template": "finance/_panel_bank.html", "finance_counts": services.lead_counts(a.org_id),
            "finance_pipeline": LEAD_PIPELINE}


def business_panel(a):
    if a.org is None or a.org.kind == OrgKind.finance:
        return None
    try:
        fits = services.match_offers(a, include_ineligible=False)
    except DomainError:
        return None
    return {"template": "finance/_panel_business.html", "finance_fits": fits[:3], "finance_total": len(fits)}
