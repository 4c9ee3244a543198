"""Authorization matrix: every mutating API endpoint is tried by an anonymous caller, by a member of
another organisation, and by the right actor. `test_matrix_covers_every_mutating_endpoint` fails when
a new POST/PUT/PATCH/DELETE endpoint has no case here.

To add a case: append `Case(method, rule, setup, right=..., ok=...)` to CASES. `setup(world)` creates
what the endpoint needs and returns `(url, json_body)`; it runs before each of the three calls.
`world` has: owner (user), org (their approved organisation, kind `world.kind`), stranger (member of
another approved organisation of the same kind), admin, verifier, and the pytest fixtures `make_user`,
`make_org`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pytest

PUBLIC_MUTATIONS = {  # endpoints that anyone may call by design
    ("POST", "/api/v1/auth/tokens"),
    ("POST", "/api/v1/auth/register"),
    ("POST", "/payments/stripe/webhook"),  # public by design: authenticated by its Stripe signature (400 otherwise)
}


@dataclass
class World:
    owner: object
    org: object
    stranger: object
    stranger_org: object
    admin: object
    verifier: object
    make_user: Callable
    make_org: Callable
    kind: str


@dataclass
class Case:
    method: str
    rule: str  # the Flask rule, e.g. /api/v1/organisations/<int:org_id>
    setup: Callable[[World], tuple[str, dict | None]]
    right: str = "owner"  # owner | admin | verifier | any_user
    ok: tuple[int, ...] = (200, 201, 202, 204)
    kind: str = "producer"  # kind of the acting organisations
    stranger_sees: tuple[int, ...] = (403, 404)
    name: str = field(default="")

    def __post_init__(self):
        self.name = self.name or f"{self.method} {self.rule}"


CASES: list[Case] = [
    Case("PATCH", "/api/v1/me", lambda w: ("/api/v1/me", {"full_name": "Tên Mới"}), right="any_user"),
    Case("POST", "/api/v1/organisations",
         lambda w: ("/api/v1/organisations", {"kind": "buyer", "legal_name": "Công ty Mới", "province_code": "1"}),
         right="fresh_user"),
    Case("PATCH", "/api/v1/organisations/<int:org_id>",
         lambda w: (f"/api/v1/organisations/{w.org.id}", {"trade_name": "Tên giao dịch mới"})),
    Case("POST", "/api/v1/organisations/<int:org_id>/status",
         lambda w: (f"/api/v1/organisations/{w.org.id}/status", {"status": "suspended", "reason": "kiểm tra"}),
         right="admin", stranger_sees=(403,)),
    Case("POST", "/api/v1/organisations/<int:org_id>/invitations",
         lambda w: (f"/api/v1/organisations/{w.org.id}/invitations", {"email": "colleague@example.vn"})),
]


def register(*cases: Case) -> None:
    """For domain test modules that prefer to keep their cases next to their tests."""
    CASES.extend(cases)


def _load_domain_cases() -> None:
    import importlib
    import pkgutil

    import tests

    for mod in pkgutil.walk_packages(tests.__path__, "tests."):
        if mod.name.endswith("authz_cases"):
            importlib.import_module(mod.name)


_load_domain_cases()


def _call(client, method, url, body, headers):
    return client.open(url, method=method, json=body, headers=headers or {})


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_anonymous_is_refused(case, client, make_user, make_org):
    w = _world(case, make_user, make_org)
    url, body = case.setup(w)
    r = _call(client, case.method, url, body, None)
    assert r.status_code == 401, r.get_data(as_text=True)
    assert r.json["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("case", [c for c in CASES if c.right not in ("any_user", "fresh_user")], ids=lambda c: c.name)
def test_other_organisation_is_refused(case, client, make_user, make_org, token_for):
    w = _world(case, make_user, make_org)
    url, body = case.setup(w)
    r = _call(client, case.method, url, body, token_for(w.stranger))
    assert r.status_code in case.stranger_sees, r.get_data(as_text=True)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_right_actor_succeeds(case, client, make_user, make_org, token_for):
    w = _world(case, make_user, make_org)
    url, body = case.setup(w)
    actor = {"owner": w.owner, "admin": w.admin, "verifier": w.verifier, "any_user": w.stranger,
             "fresh_user": make_user()}[case.right]
    r = _call(client, case.method, url, body, token_for(actor))
    assert r.status_code in case.ok, r.get_data(as_text=True)


def _world(case: Case, make_user, make_org) -> World:
    owner, stranger = make_user(), make_user()
    org = make_org(case.kind, owner=owner)
    stranger_org = make_org(case.kind, owner=stranger)
    return World(owner, org, stranger, stranger_org, make_user(role="admin"), make_user(role="verifier"),
                 make_user, make_org, case.kind)


def test_matrix_covers_every_mutating_endpoint(app):
    covered = {(c.method, c.rule) for c in CASES} | PUBLIC_MUTATIONS
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        for method in rule.methods & {"POST", "PUT", "PATCH", "DELETE"}:
            if (method, rule.rule) not in covered:
                missing.append(f"{method} {rule.rule}")
    assert not missing, f"mutating endpoints without an authorization case: {sorted(missing)}"
