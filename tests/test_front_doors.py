"""One front door per domain (issue 14): `create_app` calls each domain's `init_app` from `DOMAINS`, and
that is the only way anything gets registered.

- Importing every module of app/ registers nothing (fresh interpreter, no create_app).
- No module-level call of a registration function (AST), no `except ImportError` in app/.
- The kit (indexing, web, jobs, api, cli, demo…) imports no domain; a domain imports only the domains it
  REQUIRES (so dependencies stay one-way and nobody imports app/main).
- What each domain brings is listed below; leaving a domain out of DOMAINS (with the domains that
  require it) removes its routes, API, navigation, jobs, builders and hooks, and the app still serves.
"""
from __future__ import annotations

import ast
import functools
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"

# What each domain brings (the registries and blueprints its init_app fills). A new domain adds a line.
BRINGS = {
    "accounts": {"blueprints": ["accounts"], "api": ["api_accounts"], "api.token_resolver": ["resolver"]},
    "orgs": {"blueprints": ["orgs"], "api": ["api_orgs"], "cli": ["orgs", "users"],
             "web.nav": ["orgs.admin_list"], "indexing.document_builders": ["organisation"],
             "demo.steps": ["0: app.orgs.demo.people_and_organisations", "1000: app.orgs.demo.totals"],
             "notifications.categories": ["organisation", "approvals"]},
    "main": {"blueprints": ["main", "notifications"], "api": ["api_geo"], "web.nav": ["main.dashboard"],
             "jobs": ["notifications.deliver", "notifications.digest"]},
    "labels": {"blueprints": ["labels"], "api": ["api_labels"], "cli": ["claims"],
               "web.nav": ["labels.registry", "labels.queue", "labels.admin_labels"],
               "reference.seeders": ["app.labels.registry.seed_labels"], "jobs": ["claims.expire", "claims.remind"],
               "notifications.categories": ["claims"]},
    "catalog": {"blueprints": ["catalog"], "api": ["api_listings"], "cli": ["catalog"],
                "web.nav": ["catalog.browse", "catalog.my_listings"],
                "web.dashboard_panels": ["app.catalog.views.producer_panel"],
                "web.home_sections": ["app.catalog.views.latest_listings"],
                "indexing.document_builders": ["listing"],
                "labels.claim_changed": ["app.catalog.hooks.claim_changed"],
                "orgs.status_changed": ["app.catalog.hooks.org_status_changed"],
                "orgs.profile_changed": ["app.catalog.hooks.org_profile_changed"],
                "demo.steps": ["20: app.catalog.demo.demo_catalog"]},
    "discovery": {"blueprints": ["discovery"], "api": ["api_discovery"], "web.nav": ["discovery.search_page"],
                  "web.home_sections": ["app.discovery.views.home_search_box"],
                  "discovery.hydrators": ["listing"],
                  "discovery.facet_labellers": ["province", "category", "label", "label_kind", "export_market"]},
    "sourcing": {"blueprints": ["sourcing", "buying"], "api": ["api_sourcing", "api_buying"], "cli": ["rfqs", "sourcing"],
                 "web.nav": ["sourcing.rfq_list", "sourcing.open_requests", "buying.inbox", "buying.saved"],
                 "catalog.listing_actions": ["app.sourcing.buying_views.listing_actions"],
                 "web.profile_actions": ["app.sourcing.buying_views.supplier_actions"],
                 "web.dashboard_panels": ["app.sourcing.views.dashboard_panel"],
                 "web.profile_sections": ["app.sourcing.views.responsiveness_section"],
                 "indexing.after_index": ["listing: app.sourcing.alerts.listings_indexed",
                                           "listing: app.sourcing.services.saved.listings_indexed"],
                 "jobs": ["rfqs.expire", "sourcing.reminders", "sourcing.digest", "sourcing.watch"],
                 "demo.steps": ["50: app.sourcing.demo.demo_sourcing"],
                 "notifications.categories": ["rfqs", "quotes", "deals", "messages", "supplier_messages", "saved"]},
    "payments": {"blueprints": ["payments"], "api": ["api_payments"],
                 "web.nav": ["payments.admin_list", "payments.payee_account"], "jobs": ["payments.receipts"],
                 "notifications.categories": ["payments"]},
    "fairs": {"blueprints": ["fairs"], "api": ["api_fairs"], "cli": ["fairs"],
              "web.nav": ["fairs.index", "fairs.my_fairs", "fairs.promotions_page"],
              "web.dashboard_panels": ["app.fairs.views.dashboard_panel"],
              "indexing.document_builders": ["fair"], "payments.purposes": ["booth", "promotion"],
              "discovery.sponsored_providers": ["app.fairs.promotions.sponsored_provider"],
              "jobs": ["fairs.meeting_reminders"], "demo.steps": ["80: app.fairs.demo.demo_fairs"],
              "notifications.categories": ["fairs", "meetings"]},
    "finance": {"blueprints": ["finance", "finance_needs"], "api": ["api_finance"], "cli": ["finance"],
                "web.nav": ["finance.offers_page", "finance.manage", "finance.leads", "finance.for_you",
                            "finance_needs.needs", "finance_needs.matching"],
                "web.dashboard_panels": ["app.finance.views.bank_panel", "app.finance.views.business_panel"],
                "indexing.document_builders": ["offer"],
                "orgs.status_changed": ["app.finance.offer_search.org_status_changed"],
                "orgs.profile_changed": ["app.finance.offer_search.org_profile_changed"],
                "jobs": ["finance.close_expired_offers", "finance.notify_need_matches"],
                "demo.steps": ["70: app.finance.demo.demo_finance"],
                "notifications.categories": ["finance"]},
    "logistics": {"blueprints": ["logistics"], "api": ["api_logistics"],
                  "web.nav": ["logistics.providers", "logistics.shipments", "logistics.requests",
                              "logistics.verify_queue"],
                  "web.dashboard_panels": ["app.logistics.views.dashboard_panel"],
                  "indexing.document_builders": ["provider"],
                  "orgs.status_changed": ["app.logistics.documents.reindex_provider"],
                  "orgs.profile_changed": ["app.logistics.documents.provider_profile_changed"],
                  "sourcing.deal_sections": ["app.logistics.deals.deal_transport"],
                  "sourcing.rfq_sections": ["app.logistics.deals.rfq_providers"],
                  "sourcing.transport_estimators": ["app.logistics.deals.estimate_for_shipping"],
                  "demo.steps": ["60: app.logistics.demo.logistics_profiles"],
                  "notifications.categories": ["logistics"]},
    "knowledge": {"blueprints": ["knowledge", "knowledge_editor"], "api": ["api_knowledge"], "cli": ["knowledge"],
                  "web.nav": ["knowledge.index", "knowledge.my_events", "knowledge_editor.editors"],
                  "web.home_sections": ["app.knowledge.views.home_section"],
                  "web.dashboard_panels": ["app.knowledge.views.dashboard_panel"],
                  "web.profile_sections": ["app.knowledge.views.profile_section"],
                  "catalog.listing_sections": ["app.knowledge.views.listing_section"],
                  "discovery.search_sections": ["app.knowledge.views.search_section"],
                  "indexing.document_builders": ["knowledge"],
                  "orgs.profile_changed": ["app.knowledge.documents.org_changed"],
                  "orgs.status_changed": ["app.knowledge.documents.org_changed"],
                  "jobs": ["knowledge.mail", "knowledge.event_reminders"],
                  "demo.steps": ["90: app.knowledge.demo.demo_knowledge"],
                  "notifications.categories": ["knowledge"]},
    "trace": {"blueprints": ["trace", "trace_resolver"], "api": ["api_trace"],
              "web.nav": ["trace.my_lots", "trace.verify_queue"],
              "web.dashboard_panels": ["app.trace.views.dashboard_panel"],
              "catalog.listing_sections": ["app.trace.views.listing_section"],
              "labels.queue_sections": ["app.trace.views.queue_section"],
              "sourcing.deal_sections": ["app.trace.views.deal_section"],
              "jobs": ["trace.open_overdue_flags"], "demo.steps": ["70: app.trace.demo.demo_trace"],
              "notifications.categories": ["trace"]},
    "programme": {"blueprints": ["programme", "programme_reports"], "api": ["api_programme"], "cli": ["programme"],
                  "web.nav": ["programme.statistics"], "web.dashboard_panels": ["app.programme.views.officer_panel"],
                  "reference.seeders": ["app.programme.officers.seed_units"],
                  "jobs": ["programme.snapshot", "programme.report_reminders"],
                  "notifications.categories": ["programme"], "demo.steps": ["95: app.programme.demo.demo_programme"]},
    "procurement": {"blueprints": ["procurement"], "api": ["api_procurement"],
                    "web.nav": ["procurement.index", "procurement.lists"],
                    "web.dashboard_panels": ["app.procurement.views.dashboard_panel"],
                    "demo.steps": ["96: app.procurement.demo.demo_procurement"]},
    "opendata": {"blueprints": ["opendata"], "cli": ["opendata"], "jobs": ["opendata.export"],
                 "web.nav": ["opendata.index", "opendata.api_docs"],
                 "web.structured_data": ["catalog.detail:app.opendata.jsonld.for_listing_page",
                                         "catalog.storefront:app.opendata.jsonld.for_storefront_page",
                                         "labels.label_detail:app.opendata.jsonld.for_label_page"]},
}

