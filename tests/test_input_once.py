"""Input is validated once, in the service's own schema (issue 14): a form and the API given the same bad
input get the same field messages; a number typed the same way means the same everywhere; and nothing
else in app/ holds input rules (no WTForms validators, no hand-written clean_* or errors dicts, no second
number parser)."""
from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"


def page_errors(page: str) -> dict[str, list[str]]:
    """Field messages as a page shows them (templates/_macros.html: <div id="<field>-help">…)."""
    out = {}
    for field, block in re.findall(r'<div id="([\w-]+)-help">(.*?)</div>', page, re.S):
        messages = [html.unescape(m) for m in re.findall(r'<p class="error" role="alert">(.*?)</p>', block, re.S)]
        if messages:
            out[field] = messages
    return out


def same_errors(form_page, api_response, fields):
    """Both refused the input, with the same messages on exactly these fields."""
    api = api_response.get_json()["error"]["fields"]
    shown = page_errors(form_page.get_data(as_text=True))
    assert form_page.status_code == 422 and api_response.status_code == 422
    assert set(api) == set(fields), api
    assert {f: shown.get(f) for f in fields} == {f: api[f] for f in fields}


# ---------------------------------------------------------------- form and API: the same messages

LISTING_BAD = {"title": "x", "category": "packaging.nope", "unit": "bag", "origin_province": "99", "moq": "abc",
               "recycled_pct": "140", "lead_time_days": "1,5", "capacity_month": "-1", "unit_weight_kg": "0",
               "gtin": "4006381333932", "export_markets": ["MARS"]}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_listing_form_and_api_give_the_same_field_errors(login_as, post_form, token_for, lang):
    client, user, _org = login_as("producer")
    form = post_form(f"/my/listings/new?lang={lang}", LISTING_BAD, get_path=f"/my/listings/new?lang={lang}")
    api = client.post("/api/v1/listings", json=LISTING_BAD, headers={**token_for(user), "Accept-Language": lang})
    same_errors(form, api, list(LISTING_BAD))


RFQ_BAD = {"title": "x", "quantity": "abc", "unit": "", "delivery_province": "", "closes_on": "2020-01-01",
           "needed_by": "31/02/2030", "target_price_min": "5.000", "target_price_max": "3.000", "min_recycled_pct": "200",
           "max_quotes": "0"}


def test_rfq_form_and_api_give_the_same_field_errors(login_as, post_form, token_for):
    client, user, _org = login_as("buyer")
    form = post_form("/sourcing/requests/new", RFQ_BAD)
    api = client.post("/api/v1/rfqs", json=RFQ_BAD, headers={**token_for(user), "Accept-Language": "vi"})
    same_errors(form, api, [k for k in RFQ_BAD if k != "target_price_min"])  # 5 000 ≤ 3 000 is the max's fault


# ---------------------------------------------------------------- one number, one meaning

def _listing_form(**fields):
    return {"title": "Hộp bã mía 750 ml", "category": "packaging.straws", "unit": "piece", "origin_province": "79",
            "description": "Hộp bã mía phân huỷ sinh học", **fields}


def _rfq_form(**fields):
    from app import clock

    return {"title": "Hộp bã mía 750 ml", "unit": "piece", "delivery_province": "79",
            "closes_on": clock.today().isoformat(), **fields}


@pytest.mark.parametrize(("lang", "typed"), [("vi", "5.000"), ("en", "5,000"), ("vi", "5 000"), ("en", "5000")])
def test_a_quantity_typed_the_same_way_means_the_same_number_everywhere(app, login_as, post_form, token_for, lang, typed):
    """An RFQ quantity and a listing MOQ typed `5.000` (Vietnamese) are both five thousand — matching
    compares the two — and the API reads a string the same way as the form."""
    from app.catalog.models import Listing
    from app.extensions import db
    from app.sourcing.models import Rfq

    producer, puser, _p = login_as("producer", c=app.test_client())
    r = post_form(f"/my/listings/new?lang={lang}", _listing_form(moq=typed), get_path=f"/my/listings/new?lang={lang}",
                  c=producer)
    assert r.status_code == 302, page_errors(r.get_data(as_text=True))
    buyer, buser, _b = login_as("buyer", c=app.test_client())
    r = post_form(f"/sourcing/requests/new?lang={lang}", _rfq_form(quantity=typed),
                  get_path=f"/sourcing/requests/new?lang={lang}", c=buyer)
    assert r.status_code == 302, page_errors(r.get_data(as_text=True))
    api = buyer.post("/api/v1/rfqs", json=_rfq_form(quantity=typed), headers={**token_for(buser), "Accept-Language": lang})
    assert api.status_code == 201 and api.get_json()["quantity"] == 5000
    moqs = list(db.session.scalars(db.select(Listing.moq)))
    quantities = list(db.session.scalars(db.select(Rfq.quantity)))
    assert moqs == [5000] and quantities == [5000, 5000]


