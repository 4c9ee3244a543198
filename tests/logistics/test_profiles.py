"""Provider profiles, fleet, declared vs verified intensity, provider pages."""
from __future__ import annotations

import pytest

from app.errors import Forbidden, NotFound, ValidationFailed
from app.extensions import db
from app.logistics import factors, services
from app.logistics.models import FleetEntry
from app.notifications.models import AuditEntry, OutboxEvent
from app.permissions import Actor


def test_save_profile_validates_and_writes_outbox(make_provider):
    org, owner = make_provider("Xe Điện Sài Gòn", provinces=["79", "75"], fleet=[("road_electric_van", 40, 180.0)],
                               certifications=["iso14001"], cold_chain=True, corridors=[["79", "1"]])
    profile = services.profile_for_org(org.id)
    assert profile.published and profile.provinces == ["75", "79"] and profile.corridors == [["79", "01"]]
    entry = profile.fleet[0]
    assert entry.declared_intensity == 180.0 and entry.verified_at is None and entry.verified_intensity is None
    assert db.session.scalar(db.select(OutboxEvent.id).where(OutboxEvent.kind == "provider", OutboxEvent.object_id == org.id))
    item = services.provider_item(profile)
    assert item["fleet"][0]["intensity_status"] == "declared" and item["modes"] == ["road"]


@pytest.mark.parametrize("data, field", [
    ({"provinces": ["99"]}, "provinces"),
    ({"certifications": ["made-up"]}, "certifications"),
    ({"corridors": [["79", "79"]]}, "corridors"),
    ({"fleet": [{"vehicle_class": "hovercraft", "count": 1}]}, "fleet"),
    ({"fleet": [{"vehicle_class": "rail", "count": 0}]}, "fleet"),
    ({"fleet": [{"vehicle_class": "rail", "count": 2, "declared_intensity": -3, "intensity_basis": "đo đạc 2025 GLEC"}]}, "fleet"),
    ({"fleet": [{"vehicle_class": "rail", "count": 2, "declared_intensity": 20}]}, "fleet"),  # no basis
    ({"capacity_tonnes_month": -1}, "capacity_tonnes_month"),
    ({"published": True, "provinces": []}, "provinces"),
])
def test_bad_profiles_are_rejected(make_user, make_org, data, field):
    owner = make_user()
    make_org("logistics", owner=owner)
    with pytest.raises(ValidationFailed) as exc:
        services.save_profile(Actor.for_user(owner), data)
    assert field in exc.value.fields


def test_only_logistics_owners_have_a_profile(make_user, make_org):
    producer = make_user()
    make_org("producer", owner=producer)
    with pytest.raises(Forbidden):
        services.save_profile(Actor.for_user(producer), {"provinces": ["79"]})


def test_verification_makes_the_declared_intensity_count(make_provider, make_user, client):
    org, owner = make_provider("Sà Lan Mekong", provinces=["92", "79"], fleet=[("inland_barge", 12, 31.0),
                                                                              ("rail", 1, 20.0)])
    barge = db.session.scalar(db.select(FleetEntry).where(FleetEntry.vehicle_class == "inland_barge"))
    assert barge in services.pending_verifications()
    m = services.match_providers(10_000, "92", "79")
    assert m[0].co2e_kg is not None and m[0].vehicle_class == "rail" and m[0].factor_basis == "default"
    with pytest.raises(Forbidden):
        services.verify_intensity(Actor.for_user(owner), barge.id, {"note": "tự xác nhận"})
    verifier = make_user(role="verifier")
    services.verify_intensity(Actor.for_user(verifier), barge.id, {"note": "Đã kiểm tra hoá đơn nhiên liệu 2025"})
    assert barge.verified_intensity == 31.0 and barge not in services.pending_verifications()
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "logistics.intensity_verified"))
    assert entry.actor_user_id == verifier.id and entry.changes["intensity"] == 31.0
    # 10 t × 130.6850 km × 1.5 × 31 g / 1e6 = 60.77 kg by verified barge, below rail's default
    m = services.match_providers(10_000, "92", "79")
    assert m[0].vehicle_class == "inland_barge" and m[0].co2e_kg == pytest.approx(60.77, abs=0.01)
    assert m[0].factor_basis == "verified_provider"
    # changing the declared value clears the verification
    services.save_profile(Actor.for_user(owner), {"fleet": [
        {"vehicle_class": "inland_barge", "count": 12, "declared_intensity": 25.0, "intensity_basis": "Đo lại quý 3/2025"}]})
    db.session.refresh(barge)
    assert barge.verified_at is None and barge.verified_intensity is None
    html = client.get(f"/logistics/providers/{org.id}?lang=en").get_data(as_text=True)
    assert "declared" in html and "25.0" in html


