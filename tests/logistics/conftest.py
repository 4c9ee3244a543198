"""Logistics fixtures: provider factory, a fresh tantivy index per test and an in-process indexer."""
from __future__ import annotations


import pytest


@pytest.fixture()
def make_provider(make_user, make_org):
    """make_provider(name, provinces=[…], fleet=[(class, count, declared_intensity)], **profile) → (org, owner)."""
    from app.logistics import services
    from app.permissions import Actor

    def factory(name="Vận tải Xanh", provinces=("79", "1"), fleet=(("road_diesel_hgv", 10, None),), province="79",
                published=True, **profile):
        owner = make_user()
        org = make_org("logistics", owner=owner, trade_name=name, province_code=province)
        data = {"provinces": list(provinces), "published": published, "summary": f"{name}: vận tải xanh",
                "fleet": [{"vehicle_class": c, "count": n, "declared_intensity": i,
                           "intensity_basis": "Đo 2025 theo GLEC, 1,2 triệu tấn·km" if i is not None else ""}
                          for c, n, i in fleet]}
        data.update(profile)
        services.save_profile(Actor.for_user(owner), data)
        return org, owner

    return factory


