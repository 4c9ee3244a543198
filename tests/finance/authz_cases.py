"""Authorization matrix cases for /api/v1/finance (see tests/test_authz_matrix.py)."""
from __future__ import annotations

import base64

from tests.finance.conftest import OFFER, pdf_bytes
from tests.test_authz_matrix import Case, register


def _actor(user):
    from app.permissions import Actor

    return Actor.for_user(user)


def _offer(user, publish=True):
    from app.finance import services

    return services.create_offer(_actor(user), {**OFFER, "publish": publish})


def _bank_offer(w):
    bank_user = w.make_user()
    w.make_org("finance", owner=bank_user)
    return _offer(bank_user)


def _lead_for_owner_bank(w):
    """A lead sent to an offer of w.org (a financial institution) by a fresh producer."""
    from app.finance import services

    offer = _offer(w.owner)
    producer = w.make_user()
    w.make_org("producer", owner=producer)
    return services.express_interest(_actor(producer), offer.id, {"consent": True})


def _lead_of_owner(w):
    from app.finance import services

    offer = _bank_offer(w)
    return services.express_interest(_actor(w.owner), offer.id, {"consent": True})


def _doc_of_owner(w):
    import io

    from werkzeug.datastructures import FileStorage

    from app.finance import services

    return services.upload_document(_actor(w.owner), FileStorage(io.BytesIO(pdf_bytes()), filename="a.pdf"), "BCTC",
                                    "financial_statements")


P = "/api/v1/finance"
register(
    Case("POST", f"{P}/offers", lambda w: (f"{P}/offers", {k: v for k, v in OFFER.items()}), right="any_user",
         kind="finance"),
    Case("PATCH", f"{P}/offers/<int:offer_id>",
         lambda w: (f"{P}/offers/{_offer(w.owner, publish=False).id}", {"rate_text": "lãi suất cơ sở − 2%"}),
         kind="finance"),
    Case("POST", f"{P}/offers/<int:offer_id>/publish",
         lambda w: (f"{P}/offers/{_offer(w.owner, publish=False).id}/publish", None), kind="finance"),
    Case("POST", f"{P}/offers/<int:offer_id>/close",
         lambda w: (f"{P}/offers/{_offer(w.owner).id}/close", None), kind="finance"),
    Case("POST", f"{P}/offers/<int:offer_id>/leads",
         lambda w: (f"{P}/offers/{_bank_offer(w).id}/leads", {"consent": True, "share_profile": ["legal_name"]}),
         right="any_user", kind="producer"),
    Case("POST", f"{P}/leads/<int:lead_id>/status",
         lambda w: (f"{P}/leads/{_lead_for_owner_bank(w).id}/status", {"status": "contacted"}), kind="finance"),
    Case("POST", f"{P}/leads/<int:lead_id>/notes",
         lambda w: (f"{P}/leads/{_lead_for_owner_bank(w).id}/notes", {"body": "Gọi lại thứ hai."}), kind="finance"),
    Case("POST", f"{P}/leads/<int:lead_id>/withdraw",
         lambda w: (f"{P}/leads/{_lead_of_owner(w).id}/withdraw", None), kind="producer"),
    Case("POST", f"{P}/documents",
         lambda w: (f"{P}/documents", {"filename": "bctc.pdf", "title": "BCTC", "doc_type": "financial_statements",
                                       "content_base64": base64.b64encode(pdf_bytes()).decode()}),
         right="any_user", kind="producer"),
    Case("DELETE", f"{P}/documents/<int:doc_id>",
         lambda w: (f"{P}/documents/{_doc_of_owner(w).id}", None), kind="producer"),
)


NEED = {"title": "Điện mặt trời áp mái 250 kWp", "amount": "1.800.000.000", "tenor_months": 60,
        "purpose": "renewable_energy", "project_type": "T21.EN.02", "evidence_kind": "environmental_registration",
        "evidence_number": "123/GXN-STNMT", "evidence_date": "2025-09-01",
        "evidence_agency": "Sở Nông nghiệp và Môi trường Đồng Nai", "consent": True}


def _need_of_owner(w):
    from app.finance import services

    return services.create_need(_actor(w.owner), dict(NEED))


def _shared_need_for_owner_bank(w):
    """A consented need of a fresh producer that fits an open offer of w.org (a financial institution)."""
    from app.finance import services

    offer = services.create_offer(_actor(w.owner), {**OFFER, "publish": True, "project_types": ["T21.EN.02"]})
    producer = w.make_user()
    w.make_org("producer", owner=producer)
    need = services.create_need(_actor(producer), dict(NEED))
    return need, offer


def _respond(w):
    need, offer = _shared_need_for_owner_bank(w)
    return f"{P}/needs/{need.id}/responses", {"offer_id": offer.id, "body": "Chúng tôi có thể tài trợ dự án này."}


register(
    Case("POST", f"{P}/needs", lambda w: (f"{P}/needs", dict(NEED)), right="any_user", kind="producer"),
    Case("PATCH", f"{P}/needs/<int:need_id>",
         lambda w: (f"{P}/needs/{_need_of_owner(w).id}", {"tenor_months": "72"}), kind="producer"),
    Case("POST", f"{P}/needs/<int:need_id>/close",
         lambda w: (f"{P}/needs/{_need_of_owner(w).id}/close", None), kind="producer"),
    Case("POST", f"{P}/needs/<int:need_id>/responses", _respond, kind="finance"),
)