def test_verify_needs_a_declared_value(make_provider, make_user):
    make_provider(fleet=[("rail", 3, None)])
    entry = db.session.scalar(db.select(FleetEntry))
    with pytest.raises(ValidationFailed):
        services.verify_intensity(Actor.for_user(make_user(role="verifier")), entry.id)


def test_unpublished_provider_is_hidden(make_provider, make_user, client):
    org, owner = make_provider(published=False)
    assert client.get(f"/logistics/providers/{org.id}").status_code == 404
    with pytest.raises(NotFound):
        services.get_provider(Actor.for_user(make_user()), org.id)
    assert services.get_provider(Actor.for_user(owner), org.id)
    assert services.match_providers(1000, "79", "1") == []


def test_profile_form_round_trip(make_user, make_org, login, client, post_form):
    owner = make_user()
    org = make_org("logistics", owner=owner)
    login(owner)
    page = client.get("/logistics/profile?lang=en")
    assert page.status_code == 200 and "Battery-electric van" in page.get_data(as_text=True)
    classes = list(factors.table().classes)
    data = {"summary": "Xe tải điện nội đô", "provinces": ["79", "75"], "corridors": "79-1", "cold_chain": "y",
            "certifications": ["iso14001"], "published": "y", "capacity_tonnes_month": "900"}
    for i, key in enumerate(classes):
        data[f"fleet-{i}-vehicle_class"] = key
        data[f"fleet-{i}-emission_standard"] = ""
    ev = classes.index("road_electric_truck")
    data[f"fleet-{ev}-count"] = "8"
    data[f"fleet-{ev}-declared_intensity"] = "95"
    data[f"fleet-{ev}-intensity_basis"] = "Công tơ sạc 2025 × hệ số lưới điện"
    r = post_form("/logistics/profile", data)
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    profile = services.profile_for_org(org.id)
    assert profile.published and profile.corridors == [["79", "01"]] and profile.capacity_tonnes_month == 900
    assert [(e.vehicle_class, e.count, e.declared_intensity) for e in profile.fleet] == [("road_electric_truck", 8, 95.0)]
    data[f"fleet-{ev}-declared_intensity"] = "-4"
    r = post_form("/logistics/profile", data)
    assert r.status_code == 422


def test_suspending_a_provider_reindexes_it(make_provider, make_user):
    from app.orgs.services import set_status

    org, _owner = make_provider()
    db.session.execute(db.delete(OutboxEvent))
    db.session.commit()
    set_status(Actor.for_user(make_user(role="admin")), org.id, {"status": "suspended", "reason": "kiểm tra"})
    kinds = set(db.session.scalars(db.select(OutboxEvent.kind).where(OutboxEvent.object_id == org.id)))
    assert "provider" in kinds
    from app.logistics.documents import provider_document

    assert provider_document(services.profile_for_org(org.id)) is None


def test_renaming_a_provider_reindexes_its_provider_document(make_provider):
    from app.extensions import db
    from app.notifications.models import OutboxEvent
    from app.orgs.services import update_organisation
    from app.permissions import Actor

    org, owner = make_provider()
    rows = lambda: db.session.scalar(db.select(db.func.count(OutboxEvent.id)).where(  # noqa: E731
        OutboxEvent.kind == "provider", OutboxEvent.object_id == org.id))
    before = rows()
    update_organisation(Actor.for_user(owner), org.id, {"trade_name": "Vận tải Mây"})
    assert rows() == before + 1
