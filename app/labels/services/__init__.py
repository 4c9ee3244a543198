"""Label registry administration and the claim workflow.

Claim workflow: submitted → verified | rejected (reason) by a verifier; verified/submitted → expired
when `valid_until` passes; the owner may withdraw. Only `Claim.is_certified()` claims count anywhere.
Every change writes an audit entry and tells the listeners (`on_claim_changed`) so that the catalog can
re-index the listings the claim affects, in the same transaction.

Modules: `label_admin` (the registry), `claims` (reads and workflow), `expiry` (periodic jobs),
`events` (claim listeners). Callers import from `app.labels.services`.
"""
from .claims import (  # noqa: F401
    EVIDENCE_MAX_BYTES,
    STATUS_LABELS,
    attach_evidence,
    audit_trail,
    claims_of_org,
    claims_queue,
    evidence_claim,
    evidence_file,
    get_claim,
    get_claim_for,
    public_claims,
    reject_claim,
    submit_claim,
    verify_claim,
    withdraw_claim,
)
from .events import on_claim_changed  # noqa: F401
from .expiry import expire_claims, expiring_claims, remind_expiring  # noqa: F401
from .label_admin import KIND_LABELS, LABEL_FIELDS, SCOPE_LABELS, create_label, get_label, list_labels, update_label  # noqa: F401
