"""Claim decisions reach the producer by e-mail, sent by the job runner: verified, rejected (with the reason)."""
from __future__ import annotations


def test_claim_verified_and_rejected_are_emailed(producer, verifier, make_listing, make_claim, actor_for, delivered,
                                                 outbox):
    from app.labels import services as labels

    user, _org = producer
    listing = make_listing(user)
    make_claim(user, listing, state="verified", verifier=verifier, certificate_number="OK-7")
    assert outbox(user.email) == []  # not inside the verifier's request
    verified = delivered(user.email)
    assert len(verified) == 1 and "OK-7" in verified[0]["Subject"]
    assert verified[0]["List-Unsubscribe"]
    claim = make_claim(user, listing, label="fsc", certificate_number="BAD-9")
    labels.reject_claim(actor_for(verifier), claim.id, {"reason": "Số chứng nhận không khớp."})
    rejected = delivered(user.email)[1:]
    assert len(rejected) == 1 and "BAD-9" in rejected[0].get_content() + rejected[0]["Subject"]
    assert "Số chứng nhận không khớp." in rejected[0].get_content()
