"""Bulk exports of public data (CSV and JSON-LD) and their DCAT-AP catalogue.

Each dataset is what the site already shows to anyone: verified listings (published listings of
approved organisations with at least one certified claim), the label registry, and approved
organisations. Personal data never leaves: no person's name, e-mail or phone, no street address.

The export is reproducible: the same data gives byte-identical files (rows in id order, keys sorted,
no generation time inside; `modified` is the newest change of the data itself). Files are written to
a temporary name and renamed, so a reader never sees half a file. `flask opendata export` writes them;
the job `opendata.export` does so nightly.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from .. import clock, vn
from ..catalog import services as catalog
from ..catalog.models import Listing, ListingStatus
from ..catalog.taxonomy import category_name
from ..extensions import db
from ..labels.models import Claim, ClaimStatus, Label
from ..mail import public_url
from ..orgs.models import Organisation, OrgStatus
from ..trace import digital_link
from . import jsonld

CATALOG_FILE = "catalog.jsonld"
MEDIA = {"csv": "text/csv", "jsonld": "application/ld+json"}
EU_FILE_TYPE = {"csv": "http://publications.europa.eu/resource/authority/file-type/CSV",
                "jsonld": "http://publications.europa.eu/resource/authority/file-type/JSON_LD"}
VIETNAM = "http://publications.europa.eu/resource/authority/country/VNM"
THEME_ECONOMY = "http://publications.europa.eu/resource/authority/data-theme/ECON"


@dataclass(frozen=True)
class Dataset:
    slug: str
    title_vi: str
    title_en: str
    description_vi: str
    description_en: str
    keywords: tuple[str, ...]
    columns: tuple[str, ...]
    build: Callable[[dt.date], tuple[list[dict], list[dict], dt.datetime | None]]  # rows, JSON-LD nodes, modified
    title: object = field(default="", compare=False)  # translated title for pages


def _certs_text(claims: Iterable[Claim]) -> str:
    return "; ".join(f"{c.label.code}|{c.certificate_number}|{c.valid_from.isoformat()}|{c.valid_until.isoformat()}"
                     for c in claims)


def _newest(*values) -> dt.datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _category(code: str, locale: str) -> str:
    with force_locale(locale):
        return category_name(code)


def build_listings(today: dt.date):
    stmt = (db.select(Listing).join(Organisation, Listing.organisation_id == Organisation.id)
            .where(Listing.status == ListingStatus.published, Organisation.status == OrgStatus.approved)
            .options(selectinload(Listing.claims).selectinload(Claim.label), selectinload(Listing.organisation))
            .order_by(Listing.id))
    rows, nodes, modified = [], [], None
    for listing in db.session.scalars(stmt):
        certs = jsonld.certified(listing.claims, today)
        if not certs or not catalog.is_public(listing):
            continue
        gtin = digital_link.gtin14(listing.gtin) if listing.gtin else ""
        rows.append({
            "id": listing.id, "url": jsonld.listing_url(listing.id),
            "title_vi": listing.title, "title_en": listing.title_en,
            "category_code": listing.category, "category_vi": _category(listing.category, "vi"),
            "category_en": _category(listing.category, "en"),
            "material": listing.material, "recycled_pct": "" if listing.recycled_pct is None else listing.recycled_pct,
            "compostable": "yes" if listing.compostable else "no", "biodegradable": "yes" if listing.biodegradable else "no",
            "origin_province_code": listing.origin_province or "", "origin_province": vn.province_name(listing.origin_province) if listing.origin_province else "",
            "unit": listing.unit, "moq": listing.moq,
            "price_min_vnd": "" if listing.price_min is None else listing.price_min,
            "price_max_vnd": "" if listing.price_max is None else listing.price_max,
            "gtin": gtin, "digital_link": digital_link.build(public_url("main.home").rstrip("/"), gtin) if gtin else "",
            "producer_id": listing.organisation_id, "producer_name": listing.organisation.display_name,
            "producer_url": jsonld.organisation_url(listing.organisation_id),
            "certifications": _certs_text(certs),
        })
        nodes.append(jsonld.product_node(listing, today=today))
        modified = _newest(modified, listing.updated_at, *(c.updated_at for c in certs))
    return rows, nodes, modified


def build_labels(today: dt.date):
    rows, nodes, modified = [], [], None
    for label in db.session.scalars(db.select(Label).where(Label.active.is_(True)).order_by(Label.id)):
        rows.append({"code": label.code, "url": jsonld.label_url(label.code), "name_vi": label.name_vi,
                     "name_en": label.name_en, "kind": label.kind.value, "scope": label.scope.value,
                     "issuing_body": label.issuing_body, "website": label.website,
                     "certifies_vi": label.certifies_vi, "certifies_en": label.certifies_en,
                     "legal_basis": label.legal_basis, "validity_months": label.validity_months or ""})
        nodes.append(jsonld.label_node(label))
        modified = _newest(modified, label.updated_at)
    return rows, nodes, modified


def build_organisations(today: dt.date):
    rows, nodes, modified = [], [], None
    approved = Organisation.status == OrgStatus.approved
    # every approved organisation's own verified claims (not its listings'), with their labels, in one query
    own: dict[int, list[Claim]] = {}
    for claim in db.session.scalars(
            db.select(Claim).join(Organisation, Claim.organisation_id == Organisation.id)
            .where(approved, Claim.listing_id.is_(None), Claim.status == ClaimStatus.verified)
            .options(selectinload(Claim.label))):
        own.setdefault(claim.organisation_id, []).append(claim)
    for org in db.session.scalars(db.select(Organisation).where(approved).order_by(Organisation.id)):
        claims = own.get(org.id, [])
        node = jsonld.organisation_node(org, today=today, claims=claims)
        certs = jsonld.certified(claims, today)
        rows.append({"id": org.id, "url": jsonld.organisation_url(org.id), "kind": org.kind.value,
                     "name": org.display_name, "legal_name": org.legal_name, "tax_code": org.tax_code or "",
                     "province_code": org.province_code or "",
                     "province": vn.province_name(org.province_code) if org.province_code else "",
                     "website": org.website, "sectors": ";".join(sorted(org.sectors or [])),
                     "certifications": _certs_text(certs)})
        nodes.append(node)
        modified = _newest(modified, org.updated_at, *(c.updated_at for c in certs))
    return rows, nodes, modified


def _name(text, locale: str) -> str:
    with force_locale(locale):
        return str(text)


def build_indicators(today: dt.date):
    """The programme's indicators from the newest snapshot: national and per-province values per year —
    the figures the public statistics page shows (never the organisations behind them)."""
    from ..programme import snapshots
    from ..programme.definitions import INDICATORS, UNITS

    snap = snapshots.latest()
    if snap is None:
        return [], [], None
    rows, nodes = [], []
    for year in snapshots.years(snap):
        for ind in INDICATORS:
            places = [("", snapshots.value(snap, ind.code, year))] + snapshots.by_province(snap, ind.code, year)
            target = next((t for t in ind.targets if t.year >= year), ind.targets[-1] if ind.targets else None)
            for province, value in places:
                if value is None:
                    continue
                value = round(float(value), 4)
                name_vi, name_en = _name(ind.name, "vi"), _name(ind.name, "en")
                place = vn.province_name(province) if province else "Việt Nam"
                rows.append({"indicator": ind.code, "version": ind.version, "name_vi": name_vi, "name_en": name_en,
                             "unit": ind.unit, "year": year, "province_code": province, "place": place, "value": value,
                             "target_year": target.year if target else "", "target_low": target.low if target else "",
                             "target_high": target.high if target else "", "as_of": snap.as_of.isoformat()})
                nodes.append({
                    "@type": "Observation",
                    "@id": public_url("opendata.index") + f"#indicator-{ind.code}-{year}-{province or 'VN'}",
                    "variableMeasured": {"@type": "StatisticalVariable", "@id": public_url("opendata.index") + f"#variable-{ind.code}",
                                         "name": _text_pair(name_vi, name_en)},
                    "observationAbout": {"@type": "Place", "name": place,
                                         **({"identifier": province} if province else {"address": {"@type": "PostalAddress", "addressCountry": "VN"}})},
                    "observationPeriod": str(year), "value": value, "unitText": UNITS.get(ind.unit, ind.unit) or ind.unit,
                    "observationDate": snap.as_of.isoformat()})
    return rows, nodes, dt.datetime.combine(snap.as_of, dt.time())


def _text_pair(vi: str, en: str) -> list:
    return [{"@value": vi, "@language": "vi"}, {"@value": en, "@language": "en"}]


DATASETS: tuple[Dataset, ...] = (
    Dataset("verified-listings", "Sản phẩm có nhãn xanh đã xác minh", "Verified green listings",
            "Các sản phẩm đang chào bán trên GreenConnect có ít nhất một chứng nhận (nhãn sinh thái, hữu cơ, "
            "tái chế…) đã được thẩm định viên xác minh và còn hiệu lực, kèm số chứng nhận và thời hạn.",
            "Products offered on GreenConnect with at least one certification (eco-label, organic, recycled "
            "content…) checked by a verifier and valid today, with certificate numbers and validity.",
            ("eco-label", "nhãn sinh thái", "green products", "sản phẩm xanh", "Vietnam"),
            ("id", "url", "title_vi", "title_en", "category_code", "category_vi", "category_en", "material",
             "recycled_pct", "compostable", "biodegradable", "origin_province_code", "origin_province", "unit",
             "moq", "price_min_vnd", "price_max_vnd", "gtin", "digital_link", "producer_id", "producer_name",
             "producer_url", "certifications"),
            build_listings, _l("Verified green listings")),
    Dataset("labels", "Danh mục nhãn xanh", "Label registry",
            "Các nhãn và chứng nhận mà GreenConnect chấp nhận: tổ chức cấp, nội dung chứng nhận, căn cứ pháp lý.",
            "The labels and certifications GreenConnect accepts: issuing body, what they certify, legal basis.",
            ("eco-label", "certification", "nhãn sinh thái", "chứng nhận"),
            ("code", "url", "name_vi", "name_en", "kind", "scope", "issuing_body", "website", "certifies_vi",
             "certifies_en", "legal_basis", "validity_months"),
            build_labels, _l("Label registry")),
    Dataset("organisations", "Tổ chức tham gia", "Participating organisations",
            "Doanh nghiệp và tổ chức đã được duyệt trên GreenConnect: tên, mã số thuế, tỉnh/thành, chứng nhận "
            "cấp tổ chức còn hiệu lực.",
            "Businesses and organisations approved on GreenConnect: name, tax code, province, valid "
            "organisation-wide certifications.",
            ("organisations", "doanh nghiệp", "green supply", "Vietnam"),
            ("id", "url", "kind", "name", "legal_name", "tax_code", "province_code", "province", "website",
             "sectors", "certifications"),
            build_organisations, _l("Participating organisations")),
    Dataset("indicators", "Chỉ tiêu của Chương trình", "Programme indicators",
            "Các chỉ tiêu của Chương trình hành động quốc gia về sản xuất và tiêu dùng bền vững tính trên dữ liệu "
            "nền tảng (bản chụp mới nhất): giá trị toàn quốc và theo tỉnh/thành từng năm, kèm mục tiêu quốc gia.",
            "The indicators of the National Action Programme on Sustainable Production and Consumption computed on "
            "platform data (newest snapshot): national and per-province values per year, with the national targets.",
            ("indicators", "chỉ tiêu", "sustainable consumption", "tiêu dùng bền vững", "Vietnam"),
            ("indicator", "version", "name_vi", "name_en", "unit", "year", "province_code", "place", "value",
             "target_year", "target_low", "target_high", "as_of"),
            build_indicators, _l("Programme indicators")),
)


def _dir() -> Path:
    return Path(current_app.config["OPENDATA_DIR"])


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _csv(columns, rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: spreadsheet programs read it as UTF-8


def _json(doc) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def export_all(out: Path | None = None, today: dt.date | None = None) -> dict:
    """Write every dataset (CSV + JSON-LD) and the DCAT-AP catalogue; returns a summary per dataset."""
    out = Path(out) if out else _dir()
    out.mkdir(parents=True, exist_ok=True)
    today = today or clock.today()
    summary, files = {}, {}
    for ds in DATASETS:
        rows, nodes, modified = ds.build(today)
        blobs = {"csv": _csv(ds.columns, rows),
                 "jsonld": _json({"@context": jsonld.CONTEXT, "@graph": nodes})}
        for ext, blob in blobs.items():
            _write(out / f"{ds.slug}.{ext}", blob)
        files[ds.slug] = {ext: (len(blob), hashlib.sha256(blob).hexdigest()) for ext, blob in blobs.items()}
        summary[ds.slug] = {"rows": len(rows), "modified": modified.date().isoformat() if modified else None}
    _write(out / CATALOG_FILE, _json(catalogue(files, summary)))
    return summary


# The CSV files are for programs as much as for people: one convention whatever the reader's language,
# said in the catalogue and on the open data page (templates/opendata/index.html).
CSV_FORMAT_VI = ("CSV (RFC 4180), UTF-8 có BOM, phân cách bằng dấu phẩy, dòng đầu là tên cột; số dùng dấu chấm "
                 "thập phân, không có dấu phân cách hàng nghìn; ngày theo ISO 8601 (YYYY-MM-DD); tiền bằng đồng.")
CSV_FORMAT_EN = ("CSV (RFC 4180), UTF-8 with a BOM, comma-separated, first row holds the column names; numbers "
                 "use a dot as the decimal sign and no thousands separator; dates are ISO 8601 (YYYY-MM-DD); "
                 "amounts in đồng.")
CSV_FORMAT = {
    "dct:description": [{"@value": CSV_FORMAT_VI, "@language": "vi"}, {"@value": CSV_FORMAT_EN, "@language": "en"}],
    "dct:conformsTo": {"@id": "https://www.rfc-editor.org/rfc/rfc4180", "@type": "dct:Standard"},
}


def catalogue(files: dict, summary: dict) -> dict:
    """The DCAT-AP 3 description of the exports (catalogue → datasets → distributions)."""
    cfg = current_app.config
    home = public_url("opendata.index")
    publisher = {"@id": public_url("main.home") + "#publisher", "@type": "foaf:Agent",
                 "foaf:name": cfg["OPENDATA_PUBLISHER"]}
    licence = {"@id": cfg["OPENDATA_LICENSE"], "@type": "dct:LicenseDocument"}
    datasets = []
    for ds in DATASETS:
        info = summary[ds.slug]
        distributions = []
        for ext, (size, digest) in files[ds.slug].items():
            url = public_url("opendata.download", filename=f"{ds.slug}.{ext}")
            distributions.append({
                "@id": url, "@type": "dcat:Distribution",
                "dct:title": [{"@value": f"{ds.title_vi} ({ext.upper()})", "@language": "vi"},
                              {"@value": f"{ds.title_en} ({ext.upper()})", "@language": "en"}],
                "dcat:accessURL": {"@id": home}, "dcat:downloadURL": {"@id": url},
                "dcat:mediaType": {"@id": f"http://www.iana.org/assignments/media-types/{MEDIA[ext]}"},
                "dct:format": {"@id": EU_FILE_TYPE[ext]},
                "dcat:byteSize": {"@value": str(size), "@type": "xsd:nonNegativeInteger"},
                "spdx:checksum": {"@type": "spdx:Checksum", "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                                  "spdx:checksumValue": {"@value": digest, "@type": "xsd:hexBinary"}},
                "dct:license": licence,
                **(CSV_FORMAT if ext == "csv" else {}),
            })
        node = {
            "@id": f"{home}#{ds.slug}", "@type": "dcat:Dataset",
            "dct:identifier": ds.slug,
            "dct:title": [{"@value": ds.title_vi, "@language": "vi"}, {"@value": ds.title_en, "@language": "en"}],
            "dct:description": [{"@value": ds.description_vi, "@language": "vi"},
                                {"@value": ds.description_en, "@language": "en"}],
            "dcat:keyword": list(ds.keywords), "dct:publisher": publisher, "dct:license": licence,
            "dct:spatial": {"@id": VIETNAM}, "dcat:theme": {"@id": THEME_ECONOMY},
            "dcat:landingPage": {"@id": home}, "dcat:distribution": distributions,
            "dct:accrualPeriodicity": {"@id": "http://publications.europa.eu/resource/authority/frequency/DAILY"},
        }
        if info["modified"]:
            node["dct:modified"] = {"@value": info["modified"], "@type": "xsd:date"}
        datasets.append(node)
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/", "spdx": "http://spdx.org/rdf/terms#",
                     "xsd": "http://www.w3.org/2001/XMLSchema#"},
        "@id": home + "#catalog", "@type": "dcat:Catalog",
        "dct:title": [{"@value": "Dữ liệu mở GreenConnect – Kết Nối Xanh", "@language": "vi"},
                      {"@value": "GreenConnect open data", "@language": "en"}],
        "dct:description": [
            {"@value": "Dữ liệu công khai của nền tảng kết nối cung cầu sản phẩm xanh Việt Nam: sản phẩm có nhãn "
                       "đã xác minh, danh mục nhãn, tổ chức tham gia, chỉ tiêu của Chương trình.", "@language": "vi"},
            {"@value": "Public data of Vietnam's platform connecting supply and demand for green products: "
                       "verified listings, the label registry, participating organisations, the programme's indicators.",
             "@language": "en"}],
        "dct:publisher": publisher, "dct:license": licence,
        "dct:language": [{"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
                         {"@id": "http://publications.europa.eu/resource/authority/language/ENG"}],
        "dct:spatial": {"@id": VIETNAM}, "foaf:homepage": {"@id": public_url("main.home")},
        "dcat:dataset": datasets,
    }


def published() -> dict[str, dict]:
    """What is on disk now: per dataset slug and format, size and last write time (for the page)."""
    out, found = _dir(), {}
    for ds in DATASETS:
        for ext in MEDIA:
            path = out / f"{ds.slug}.{ext}"
            if path.is_file():
                st = path.stat()
                found.setdefault(ds.slug, {})[ext] = {"size": st.st_size,
                                                      "written": dt.datetime.fromtimestamp(st.st_mtime, dt.timezone.utc)}
    return found


def file_path(filename: str) -> Path | None:
    """The path of a published file, only for the names this module writes."""
    allowed = {CATALOG_FILE} | {f"{ds.slug}.{ext}" for ds in DATASETS for ext in MEDIA}
    if filename not in allowed:
        return None
    path = _dir() / filename
    return path if path.is_file() else None