def test_the_form_says_how_it_read_an_ambiguous_number(login_as, post_form):
    client, _user, _org = login_as("producer")
    r = post_form("/my/listings/new?lang=en", _listing_form(moq="5.000"), get_path="/my/listings/new?lang=en")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Minimum order quantity: understood as 5" in html.unescape(page)  # English: 5.000 is five


def test_the_form_explains_numbers_in_the_users_locale(login_as):
    client, _user, _org = login_as("producer")
    vi = html.unescape(client.get("/my/listings/new?lang=vi").get_data(as_text=True))
    en = html.unescape(client.get("/my/listings/new?lang=en").get_data(as_text=True))
    assert "Viết hàng nghìn như 5.000 và số thập phân như 5,5." in vi
    assert "Write thousands as 5,000 and decimals as 5.5." in en


# ---------------------------------------------------------------- nothing else holds input rules

PENDING: set[str] = set()  # still being converted (empty when done)


def _modules():
    for path in sorted(APP.rglob("*.py")):
        rel = str(path.relative_to(APP.parent))
        if not any(rel.startswith(p) for p in PENDING):
            yield rel, ast.parse(path.read_text())


_PARSING_FIELDS = ("IntegerField", "DecimalField", "FloatField", "DateField", "DateTimeField", "DateTimeLocalField",
                   "IntegerRangeField", "DecimalRangeField")


def _reads_request(node) -> bool:
    return any(isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "request"
               and n.attr in ("args", "form", "values") for n in ast.walk(node))


