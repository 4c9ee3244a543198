"""Discovery fixtures: a fresh tantivy index per test, an in-process indexer, and a fake `listing`
document source (the same contract as app/catalog/documents.py) so the search machinery is tested
independently of the catalog's models."""
from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest


class FakeListings:
    """In-memory listing rows keyed by id; `save` bumps the version and writes an outbox row."""

    def __init__(self) -> None:
        self.rows: dict[int, dict] = {}

    def doc(self, i: int):
        row = self.rows.get(i)
        if row is None or not row.get("published", True):
            return None
        return {k: v for k, v in row.items() if k != "published"}

    def save(self, i: int, commit: bool = True, **fields) -> dict:
        from app.extensions import db
        from app.notifications.services import enqueue_index

        row = self.rows.get(i) or {"id": str(i), "version": 0}
        row.update(fields)
        row["version"] += 1
        category = row.get("category", "packaging.boxes")
        parts = category.split(".")
        row.setdefault("category", category)
        row["category_path"] = [".".join(parts[: n + 1]) for n in range(len(parts))]
        province = row.get("province", "79")
        from app import vn

        p = vn.province(province)
        row["province"] = province
        row["location"] = {"lat": p.lat, "lon": p.lon}
        row.setdefault("published_at", dt.datetime(2025, 5, 1) + dt.timedelta(hours=i))
        row.setdefault("org_name", "Công ty Xanh")
        row.setdefault("org_id", "1")
        self.rows[i] = row
        enqueue_index("listing", i)
        if commit:
            db.session.commit()
        return row

    def all(self):
        for i in sorted(self.rows):
            d = self.doc(i)
            if d:
                yield d


@pytest.fixture()
def listings(app, search_url, monkeypatch):
    """The app's `listing` documents come from this fake (and hits are hydrated from its documents)."""
    from app import registries
    from app.discovery import services
    from app.indexing import registry

    fake = FakeListings()
    reg = registries.of(app)
    monkeypatch.setitem(reg.maps[registry.REGISTRY], "listing", registry.DocumentBuilder("listing", fake.doc, fake.all))
    monkeypatch.delitem(reg.maps[services.HYDRATORS], "listing", raising=False)
    return fake


@pytest.fixture()
def corpus(listings, sync):
    """A small catalogue with known answers."""
    L = listings
    L.save(1, title="Ống hút tre tự nhiên", description="Ống hút từ tre Thanh Hoá, phân huỷ sinh học",
           category="packaging.straws", labels=["vn-ecolabel"], label_kinds=["ecolabel"], verified=True,
           claim_strength=1.0, province="38", price_min=800, price_max=1200, moq=1000, recycled_pct=0,
           export_markets=["EU", "JP"], org_name="Tre Xanh Thanh Hoá", commit=False)
    L.save(2, title="Hộp bã mía 500ml", description="Hộp đựng thức ăn từ bã mía, phân hủy",
           category="packaging.boxes", labels=["vn-ecolabel", "ok-compost"], label_kinds=["ecolabel", "compostable"],
           verified=True, claim_strength=0.8, province="79", price_min=2500, price_max=3000, moq=500,
           recycled_pct=0, export_markets=["EU"], org_name="Bagasse Sài Gòn", commit=False)
    L.save(3, title="Túi giấy kraft", description="Túi giấy thay thế túi nilon", category="packaging.bags",
           labels=["fsc"], label_kinds=["forest"], verified=False, claim_strength=0.0, province="01",
           price_min=1500, price_max=1500, moq=5000, recycled_pct=60, export_markets=["US"],
           org_name="Kraft Việt", commit=False)
    L.save(4, title="Hạt nhựa rPET tái chế", description="Nhựa PET tái chế cho bao bì thực phẩm",
           category="materials.plastics", labels=["grs"], label_kinds=["recycled"], verified=True,
           claim_strength=0.6, province="79", price_min=250000, price_max=300000, moq=10000, recycled_pct=100,
           export_markets=["EU", "US"], org_name="RePET Bình Dương", commit=False)
    L.save(5, title="Gạo hữu cơ ST25", description="Gạo hữu cơ Đồng Tháp", category="food.rice",
           labels=["usda-organic"], label_kinds=["organic"], verified=False, claim_strength=0.0, province="82",
           price_min=45000, price_max=60000, moq=100, recycled_pct=0, export_markets=["JP"],
           org_name="Gạo Sen Hồng", commit=False)
    L.save(6, title="Ống hút giấy", description="Ống hút giấy ba lớp Đà Nẵng", category="packaging.straws",
           labels=[], label_kinds=[], verified=False, claim_strength=0.0, province="48", price_min=300,
           price_max=400, moq=2000, recycled_pct=0, export_markets=[], org_name="Giấy Miền Trung")
    stats = sync()
    assert stats.indexed == 6, stats
    return L


@pytest.fixture()
def running_indexer(app, search_url):
    from app.indexing import Indexer

    stop = threading.Event()
    ready = threading.Event()
    failures: list[BaseException] = []

    def run():
        try:
            with app.app_context():
                with Indexer(app) as ix:
                    ready.set()
                    ix.follow(100, poll=0.05, stop=stop)
        except BaseException as exc:  # noqa: BLE001
            failures.append(exc)
            ready.set()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    ready.wait(10)
    yield t
    stop.set()
    t.join(10)
    assert not failures


@pytest.fixture()
def http_search(app, osmem_clone):
    from app.indexing import close_backends

    old = app.config["SEARCH_URL"]
    host = osmem_clone.url.split("://", 1)[1]
    close_backends(app)
    app.config["SEARCH_URL"] = f"opensearch+http://{host}?prefix=d{uuid.uuid4().hex[:8]}"
    yield app.config["SEARCH_URL"]
    close_backends(app)
    app.config["SEARCH_URL"] = old