# The display-name families each domain registers (app/display: enums, codes, audit events).
DISPLAY_NAMES = {
    "accounts": ["accounts.PlatformRole", "audit"],
    "orgs": ["orgs.OrgKind", "orgs.OrgSize", "orgs.OrgStatus", "orgs.MemberRole", "orgs.BuyerSegment", "sector",
             "audit"],
    "labels": ["labels.LabelKind", "labels.LabelScope", "labels.ClaimStatus", "audit"],
    "catalog": ["catalog.ListingStatus", "category", "unit", "market", "audit"],
    "sourcing": ["sourcing.RfqStatus", "sourcing.Frequency", "sourcing.Visibility", "sourcing.QuoteStatus",
                 "sourcing.DealStatus", "audit"],
    "payments": ["payments.PaymentStatus", "payments.PaymentProvider", "audit"],
    "fairs": ["fairs.FairStatus", "fairs.ApplicationStatus", "fairs.PromotionStatus", "audit"],
    "finance": ["finance.OfferStatus", "finance.LeadStatus", "finance.NeedStatus", "finance.EvidenceKind", "audit",
                "green_project_type", "green_taxonomy_sector"],
    "logistics": ["logistics.QuoteStatus", "transport_mode", "vehicle_class", "audit"],
    "knowledge": ["knowledge.ItemType", "knowledge.ItemStatus", "knowledge.RevisionStatus", "knowledge.EventFormat",
                  "knowledge.RegistrationStatus", "audit"],
    "programme": ["programme.UnitKind", "programme.ReportStatus", "audit"],
    "trace": ["trace.LotStatus", "trace.InputKind", "trace.BalanceModel", "trace.FlagStatus", "trace.DeclarationStatus",
              "audit"],
}
for _domain, _families in DISPLAY_NAMES.items():
    BRINGS[_domain]["display.names"] = _families


