"""Reference vocabularies of the finance domain.

Eligible purposes follow the sectors of Vietnam's national green taxonomy, Decision 21/2025/QĐ-TTg
(signed 4 July 2025, in force 22 August 2025): 45 project types in 7 sectors — energy; transport;
construction; water; agriculture, forestry, fisheries and biodiversity; manufacturing; environmental
services. A project counts as green only with an approved EIA / environmental permit / registration
AND when it meets its Appendix I type, confirmed by the approving agency or a registered independent
verifier. Green credit is also governed by SBV Circular 17/2022/TT-NHNN (environmental risk in lending).

Enterprise size bands follow Decree 80/2021/NĐ-CP (art. 5): micro, small and medium enterprises are
defined by average social-insured employees and by annual revenue or total capital, with lower
thresholds for trade and services (e.g. small: ≤100 employees and revenue ≤ 50 billion ₫ or capital
≤ 20 billion ₫ in agriculture, industry and construction; ≤50 employees and revenue ≤ 100 billion ₫ or
capital ≤ 50 billion ₫ in trade and services).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

PRODUCT_TYPES = {
    "green_loan": _l("Green loan"),
    "green_credit_line": _l("Green credit line"),
    "sustainability_linked_loan": _l("Sustainability-linked loan"),
    "green_leasing": _l("Green leasing (e.g. electric trucks)"),
    "green_bond": _l("Green bond"),
    "guarantee": _l("Guarantee"),
    "grant": _l("Grant / technical assistance"),
}

# purpose → (label, green-taxonomy sector of Decision 21/2025/QĐ-TTg)
PURPOSES = {
    "renewable_energy": _l("Renewable energy (e.g. rooftop solar, biomass)"),
    "energy_efficiency": _l("Energy efficiency"),
    "clean_transport": _l("Clean transport (electric vehicles, low-emission logistics)"),
    "sustainable_agriculture": _l("Sustainable agriculture, forestry and fisheries"),
    "circular_economy": _l("Circular economy and recycling"),
    "green_buildings": _l("Green buildings"),
    "pollution_control": _l("Pollution control and waste treatment"),
    "water": _l("Water supply and wastewater treatment"),
    "sustainable_packaging": _l("Sustainable packaging"),
}
TAXONOMY_SECTOR = {
    "renewable_energy": "energy",
    "energy_efficiency": "energy",
    "clean_transport": "transport",
    "sustainable_agriculture": "agriculture",
    "circular_economy": "environmental_services",
    "green_buildings": "construction",
    "pollution_control": "environmental_services",
    "water": "water",
    "sustainable_packaging": "manufacturing",
}
TAXONOMY_SECTORS = {
    "energy": _l("Energy"),
    "transport": _l("Transport"),
    "construction": _l("Construction"),
    "water": _l("Water"),
    "agriculture": _l("Agriculture, forestry, fisheries and biodiversity"),
    "manufacturing": _l("Manufacturing"),
    "environmental_services": _l("Environmental services"),
}
TAXONOMY_HELP = _l("Purposes follow the national green taxonomy (Decision 21/2025/QĐ-TTg): a project must hold "
                   "an approved EIA, environmental permit or registration and meet the criteria of its project "
                   "type, confirmed by the approving agency or a registered independent verifier.")
SIZE_HELP = _l("Enterprise size per Decree 80/2021/NĐ-CP: micro, small and medium enterprises are defined by "
               "social-insured employees and annual revenue or total capital.")

DOCUMENT_TYPES = {
    "business_registration": _l("Business registration certificate"),
    "financial_statements": _l("Financial statements"),
    "environmental_permit": _l("EIA / environmental permit or registration"),
    "green_certificate": _l("Green certificate or label"),
    "project_proposal": _l("Project proposal / feasibility study"),
    "other": _l("Other"),
}

CURRENCIES = ("VND", "USD", "EUR")

# Amount facet buckets (maximum amount of the offer, VND).
AMOUNT_BUCKETS = {
    "lt1b": _l("Up to 1 billion ₫"),
    "1b-5b": _l("1 – 5 billion ₫"),
    "5b-20b": _l("5 – 20 billion ₫"),
    "20b-100b": _l("20 – 100 billion ₫"),
    "gte100b": _l("100 billion ₫ and more"),
}
NATIONWIDE = "all"  # search keyword for offers open to every province

# Profile fields a business may share with a bank.
SHAREABLE_PROFILE_FIELDS = {
    "contact_person": _l("Contact person (your name, e-mail and phone)"),
    "legal_name": _l("Legal name"),
    "tax_code": _l("Tax code"),
    "address": _l("Address"),
    "province_code": _l("Province / city"),
    "phone": _l("Phone"),
    "website": _l("Website"),
    "sectors": _l("Sectors"),
    "size": _l("Size"),
    "founded_year": _l("Year founded"),
    "description": _l("Description"),
}
