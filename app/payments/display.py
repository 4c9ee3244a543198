"""Display names of the payments domain's codes (see app/display)."""
from flask_babel import lazy_gettext as _l

from ..display import register_names
from .models import PaymentProvider, PaymentStatus

STATUS_LABELS = {
    "requires_payment": _l("Awaiting payment"), "processing": _l("Processing"), "succeeded": _l("Paid"),
    "failed": _l("Failed"), "canceled": _l("Cancelled"), "refunded": _l("Refunded"),
}
AUDIT = {
    "payment.created": _l("Payment created"), "payment.intent_created": _l("Card payment started"),
    "payment.status": _l("Payment status changed"), "payment.fulfilled": _l("Payment fulfilled"),
    "payment.amount_mismatch": _l("Paid amount does not match"),
    "payment.transition_ignored": _l("Late payment update ignored"), "payee.saved": _l("Payee account saved"),
}


def register(app) -> None:
    register_names(app, PaymentStatus, STATUS_LABELS)
    register_names(app, PaymentProvider, {"stripe": _l("Card (Stripe)"), "bank_transfer": _l("Bank transfer")})
    register_names(app, "audit", AUDIT)