@functools.cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text())


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(APP.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts[:-1]) if rel.name == "__init__" else list(rel.parts)
        out.append((".".join(parts), path))
    return out


def _domains() -> tuple[str, ...]:
    from app import DOMAINS

    return DOMAINS


def _domain_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in _domains() else None


def _requires_closure(domain: str) -> set[str]:
    seen: set[str] = set()
    todo = [domain]
    while todo:
        for dep in importlib.import_module(f"app.{todo.pop()}").REQUIRES:
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def _dependents(domain: str) -> set[str]:
    return {d for d in _domains() if domain in _requires_closure(d)}


# ---------------------------------------------------------------- nothing registers by being imported

def test_importing_every_module_registers_nothing():
    """In a fresh interpreter: import every module of app/, then build an app without domains — every
    registry is empty, no domain route or command exists, and no SQLAlchemy hook was installed."""
    modules = [m for m, _p in _modules()]
    script = f"""
import importlib, json, os
os.environ["APP_ENV"] = "test"
for name in {modules!r}:
    importlib.import_module(name)
from app import create_app, registries
app = create_app("test", domains=(), SQLALCHEMY_DATABASE_URI="sqlite://")
reg = registries.of(app)
print(json.dumps({{
    "lists": {{k: len(v) for k, v in reg.lists.items() if v}},
    "maps": {{k: sorted(v) for k, v in reg.maps.items() if v}},
    "blueprints": sorted(app.blueprints),
    "commands": sorted(app.cli.commands),
}}))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state["lists"] == {} and state["maps"] == {}, state
    assert state["blueprints"] == ["api-docs"]  # the kit's OpenAPI document only
    assert state["commands"] == ["db", "demo", "domains", "jobs", "openapi", "reference", "search"]  # the kit's


def _registration_functions() -> set[str]:
    """Every function in app/ whose first parameter is the app: calling one registers into the app."""
    names = {"add", "put"}  # app.registries
    for _m, path in _modules():
        for node in ast.walk(_tree(path)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.args.args \
                    and node.args.args[0].arg == "app":
                names.add(node.name)
    return names


_REGISTERING = re.compile(r"^(register|add_|on_|reference_seeder|demo_step|listens_for|listen$|exempt$)")


def _import_time_nodes(tree: ast.Module):
    """(node, is_decorator) for what runs at import: module level, class bodies, decorators and default
    values — not function bodies."""
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for dec in node.decorator_list:
                yield dec, True
                todo.extend(ast.iter_child_nodes(dec))
            if isinstance(node, ast.ClassDef):
                todo.extend(node.body)
            else:
                todo.extend([*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)])
            continue
        if isinstance(node, ast.Lambda):
            continue
        yield node, False
        todo.extend(ast.iter_child_nodes(node))


def _callee(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def _import_time_registrations(tree: ast.Module, registering: set[str]) -> list[tuple[int, str]]:
    found = []
    for node, is_decorator in _import_time_nodes(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            found.append((node.lineno, f"calls {ast.unparse(node.value)[:60]}"))
        elif is_decorator and isinstance(node, (ast.Name, ast.Attribute)):
            name = node.attr if isinstance(node, ast.Attribute) else node.id
            if name in registering or _REGISTERING.match(name):
                found.append((node.lineno, f"@{ast.unparse(node)}"))
        elif isinstance(node, ast.Call) and (_callee(node) in registering or _REGISTERING.match(_callee(node))):
            found.append((node.lineno, ast.unparse(node)[:60]))
    return found


def test_no_registration_at_import_time():
    registering = _registration_functions()
    problems = [f"{module}:{line} {what}" for module, path in _modules()
                for line, what in _import_time_registrations(_tree(path), registering)]
    assert not problems, "register from the domain's init_app instead:\n" + "\n".join(sorted(set(problems)))


def test_the_guard_catches_import_time_registration(tmp_path):
    """The AST guard itself: the old styles are caught."""
    samples = {
        'add_nav("x.y", "X", "public")\n': True,
        '@register_dashboard_panel\ndef panel(a):\n    return None\n': True,
        'EXTRA_GROUPS.append(cli)\n': True,
        '@demo_step(20)\ndef step(rng, ctx):\n    pass\n': True,
        'if True:\n    register_job("a", 1, f)\n': True,
        'def init_app(app):\n    add_nav(app, "x.y", "X")\n': False,
        '@bp.route("/")\ndef home():\n    return ""\n': False,
        'class Purpose:\n    on_succeeded: object = None\n': False,
        'class Panels:\n    add_nav("x.y", "X")\n': True,
    }
    registering = _registration_functions()
    for source, bad in samples.items():
        assert bool(_import_time_registrations(ast.parse(source), registering)) is bad, source


def test_no_except_import_error_in_app():
    problems = []
    for module, path in _modules():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
                if names & {"ImportError", "ModuleNotFoundError"}:
                    problems.append(f"{module}:{node.lineno}")
    assert not problems, "domains are not optional: import what you REQUIRE\n" + "\n".join(problems)


def _app_imports(module: str, path: Path) -> set[str]:
    """Top-level app packages/modules imported by a module (app.catalog.models → 'catalog')."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = base + (node.module.split(".") if node.module else [])
                if len(target) == 1:  # from .. import x
                    out.update(a.name for a in node.names)
                    continue
            else:
                target = (node.module or "").split(".")
            if target[0] == "app" and len(target) > 1:
                out.add(target[1])
        elif isinstance(node, ast.Import):
            out.update(a.name.split(".")[1] for a in node.names if a.name.startswith("app."))
    return out


