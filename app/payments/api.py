from flask_smorest import Blueprint

from ..api import BEARER, auth_required, document_errors, input_body
from . import services
from .schemas import CardPaymentSchema, PaymentSchema, ReceivedInput

blp = Blueprint("api_payments", __name__, url_prefix="/api/v1/payments", description="Payments")


@blp.route("/<int:payment_id>", methods=["GET"])
@blp.response(200, PaymentSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 404)
@auth_required
def get_payment(actor, payment_id):
    """A payment of the caller's organisation (or one the caller may confirm)."""
    return services.get_for_actor(actor, payment_id)


@blp.route("/<int:payment_id>/received", methods=["POST"])
@input_body(blp, ReceivedInput)
@blp.response(200, PaymentSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 422)
@auth_required
def mark_received(actor, body, payment_id):
    """Confirm that a bank transfer arrived (the object's organiser or an admin). Idempotent."""
    return services.mark_received(actor, payment_id, body)


@blp.route("/<int:payment_id>/card", methods=["POST"])
@blp.response(200, CardPaymentSchema)
@blp.doc(security=BEARER)
@document_errors(blp, 401, 403, 404, 409, 502)
@auth_required
def start_card_payment(actor, payment_id):
    """Start (or resume) paying by card: the PaymentIntent's `client_secret` and Stripe's `publishable_key`.
    The paying organisation only. Idempotent: the intent is created once, with an idempotency key, and later
    calls return the same one. 409 when Stripe is not configured (pay by bank transfer) or the payment is
    not open."""
    return services.start_card_payment(actor, payment_id)
