"""Logistics providers: green profile and fleet, verification of declared intensities, provider
search and matching for a route. Routes and transport quotes are in shipments.py."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import clock, vn
from ..errors import NotFound, ValidationFailed
from ..extensions import db
from ..notifications.services import audit, enqueue_index, notify_org
from ..orgs.models import Organisation, OrgKind, OrgStatus
from ..permissions import Actor, require_member_of, require_org_kind, require_verifier
from . import factors
from ..validation import load
from .models import FleetEntry, LogisticsProfile
from .schemas import EstimateInput, ProfileInput, VerifyInput

SERVICES = {
    "ftl": _l("Full truckload"),
    "ltl": _l("Part load / groupage"),
    "last_mile": _l("Last-mile delivery"),
    "warehousing": _l("Warehousing"),
    "container": _l("Container transport"),
    "customs": _l("Customs brokerage"),
}
CERTIFICATIONS = {
    "iso14001": _l("ISO 14001 environmental management"),
    "glec_iso14083": _l("Emissions reported per GLEC Framework / ISO 14083"),
    "iso50001": _l("ISO 50001 energy management"),
    "iso9001": _l("ISO 9001 quality management"),
    "green_freight_asia": _l("Green Freight Asia label"),
    "other": _l("Other"),
}
WAREHOUSE_FEATURES = {
    "rooftop_solar": _l("Rooftop solar"),
    "led_lighting": _l("LED lighting"),
    "ev_charging": _l("EV charging"),
    "rainwater": _l("Rainwater harvesting"),
    "green_building": _l("Green building certificate (LOTUS, EDGE, LEED)"),
    "natural_refrigerants": _l("Natural refrigerants in cold rooms"),
}
EMISSION_STANDARDS = {"": _l("— not applicable —"), "euro2": "Euro 2", "euro3": "Euro 3", "euro4": "Euro 4",
                      "euro5": "Euro 5", "euro6": "Euro 6"}


# ------------------------------------------------------------------ reading

def profile_for_org(org_id: int | None) -> LogisticsProfile | None:
    if org_id is None:
        return None
    return db.session.scalar(db.select(LogisticsProfile).where(LogisticsProfile.organisation_id == org_id))


def is_public(profile: LogisticsProfile | None) -> bool:
    return bool(profile and profile.published and profile.organisation.status == OrgStatus.approved
                and profile.organisation.kind == OrgKind.logistics)


def get_provider(actor: Actor, org_id: int) -> LogisticsProfile:
    """A published provider (its own members and verifiers also see an unpublished one)."""
    profile = profile_for_org(org_id)
    if profile is None or not (is_public(profile) or actor.org_id == org_id or actor.is_verifier):
        raise NotFound(_("Provider not found."))
    return profile


def verified_intensities(profile: LogisticsProfile) -> dict[str, float]:
    return {e.vehicle_class: e.verified_intensity for e in profile.fleet if e.verified_intensity is not None}


def provider_modes(profile: LogisticsProfile) -> list[str]:
    t = factors.table()
    return sorted({t.classes[e.vehicle_class].mode for e in profile.fleet if e.vehicle_class in t.classes})


def serves(profile: LogisticsProfile, origin: str, destination: str) -> bool:
    provinces = set(profile.provinces or [])
    if origin in provinces and destination in provinces:
        return True
    return any(sorted(pair) == sorted([origin, destination]) for pair in (profile.corridors or []))


# ------------------------------------------------------------------ writing

def save_profile(actor: Actor, data: dict[str, Any]) -> LogisticsProfile:
    """Create or update the actor's organisation's logistics profile (owner of a logistics org)."""
    require_org_kind(actor, OrgKind.logistics.value)
    require_member_of(actor, actor.org_id, owner=True)
    fields = load(ProfileInput, data, partial=True)
    profile = profile_for_org(actor.org_id)
    created = profile is None
    published = fields.get("published", False if created else profile.published)
    served = fields.get("provinces", [] if created else profile.provinces) or \
        fields.get("corridors", [] if created else profile.corridors)
    if published and not served:
        raise ValidationFailed(_("Please correct the highlighted fields."),
                               {"provinces": [_("Choose the provinces you serve before publishing.")]})
    if created:
        profile = LogisticsProfile(organisation_id=actor.org_id, version=1)
        db.session.add(profile)
    fleet = fields.pop("fleet", None)
    changes: dict[str, Any] = {}
    for key, value in fields.items():
        if getattr(profile, key) != value:
            changes[key] = value
            setattr(profile, key, value)
    if fleet is not None:
        changes.update(_apply_fleet(profile, fleet))
    if changes or created:
        if not created:
            profile.bump_version()
        db.session.flush()
        audit(actor.user_id, "logistics.profile_saved", "logistics_profile", profile.id, _jsonable(changes), actor.org_id)
        enqueue_index("provider", actor.org_id)
        db.session.commit()
    return profile


def _jsonable(changes: dict) -> dict:
    return {k: v for k, v in changes.items()}


def _apply_fleet(profile: LogisticsProfile, rows: list[dict[str, Any]]) -> dict[str, Any]:
    current = {e.vehicle_class: e for e in profile.fleet}
    wanted = {r["vehicle_class"] for r in rows}
    changed: dict[str, Any] = {}
    for key, entry in list(current.items()):
        if key not in wanted:
            profile.fleet.remove(entry)
            changed[f"fleet.{key}"] = "removed"
    for row in rows:
        entry = current.get(row["vehicle_class"])
        if entry is None:
            entry = FleetEntry(vehicle_class=row["vehicle_class"])
            profile.fleet.append(entry)
            changed[f"fleet.{row['vehicle_class']}"] = "added"
        if entry.declared_intensity != row["declared_intensity"] or entry.intensity_basis != row["intensity_basis"]:
            # a new declaration must be verified again
            entry.verified_at, entry.verified_by_id, entry.verification_note = None, None, ""
            changed[f"fleet.{row['vehicle_class']}.intensity"] = row["declared_intensity"]
        for key in ("count", "emission_standard", "declared_intensity", "intensity_basis"):
            if getattr(entry, key) != row[key]:
                setattr(entry, key, row[key])
                changed.setdefault(f"fleet.{row['vehicle_class']}", "changed")
    return changed


def pending_verifications() -> list[FleetEntry]:
    stmt = (db.select(FleetEntry).where(FleetEntry.declared_intensity.is_not(None), FleetEntry.verified_at.is_(None))
            .order_by(FleetEntry.id))
    return list(db.session.scalars(stmt))


def verify_intensity(actor: Actor, entry_id: int, data: dict[str, Any] | None = None) -> FleetEntry:
    """A verifier confirms a provider's declared intensity (it then replaces the default factor);
    `data`: {"note"} (schemas.VerifyInput)."""
    require_verifier(actor)
    note = load(VerifyInput, data).get("note") or ""
    entry = db.session.get(FleetEntry, entry_id)
    if entry is None:
        raise NotFound(_("Not found."))
    if entry.declared_intensity is None:
        raise ValidationFailed(_("Nothing to verify: no intensity was declared."))
    entry.verified_at, entry.verified_by_id, entry.verification_note = clock.now(), actor.user_id, note
    profile = entry.profile
    profile.bump_version()
    audit(actor.user_id, "logistics.intensity_verified", "logistics_fleet", entry.id,
          {"vehicle_class": entry.vehicle_class, "intensity": entry.declared_intensity, "note": note},
          profile.organisation_id)
    notify_org(profile.organisation, "logistics.intensity_verified",
               _l("Your emission intensity for %(cls)s was verified.", cls=factors.table().classes[entry.vehicle_class].label),
               url="/logistics/profile")
    enqueue_index("provider", profile.organisation_id)
    db.session.commit()
    return entry


# ------------------------------------------------------------------ matching

@dataclass
class Match:
    profile: LogisticsProfile
    vehicle_class: str | None
    co2e_kg: float | None
    factor_basis: str  # default | verified_provider | none
    certifications: list[str]
    capacity_tonnes_month: int | None

    @property
    def organisation(self) -> Organisation:
        return self.profile.organisation


def public_profiles() -> list[LogisticsProfile]:
    stmt = (db.select(LogisticsProfile).join(Organisation, Organisation.id == LogisticsProfile.organisation_id)
            .where(LogisticsProfile.published.is_(True), Organisation.status == OrgStatus.approved,
                   Organisation.kind == OrgKind.logistics)
            .order_by(LogisticsProfile.organisation_id))
    return list(db.session.scalars(stmt))


def match_providers(weight_kg: float | None, origin: str, destination: str, *, cold_chain: bool = False,
                    exclude_org_id: int | None = None) -> list[Match]:
    """Published providers serving both ends (provinces or a corridor), with the capacity for the
    weight, ranked by the lowest estimated CO2e over their fleet (verified intensity, else default),
    then number of certifications, then capacity. With `weight_kg=None` (weight unknown) capacity is
    not checked and nothing is estimated."""
    checked = load(EstimateInput, {"weight_kg": 1 if weight_kg is None else weight_kg, "origin": origin,
                                   "destination": destination})
    origin, destination = checked["origin"], checked["destination"]
    matches: list[Match] = []
    for profile in public_profiles():
        if profile.organisation_id == exclude_org_id or not serves(profile, str(origin), str(destination)):
            continue
        if cold_chain and not profile.cold_chain:
            continue
        if weight_kg is not None and profile.capacity_tonnes_month and \
                float(weight_kg) > profile.capacity_tonnes_month * 1000:
            continue
        classes = [e.vehicle_class for e in profile.fleet]
        best = None
        if classes and weight_kg is not None:
            est = factors.estimate(weight_kg, origin, destination, intensities=verified_intensities(profile))
            options = [r for r in est.results if r.vehicle_class in classes and r.available]
            best = min(options, key=lambda r: r.co2e_kg) if options else None
        matches.append(Match(profile, best.vehicle_class if best else (classes[0] if classes else None),
                             best.co2e_kg if best else None, best.factor_basis if best else "none",
                             list(profile.certifications or []), profile.capacity_tonnes_month))
    matches.sort(key=lambda m: (m.co2e_kg is None, m.co2e_kg or 0.0, -len(m.certifications),
                                -(m.capacity_tonnes_month or 0), m.organisation.display_name))
    return matches


def provider_item(profile: LogisticsProfile) -> dict[str, Any]:
    org = profile.organisation
    t = factors.table()
    return {
        "id": org.id, "name": org.display_name, "legal_name": org.legal_name, "province": org.province_code,
        "province_name": vn.province_name(org.province_code), "summary": profile.summary,
        "modes": provider_modes(profile), "provinces": list(profile.provinces or []),
        "corridors": [list(c) for c in (profile.corridors or [])], "services": list(profile.services or []),
        "certifications": list(profile.certifications or []), "certifications_other": profile.certifications_other,
        "cold_chain": profile.cold_chain, "warehouse_features": list(profile.warehouse_features or []),
        "warehouse_area_m2": profile.warehouse_area_m2, "capacity_tonnes_month": profile.capacity_tonnes_month,
        "capacity_note": profile.capacity_note, "published": profile.published,
        "fleet": [{
            "vehicle_class": e.vehicle_class, "label": t.classes[e.vehicle_class].label if e.vehicle_class in t.classes else e.vehicle_class,
            "mode": t.classes[e.vehicle_class].mode if e.vehicle_class in t.classes else None,
            "count": e.count, "emission_standard": e.emission_standard or None,
            "declared_intensity": e.declared_intensity, "intensity_basis": e.intensity_basis,
            "intensity_status": ("verified" if e.verified_intensity is not None else
                                 "declared" if e.declared_intensity is not None else "default"),
            "default_factor": t.classes[e.vehicle_class].factor if e.vehicle_class in t.classes else None,
        } for e in profile.fleet],
        "url": f"/logistics/providers/{org.id}",
    }