def test_dependencies_are_one_way():
    domains = set(_domains())
    problems = []
    for module, path in _modules():
        imported = _app_imports(module, path) & domains
        own = _domain_of(module)
        if own is None:
            if module == "app.models":  # the metadata manifest for Alembic and create_all
                continue
            problems += [f"{module} (kit) imports the {d} domain" for d in sorted(imported)]
        else:
            allowed = _requires_closure(own) | {own}
            problems += [f"{module} imports {d}, which {own} does not REQUIRE" for d in sorted(imported - allowed)]
    assert not problems, "\n".join(problems)


def test_indexing_imports_no_domain():
    domains = set(_domains())
    for module, path in _modules():
        if module.startswith("app.indexing"):
            assert not _app_imports(module, path) & domains, module


def test_domains_list_their_requirements_before_them():
    from app import create_app

    with pytest.raises(RuntimeError, match="requires 'orgs'"):
        create_app("test", domains=("accounts", "catalog"), SQLALCHEMY_DATABASE_URI="sqlite://")


# ---------------------------------------------------------------- what each domain brings

def test_each_domain_brings_what_its_front_door_says(app):
    from app import DOMAINS, registries

    assert list(BRINGS) == list(DOMAINS)
    assert registries.brought(app) == BRINGS


@pytest.mark.parametrize("removed", ["opendata", "procurement", "trace", "knowledge", "logistics", "fairs", "finance", "payments", "sourcing", "discovery", "main",
                                     "catalog", "labels", "orgs"])
