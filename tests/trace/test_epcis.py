"""EPCIS 2.0 export: valid against GS1's JSON schema (app/trace/data/epcis), round-trips, and says what
happened to the lots (commissioning, transformation, shipping, receiving)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

SCHEMA = Path(__file__).resolve().parents[2] / "app" / "trace" / "data" / "epcis" / "EPCIS-JSON-Schema.json"


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_the_schema_validator_checks_formats(validator):
    # the URI and date-time format checkers are installed (rfc3986-validator, rfc3339-validator): without
    # them a document with a malformed eventTime would pass
    bad = {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"], "type": "EPCISDocument",
           "schemaVersion": "2.0", "creationDate": "yesterday", "epcisBody": {"eventList": []}}
    assert list(validator.iter_errors(bad))


def test_a_lots_export_validates_and_tells_its_story(chain, client, validator):
    c = chain()
    r = client.get(f"/api/v1/trace/lots/{c.bottle_lot.id}/epcis")
    assert r.status_code == 200 and r.mimetype == "application/ld+json"
    doc = r.json
    errors = [e.message for e in validator.iter_errors(doc)]
    assert not errors, errors
    events = doc["epcisBody"]["eventList"]
    steps = [(e["type"], e.get("action"), e["bizStep"]) for e in events]
    assert steps == [("ObjectEvent", "OBSERVE", "shipping"),          # flakes F-001 leave the recycler
                     ("ObjectEvent", "OBSERVE", "receiving"),         # … and reach the bottle maker
                     ("ObjectEvent", "ADD", "commissioning"),         # bottle lot B-001
                     ("TransformationEvent", None, "creating_class_instance")]
    commission, transform = events[2], events[3]
    assert commission["quantityList"] == [{"epcClass": "https://id.gs1.org/01/08934567890120/10/B-001",
                                           "quantity": 10000.0, "uom": "H87"}]
    assert commission["ilmd"] == {"cbvmda:lotNumber": "B-001"} and commission["gc:recycledContentPercent"] == 50
    assert transform["inputQuantityList"] == [{"epcClass": f"http://localhost/trace/lots/{c.flakes_lot.id}",
                                               "quantity": 150.0, "uom": "KGM"}]
    ship = events[0]
    assert ship["bizTransactionList"] == [{"type": "po", "bizTransaction": f"http://localhost/sourcing/deals/{c.deal.id}"}]
    assert ship["sourceList"][0]["source"].endswith(f"/producers/{c.recycler_org.id}")
    assert ship["destinationList"][0]["destination"].endswith(f"/producers/{c.maker_org.id}")


def test_export_parse_round_trip(chain, validator):
    from app.trace.services import epcis

    c = chain()
    records = epcis.lot_records(c.flakes_lot, "http://localhost/")
    doc = json.loads(json.dumps(epcis.to_document(records, "http://localhost/")))  # over the wire
    assert not list(validator.iter_errors(doc))
    assert epcis.from_document(doc) == epcis.normalise(records)
    kinds = [(r["type"], r["biz_step"]) for r in epcis.normalise(records)]
    assert kinds == [("ObjectEvent", "commissioning"), ("TransformationEvent", "creating_class_instance"),
                     ("ObjectEvent", "shipping"), ("ObjectEvent", "receiving")]
    assert records[1]["inputs"] == [(f"http://localhost/trace/inputs/{c.flakes_lot.inputs[0].id}", 1200.0, "KGM")]


def test_who_bought_a_lot_is_the_suppliers_business(chain, client, token_for):
    c = chain()
    public = client.get(f"/api/v1/trace/lots/{c.flakes_lot.id}/epcis").json["epcisBody"]["eventList"]
    assert [e["bizStep"] for e in public] == ["commissioning", "creating_class_instance"]
    own = client.get(f"/api/v1/trace/lots/{c.flakes_lot.id}/epcis",
                     headers=token_for(c.recycler)).json["epcisBody"]["eventList"]
    assert [e["bizStep"] for e in own] == ["commissioning", "creating_class_instance", "shipping", "receiving"]


def test_a_producers_period_export(chain, client, token_for, validator):
    from app import clock
    from app.trace.services import lots

    c = chain()
    lots.void_lot(c.actor("maker"), c.bottle_lot.id, "Ghi sai số lượng")
    today = clock.today()
    url = f"/api/v1/trace/epcis?from={(today - dt.timedelta(days=30)).isoformat()}&to={today.isoformat()}"
    r = client.get(url, headers=token_for(c.maker))
    assert r.status_code == 200 and not list(validator.iter_errors(r.json))
    steps = [(e["bizStep"], e.get("action")) for e in r.json["epcisBody"]["eventList"]]
    assert ("receiving", "OBSERVE") in steps and ("commissioning", "ADD") in steps and ("decommissioning", "DELETE") in steps
    narrow = client.get(f"/api/v1/trace/epcis?from={today.isoformat()}&to={today.isoformat()}", headers=token_for(c.maker))
    assert [e["bizStep"] for e in narrow.json["epcisBody"]["eventList"]] == ["decommissioning"]
    assert client.get(f"/api/v1/trace/epcis?from={today.isoformat()}&to=2020-01-01",
                      headers=token_for(c.maker)).status_code == 422
    assert client.get("/api/v1/trace/epcis?from=2020-01-01&to=2026-01-01", headers=token_for(c.maker)).status_code == 422
    assert client.get(url).status_code == 401
