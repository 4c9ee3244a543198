"""Payment pages (Payment Element or bank-transfer instructions), manual confirmation and the Stripe
webhook at /payments/stripe/webhook (public, authenticated by its signature, CSRF-exempt)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from ..errors import DomainError
from ..pagination import paged
from ..permissions import require_admin
from ..web import actor, safe_next
from . import services
from .models import PaymentProvider
from .registry import get_purpose

bp = Blueprint("payments", __name__, url_prefix="/payments")


class ConfirmForm(FlaskForm):
    note = StringField(_l("Note (bank, date)"), validators=[Length(max=200)])


def _back_url(payment) -> str:
    purpose = get_purpose(payment.purpose)
    if purpose and purpose.back_url:
        try:
            return purpose.back_url(payment)
        except Exception:  # noqa: BLE001 - a link is not worth a 500
            return ""
    return ""


@bp.route("/<int:payment_id>")
@login_required
def pay(payment_id):
    a = actor()
    payment = services.get_for_actor(a, payment_id)
    client_secret = None
    error = None
    is_payer = a.org_id == payment.organisation_id
    if payment.provider == PaymentProvider.stripe and payment.is_open and is_payer and services.stripe_enabled():
        try:
            payment, client_secret = services.start_stripe(a, payment.id)
        except DomainError as exc:
            error = exc.message
    return render_template("payments/pay.html", payment=payment, client_secret=client_secret, error=error,
                           is_payer=is_payer, can_confirm=services.can_confirm(a, payment),
                           publishable_key=current_app.config.get("STRIPE_PUBLISHABLE_KEY"),
                           back_url=_back_url(payment), form=ConfirmForm(), account=services.bank_account())


@bp.route("/<int:payment_id>/return")
@login_required
def stripe_return(payment_id):
    """Stripe.js sends the payer here after confirmPayment; read the intent's state now."""
    services.get_for_actor(actor(), payment_id)
    services.sync_from_stripe(payment_id)
    return redirect(url_for("payments.pay", payment_id=payment_id))


@bp.route("/<int:payment_id>/received", methods=["POST"])
@login_required
def mark_received(payment_id):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        payment = services.mark_received(actor(), payment_id, form.note.data or "")
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
    else:
        flash(_("Payment %(ref)s marked as received.", ref=payment.reference), "success")
    return redirect(safe_next(request.form.get("next"), url_for("payments.pay", payment_id=payment_id)))


@bp.route("/admin")
@login_required
def admin_list():
    require_admin(actor())
    status = "all" if request.args.get("status") == "all" else "open"
    page = paged(lambda n: services.list_bank_transfers(status, page=n, per_page=50), 50)
    return render_template("payments/admin_list.html", page=page, form=ConfirmForm(), status=status)


@bp.route("/stripe/webhook", methods=["POST"])  # CSRF-exempt: see payments.init_app
def stripe_webhook():
    payload = request.get_data(cache=False, as_text=False)
    try:
        event = services.verify_event(payload, request.headers.get("Stripe-Signature"))
    except services.BadSignature:
        return jsonify({"error": {"code": "bad_signature", "message": "Invalid signature.", "fields": {}}}), 400
    outcome = services.handle_stripe_event(event)
    return jsonify({"received": True, "outcome": outcome}), 200