def test_removing_a_domain_removes_all_of_it(app, removed, make_user, make_org):
    """Leave `removed` (and the domains that require it) out of DOMAINS: its blueprints, routes, API,
    navigation, jobs, document builders and hooks are gone; every other domain is intact and pages work."""
    from app import DOMAINS, create_app, registries
    from app.indexing import builders
    from app.jobs import jobs
    from app.web import nav_links

    gone = {removed} | _dependents(removed)
    kept = tuple(d for d in DOMAINS if d not in gone)
    small = create_app("test", domains=kept, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                       SEARCH_URL=app.config["SEARCH_URL"], MAIL_OUTBOX_DIR=app.config["MAIL_OUTBOX_DIR"],
                       UPLOAD_DIR=app.config["UPLOAD_DIR"])
    assert registries.brought(small) == {d: BRINGS[d] for d in kept}
    for d in gone:
        for bp in BRINGS[d].get("blueprints", []) + BRINGS[d].get("api", []):
            assert bp not in small.blueprints
            assert not [r for r in small.url_map.iter_rules() if r.endpoint.startswith(bp + ".")]
        assert not set(BRINGS[d].get("cli", [])) & set(small.cli.commands)
    with small.app_context():
        assert set(builders()) == {k for d in kept for k in BRINGS[d].get("indexing.document_builders", [])}
        assert set(jobs()) == {k for d in kept for k in BRINGS[d].get("jobs", [])}
    client = small.test_client()
    if "main" in kept:
        home = client.get("/")
        assert home.status_code == 200
        page = home.get_data(as_text=True)
        with small.test_request_context("/"):
            from flask import url_for

            for endpoint, _label in nav_links(None):
                assert url_for(endpoint) in page
        user = make_user()
        make_org("producer", owner=user)
        with client.session_transaction() as sess:
            sess["_user_id"] = user.get_id()
        assert client.get("/dashboard").status_code == 200
    doc = client.get("/api/v1/openapi.json")
    assert doc.status_code == 200
    tags = {t["name"] for t in doc.get_json()["tags"]}
    assert tags == {bp for d in kept for bp in BRINGS[d].get("api", [])}
