"""Open data: what machines read from the public pages (schema.org JSON-LD), the sitemap, the API
reference page, and the bulk exports with their DCAT-AP catalogue."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from app.extensions import db

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser, not ours

SDO = Namespace("https://schema.org/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SHAPES = Path(__file__).parent / "dcat_ap_mandatory.ttl"


def _jsonld_of(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def _graph(doc) -> Graph:
    return Graph().parse(data=json.dumps(doc), format="json-ld")


def _expire(claim) -> None:
    from app import clock
    from app.labels.models import Claim

    c = db.session.get(Claim, claim.id)
    c.valid_until = clock.today() - dt.timedelta(days=1)
    db.session.commit()


@pytest.fixture()
def certified_listing(producer, verifier, make_listing, make_claim):
    user, org = producer
    listing = make_listing(user, gtin="8935001200017")
    claim = make_claim(user, listing, state="verified", verifier=verifier, certificate_number="VNECOL-2026-0042")
    return listing, claim


def test_listing_page_describes_the_product_and_its_valid_certification(client, certified_listing):
    listing, claim = certified_listing
    docs = _jsonld_of(client.get(f"/listings/{listing.id}").get_data(as_text=True))
    assert len(docs) == 1
    g = _graph(docs[0])
    product = URIRef(f"http://localhost/listings/{listing.id}#product")
    assert (product, RDF.type, SDO.Product) in g
    assert (product, SDO.gtin, Literal("08935001200017")) in g
    assert str(g.value(product, SDO.hasGS1DigitalLink)).endswith("/01/08935001200017")
    cert = g.value(product, SDO.hasCertification)
    assert (cert, RDF.type, SDO.Certification) in g
    assert str(g.value(cert, SDO.certificationIdentification)) == "VNECOL-2026-0042"
    assert str(g.value(cert, SDO.validFrom)) == claim.valid_from.isoformat()
    assert str(g.value(cert, SDO.expires)) == claim.valid_until.isoformat()
    assert g.value(cert, SDO.certificationStatus) == SDO.CertificationActive
    names = {(str(n), n.language) for n in g.objects(product, SDO.name)}
    assert ("Ống hút tre tự nhiên 20 cm", "vi") in names and ("Natural bamboo straw 20 cm", "en") in names


def test_an_expired_or_unverified_claim_is_never_published_as_a_certification(client, producer, verifier, make_listing,
                                                                             make_claim):
    user, _org = producer
    expired = make_listing(user)
    _expire(make_claim(user, expired, state="verified", verifier=verifier))
    pending = make_listing(user, title="Hộp giấy kraft")
    make_claim(user, pending)  # submitted, not verified
    for listing in (expired, pending):
        (doc,) = _jsonld_of(client.get(f"/listings/{listing.id}").get_data(as_text=True))
        g = _graph(doc)
        assert not list(g.subjects(RDF.type, SDO.Certification)), listing.title
        assert "hasCertification" not in json.dumps(doc)


def test_a_draft_listing_has_no_structured_data_even_for_its_owner(login, producer, make_listing):
    user, _org = producer
    draft = make_listing(user, publish=False)
    html = login(user).get(f"/listings/{draft.id}").get_data(as_text=True)
    assert _jsonld_of(html) == []


def test_storefront_and_label_pages_describe_the_organisation_and_the_label(client, producer, verifier, make_claim):
    user, org = producer
    org.phone, org.address = "0243 999 8888", "Số 12 ngõ 34 phố Bí Mật"  # not shown on the page: not published
    db.session.commit()
    make_claim(user, state="verified", verifier=verifier, label="iso-14001", certificate_number="ISO-VN-777")
    (doc,) = _jsonld_of(client.get(f"/producers/{org.id}").get_data(as_text=True))
    g = _graph(doc)
    node = URIRef(f"http://localhost/producers/{org.id}#organisation")
    assert (node, RDF.type, SDO.Organization) in g
    assert str(g.value(node, SDO.legalName)) == org.legal_name
    assert str(g.value(g.value(node, SDO.hasCertification), SDO.certificationIdentification)) == "ISO-VN-777"
    text = json.dumps(doc, ensure_ascii=False)
    assert "0243 999 8888" not in text and "Bí Mật" not in text
    (label_doc,) = _jsonld_of(client.get("/labels/vn-ecolabel").get_data(as_text=True))
    lg = _graph(label_doc)
    term = URIRef("http://localhost/labels/vn-ecolabel#label")
    assert (term, RDF.type, SDO.DefinedTerm) in lg and str(lg.value(term, SDO.termCode)) == "vn-ecolabel"


def test_sitemap_lists_public_pages_only(client, producer, make_listing):
    user, _org = producer
    public = make_listing(user)
    draft = make_listing(user, publish=False, title="Bản nháp")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(client.get("/sitemap.xml").data)
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    assert parts and all(p.startswith("http://localhost/sitemaps/") for p in parts)
    locs = []
    for part in parts:
        r = client.get(part.removeprefix("http://localhost"))
        assert r.status_code == 200 and r.mimetype == "application/xml"
        locs += [loc.text for loc in ET.fromstring(r.data).findall("s:url/s:loc", ns)]
    assert f"http://localhost/listings/{public.id}" in locs
    assert f"http://localhost/listings/{draft.id}" not in locs
    assert "http://localhost/labels/vn-ecolabel" in locs
    assert "Sitemap: http://localhost/sitemap.xml" in client.get("/robots.txt").get_data(as_text=True)
    assert client.get("/sitemaps/listings-99.xml").status_code == 404


def test_sitemap_urls_come_from_the_configured_base_url_not_the_request_host(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", None)
    r = client.get("/sitemap.xml", headers={"Host": "evil.example"})
    assert r.status_code == 200 and b"http://localhost/sitemaps/" in r.data and b"evil.example" not in r.data


def test_api_reference_page_lists_every_operation_without_javascript(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    html = client.get("/api/docs").get_data(as_text=True)
    count = sum(1 for item in spec["paths"].values() for m in item if m in ("get", "post", "put", "patch", "delete"))
    assert html.count('class="card api-op"') == count
    assert "<code>POST /api/v1/claims</code>" in html and 'id="schema-ClaimCreateInput"' in html
    assert "<script src=\"http" not in html and "cdn" not in html.lower()


def _export(app, out: Path) -> dict:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["opendata", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_exports_are_reproducible_public_and_described_by_a_valid_dcat_catalogue(app, tmp_path, certified_listing,
                                                                                   producer, verifier, make_listing,
                                                                                   make_claim):
    from pyshacl import validate

    listing, claim = certified_listing
    user, org = producer
    expired = make_listing(user, title="Túi giấy hết hạn chứng nhận")
    _expire(make_claim(user, expired, state="verified", verifier=verifier, certificate_number="OLD-1"))
    first = _export(app, tmp_path / "a")
    second = _export(app, tmp_path / "b")
    assert first == second  # same data, same bytes

    rows = list(csv.DictReader(io.StringIO(first["verified-listings.csv"].decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == [listing.id]  # the expired one is not a verified listing
    assert "VNECOL-2026-0042" in rows[0]["certifications"] and rows[0]["gtin"] == "08935001200017"
    everything = b"".join(first.values()).decode("utf-8")
    assert user.email not in everything  # no personal data
    g = _graph(json.loads(first["verified-listings.jsonld"]))
    assert len(list(g.subjects(RDF.type, SDO.Product))) == 1

    catalog = json.loads(first["catalog.jsonld"])
    cg = _graph(catalog)
    conforms, _report_graph, report = validate(cg, shacl_graph=str(SHAPES), shacl_graph_format="turtle")
    assert conforms, report
    datasets = list(cg.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 4
    for dist in cg.subjects(RDF.type, DCAT.Distribution):  # size and checksum describe the file served
        name = str(cg.value(dist, DCAT.downloadURL)).rsplit("/", 1)[1]
        assert int(cg.value(dist, DCAT.byteSize)) == len(first[name])
        checksum = cg.value(dist, URIRef("http://spdx.org/rdf/terms#checksum"))
        assert str(cg.value(checksum, URIRef("http://spdx.org/rdf/terms#checksumValue"))) == hashlib.sha256(first[name]).hexdigest()


def test_indicator_snapshot_is_exported_as_aggregates(app, tmp_path, certified_listing):
    from app.programme.snapshots import compute_snapshot

    compute_snapshot(trigger="test")
    files = _export(app, tmp_path / "i")
    rows = list(csv.DictReader(io.StringIO(files["indicators.csv"].decode("utf-8-sig"))))
    assert rows and {"indicator", "year", "place", "value"} <= set(rows[0])
    assert any(r["place"] == "Việt Nam" for r in rows)
    g = _graph(json.loads(files["indicators.jsonld"]))
    assert len(list(g.subjects(RDF.type, SDO.Observation))) == len(rows)
    assert "organisation_id" not in files["indicators.csv"].decode("utf-8")


def test_open_data_page_serves_the_files_the_job_wrote(app, client, certified_listing):
    from app.jobs import jobs, run_job

    import shutil

    shutil.rmtree(app.config["OPENDATA_DIR"], ignore_errors=True)
    empty = client.get("/open-data?lang=en").get_data(as_text=True)
    assert "Not published yet" in empty and client.get("/open-data/verified-listings.csv").status_code == 404
    ok, _msg = run_job(jobs()["opendata.export"])
    assert ok
    page = client.get("/open-data?lang=en").get_data(as_text=True)
    assert 'href="/open-data/verified-listings.csv"' in page and "catalog.jsonld" in page
    r = client.get("/open-data/verified-listings.csv")
    assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == "*"
    assert "attachment" in r.headers["Content-Disposition"]
    assert client.get("/open-data/secrets.csv").status_code == 404
    assert client.get("/open-data/..%2fconfig.py").status_code == 404


def test_csv_exports_stay_machine_readable_and_say_so(app, client, tmp_path, certified_listing):
    """Open data CSV is one convention in every language (dot decimals, no grouping, ISO dates), which the
    catalogue and the page state; the reader's locale never changes the file."""
    import re

    from app.programme.snapshots import compute_snapshot

    listing, _claim = certified_listing
    from app.extensions import db

    listing.moq = 1500.5
    db.session.commit()
    compute_snapshot(trigger="test")
    files = _export(app, tmp_path / "m")
    rows = list(csv.DictReader(io.StringIO(files["verified-listings.csv"].decode("utf-8-sig"))))
    row = rows[0]
    assert row["moq"] == "1500.5"
    for key in ("price_min_vnd", "price_max_vnd"):
        assert re.fullmatch(r"\d*", row[key]), row[key]  # whole đồng, no "1.234.567"
    for _code, _number, since, until in (c.split("|") for c in row["certifications"].split("; ")):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", since) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", until)
    indicators = list(csv.DictReader(io.StringIO(files["indicators.csv"].decode("utf-8-sig"))))
    for r in indicators:
        assert re.fullmatch(r"-?\d+(\.\d+)?", r["value"]) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["as_of"])
    catalog = json.loads(files["catalog.jsonld"])
    text = json.dumps(catalog, ensure_ascii=False)
    assert "rfc4180" in text and "YYYY-MM-DD" in text and "dấu chấm thập phân" in text
    from app.jobs import jobs, run_job

    assert run_job(jobs()["opendata.export"])[0]
    vi = client.get("/open-data?lang=vi").get_data(as_text=True)
    en = client.get("/open-data?lang=en").get_data(as_text=True)
    assert "số dùng dấu chấm thập phân" in vi and "a dot as the decimal sign" in en
    assert client.get("/open-data/verified-listings.csv").data == client.get("/open-data/verified-listings.csv?lang=en").data


