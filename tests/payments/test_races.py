"""A payment is fulfilled once under concurrent confirmations (issue 13, finding 10), through a served
app, on SQLite and on PostgreSQL: six "transfer received" clicks at the same moment (two organiser tabs,
an admin…) all answer 200 — confirming is idempotent — and the booth is paid for exactly once."""
from __future__ import annotations

from tests.edge.racing import EN, Call, race, served  # noqa: F401  (served: a fixture)
from tests.payments.test_bank_transfer_and_api import bank_payment  # noqa: F401  (a fixture)


def test_six_confirmations_at_once_fulfil_the_payment_once(served, bank_payment, token_for):
    from app.extensions import db
    from app.notifications.models import AuditEntry
    from app.payments.models import Payment, PaymentStatus

    payment, _payer, organiser = bank_payment
    headers = {**token_for(organiser), **EN}
    results = race(served, [Call("POST", f"/api/v1/payments/{payment.id}/received", headers, {"note": f"VCB {i}"})
                            for i in range(6)])
    assert [status for status, _ in results] == [200] * 6, results
    assert all(body["status"] == "succeeded" for _, body in results)
    db.session.expire_all()
    assert db.session.get(Payment, payment.id).status == PaymentStatus.succeeded
    actions = list(db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.object_type == "payment",
                                                                         AuditEntry.object_id == payment.id)))
    assert actions.count("payment.fulfilled") == 1 and actions.count("payment.status") == 1
