"""Authorization cases for the payments API (see tests/test_authz_matrix.py)."""
from __future__ import annotations

from tests.fairs.authz_cases import _application
from tests.test_authz_matrix import Case, register


def _card(w):
    """Without Stripe keys (as in this matrix) the payer reaches the business rule: 409 "pay by bank transfer";
    others get 404. The 200 path (client secret) is tested against localstripe in test_stripe_localstripe.py."""
    from app.fairs import services

    _fair, a = _application(w, producer_org=w.org)
    return f"/api/v1/payments/{services.booth_payment(a).id}/card", None


register(Case("POST", "/api/v1/payments/<int:payment_id>/card", _card, ok=(409,)))
