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

import json
from dataclasses import dataclass
from pathlib import Path

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


# ------------------------------------------------------------------ project types of Decision 21/2025/QĐ-TTg
# Versioned reference data: app/finance/data/green_taxonomy.v<N>.json (source line, per-entry `verified` and a
# `missing` note for what could not be read from the decision). Codes (`T21.EN.01`) are stable across versions.

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "green_taxonomy.v1.json"


class LocalName:
    """A name given in Vietnamese and English by reference data: str() picks the request's language."""

    __slots__ = ("vi", "en")

    def __init__(self, vi: str, en: str):
        self.vi, self.en = vi, en

    def __str__(self) -> str:
        from ..l10n import locale_code

        return self.en if locale_code() == "en" else self.vi

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash((self.vi, self.en))


@dataclass(frozen=True)
class ProjectType:
    code: str
    sector: str            # sector key of the file (EN, TR, …)
    purpose_sector: str    # the TAXONOMY_SECTORS key the purposes map to
    name: LocalName
    criteria: LocalName | None
    verified: bool
    missing: str
    name_basis: str        # press | reconstructed | decision


def _load_taxonomy(path: Path = TAXONOMY_FILE) -> tuple[dict, dict[str, ProjectType]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    sectors = data["sectors"]
    types: dict[str, ProjectType] = {}
    for row in data["types"]:
        crit = row.get("criteria_summary")
        types[row["code"]] = ProjectType(
            code=row["code"], sector=row["sector"], purpose_sector=sectors[row["sector"]]["purpose_sector"],
            name=LocalName(row["vi"], row["en"]), criteria=LocalName(crit["vi"], crit["en"]) if crit else None,
            verified=bool(row.get("verified")), missing=row.get("missing") or "", name_basis=row.get("name_basis", ""))
    return data, types


GREEN_TAXONOMY, PROJECT_TYPES = _load_taxonomy()
PROJECT_TYPE_NAMES = {code: t.name for code, t in PROJECT_TYPES.items()}
TAXONOMY_SOURCE = LocalName(GREEN_TAXONOMY["source_vi"], GREEN_TAXONOMY["source"])
TAXONOMY_VERSION = GREEN_TAXONOMY["version"]


def project_type_choices() -> list[tuple[str, str]]:
    """(code, "sector — name") for forms, in the file's order."""
    return [(code, f"{TAXONOMY_SECTORS[t.purpose_sector]} — {t.name}") for code, t in PROJECT_TYPES.items()]


def project_types_for_purpose(purpose: str) -> list[str]:
    """Project types in the taxonomy sector of a purpose."""
    sector = TAXONOMY_SECTOR.get(purpose)
    return [code for code, t in PROJECT_TYPES.items() if t.purpose_sector == sector]