def test_forms_hold_no_rules():
    """WTForms renders fields and checks CSRF; every rule is the service schema's — wherever a form is
    declared (forms.py or a view module), and no view parses numbers out of the request itself."""
    bad = []
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "validators":
                bad.append(f"{rel}:{node.value.lineno} validators=")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wtforms.validators"):
                bad.append(f"{rel}:{node.lineno} imports wtforms.validators")
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in _PARSING_FIELDS:
                bad.append(f"{rel}:{node.lineno} parses {node.func.id}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("int", "float", "Decimal") \
                    and any(_reads_request(a) for a in node.args):
                bad.append(f"{rel}:{node.lineno} {node.func.id}(request…)")
    assert not bad, bad


def test_no_hand_written_validation_left():
    """No clean_* functions, no errors dicts built by hand, no number parser but app.l10n."""
    bad = []
    for rel, tree in _modules():
        if rel in ("app/validation.py", "app/l10n.py"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and re.match(r"_?clean(_|$)", node.name):
                bad.append(f"{rel}:{node.lineno} def {node.name}")
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in ("_number", "_date", "_int_or_none"):
                bad.append(f"{rel}:{node.lineno} def {node.name}")
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            for t in targets:  # (a schema's own cross-field check may collect its messages)
                if isinstance(t, ast.Name) and t.id == "errors" and isinstance(node.value, ast.Dict) \
                        and not rel.endswith("schemas.py"):
                    bad.append(f"{rel}:{node.lineno} {t.id} = {{}}")
            if isinstance(node, ast.ImportFrom) and node.module == "babel.numbers" and \
                    any(a.name == "parse_decimal" for a in node.names):
                bad.append(f"{rel}:{node.lineno} imports parse_decimal")
            if isinstance(node, ast.Name) and node.id == "FieldCheck":
                bad.append(f"{rel}:{node.lineno} FieldCheck")
    assert not bad, "\n".join(bad)


# ---------------------------------------------------------------- knowledge

KNOWLEDGE_EVENT_BAD = {"title": "x", "province_code": "99", "event_kind": "party", "event_format": "hybrid",
                       "starts_at": "mai 8 giờ", "ends_at": "", "capacity": "abc", "online_url": "ftp://example.vn",
                       "place": ""}


def _knowledge_editor(make_user, login):
    from app.knowledge import services
    from app.permissions import Actor

    admin, writer = make_user(role="admin"), make_user()
    services.grant_editor(Actor.for_user(admin), {"email": writer.email})
    return writer, login(writer)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_knowledge_form_and_api_give_the_same_field_errors(make_user, login, post_form, token_for, lang):
    from app.extensions import db
    from app.knowledge.models import KnowledgeItem

    writer, client = _knowledge_editor(make_user, login)
    form = post_form(f"/knowledge/editor/new/event?lang={lang}", KNOWLEDGE_EVENT_BAD, c=client)
    api = client.post("/api/v1/knowledge", json={"type": "event", **KNOWLEDGE_EVENT_BAD},
                      headers={**token_for(writer), "Accept-Language": lang})
    same_errors(form, api, ["title", "province_code", "event_kind", "starts_at", "ends_at", "capacity",
                            "online_url", "place"])
    assert db.session.scalar(db.select(db.func.count(KnowledgeItem.id))) == 0


def test_knowledge_event_times_read_the_same_from_form_and_api(make_user, login, post_form, token_for):
    """The page's datetime-local, the API's ISO string and a Vietnamese short date with a time are the same
    Vietnam wall time (stored in UTC)."""
    import datetime as dt

    from app.extensions import db
    from app.knowledge.models import KnowledgeItem

    writer, client = _knowledge_editor(make_user, login)
    event = {"title": "Tập huấn phân loại rác", "event_kind": "training", "event_format": "online",
             "online_url": "https://meet.example.vn/a", "capacity": "1.000", "waitlist": "y"}
    r = post_form("/knowledge/editor/new/event?lang=vi", {**event, "starts_at": "2030-03-10T08:30",
                                                          "ends_at": "10/3/2030 11:30"}, c=client)
    assert r.status_code == 303, page_errors(r.get_data(as_text=True))
    api = client.post("/api/v1/knowledge", json={"type": "event", **event, "capacity": 1000,
                                                 "starts_at": "2030-03-10T01:30:00Z", "ends_at": "2030-03-10T11:30"},
                      headers={**token_for(writer), "Accept-Language": "vi"})
    assert api.status_code == 201, api.get_json()
    rows = db.session.execute(db.select(KnowledgeItem.starts_at, KnowledgeItem.ends_at, KnowledgeItem.capacity)).all()
    assert [tuple(r) for r in rows] == [(dt.datetime(2030, 3, 10, 1, 30), dt.datetime(2030, 3, 10, 4, 30), 1000)] * 2


def test_knowledge_edit_is_checked_as_a_whole(make_user, login, post_form, token_for):
    """A partial API edit is laid over the draft and checked with what the type needs: an online event
    whose link is removed is refused on the link, by the page and the API alike, and nothing changes."""
    from app.knowledge import services
    from app.permissions import Actor

    writer, client = _knowledge_editor(make_user, login)
    item = services.create_item(Actor.for_user(writer), {
        "type": "event", "title": "Hội thảo trực tuyến", "event_kind": "awareness", "event_format": "online",
        "online_url": "https://meet.example.vn/b", "capacity": 50, "starts_at": "2030-01-05T09:00",
        "ends_at": "2030-01-05T11:00"})
    api = client.patch(f"/api/v1/knowledge/{item.id}", json={"online_url": ""}, headers=token_for(writer))
    page = services.working_content(item)
    page = {k: ("" if v is None else v) for k, v in page.items()}
    page.update(online_url="", starts_at="2030-01-05T09:00", ends_at="2030-01-05T11:00", waitlist="y")
    form = post_form(f"/knowledge/editor/{item.id}/edit", page, c=client)
    same_errors(form, api, ["online_url"])
    assert services.working_content(item)["online_url"] == "https://meet.example.vn/b"


def test_knowledge_editor_grant_same_errors(make_user, login, post_form, token_for):
    admin = make_user(role="admin")
    client = login(admin)
    form = post_form("/knowledge/editor/editors", {"email": "không phải e-mail"}, c=client)
    api = client.post("/api/v1/knowledge/editors", json={"email": "không phải e-mail"}, headers=token_for(admin))
    same_errors(form, api, ["email"])


# ---------------------------------------------------------------- logistics

ESTIMATE_BAD = {"weight_kg": "abc", "origin": "99", "destination": "", "mode": "teleport"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_estimate_page_and_api_give_the_same_field_errors(client, lang):
    from urllib.parse import urlencode

    page = client.get(f"/logistics/estimate?lang={lang}&{urlencode(ESTIMATE_BAD)}")
    api = client.post("/api/v1/logistics/estimate", json=ESTIMATE_BAD, headers={"Accept-Language": lang})
    same_errors(page, api, list(ESTIMATE_BAD))


@pytest.mark.parametrize("origin", ["01", "1", 1, "Hà Nội", "ha noi", "Thành phố Hà Nội", "HA NOI"])
def test_estimate_reads_province_codes_with_or_without_the_zero_and_names(client, origin):
    """Issue 16 item 7: origin `01`, `1`, `Hà Nội` or `ha noi` and destination `79` is Hà Nội → HCMC."""
    r = client.post("/api/v1/logistics/estimate", json={"weight_kg": 10000, "origin": origin, "destination": "79"})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["origin_name"] == "Hà Nội" and body["destination_name"] == "Hồ Chí Minh"
    assert (body["origin"], body["destination"]) == ("01", "79")  # answered with the official two-digit codes
    from app import vn

    assert body["great_circle_km"] == round(vn.distance_km(21.03, 105.85, 10.78, 106.70), 1)  # the two seats
    page = client.get(f"/logistics/estimate?weight_kg=10000&origin={origin}&destination=ho+chi+minh")
    assert page.status_code == 200


def test_route_form_and_api_give_the_same_field_errors(login_as, post_form, token_for):
    from app.extensions import db
    from app.logistics.models import TransportRoute

    client, user, _org = login_as("buyer")
    bad = {"origin": "Atlantis", "destination": "79", "weight_kg": "-5", "volume_m3": "0", "reference": "x" * 201}
    form = post_form("/logistics/shipments", bad, c=client)
    api = client.post("/api/v1/logistics/routes", json=bad, headers=token_for(user))
    same_errors(form, api, ["origin", "weight_kg", "volume_m3", "reference"])
    assert db.session.scalar(db.select(db.func.count(TransportRoute.id))) == 0
    good = {"origin": "ha noi", "destination": "79", "weight_kg": "12.500", "volume_m3": "", "reference": "PO-1"}
    assert post_form("/logistics/shipments?lang=vi", good, get_path="/logistics/shipments?lang=vi",
                     c=client).status_code == 302
    route = db.session.scalar(db.select(TransportRoute))
    assert (route.origin, route.destination, route.weight_kg) == ("01", "79", 12500.0)  # vi: 12.500 = 12 500


def test_profile_form_and_api_give_the_same_field_errors(login_as, post_form, token_for):
    client, user, _org = login_as("logistics")
    bad = {"provinces": ["79", "Atlantis"], "corridors": "79-79", "warehouse_area_m2": "1,5",
           "capacity_tonnes_month": "-3", "services": ["teleport"], "summary": "x" * 3001}
    form = post_form("/logistics/profile", bad, c=client)
    api = client.put("/api/v1/logistics/profile", json=bad, headers=token_for(user))
    same_errors(form, api, list(bad))
    fleet = [{"vehicle_class": "rail", "count": "0"}]
    api = client.put("/api/v1/logistics/profile", json={"fleet": fleet}, headers=token_for(user))
    form = post_form("/logistics/profile", {"fleet-0-vehicle_class": "rail", "fleet-0-count": "0"}, c=client)
    assert api.status_code == 422 and form.status_code == 422
    message = api.get_json()["error"]["fields"]["fleet"][0]
    assert message in html.unescape(form.get_data(as_text=True))


def test_quote_answer_form_and_api_give_the_same_field_errors(app, login_as, post_form, token_for):
    from app.logistics import services, shipments
    from app.permissions import Actor

    provider, puser, porg = login_as("logistics", c=app.test_client())
    services.save_profile(Actor.for_user(puser), {"provinces": ["1", "79"], "published": True,
                                                  "fleet": [{"vehicle_class": "rail", "count": 2}]})
    _shipper, suser, _s = login_as("buyer", c=app.test_client())
    route = shipments.create_route(Actor.for_user(suser), {"origin": "1", "destination": "79", "weight_kg": 5000})
    quote = shipments.request_quotes(Actor.for_user(suser), route.id, {"provider_ids": [porg.id]})[0]
    bad = {"vehicle_class": "teleport", "price_vnd": "mười triệu", "transit_days": "91", "committed_co2e_kg": ""}
    form = post_form(f"/logistics/requests/{quote.id}", bad, c=provider)
    api = provider.post(f"/api/v1/logistics/quotes/{quote.id}/answer", json=bad, headers=token_for(puser))
    same_errors(form, api, list(bad))
    good = {"vehicle_class": "rail", "price_vnd": "12.500.000 ₫", "transit_days": "2,5", "committed_co2e_kg": "600"}
    assert post_form(f"/logistics/requests/{quote.id}?lang=vi", good, get_path=f"/logistics/requests/{quote.id}?lang=vi",
                     c=provider).status_code == 302
    from app.extensions import db

    db.session.expire_all()
    quote = shipments.get_quote(Actor.for_user(puser), quote.id)
    assert (quote.price_vnd, quote.transit_days, quote.committed_co2e_kg) == (12_500_000, 2.5, 600.0)


# ---------------------------------------------------------------- organisations

ORG_BAD = {"kind": "producer", "legal_name": "X", "tax_code": "12345", "province_code": "Atlantis",
           "sectors": ["teleport"], "size": "huge", "founded_year": "năm ngoái", "website": "không phải địa chỉ",
           "phone": "0" * 33}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_organisation_form_and_api_give_the_same_field_errors(login, make_user, post_form, token_for, lang):
    from app.extensions import db
    from app.orgs.models import Organisation

    user = make_user()
    client = login(user)
    form = post_form(f"/orgs/new?lang={lang}", ORG_BAD, c=client)
    api = client.post("/api/v1/organisations", json=ORG_BAD, headers={**token_for(user), "Accept-Language": lang})
    same_errors(form, api, [k for k in ORG_BAD if k != "kind"])
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 0


def test_organisation_edit_reads_names_and_zero_padded_codes(login_as, post_form, token_for):
    """The profile form and PATCH read a province by name or code with the leading zero, a bare domain as a
    web address, and the same ward rule."""
    client, user, org = login_as("producer")
    r = client.patch(f"/api/v1/organisations/{org.id}", json={"province_code": "01", "website": "tre-xanh.vn"},
                     headers=token_for(user))
    assert r.status_code == 200, r.get_json()
    assert (r.get_json()["province_name"], r.get_json()["website"]) == ("Hà Nội", "https://tre-xanh.vn")
    bad = {"legal_name": org.legal_name, "province_code": "ho chi minh", "ward_code": "99999"}
    api = client.patch(f"/api/v1/organisations/{org.id}", json=bad, headers=token_for(user))
    form = post_form(f"/orgs/{org.id}/edit", bad, c=client)
    same_errors(form, api, ["ward_code"])


# ---------------------------------------------------------------- accounts

@pytest.mark.parametrize("lang", ["vi", "en"])
def test_registration_form_and_api_give_the_same_field_errors(client, post_form, lang):
    from app.accounts.models import User
    from app.extensions import db

    bad = {"email": "không-phải-email", "password": "ngan", "full_name": "x" * 121, "locale": lang}
    form = post_form(f"/account/register?lang={lang}", {**bad, "confirm": "ngan"}, get_path=f"/account/register?lang={lang}")
    api = client.post("/api/v1/auth/register", json=bad, headers={"Accept-Language": lang})
    same_errors(form, api, ["email", "password", "full_name"])
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_registration_page_checks_the_repeated_password_in_the_schema(client, post_form):
    r = post_form("/account/register?lang=en", {"email": "a@congty.vn", "password": "Dai-va-manh-42",
                                                "confirm": "Dai-va-manh-43"}, get_path="/account/register?lang=en")
    assert r.status_code == 422 and page_errors(r.get_data(as_text=True)) == {"confirm": ["The passwords do not match."]}


def test_profile_and_password_change_refuse_alike(login, make_user, post_form, token_for):
    user = make_user()
    client = login(user)
    api = client.patch("/api/v1/me", json={"locale": "fr", "phone": "0" * 33}, headers=token_for(user))
    form = post_form("/account/profile", {"locale": "fr", "phone": "0" * 33, "full_name": ""}, c=client)
    assert api.status_code == 422 and set(api.get_json()["error"]["fields"]) == {"locale", "phone"}
    shown = page_errors(form.get_data(as_text=True))
    assert {f: shown.get(f) for f in ("locale", "phone")} == api.get_json()["error"]["fields"]
    weak = post_form("/account/profile", {"action": "password", "pw-current_password": "", "pw-new_password": "abc"},
                     c=client)
    assert set(page_errors(weak.get_data(as_text=True))) == {"pw-current_password", "pw-new_password"}


# ---------------------------------------------------------------- labels

CLAIM_BAD = {"label": "no-such-label", "certificate_number": "", "issuer": "x" * 201, "scope": "",
             "valid_from": "31/02/2030", "valid_until": "mai"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_claim_form_and_api_give_the_same_field_errors(login_as, post_form, token_for, lang):
    from app.extensions import db
    from app.labels.models import Claim

    client, user, _org = login_as("producer")
    form = post_form(f"/claims/new?lang={lang}", CLAIM_BAD, get_path=f"/claims/new?lang={lang}", c=client)
    api = client.post("/api/v1/claims", json=CLAIM_BAD, headers={**token_for(user), "Accept-Language": lang})
    same_errors(form, api, ["label", "certificate_number", "issuer", "valid_from", "valid_until"])
    multipart = client.post("/api/v1/claims", data=CLAIM_BAD, content_type="multipart/form-data",
                            headers={**token_for(user), "Accept-Language": lang})
    assert multipart.get_json()["error"]["fields"] == api.get_json()["error"]["fields"]
    assert db.session.scalar(db.select(db.func.count(Claim.id))) == 0


def test_claim_dates_and_label_scope_are_refused_alike(app, login_as, post_form, token_for):
    """Cross-field rules (end before start, a product label on the organisation) read the same on the page
    and in the API, and a Vietnamese short date is read day first on both."""
    import datetime as dt

    from app import clock
    from app.extensions import db
    from app.labels.models import Claim

    client, user, _org = login_as("producer")
    today = clock.today()
    bad = {"label": "vn-ecolabel", "certificate_number": "NSTVN-1", "valid_from": today.strftime("%d/%m/%Y"),
           "valid_until": (today - dt.timedelta(days=3)).strftime("%d/%m/%Y")}
    form = post_form("/claims/new?lang=vi", bad, get_path="/claims/new?lang=vi", c=client)
    api = client.post("/api/v1/claims", json=bad, headers={**token_for(user), "Accept-Language": "vi"})
    same_errors(form, api, ["label", "valid_until"])
    assert db.session.scalar(db.select(db.func.count(Claim.id))) == 0
    good = {**bad, "label": "iso-14001", "valid_until": today.replace(year=today.year + 1).strftime("%d/%m/%Y")}
    r = post_form("/claims/new?lang=vi", good, get_path="/claims/new?lang=vi", c=client)
    assert r.status_code == 302, page_errors(r.get_data(as_text=True))
    claim = db.session.scalar(db.select(Claim))
    assert (claim.valid_from, claim.valid_until) == (today, today.replace(year=today.year + 1))


def test_claim_rejection_and_verification_notes_refused_alike(make_user, login, login_as, post_form, token_for):
    from app.extensions import db
    from app.labels import services as labels
    from app.labels.models import Claim, ClaimStatus
    from app.permissions import Actor

    _c, owner, org = login_as("producer")
    claim = labels.submit_claim(Actor.for_user(owner), org.id, {
        "label": "iso-14001", "certificate_number": "EMS-42", "valid_from": "2026-01-01", "valid_until": "2028-01-01"})
    verifier = make_user(role="verifier")
    client = login(verifier)
    form = post_form(f"/verify/{claim.id}/reject", {"reason": "sai"}, get_path=f"/verify/{claim.id}", c=client)
    api = client.post(f"/api/v1/claims/{claim.id}/reject", json={"reason": "sai"}, headers=token_for(verifier))
    same_errors(form, api, ["reason"])
    note = {"note": "x" * 501}
    form = post_form(f"/verify/{claim.id}/verify", note, get_path=f"/verify/{claim.id}", c=client)
    api = client.post(f"/api/v1/claims/{claim.id}/verify", json=note, headers=token_for(verifier))
    same_errors(form, api, ["note"])
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).status == ClaimStatus.submitted


LABEL_BAD = {"code": "Nhãn Mới", "name_vi": "", "name_en": "New label", "kind": "party", "scope": "galaxy",
             "issuing_body": "", "website": "không phải địa chỉ", "validity_months": "200", "sort_order": "1,5"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_label_admin_form_and_api_give_the_same_field_errors(make_user, login, post_form, token_for, lang):
    from app.extensions import db
    from app.labels.models import Label

    admin = make_user(role="admin")
    client = login(admin)
    before = db.session.scalar(db.select(db.func.count(Label.id)))
    form = post_form(f"/admin/labels/new?lang={lang}", LABEL_BAD, get_path=f"/admin/labels/new?lang={lang}", c=client)
    api = client.post("/api/v1/labels", json=LABEL_BAD, headers={**token_for(admin), "Accept-Language": lang})
    same_errors(form, api, [k for k in LABEL_BAD if k != "name_en"])
    assert db.session.scalar(db.select(db.func.count(Label.id))) == before
    taken = {**LABEL_BAD, "code": "vn-ecolabel", "name_vi": "Nhãn", "kind": "eco", "scope": "product",
             "issuing_body": "Bộ", "website": "", "validity_months": "", "sort_order": ""}
    form = post_form(f"/admin/labels/new?lang={lang}", taken, get_path=f"/admin/labels/new?lang={lang}", c=client)
    api = client.post("/api/v1/labels", json=taken, headers={**token_for(admin), "Accept-Language": lang})
    same_errors(form, api, ["code"])


def test_label_numbers_read_in_the_users_locale(make_user, login, post_form, token_for):
    from app.extensions import db
    from app.labels.models import Label

    admin = make_user(role="admin")
    client = login(admin)
    new = {"code": "nhan-moi", "name_vi": "Nhãn mới", "name_en": "New label", "kind": "eco", "scope": "both",
           "issuing_body": "Bộ", "website": "nhan.vn", "validity_months": "36", "sort_order": "1.000", "active": "y"}
    r = post_form("/admin/labels/new?lang=vi", new, get_path="/admin/labels/new?lang=vi", c=client)
    assert r.status_code == 302, page_errors(r.get_data(as_text=True))
    label = db.session.scalar(db.select(Label).where(Label.code == "nhan-moi"))
    assert (label.sort_order, label.validity_months, label.website) == (1000, 36, "https://nhan.vn")
    api = client.patch(f"/api/v1/labels/{label.id}", json={"sort_order": "2.000", "validity_months": 24},
                       headers={**token_for(admin), "Accept-Language": "vi"})
    assert api.status_code == 200, api.get_json()
    assert (api.get_json()["sort_order"], api.get_json()["validity_months"]) == (2000, 24)


# ---------------------------------------------------------------- fairs

def _fair_form(**fields):
    import datetime as dt

    from app import clock

    start = clock.today() + dt.timedelta(days=30)
    return {"name": "Hội chợ Xanh 2026", "starts_on": start.isoformat(), "ends_on": (start + dt.timedelta(days=2)).isoformat(),
            "venue": "SECC", "province_code": "79", "themes": "bao bì xanh, tái chế",
            "application_deadline": f"{(start - dt.timedelta(days=10)).isoformat()}T17:00", **fields}


FAIR_BAD = {"name": "x", "starts_on": "31/02/2030", "ends_on": "", "venue": "", "province_code": "Atlantis",
            "themes": "x" * 61, "application_deadline": "mai 5 giờ"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_fair_form_and_api_give_the_same_field_errors(login_as, post_form, token_for, lang):
    from app.extensions import db
    from app.fairs.models import Fair

    client, user, _org = login_as("fair_organiser")
    booth = {"name": "Gian 9 m²", "price_vnd": "15.000.000" if lang == "vi" else "15,000,000", "capacity": "3"}
    form = post_form(f"/fairs/new?lang={lang}", _fair_form(**FAIR_BAD, booth1_name=booth["name"],
                                                          booth1_price=booth["price_vnd"], booth1_capacity="3"),
                     get_path=f"/fairs/new?lang={lang}", c=client)
    api = client.post("/api/v1/fairs", json=_fair_form(**FAIR_BAD, booth_types=[booth]),
                      headers={**token_for(user), "Accept-Language": lang})
    same_errors(form, api, list(FAIR_BAD))
    # a booth type's problem is the booth types' message, on the page (above the form) and in the API
    form = post_form(f"/fairs/new?lang={lang}", _fair_form(booth1_name="Gian", booth1_price="mười triệu",
                                                          booth1_capacity="3"), get_path=f"/fairs/new?lang={lang}",
                     c=client)
    api = client.post("/api/v1/fairs", json=_fair_form(booth_types=[{**booth, "price_vnd": "mười triệu"}]),
                      headers={**token_for(user), "Accept-Language": lang})
    assert form.status_code == api.status_code == 422
    message = api.get_json()["error"]["fields"]["booth_types"][0]
    assert message in html.unescape(form.get_data(as_text=True))
    assert db.session.scalar(db.select(db.func.count(Fair.id))) == 0


def test_fair_prices_read_the_same_from_form_and_api(login_as, post_form, token_for):
    """`15.000.000` typed on the Vietnamese page and sent to the API is fifteen million đồng; the deadline
    typed as Vietnam time is stored in UTC on both."""
    import datetime as dt

    from app.extensions import db
    from app.fairs.models import BoothType, Fair

    client, user, _org = login_as("fair_organiser")
    r = post_form("/fairs/new?lang=vi", _fair_form(booth1_name="Gian 9 m²", booth1_price="15.000.000",
                                                   booth1_capacity="3"), get_path="/fairs/new?lang=vi", c=client)
    assert r.status_code == 302, page_errors(r.get_data(as_text=True))
    api = client.post("/api/v1/fairs", json=_fair_form(booth_types=[{"name": "Gian 9 m²", "price_vnd": "15.000.000 ₫",
                                                                     "capacity": 3}]),
                      headers={**token_for(user), "Accept-Language": "vi"})
    assert api.status_code == 201, api.get_json()
    assert list(db.session.scalars(db.select(BoothType.price_vnd))) == [15_000_000, 15_000_000]
    deadlines = set(db.session.scalars(db.select(Fair.application_deadline)))
    assert len(deadlines) == 1 and deadlines.pop().time() == dt.time(10, 0)  # 17:00 in Vietnam


def test_fair_edit_is_checked_as_a_whole(login_as, post_form, token_for):
    """A PATCH is laid over the fair and checked as a whole: a last day before the first is refused on the
    page and in the API alike, and nothing changes."""
    import datetime as dt

    from app.fairs import services
    from app.permissions import Actor

    client, user, _org = login_as("fair_organiser")
    fair = services.create_fair(Actor.for_user(user), _fair_form(booth_types=[{"name": "Gian", "price_vnd": 0,
                                                                              "capacity": 2}]))
    bad_end = (fair.starts_on - dt.timedelta(days=1)).isoformat()
    api = client.patch(f"/api/v1/fairs/{fair.id}", json={"ends_on": bad_end}, headers=token_for(user))
    page = client.get(f"/fairs/{fair.id}/edit")
    assert page.status_code == 200
    values = _fair_form(name=fair.name, starts_on=fair.starts_on.isoformat(), ends_on=bad_end,
                        application_deadline=services.fair_values(fair)["application_deadline"].strftime("%Y-%m-%dT%H:%M"),
                        **{"booths-0-id": str(fair.booth_types[0].id), "booths-0-name": "Gian", "booths-0-price_vnd": "0",
                           "booths-0-capacity": "2"})
    form = post_form(f"/fairs/{fair.id}/edit", values, c=client)
    same_errors(form, api, ["ends_on"])
    from app.extensions import db

    db.session.expire_all()
    assert services.get_fair(fair.id).ends_on > fair.starts_on


def _fair_with_booth(organiser_user):
    from app.fairs import services
    from app.permissions import Actor

    return services.create_fair(Actor.for_user(organiser_user), _fair_form(booth_types=[
        {"name": "Gian", "price_vnd": 0, "capacity": 2}]))


def test_application_form_and_api_give_the_same_field_errors(app, login_as, post_form, token_for):
    from app.extensions import db
    from app.fairs.models import FairApplication

    _c, ouser, _o = login_as("fair_organiser", c=app.test_client())
    fair = _fair_with_booth(ouser)
    from tests.fairs.conftest import make_listing

    client, user, org = login_as("producer", c=app.test_client())
    make_listing(org)  # the page offers the listings to show once there is one
    bad = {"booth_type_id": "999999", "listing_ids": ["abc"], "message": "x" * 1001}
    form = post_form(f"/fairs/{fair.id}/apply", bad, c=client)
    api = client.post(f"/api/v1/fairs/{fair.id}/applications", json=bad, headers=token_for(user))
    same_errors(form, api, list(bad))
    assert db.session.scalar(db.select(db.func.count(FairApplication.id))) == 0


def test_promotion_form_and_api_give_the_same_field_errors(login_as, post_form, token_for):
    from app.extensions import db
    from app.fairs.models import Promotion

    client, user, _org = login_as("producer")
    bad = {"listing_id": "abc", "package": "1y"}
    form = post_form("/fairs/promotions", bad, c=client)
    api = client.post("/api/v1/promotions", json=bad, headers=token_for(user))
    same_errors(form, api, list(bad))
    assert db.session.scalar(db.select(db.func.count(Promotion.id))) == 0


def test_slot_and_meeting_request_refused_alike_on_the_page_and_in_the_api(app, login_as, post_form, token_for):
    """The exhibitor page says why a slot or a meeting request was refused (a notice after the redirect) in
    the same words as the API's field message, and nothing is added."""
    import datetime as dt

    from app.extensions import db
    from app.fairs import meetings, services
    from app.fairs.models import Meeting, MeetingSlot
    from app.permissions import Actor
    from tests.fairs.conftest import make_listing

    _c, ouser, _o = login_as("fair_organiser", c=app.test_client())
    fair = _fair_with_booth(ouser)
    exhibitor, euser, eorg = login_as("producer", c=app.test_client())
    application = services.apply(Actor.for_user(euser), fair.id, {"booth_type_id": fair.booth_types[0].id,
                                                                  "listing_ids": [make_listing(eorg).id]})
    services.decide(Actor.for_user(ouser), fair.id, application.id, {"decision": "approve"})
    page_path = f"/fairs/{fair.id}/exhibitors/{eorg.id}"
    before = f"{(fair.starts_on - dt.timedelta(days=1)).isoformat()}T09:00"
    api = exhibitor.post(f"/api/v1/fairs/{fair.id}/slots", json={"starts_at": before, "minutes": "30"},
                         headers=token_for(euser))
    form = post_form(f"/fairs/{fair.id}/slots", {"starts_at": before, "minutes": "30"}, get_path=page_path, c=exhibitor)
    assert api.status_code == 422 and set(api.get_json()["error"]["fields"]) == {"starts_at"}
    shown = html.unescape(exhibitor.get(form.headers["Location"]).get_data(as_text=True))
    assert api.get_json()["error"]["fields"]["starts_at"][0] in shown
    assert db.session.scalar(db.select(db.func.count(MeetingSlot.id))) == 0

    start = dt.datetime.combine(fair.starts_on, dt.time(10, 0))
    slot = meetings.add_slot(Actor.for_user(euser), fair.id, {"starts_at": start, "minutes": 30})
    visitor, vuser, _v = login_as("buyer", c=app.test_client())
    api = visitor.post(f"/api/v1/fairs/{fair.id}/meetings", json={"slot_id": slot.id, "message": "x" * 1001},
                       headers=token_for(vuser))
    form = post_form(f"/fairs/{fair.id}/slots/{slot.id}/book", {"message": "x" * 1001}, get_path=page_path, c=visitor)
    assert api.status_code == 422 and set(api.get_json()["error"]["fields"]) == {"message"}
    shown = html.unescape(visitor.get(form.headers["Location"]).get_data(as_text=True))
    assert api.get_json()["error"]["fields"]["message"][0] in shown
    assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 0
