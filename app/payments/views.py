"""Payment pages (Payment Element or bank-transfer instructions), manual confirmation and the Stripe
webhook at /payments/stripe/webhook (public, authenticated by its signature, CSRF-exempt)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from ..errors import DomainError
from ..mail import public_url
from ..pagination import paged
from ..permissions import require_admin
from ..web import actor, flash_error, safe_next
from . import banks, payees, services, vietqr
from .models import PaymentProvider
from .registry import get_purpose

bp = Blueprint("payments", __name__, url_prefix="/payments")


class ConfirmForm(FlaskForm):
    note = StringField(_l("Note (bank, date)"), render_kw={"maxlength": 200})  # rules: schemas.ReceivedInput


class PayeeForm(FlaskForm):
    """Renders the fields; PayeeInput (app/payments/schemas.py) checks them."""

    bank = SelectField(_l("Bank"), validate_choice=False)
    account_number = StringField(_l("Account number"), render_kw={"autocomplete": "off"}, description=_l(
        "6 to 19 digits or letters, as on your bank statement; spaces are ignored."))
    account_name = StringField(_l("Account holder (as the bank shows it)"), render_kw={"autocomplete": "off"},
                               description=_l("Without tone marks, in capitals — we convert it for you."))


def _payee_form(row=None):
    form = PayeeForm(data={"bank": row.bank_bin, "account_number": row.account_number,
                           "account_name": row.account_name} if row and request.method == "GET" else None)
    form.bank.choices = [("", _("Choose a bank"))] + [
        (b["bin"], f'{b["short_name"]} — {b["name"]}') for b in banks.banks()]
    return form


def _payee_page(org_id, template_title, endpoint):
    from ..errors import ValidationFailed
    from ..web import apply_errors

    a = actor()
    row = payees.get_for(a, org_id)
    form = _payee_form(row)
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            payees.save(a, org_id, {"bank": form.bank.data or "", "account_number": form.account_number.data or "",
                                    "account_name": form.account_name.data or ""})
        except ValidationFailed as exc:
            apply_errors(form, exc)
            status = 422
        except DomainError as exc:
            flash(exc.message, "error")
            status = exc.status
        else:
            flash(_("The bank account is saved. Bank-transfer pages now show it with a VietQR code."), "success")
            return redirect(url_for(endpoint))
    return render_template("payments/payee.html", form=form, row=row, title=template_title,
                           bank=banks.bank(row.bank_bin) if row else None, source=banks.source()), status


@bp.route("/account", methods=["GET", "POST"])
@login_required
def payee_account():
    """The organisation's own account for the money it receives (booth fees)."""
    a = actor()
    if a.org is None:
        abort(404)
    return _payee_page(a.org_id, _("Bank account for payments"), "payments.payee_account")


@bp.route("/platform-account", methods=["GET", "POST"])
@login_required
def platform_account():
    """The platform's account (promotion packages and other platform fees); administrators only."""
    require_admin(actor())
    return _payee_page(None, _("The platform's bank account"), "payments.platform_account")


def _transfer_qr(payment_id):
    a = actor()
    payment = services.get_for_actor(a, payment_id)
    acct = payees.account_for(payment)
    if payment.provider != PaymentProvider.bank_transfer or acct is None or not payment.is_open:
        abort(404)
    return payment, vietqr.payload(acct["bank_bin"], acct["account_number"], payment.amount, payment.reference)


@bp.route("/<int:payment_id>/vietqr.svg")
@login_required
def qr_svg(payment_id):
    payment, text = _transfer_qr(payment_id)
    body = vietqr.svg(text, title=f"VietQR {payment.reference}")
    return current_app.response_class(body, mimetype="image/svg+xml",
                                      headers={"Cache-Control": "private, no-store"})


@bp.route("/<int:payment_id>/vietqr.png")
@login_required
def qr_png(payment_id):
    payment, text = _transfer_qr(payment_id)
    return current_app.response_class(vietqr.png(text), mimetype="image/png", headers={
        "Cache-Control": "private, no-store",
        "Content-Disposition": f'attachment; filename="VietQR-{payment.reference}.png"'})


@bp.route("/<int:payment_id>/receipt.pdf")
@login_required
def receipt(payment_id):
    from ..uploads import send_stored

    payment = services.get_for_actor(actor(), payment_id)
    if not payment.receipt_path:
        abort(404)
    response = send_stored(payment.receipt_path, "application/pdf", f"receipt-{payment.reference}.pdf")
    return response


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
                           # where Stripe sends the payer back: from BASE_URL, never from the request's Host
                           return_url=public_url("payments.stripe_return", payment_id=payment.id),
                           back_url=_back_url(payment), form=ConfirmForm(), account=payees.account_for(payment),
                           missing_account=payees.missing_message(payment),
                           payee_is_platform=payees.payee_org_id(payment) is None)


@bp.route("/<int:payment_id>/return")
@login_required
def stripe_return(payment_id):
    """Stripe.js sends the payer here after confirmPayment; read the intent's state now."""
    services.get_for_actor(actor(), payment_id)
    services.sync_from_stripe(payment_id)
    return redirect(url_for("payments.pay", payment_id=payment_id))


@bp.route("/<int:payment_id>/received", methods=["GET", "POST"])
@login_required
def mark_received(payment_id):
    """GET: the confirmation step (which payment, how much, from whom; what confirming sets off);
    POST: record the money as received. Works without JavaScript."""
    form = ConfirmForm()
    if request.method == "GET":
        a = actor()
        payment = services.get_for_actor(a, payment_id)
        if not services.can_confirm(a, payment):
            abort(404)
        back = safe_next(request.args.get("next"), url_for("payments.pay", payment_id=payment.id))
        return render_template("payments/confirm_received.html", payment=payment, form=form, back=back,
                               next=request.args.get("next") or "")
    if not form.validate_on_submit():
        abort(400)
    try:
        payment = services.mark_received(actor(), payment_id, {"note": form.note.data})
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash_error(exc)
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