def test_organisations_export_reads_claims_once_for_all_organisations(app, make_user, make_org, verifier, make_claim):
    """The organisations dataset loads the organisations' certificates in one query (it read each
    organisation's claims twice, two queries per organisation); the rows carry the same certificates."""
    from app import clock
    from app.opendata import jsonld
    from app.opendata.exports import build_organisations
    from tests.querycount import count_queries, fresh_session

    user_cls, verifier_id = type(verifier), verifier.id

    def orgs(n: int) -> list[int]:
        made = []
        checker = db.session.get(user_cls, verifier_id)  # the session was emptied by build()
        for _ in range(n):
            user = make_user()
            org = make_org("producer", owner=user, province_code="38")
            make_claim(user, label="vn-organic", certificate_number=f"ORG-{org.id}-B", state="verified", verifier=checker)
            make_claim(user, label="iso-14001", certificate_number=f"ORG-{org.id}-A", state="verified", verifier=checker)
            make_claim(user, label="vietgap", certificate_number=f"ORG-{org.id}-P")  # pending: not published
            _expire(make_claim(user, label="eu-organic", certificate_number=f"ORG-{org.id}-X", state="verified",
                               verifier=checker))
            made.append(org.id)
        return made

    def build():
        fresh_session()
        with count_queries() as seen:
            rows, nodes, modified = build_organisations(clock.today())
        return rows, nodes, modified, len(seen)

    ids = orgs(2)
    few = build()
    ids += orgs(4)
    rows, nodes, _modified, queries = build()
    assert queries == few[3]  # not one more query per organisation
    by_id = {r["id"]: r for r in rows}
    for org_id in ids:
        certs = by_id[org_id]["certifications"]
        assert certs.startswith("vn-organic|ORG-") and f"|ORG-{org_id}-B|" in certs and f"; iso-14001|ORG-{org_id}-A|" in certs
        assert "-P|" not in certs and "-X|" not in certs  # pending and expired claims are not certifications
        node = next(n for n in nodes if n["@id"] == jsonld.organisation_url(org_id) + "#organisation")
        assert [c["certificationIdentification"] for c in node["hasCertification"]] == [f"ORG-{org_id}-B", f"ORG-{org_id}-A"]
