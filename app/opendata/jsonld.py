"""schema.org descriptions (JSON-LD) of what the public pages show: a listing (`Product`), an
organisation (`Organization`) and a label of the registry (`DefinedTerm`).

Only certified claims become certifications: a claim that is verified and still valid today
(`Claim.is_certified`). Pending, rejected, withdrawn and expired claims are never published as
certifications. Only what the public page shows is described (no street address, phone or e-mail).
The context is inline (`@vocab` schema.org, `gs1` for the GS1 Web Vocabulary), so consumers need no
network to read the documents.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import force_locale

from .. import clock, vn
from ..catalog import services as catalog
from ..catalog.models import Listing
from ..catalog.taxonomy import category_name
from ..extensions import db
from ..labels import services as labels
from ..labels.models import Claim, Label
from ..mail import public_url
from ..orgs.models import Organisation, OrgStatus
from ..trace import digital_link

SCHEMA = "https://schema.org/"
GS1_VOC = "https://gs1.org/voc/"
CONTEXT = {"@vocab": SCHEMA, "gs1": GS1_VOC}
TAX_ID_SCHEME = "VN-MST"  # Mã số thuế: Vietnam's enterprise/tax identification number


def _text(vi: str, en: str | None) -> list | str:
    """A Vietnamese text, with its English version as a second language-tagged value when there is one."""
    if en:
        return [{"@value": vi, "@language": "vi"}, {"@value": en, "@language": "en"}]
    return {"@value": vi, "@language": "vi"}


def _category(code: str, locale: str) -> str:
    with force_locale(locale):
        return category_name(code)


def listing_url(listing_id: int) -> str:
    return public_url("catalog.detail", listing_id=listing_id)


def organisation_url(org_id: int) -> str:
    return public_url("catalog.storefront", org_id=org_id)


def label_url(code: str) -> str:
    return public_url("labels.label_detail", code=code)


def certification(claim: Claim, about: str) -> dict:
    label = claim.label
    return {
        "@type": "Certification",
        "@id": f"{about.split('#')[0]}#certification-{claim.id}",
        "name": _text(label.name_vi, label.name_en),
        "certificationIdentification": claim.certificate_number,
        "issuedBy": {"@type": "Organization", "name": claim.issuer or label.issuing_body},
        "validFrom": claim.valid_from.isoformat(),
        "expires": claim.valid_until.isoformat(),
        "certificationStatus": {"@id": SCHEMA + "CertificationActive"},
        "about": {"@id": about},
        "url": label_url(label.code),
    }


def certified(claims, today: dt.date | None = None) -> list[Claim]:
    today = today or clock.today()
    return sorted((c for c in claims if c.is_certified(today)), key=lambda c: c.id)


def organisation_node(org: Organisation, *, today: dt.date | None = None, with_certifications: bool = True,
                      claims=None) -> dict:
    """``claims``: the organisation's own (not its listings') claims when the caller loaded them already."""
    url = organisation_url(org.id)
    node = {
        "@type": "Organization",
        "@id": url + "#organisation",
        "url": url,
        "name": org.display_name,
        "legalName": org.legal_name,
        "address": {"@type": "PostalAddress", "addressCountry": "VN",
                    **({"addressRegion": vn.province_name(org.province_code)} if org.province_code else {})},
    }
    if org.tax_code:
        node["taxID"] = org.tax_code
        node["identifier"] = {"@type": "PropertyValue", "propertyID": TAX_ID_SCHEME, "value": org.tax_code}
    if org.description:
        node["description"] = _text(org.description, org.description_en)
    if org.website:
        node["sameAs"] = org.website
    if with_certifications:
        if claims is None:
            claims = labels.claims_of_org(org.id, org_level_only=True)
        certs = certified(claims, today)
        if certs:
            node["hasCertification"] = [certification(c, node["@id"]) for c in certs]
    return node


def product_node(listing: Listing, *, today: dt.date | None = None) -> dict:
    url = listing_url(listing.id)
    node = {
        "@type": "Product",
        "@id": url + "#product",
        "url": url,
        "name": _text(listing.title, listing.title_en),
        "category": _text(_category(listing.category, "vi"), _category(listing.category, "en")),
        "manufacturer": {"@id": organisation_url(listing.organisation_id) + "#organisation",
                         "@type": "Organization", "name": listing.organisation.display_name},
    }
    if listing.description:
        node["description"] = _text(listing.description, listing.description_en)
    if listing.material:
        node["material"] = listing.material
    if listing.origin_province:
        node["countryOfOrigin"] = {"@type": "Country", "name": "VN"}
        node["additionalProperty"] = [{"@type": "PropertyValue", "propertyID": "originProvince",
                                       "name": "Tỉnh/thành xuất xứ", "value": vn.province_name(listing.origin_province)}]
    if listing.recycled_pct is not None:
        node.setdefault("additionalProperty", []).append(
            {"@type": "PropertyValue", "propertyID": "recycledContent", "name": "Recycled content",
             "value": listing.recycled_pct, "unitCode": "P1"})  # UN/CEFACT P1 = percent
    if listing.gtin:
        gtin = digital_link.gtin14(listing.gtin)
        node["gtin"] = gtin
        node["hasGS1DigitalLink"] = digital_link.build(public_url("main.home").rstrip("/"), gtin)
    if listing.price_min is not None:
        node["offers"] = {"@type": "AggregateOffer", "priceCurrency": "VND", "lowPrice": listing.price_min,
                          "highPrice": listing.price_max if listing.price_max is not None else listing.price_min,
                          "offeredBy": {"@id": organisation_url(listing.organisation_id) + "#organisation"}}
    certs = certified(listing.claims, today)
    if certs:
        node["hasCertification"] = [certification(c, node["@id"]) for c in certs]
    return node


def label_node(label: Label) -> dict:
    url = label_url(label.code)
    node = {
        "@type": "DefinedTerm",
        "@id": url + "#label",
        "url": url,
        "termCode": label.code,
        "name": _text(label.name_vi, label.name_en),
        "inDefinedTermSet": {"@type": "DefinedTermSet", "@id": public_url("labels.registry") + "#registry",
                             "name": _text("Danh mục nhãn xanh GreenConnect", "GreenConnect label registry")},
        "publisher": {"@type": "Organization", "name": label.issuing_body},
    }
    if label.certifies_vi or label.certifies_en:
        node["description"] = _text(label.certifies_vi or label.certifies_en, label.certifies_en if label.certifies_vi else None)
    if label.website:
        node["sameAs"] = label.website
    return node


def document(node: dict) -> dict:
    return {"@context": CONTEXT, **node}


# ------------------------------------------------------------------ page hooks (registered in init_app)

def for_listing_page(listing_id: int, **_):
    listing = db.session.get(Listing, listing_id)
    if listing is None or not catalog.is_public(listing):
        return None
    return document(product_node(listing))


def for_storefront_page(org_id: int, **_):
    org = db.session.get(Organisation, org_id)
    if org is None or org.status != OrgStatus.approved:
        return None
    return document(organisation_node(org))


def for_label_page(code: str, **_):
    label = db.session.scalar(db.select(Label).where(Label.code == code))
    if label is None or not label.active:
        return None
    return document(label_node(label))
