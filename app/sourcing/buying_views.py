"""A buyer's buttons: "Request a quote", "Message the supplier", "Save" / "Follow", "Add to my request"
on listing pages and storefronts, the inbox of conversations and the Saved page. Visitors who press a
button sign in first and come back to the same form (the buttons are plain links and forms: no
JavaScript needed)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from .. import clock
from ..errors import DomainError, NotFound
from ..extensions import db
from ..l10n import format_number
from ..orgs.models import Organisation, OrgKind, OrgStatus
from ..pagination import paged
from ..validation import flash_understood, understood
from ..web import actor, apply_errors, safe_next
from . import services
from .forms import AddToRequestForm, ConfirmForm, DirectMessageForm, InquiryForm

bp = Blueprint("buying", __name__)


def _units():
    from ..catalog.taxonomy import UNITS

    return UNITS


def _supplier_or_404(org_id: int) -> Organisation:
    org = db.session.get(Organisation, org_id)
    if org is None or org.kind != OrgKind.producer or org.status != OrgStatus.approved:
        raise NotFound(_("Supplier not found."))
    return org


def _why_not(a, *, inquiry: bool = False) -> str | None:
    """Why this signed-in user cannot send an inquiry or write to a supplier yet (None: they can)."""
    if a.org is None:
        return "no_org"
    if inquiry and a.org.kind not in (OrgKind.buyer, OrgKind.producer):
        return "kind"
    if not a.org.can_publish:
        return "pending"
    return None


def _arg_id(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) <= 10 and int(raw) < 2**31 else None


# ------------------------------------------------------------------ request a quote (direct inquiry)

@bp.route("/sourcing/inquiries/new", methods=["GET", "POST"])
@login_required
def inquiry_new():
    """?listing=<id> (from a listing's page) or ?supplier=<org id> (from a storefront: choose the product)."""
    a = actor()
    form = InquiryForm()
    listing_id = _arg_id("listing") or (_arg_id("listing_id") if request.method == "POST" else None)
    if request.method == "POST" and form.listing_id.data and str(form.listing_id.data).isdigit():
        listing_id = int(form.listing_id.data)
    listing = services.buyable_listing(a, listing_id) if listing_id else None
    supplier = listing.organisation if listing is not None else _supplier_or_404(_arg_id("supplier") or 0)
    if a.org_id == supplier.id:
        flash(_("This is your own organisation's product."), "error")
        return redirect(url_for("catalog.storefront", org_id=supplier.id))
    choices = services.supplier_listings(supplier.id)
    units = _units()
    form.listing_id.choices = ([] if listing else [("", _("— choose a product —"))]) + [
        (str(lst.id), f"{lst.title} ({_('minimum order')}: {format_number(lst.moq)} {units.get(lst.unit, '')})")
        for lst in choices]
    if request.method == "GET":
        if listing is not None:
            form.listing_id.data = str(listing.id)
            form.quantity.data = format_number(listing.moq, grouped=False)
        if a.org is not None and a.org.province_code:
            form.delivery_province.data = a.org.province_code
        form.message.data = _("Hello, we are interested in this product. Please send us your best price and "
                              "delivery time for the quantity above.")
    existing = services.open_inquiry_for(a, listing.id) if listing is not None else None
    status = 200
    if form.validate_on_submit():
        try:
            with understood() as notes:
                rfq = services.send_inquiry(a, form.data_for_service())
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            status = exc.status
            apply_errors(form, exc)
            if exc.status != 422 and exc.fields and exc.message not in form.form_errors:
                form.form_errors.append(exc.message)
        else:
            flash_understood(notes, form)
            flash(_("Inquiry sent to %(org)s. You will be told when they answer.", org=supplier.display_name), "success")
            return redirect(url_for("sourcing.rfq_detail", rfq_id=rfq.id))
    if status == 200 and (form.errors or form.form_errors):
        status = 422
    return render_template("sourcing/inquiry_form.html", form=form, listing=listing, supplier=supplier,
                           existing=existing, units=units,
                           blocked=_why_not(a, inquiry=True)), status


# ------------------------------------------------------------------ message the supplier, the inbox

@bp.route("/sourcing/suppliers/<int:org_id>/message", methods=["GET", "POST"])
@login_required
def message_supplier(org_id):
    a = actor()
    supplier = _supplier_or_404(org_id)
    if a.org_id == supplier.id:
        flash(_("This is your own organisation."), "error")
        return redirect(url_for("catalog.storefront", org_id=supplier.id))
    thread = services.direct_thread_with(a, supplier.id)
    if thread is not None and request.method == "GET":
        args = {"listing": request.args["listing"]} if _arg_id("listing") else {}
        return redirect(url_for("buying.conversation", thread_id=thread.id, **args))
    form = DirectMessageForm()
    listing = None
    if _arg_id("listing"):
        try:
            listing = services.buyable_listing(a, _arg_id("listing"))
        except DomainError:
            listing = None
        if listing is not None and listing.organisation_id != supplier.id:
            listing = None
    if request.method == "GET":
        form.listing_id.data = str(listing.id) if listing else ""
        if listing is not None:
            form.body.data = _("Hello, I have a question about “%(title)s”: ", title=listing.title)
    if form.validate_on_submit():
        try:
            msg = services.message_supplier(a, supplier.id, form.data_for_service())
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            apply_errors(form, exc)
        else:
            flash(_("Message sent to %(org)s.", org=supplier.display_name), "success")
            return redirect(url_for("buying.conversation", thread_id=msg.thread_id))
    return render_template("sourcing/conversation.html", thread=None, messages=[], other=supplier, listing=listing,
                           form=form, blocked=_why_not(a)), \
        422 if form.errors or form.form_errors else 200


@bp.route("/messages")
@login_required
def inbox():
    a = actor()
    if a.org is None:
        flash(_("Create or join an organisation first."), "info")
        return redirect(url_for("main.dashboard"))
    page = paged(lambda n: services.inbox(a, page=n, per_page=20), 20)
    return render_template("sourcing/inbox.html", page=page, counterpart=services.counterpart)


@bp.route("/messages/<int:thread_id>", methods=["GET", "POST"])
@login_required
def conversation(thread_id):
    a = actor()
    thread = services.get_conversation(a, thread_id)
    if not thread.is_direct:
        return redirect(url_for("sourcing.thread", rfq_id=thread.rfq_id, supplier_org_id=thread.supplier_org_id))
    form = DirectMessageForm()
    if form.validate_on_submit():
        try:
            services.reply(a, thread.id, form.data_for_service())
        except DomainError as exc:
            if isinstance(exc, NotFound):
                raise
            apply_errors(form, exc)
        else:
            return redirect(url_for("buying.conversation", thread_id=thread.id) + "#latest")
    elif request.method == "GET" and _arg_id("listing"):
        form.listing_id.data = str(_arg_id("listing"))
    thread, messages = services.read_conversation(a, thread.id)
    listing = None
    if thread.listing_id:
        from ..catalog.models import Listing

        listing = db.session.get(Listing, thread.listing_id)
    return render_template("sourcing/conversation.html", thread=thread, messages=messages,
                           other=services.counterpart(thread, a.org_id), listing=listing, form=form, blocked=None), \
        422 if form.errors or form.form_errors else 200


# ------------------------------------------------------------------ save, follow, add to a request

def _back(default: str) -> str:
    return safe_next(request.form.get("next") or request.referrer, default)


@bp.route("/saved/listings/<int:listing_id>", methods=["POST"])
@login_required
def save_listing(listing_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        _row, created = services.save_listing(actor(), listing_id)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        flash(exc.message, "error")
    else:
        flash(_("Saved. We will tell you when its price, availability or certifications change.") if created
              else _("This product is already in your saved list."), "success")
    return redirect(_back(url_for("catalog.detail", listing_id=listing_id)))


@bp.route("/saved/listings/<int:listing_id>/remove", methods=["POST"])
@login_required
def unsave_listing(listing_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.unsave_listing(actor(), listing_id)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Removed from your saved products."), "success")
    return redirect(_back(url_for("buying.saved")))


@bp.route("/saved/suppliers/<int:org_id>", methods=["POST"])
@login_required
def follow(org_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        _row, created = services.follow_supplier(actor(), org_id)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        flash(exc.message, "error")
    else:
        flash(_("You follow this supplier. We will tell you when it lists new products.") if created
              else _("You already follow this supplier."), "success")
    return redirect(_back(url_for("catalog.storefront", org_id=org_id)))


@bp.route("/saved/suppliers/<int:org_id>/remove", methods=["POST"])
@login_required
def unfollow(org_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.unfollow_supplier(actor(), org_id)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(_("You no longer follow this supplier."), "success")
    return redirect(_back(url_for("buying.saved")))


@bp.route("/saved")
@login_required
def saved():
    a = actor()
    listings, suppliers = services.list_saved(a)
    from ..catalog.services import is_public

    return render_template("sourcing/saved.html", listings=listings, suppliers=suppliers, is_public=is_public,
                           units=_units(), remove_form=ConfirmForm(), today=clock.today())


@bp.route("/sourcing/listings/<int:listing_id>/add-to-request", methods=["POST"])
@login_required
def add_to_request(listing_id):
    a = actor()
    form = AddToRequestForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        inv = services.add_listing_to_request(a, listing_id, {"rfq_id": form.rfq_id.data})
    except DomainError as exc:
        if isinstance(exc, NotFound) and not exc.fields:
            raise
        flash(exc.message, "error")
        return redirect(_back(url_for("catalog.detail", listing_id=listing_id)))
    flash(_("%(org)s is invited to quote on “%(title)s” with this product.", org=inv.supplier.display_name,
            title=inv.rfq.title), "success")
    return redirect(url_for("sourcing.rfq_detail", rfq_id=inv.rfq_id))


# ------------------------------------------------------------------ the buttons on listing pages and storefronts

def listing_actions(listing, a) -> dict | None:
    """The buyer's buttons on a listing's page (none on the own organisation's listings or unpublished ones)."""
    from ..catalog.services import is_public

    if not is_public(listing) or (a.is_authenticated and a.org_id == listing.organisation_id):
        return None
    return {"template": "sourcing/_listing_actions.html", "buy_listing": listing,
            "buy_saved": services.saved_listing(a, listing.id) is not None,
            "buy_inquiry": services.open_inquiry_for(a, listing.id),
            "buy_requests": services.my_open_requests(a),
            "buy_form": ConfirmForm(), "buy_add_form": AddToRequestForm()}


def supplier_actions(org, a) -> dict | None:
    """"Request a quote", "Message" and "Follow" on a producer's storefront and profile."""
    if org.kind != OrgKind.producer or org.status != OrgStatus.approved or (a.is_authenticated and a.org_id == org.id):
        return None
    return {"template": "sourcing/_supplier_actions.html", "buy_supplier": org,
            "buy_followed": services.followed(a, org.id) is not None, "buy_form": ConfirmForm()}
