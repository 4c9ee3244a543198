"""A claim is decided once under concurrent requests (issue 13, finding 10), through a served app, on
SQLite and on PostgreSQL: verifiers deciding the same claim at the same moment give one decision; the
others get a 409 that says why."""
from __future__ import annotations

from tests.edge.racing import EN, Call, assert_losers_409, race, served  # noqa: F401  (served: a fixture)


def test_four_verifiers_verifying_one_claim_at_once_give_one_verification(served, producer, make_user, make_claim,
                                                                           make_listing, token_for):
    from app.extensions import db
    from app.notifications.models import AuditEntry

    user, _org = producer
    claim = make_claim(user, make_listing(user))
    calls = [Call("POST", f"/api/v1/claims/{claim.id}/verify", {**token_for(make_user(role="verifier")), **EN},
                  {"note": f"Kiểm tra {i}"}) for i in range(4)]
    results = race(served, calls)
    assert_losers_409(results, winners=1, message_part="Only pending claims can be verified")
    db.session.expire_all()
    actions = list(db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.object_type == "claim",
                                                                         AuditEntry.object_id == claim.id)))
    assert actions.count("claim.verified") == 1


def test_two_verifications_and_a_rejection_at_once_tell_one_story(served, producer, make_user, make_claim,
                                                                  make_listing, token_for):
    """Two verifications and a rejection of one pending claim at the same moment: whatever wins, the claim's
    status and its audit trail tell the same single story, and no request fails with a 5xx."""
    from app.extensions import db
    from app.labels.models import Claim
    from app.notifications.models import AuditEntry

    user, _org = producer
    claim = make_claim(user, make_listing(user))
    calls = [Call("POST", f"/api/v1/claims/{claim.id}/verify", {**token_for(make_user(role="verifier")), **EN},
                  {"note": ""}),
             Call("POST", f"/api/v1/claims/{claim.id}/verify", {**token_for(make_user(role="verifier")), **EN},
                  {"note": ""}),
             Call("POST", f"/api/v1/claims/{claim.id}/reject", {**token_for(make_user(role="verifier")), **EN},
                  {"reason": "Số chứng nhận không khớp"})]
    results = race(served, calls)
    codes = sorted(status for status, _b in results)
    assert all(c in (200, 409) for c in codes), results
    db.session.expire_all()
    status = db.session.get(Claim, claim.id).status.value
    decisions = [a for a in db.session.scalars(db.select(AuditEntry.action).where(
        AuditEntry.object_type == "claim", AuditEntry.object_id == claim.id).order_by(AuditEntry.id))
        if a in ("claim.verified", "claim.rejected")]
    # a verification may be revoked by the rejection that follows it; never two verifications, and the
    # last decision is the claim's status
    assert decisions.count("claim.verified") <= 1 and decisions.count("claim.rejected") <= 1, (decisions, results)
    assert decisions and decisions[-1] == f"claim.{status}", (decisions, status, results)
    assert codes.count(200) == len(decisions), (decisions, results)
