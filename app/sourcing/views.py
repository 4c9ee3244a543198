"""Sourcing pages: requests, explained matches, quotes side by side, deals, threads, saved searches."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from search.matching import WEIGHTS

from .. import uploads
from ..errors import DomainError
from ..extensions import db
from ..orgs.models import Organisation, OrgKind
from ..pagination import paged
from ..l10n import format_number
from ..validation import flash_understood, understood
from ..web import actor, apply_errors, safe_next
from . import alerts, extensions, services
from .forms import (ConfirmForm, InviteForm, MessageForm, QuoteForm, ReasonForm, RfqForm, SavedSearchForm,
                    StatusForm)
from .matching import component_label, match_rfq
from .models import Deal, QuoteStatus, RfqInvitation, RfqStatus

bp = Blueprint("sourcing", __name__, url_prefix="/sourcing")


def _files(field: str = "attachment") -> list:
    f = request.files.get(field)
    return [f] if f is not None and f.filename else []


@bp.route("/requests")
@login_required
def rfq_list():
    a = actor()
    if a.org is None:
        return redirect(url_for("main.dashboard"))
    scope = "mine" if a.org.kind == OrgKind.buyer else "open"
    if a.org.kind == OrgKind.producer and request.args.get("scope") == "mine":
        scope = "mine"  # a producer's own requests (sourcing its materials)
    status = request.args.get("status") or None
    if status not in (None, "draft", "open", "closed", "awarded", "expired"):
        status = None
    q = request.args.get("q", "")[:200]
    page = paged(lambda n: services.list_rfqs(a, scope=scope, status=status, q=q, page=n, per_page=20), 20)
    return render_template("sourcing/rfq_list.html", page=page, scope=scope, status=status,
                           status_labels=services.STATUS_LABELS, is_producer=a.org.kind == OrgKind.producer)


@bp.route("/open")
@login_required
def open_requests():
    return rfq_list()


@bp.route("/requests/new", methods=["GET", "POST"])
@login_required
def rfq_new():
    a = actor()
    form = RfqForm()
    if request.method == "GET" and a.org is not None and not form.delivery_province.data:
        form.delivery_province.data = a.org.province_code
    if request.method == "GET" and request.args.get("title") and not form.title.data:
        form.title.data = request.args.get("title", "")[:200]  # from an empty search: what was searched
    if form.validate_on_submit():
        data = form.data_for_service()
        data["status"] = "open" if form.action.data == "open" else "draft"
        try:
            with understood() as notes:
                rfq = services.create_rfq(a, data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash_understood(notes, form)
            flash(_("Request published.") if rfq.status == RfqStatus.open else _("Draft saved."), "success")
            return redirect(url_for("sourcing.rfq_detail", rfq_id=rfq.id))
    return render_template("sourcing/rfq_form.html", form=form), 422 if form.errors or form.form_errors else 200


@bp.route("/requests/<int:rfq_id>")
@login_required
def rfq_detail(rfq_id):
    a = actor()
    rfq = services.get_rfq(a, rfq_id)
    buyer = services.is_buyer(a, rfq)
    own_quotes = [q for q in rfq.quotes if q.supplier_org_id == a.org_id]
    invitation = next((i for i in rfq.invitations if i.supplier_org_id == a.org_id), None)
    threads = services.threads_for(a, rfq.id) if a.org is not None else []
    visible = services.list_quotes(a, rfq.id) if a.org is not None else []
    return render_template("sourcing/rfq_detail.html", rfq=rfq, buyer=buyer, own_quotes=own_quotes,
                           sections=extensions.rfq_sections(rfq, _lanes(a, rfq, visible), a),
                           invitation=invitation, threads=threads, status_form=StatusForm(), reason_form=ReasonForm(),
                           status_labels=services.STATUS_LABELS, frequency_labels=services.FREQUENCY_LABELS,
                           visibility_labels=services.VISIBILITY_LABELS,
                           quote_count=len([q for q in rfq.quotes if q.status != QuoteStatus.withdrawn]),
                           is_producer=a.org is not None and a.org.kind == OrgKind.producer)


@bp.route("/requests/<int:rfq_id>/status", methods=["POST"])
@login_required
def rfq_status(rfq_id):
    form = StatusForm()
    if not form.validate_on_submit() or not form.status.data:
        abort(400)
    try:
        services.update_rfq(actor(), rfq_id, {"status": form.status.data})
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Request published.") if form.status.data == "open" else _("Request closed."), "success")
    return redirect(url_for("sourcing.rfq_detail", rfq_id=rfq_id))


@bp.route("/requests/<int:rfq_id>/decline", methods=["POST"])
@login_required
def rfq_decline(rfq_id):
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            services.decline_invitation(actor(), rfq_id, form.reason.data or "")
        except DomainError as exc:
            flash(exc.message, "error")
        else:
            flash(_("The buyer has been told you will not quote."), "success")
    return redirect(url_for("sourcing.rfq_detail", rfq_id=rfq_id))


@bp.route("/requests/<int:rfq_id>/matches")
@login_required
def rfq_matches(rfq_id):
    a = actor()
    rfq = services.get_own_rfq(a, rfq_id)
    result = match_rfq(rfq, limit=30)
    invited = {i.supplier_org_id for i in rfq.invitations}
    return render_template("sourcing/matches.html", rfq=rfq, result=result, invited=invited, weights=WEIGHTS,
                           component_label=component_label, invite_form=InviteForm())


@bp.route("/requests/<int:rfq_id>/invite", methods=["POST"])
@login_required
def rfq_invite(rfq_id):
    form = InviteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        listing_id = int(form.listing_id.data) if form.listing_id.data else None
        inv = services.invite_supplier(actor(), rfq_id, int(form.supplier_org_id.data), listing_id)
    except (ValueError, TypeError):
        abort(400)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(_("%(org)s is invited to quote.", org=inv.supplier.display_name), "success")
    return redirect(safe_next(request.referrer, url_for("sourcing.rfq_matches", rfq_id=rfq_id)))


@bp.route("/requests/<int:rfq_id>/quote", methods=["GET", "POST"])
@login_required
def quote_new(rfq_id):
    a = actor()
    rfq = services.get_rfq(a, rfq_id)
    form = QuoteForm()
    form.listing_id.choices = [("", _("— none —"))] + _own_listings(a.org_id)
    if request.method == "GET":
        form.quantity.data = format_number(rfq.quantity, grouped=False)
        inv = next((i for i in rfq.invitations if i.supplier_org_id == a.org_id), None)
        if inv and inv.listing_id:
            form.listing_id.data = str(inv.listing_id)
    if form.validate_on_submit():
        try:
            with understood() as notes:
                services.submit_quote(a, rfq.id, form.data_for_service(), _files())
            flash_understood(notes, form)
        except DomainError as exc:
            apply_errors(form, exc)
            if "attachment" in (exc.fields or {}):
                form.attachment.errors = list(exc.fields["attachment"])
        else:
            flash(_("Quote sent to %(buyer)s.", buyer=rfq.buyer.display_name), "success")
            return redirect(url_for("sourcing.rfq_detail", rfq_id=rfq.id))
    return render_template("sourcing/quote_form.html", rfq=rfq, form=form), 422 if form.errors or form.form_errors else 200


def _own_listings(org_id) -> list[tuple[str, str]]:
    from ..catalog.models import Listing, ListingStatus

    rows = db.session.execute(db.select(Listing.id, Listing.title).where(
        Listing.organisation_id == org_id, Listing.status == ListingStatus.published).order_by(Listing.title).limit(200))
    return [(str(i), t) for i, t in rows]


@bp.route("/requests/<int:rfq_id>/quotes")
@login_required
def quotes(rfq_id):
    a = actor()
    rfq, rows = services.compare_quotes(a, rfq_id)  # the same rows as GET /api/v1/rfqs/{id}/quotes/comparison
    quotes = [r["quote"] for r in rows]
    return render_template("sourcing/quotes.html", rfq=rfq, rows=rows, buyer=services.is_buyer(a, rfq),
                           sections=extensions.rfq_sections(rfq, _lanes(a, rfq, quotes), a),
                           has_estimator=extensions.has_transport_estimator(),
                           reason_form=ReasonForm(), quote_status=services.QUOTE_STATUS_LABELS,
                           attachments=services.attachments_of("quote", [q.id for q in quotes]))


def _lanes(a, rfq, quotes) -> list:
    """Origin → delivery lanes of a request the viewer may see: the buyer's quotes' origins, or the
    supplier's own (its quote, else its organisation's province with the requested quantity)."""
    lanes, seen = [], set()
    for ship in services.quotes_shipping(quotes).values():
        if ship.origin and (ship.origin, ship.weight_kg) not in seen:
            seen.add((ship.origin, ship.weight_kg))
            lanes.append(ship)
    if not lanes and not services.is_buyer(a, rfq) and a.org is not None and a.org.kind == OrgKind.producer \
            and a.org.province_code:
        weight, note = services.shipment_weight_kg(rfq.quantity, rfq.unit)
        lanes.append(services.ShippingFacts(a.org.province_code, rfq.delivery_province, rfq.quantity, rfq.unit,
                                            weight, note, buyer_org_id=rfq.buyer_org_id, supplier_org_id=a.org_id,
                                            title=rfq.title))
    return lanes


@bp.route("/quotes/<int:quote_id>/confirm-accept")
@login_required
def confirm_accept(quote_id):
    """Accepting a quote is a commitment: say what it means (amount, supplier, the other quotes declined)
    and ask again. The confirmation is a page with its own form, so it works without JavaScript."""
    a = actor()
    quote = services.get_quote(a, quote_id)
    rfq = services.get_rfq(a, quote.rfq_id)
    if not services.is_buyer(a, rfq):
        abort(404)
    others = [q for q in services.list_quotes(a, rfq.id) if q.id != quote.id and q.status == QuoteStatus.submitted]
    return render_template("sourcing/confirm_accept.html", quote=quote, rfq=rfq, others=others, form=ReasonForm(),
                           open=quote.status == QuoteStatus.submitted)


@bp.route("/quotes/<int:quote_id>/<action>", methods=["POST"])
@login_required
def quote_action(quote_id, action):
    a = actor()
    form = ReasonForm()
    if action not in ("accept", "decline", "withdraw") or not form.validate_on_submit():
        abort(400)
    quote = services.get_quote(a, quote_id)
    try:
        if action == "accept":
            deal = services.accept_quote(a, quote_id, form.reason.data or "")
            flash(_("Deal recorded with %(org)s.", org=deal.supplier.display_name), "success")
            return redirect(url_for("sourcing.deal_detail", deal_id=deal.id))
        if action == "decline":
            services.decline_quote(a, quote_id, form.reason.data or "")
            flash(_("Quote declined."), "success")
        else:
            services.withdraw_quote(a, quote_id)
            flash(_("Quote withdrawn."), "success")
    except DomainError as exc:
        flash(exc.message, "error")
    return redirect(url_for("sourcing.quotes", rfq_id=quote.rfq_id))


@bp.route("/requests/<int:rfq_id>/messages/<int:supplier_org_id>", methods=["GET", "POST"])
@login_required
def thread(rfq_id, supplier_org_id):
    a = actor()
    rfq = services.get_rfq(a, rfq_id)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            services.send_message(a, rfq.id, {"body": form.body.data, "supplier_org_id": supplier_org_id}, _files())
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            return redirect(url_for("sourcing.thread", rfq_id=rfq.id, supplier_org_id=supplier_org_id))
    thread, messages = services.list_messages(a, rfq.id, supplier_org_id)
    supplier = db.session.get(Organisation, supplier_org_id)
    return render_template("sourcing/thread.html", rfq=rfq, thread=thread, messages=messages, form=form,
                           supplier=supplier, attachments=services.attachments_of("message", [m.id for m in messages]))


@bp.route("/attachments/<int:attachment_id>")
@login_required
def attachment(attachment_id):
    att = services.attachment_for(actor(), attachment_id)
    return uploads.send_stored(att.path, att.mime, att.original_name, fallback=f"file-{att.id}")


@bp.route("/deals")
@login_required
def deal_list():
    a = actor()
    if a.org is None:
        return redirect(url_for("main.dashboard"))
    page = paged(lambda n: services.list_deals(a, page=n, per_page=20), 20)
    return render_template("sourcing/deal_list.html", page=page)


@bp.route("/deals/<int:deal_id>")
@login_required
def deal_detail(deal_id):
    a = actor()
    deal = services.get_deal(a, deal_id)
    return render_template("sourcing/deal_detail.html", deal=deal, sections=extensions.deal_sections(deal, a),
                           frequency_labels=services.FREQUENCY_LABELS)


@bp.route("/saved-searches", methods=["GET", "POST"])
@login_required
def saved_searches():
    a = actor()
    form = SavedSearchForm()
    if request.method == "GET":
        # "Save this search" from /search: prefill from its arguments
        form.q.data = request.args.get("q", "")
        for name in ("category", "label", "province"):
            if request.args.get(name):
                getattr(form, name).data = request.args.get(name)
        if request.args.get("recycled_min"):
            form.recycled_min.data = request.args.get("recycled_min", type=int)
        # the price range as the search page had it (an old bucket link is read as its range)
        lo, hi = request.args.get("price_min"), request.args.get("price_max")
        if request.args.get("price") and not (lo or hi):
            from ..discovery.services import price_range

            try:
                lo, hi = price_range(request.args["price"])
            except ValueError:
                lo = hi = None
        form.price_min.data = format_number(lo) if isinstance(lo, int) else lo
        form.price_max.data = format_number(hi) if isinstance(hi, int) else hi
    if form.validate_on_submit():
        params = {k: getattr(form, k).data
                  for k in ("q", "category", "label", "province", "recycled_min", "price_min", "price_max")}
        try:
            services.save_search(a, {"name": form.name.data, "params": params})
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            flash(_("Search saved. We will tell you about new matching listings."), "success")
            return redirect(url_for("sourcing.saved_searches"))
    return render_template("sourcing/saved_searches.html", form=form, searches=services.list_saved_searches(a),
                           delete_form=ConfirmForm())


@bp.route("/saved-searches/<int:search_id>/delete", methods=["POST"])
@login_required
def saved_search_delete(search_id):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.delete_saved_search(actor(), search_id)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Saved search deleted."), "success")
    return redirect(url_for("sourcing.saved_searches"))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token):
    search = alerts.search_from_token(token)
    if search is None:
        abort(404)
    form = ConfirmForm()
    done = False
    if form.validate_on_submit():
        services.unsubscribe(search)
        done = True
    return render_template("sourcing/unsubscribe.html", search=search, form=form, done=done or bool(search.unsubscribed_at))


# ------------------------------------------------------------------ dashboard and profile

def dashboard_panel(a) -> dict | None:
    if a.org is None or a.org.kind not in (OrgKind.buyer, OrgKind.producer):
        return None
    from .models import Rfq

    deals = list(db.session.scalars(db.select(Deal).where(
        db.or_(Deal.buyer_org_id == a.org_id, Deal.supplier_org_id == a.org_id)).order_by(Deal.agreed_at.desc()).limit(5)))
    ctx = {"template": "sourcing/_dashboard_panel.html", "sourcing_deals": deals,
           "sourcing_unread": services.unread_total(a.org_id)}
    if a.org.kind == OrgKind.buyer:
        ctx["sourcing_rfqs"] = list(db.session.scalars(db.select(Rfq).where(Rfq.buyer_org_id == a.org_id)
                                                       .order_by(Rfq.id.desc()).limit(5)))
    else:
        ctx["sourcing_invitations"] = list(db.session.scalars(
            db.select(RfqInvitation).join(Rfq, Rfq.id == RfqInvitation.rfq_id).where(
                RfqInvitation.supplier_org_id == a.org_id, Rfq.status == RfqStatus.open,
                RfqInvitation.first_response_at.is_(None)).order_by(RfqInvitation.id.desc()).limit(5)))
    return ctx


def responsiveness_section(org, a) -> dict | None:
    if org.kind != OrgKind.producer:
        return None
    stats = services.responsiveness([org.id]).get(org.id)
    return {"template": "sourcing/_profile_responsiveness.html", "responsiveness": stats}
