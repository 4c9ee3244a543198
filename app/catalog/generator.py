"""Deterministic generator of realistic listings, for the demo and for benchmarks.

`generate_listings(session, n, seed, producers=[...])` bulk-inserts `n` listings (plus price tiers and,
optionally, verified claims) with Core `INSERT`s in batches: 100k listings take a few seconds on SQLite.
The same seed and producers always give the same rows (ids depend on what the table already holds).
It writes no outbox rows: after a bulk load, rebuild the index from `documents.listings_for_index()`.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, select, text

from .. import clock
from ..labels.models import Claim, ClaimStatus, Label
from .models import Listing, ListingStatus, PriceTier


@dataclass(frozen=True)
class Template:
    key: str
    sectors: tuple[str, ...]
    category: str
    title: str  # Vietnamese, with {v} for the variant
    title_en: str
    variants: tuple[tuple[str, str], ...]  # (vi, en)
    material: str
    unit: str
    price: tuple[int, int]  # VND per unit, range
    moq: tuple[float, float]
    recycled: tuple[int, int] | None = None
    compostable: bool = False
    biodegradable: bool = False
    labels: tuple[str, ...] = ()
    markets: tuple[str, ...] = ("EU", "US", "JP", "KR", "AU", "ASEAN")
    description: str = ""
    description_en: str = ""


T = Template
TEMPLATES: tuple[Template, ...] = (
    T("bamboo-straw", ("handicrafts", "packaging"), "packaging.straws", "Ống hút tre tự nhiên {v}", "Natural bamboo straw {v}",
      (("20 cm", "20 cm"), ("23 cm", "23 cm"), ("phi 8 mm", "8 mm diameter"), ("khắc logo", "laser-engraved logo")),
      "tre tầm vông", "piece", (600, 1500), (1000, 5000), None, True, True, ("vn-ecolabel", "fsc"),
      description="Ống hút tre luộc, sấy khô, không hoá chất; tái sử dụng được và phân huỷ tự nhiên sau khi thải bỏ.",
      description_en="Boiled and dried bamboo straws without chemicals; reusable and naturally biodegradable."),
    T("grass-straw", ("handicrafts", "packaging"), "packaging.straws", "Ống hút cỏ bàng {v}", "Grey sedge grass straw {v}",
      (("tươi", "fresh"), ("khô", "dried"), ("đóng túi 100 cái", "bag of 100")),
      "cỏ bàng", "piece", (150, 400), (5000, 20000), None, True, True, ("vn-ecolabel",),
      description="Ống hút cỏ bàng Đồng Tháp Mười, dùng một lần, phân huỷ hoàn toàn.",
      description_en="Single-use grey sedge straws from the Plain of Reeds, fully biodegradable."),
    T("coir-pot", ("agriculture", "handicrafts"), "agri_inputs.growing_media", "Chậu xơ dừa {v}", "Coconut coir pot {v}",
      (("10 cm", "10 cm"), ("15 cm", "15 cm"), ("20 cm", "20 cm"), ("treo có móc", "hanging with hook")),
      "xơ dừa", "piece", (3000, 18000), (500, 2000), None, True, True, ("ok-compost-home", "vn-organic"),
      description="Chậu ươm từ xơ dừa ép, thoáng khí, trồng cả chậu xuống đất; làm từ phụ phẩm dừa Bến Tre.",
      description_en="Pressed coir nursery pots, breathable, planted directly into the soil; made from coconut by-products."),
    T("coir-peat", ("agriculture",), "agri_inputs.growing_media", "Mụn dừa đã xử lý {v}", "Treated coco peat {v}",
      (("bánh 5 kg", "5 kg block"), ("bao 25 kg", "25 kg bag"), ("đã rửa EC thấp", "washed, low EC")),
      "mụn dừa", "kg", (4000, 9000), (500, 5000), None, True, True, ("vn-organic", "eu-organic"),
      description="Giá thể mụn dừa đã xả chát, độ EC thấp, dùng cho rau thuỷ canh và nhà màng.",
      description_en="Buffered coco peat with low EC for hydroponics and greenhouses."),
    T("rpet-pellet", ("recycling", "plastics"), "recycled.plastics", "Hạt nhựa rPET {v}", "rPET pellets {v}",
      (("food grade", "food grade"), ("trong suốt", "clear"), ("xanh lá", "green")),
      "PET tái chế", "tonne", (18_000_000, 32_000_000), (5, 20), (95, 100), False, False, ("grs", "rcs"),
      description="Hạt rPET từ chai PET sau tiêu dùng, tẩy rửa và tái chế tại Bình Dương.",
      description_en="rPET pellets from post-consumer PET bottles, washed and recycled in Bình Dương."),
    T("rpet-tray", ("packaging", "plastics", "recycling"), "packaging.food_containers", "Hộp nhựa rPET {v}", "rPET food container {v}",
      (("500 ml", "500 ml"), ("750 ml", "750 ml"), ("1000 ml", "1000 ml"), ("2 ngăn", "2 compartments")),
      "rPET", "piece", (900, 2500), (5000, 20000), (50, 100), False, False, ("grs", "vn-ecolabel"),
      description="Hộp đựng thực phẩm từ PET tái chế, có nắp, đạt yêu cầu tiếp xúc thực phẩm.",
      description_en="Lidded food containers from recycled PET, food-contact compliant."),
    T("rpe-bag", ("packaging", "plastics", "recycling"), "packaging.bags", "Túi nhựa tái chế {v}", "Recycled PE bag {v}",
      (("30x50 cm", "30x50 cm"), ("có quai", "with handles"), ("in 2 màu", "2-colour print")),
      "PE tái chế", "kg", (45000, 70000), (100, 500), (30, 80), False, False, ("vn-ecolabel",),
      description="Túi PE tái chế theo tiêu chí NSTVN-01:2023, không dùng mực bị cấm.",
      description_en="Recycled PE bags meeting the NSTVN-01:2023 criteria, no banned inks."),
    T("organic-rice", ("agriculture", "food"), "food.rice", "Gạo hữu cơ {v}", "Organic rice {v}",
      (("ST25", "ST25"), ("lúa tôm", "rice-shrimp"), ("Jasmine", "Jasmine"), ("huyết rồng", "red rice")),
      "gạo", "kg", (28000, 65000), (100, 1000), None, False, False, ("vn-organic", "usda-organic", "eu-organic"),
      description="Gạo hữu cơ trồng theo TCVN 11041 vùng đồng bằng sông Cửu Long, không thuốc BVTV tổng hợp.",
      description_en="Organic rice grown per TCVN 11041 in the Mekong delta, no synthetic pesticides."),
    T("vietgap-fruit", ("agriculture", "food"), "food.fruit_vegetables", "{v} VietGAP", "VietGAP {v}",
      (("Xoài cát Hoà Lộc", "Hoa Loc mango"), ("Bưởi da xanh", "green-skin pomelo"), ("Thanh long", "dragon fruit"),
       ("Sầu riêng Ri6", "Ri6 durian")),
      "trái cây tươi", "kg", (25000, 90000), (200, 2000), None, False, False, ("vietgap", "globalgap"),
      description="Trái cây tươi từ vườn đạt VietGAP, có mã vùng trồng phục vụ xuất khẩu.",
      description_en="Fresh fruit from VietGAP orchards with registered growing-area codes for export."),
    T("organic-coffee", ("agriculture", "food"), "food.coffee_tea", "Cà phê {v} hữu cơ", "Organic {v} coffee",
      (("Arabica Cầu Đất", "Cau Dat Arabica"), ("Robusta Honey", "Honey Robusta"), ("rang xay", "ground")),
      "cà phê", "kg", (180000, 450000), (20, 200), None, False, False, ("usda-organic", "rainforest-alliance", "fairtrade"),
      description="Cà phê hữu cơ Lâm Đồng, sơ chế ướt, truy xuất đến nông hộ.",
      description_en="Organic Lâm Đồng coffee, washed process, traceable to the farm."),
    T("bagasse-box", ("packaging", "food"), "packaging.food_containers", "Hộp bã mía {v}", "Sugarcane bagasse box {v}",
      (("450 ml", "450 ml"), ("600 ml", "600 ml"), ("3 ngăn", "3 compartments"), ("khay 8 inch", "8-inch plate")),
      "bã mía", "piece", (700, 2200), (5000, 50000), None, True, True, ("ok-compost-industrial", "seedling", "bpi", "vn-ecolabel"),
      description="Hộp đựng thức ăn từ bã mía, chịu nhiệt, dùng được trong lò vi sóng, phân huỷ trong điều kiện ủ công nghiệp.",
      description_en="Heat-resistant, microwave-safe bagasse food boxes, industrially compostable."),
    T("paper-cup", ("packaging", "paper"), "packaging.cups", "Ly giấy phủ sinh học {v}", "Bio-coated paper cup {v}",
      (("8 oz", "8 oz"), ("12 oz", "12 oz"), ("16 oz", "16 oz")),
      "giấy + PLA", "piece", (800, 1800), (5000, 20000), None, True, True, ("ok-compost-industrial", "fsc"),
      description="Ly giấy tráng PLA thay cho PE, giấy có chứng chỉ FSC.",
      description_en="Paper cups with a PLA lining instead of PE, FSC-certified board."),
    T("kraft-bag", ("packaging", "paper"), "packaging.bags", "Túi giấy kraft {v}", "Kraft paper bag {v}",
      (("có quai xoắn", "twisted handles"), ("đáy vuông", "square bottom"), ("in logo", "logo print")),
      "giấy kraft", "piece", (1200, 4500), (1000, 5000), (30, 100), True, True, ("fsc", "pefc", "vn-ecolabel"),
      description="Túi giấy kraft thay túi nilon cho siêu thị, giấy tái chế và giấy FSC.",
      description_en="Kraft paper bags replacing plastic bags in supermarkets, recycled and FSC paper."),
    T("paper-cushion", ("packaging", "paper"), "packaging.cushioning", "Giấy tổ ong chèn hàng {v}", "Honeycomb paper cushioning {v}",
      (("cuộn 50 m", "50 m roll"), ("cuộn 100 m", "100 m roll")),
      "giấy kraft tái chế", "roll", (180000, 420000), (10, 50), (70, 100), True, True, ("fsc",),
      description="Giấy tổ ong thay xốp và màng bong bóng khi đóng gói thương mại điện tử.",
      description_en="Honeycomb paper replacing foam and bubble wrap in e-commerce packing."),
    T("sedge-bag", ("handicrafts", "household"), "textiles.bags", "Túi cói Kim Sơn {v}", "Kim Son sedge bag {v}",
      (("đi chợ", "market bag"), ("có khoá kéo", "with zip"), ("nhuộm tự nhiên", "natural dye")),
      "cói", "piece", (45000, 160000), (100, 500), None, True, True, ("fairtrade",),
      description="Túi cói đan tay bởi hợp tác xã phụ nữ Kim Sơn, thay túi nilon đi chợ.",
      description_en="Hand-woven sedge bags by a women's cooperative in Kim Son, replacing plastic shopping bags."),
    T("rpet-yarn", ("textiles", "recycling"), "textiles.yarn_fabric", "Sợi polyester tái chế {v}", "Recycled polyester yarn {v}",
      (("75D/72F", "75D/72F"), ("150D/48F", "150D/48F"), ("vải dệt kim", "knitted fabric")),
      "rPET", "kg", (45000, 90000), (500, 3000), (50, 100), False, False, ("grs", "rcs", "gots"),
      description="Sợi và vải từ chai PET tái chế, có chứng nhận GRS cho may mặc xuất khẩu.",
      description_en="Yarn and fabric from recycled PET bottles, GRS certified for export apparel."),
    T("fly-ash-brick", ("construction", "recycling"), "building.bricks", "Gạch không nung tro xỉ {v}", "Fly-ash unfired brick {v}",
      (("đặc", "solid"), ("2 lỗ", "2-hole"), ("block 390", "390 block")),
      "tro xỉ nhiệt điện", "piece", (1200, 9000), (5000, 20000), (40, 70), False, False, ("vn-ecolabel", "iso-14067"),
      description="Gạch không nung tận dụng tro xỉ nhà máy nhiệt điện, không đốt lò.",
      description_en="Unfired bricks using power-plant fly ash, no kiln firing."),
    T("led-bulb", ("electronics", "energy"), "energy.lighting", "Bóng đèn LED {v}", "LED bulb {v}",
      (("9 W", "9 W"), ("12 W", "12 W"), ("tuýp 1,2 m", "1.2 m tube")),
      "LED", "piece", (35000, 120000), (100, 1000), None, False, False, ("vn-energy-label", "energy-star"),
      description="Đèn LED hiệu suất cao đạt nhãn năng lượng 5 sao.",
      description_en="High-efficiency LED lamps with a 5-star energy label."),
    T("heat-pump", ("electronics", "energy"), "energy.pumps_motors", "Máy bơm nhiệt nước nóng {v}", "Heat-pump water heater {v}",
      (("200 L", "200 L"), ("300 L", "300 L"), ("công nghiệp 1000 L", "industrial 1000 L")),
      "thép không gỉ", "set", (18_000_000, 95_000_000), (1, 5), None, False, False, ("vn-energy-label", "energy-star"),
      description="Máy bơm nhiệt tiết kiệm đến 70 % điện so với bình nóng lạnh điện trở.",
      description_en="Heat-pump water heaters saving up to 70 % electricity compared with resistive heaters."),
    T("rice-husk", ("agriculture", "recycling"), "recycled.biomass", "Trấu {v}", "Rice husk {v}",
      (("viên nén", "pellets"), ("ép củi", "briquettes"), ("rời", "loose")),
      "trấu", "tonne", (1_800_000, 3_600_000), (10, 50), None, False, True, ("iso-14067",),
      description="Phụ phẩm trấu từ nhà máy xay xát, dùng làm chất đốt sinh khối hoặc giá thể.",
      description_en="Rice-husk by-product from mills for biomass fuel or growing media."),
)


def templates_for(sectors: Sequence[str]) -> list[Template]:
    chosen = [t for t in TEMPLATES if set(t.sectors) & set(sectors or ())]
    return chosen or list(TEMPLATES)


@dataclass(frozen=True)
class Producer:
    id: int
    province: str
    sectors: tuple[str, ...]


def _round_price(p: float) -> int:
    step = 100 if p < 10_000 else 1000 if p < 1_000_000 else 100_000
    return max(step, int(round(p / step) * step))


def _round_qty(q: float) -> float:
    if q >= 1000:
        return float(int(round(q / 500) * 500))
    if q >= 100:
        return float(int(round(q / 50) * 50))
    return float(max(1, int(round(q))))


def listing_rows(rng: random.Random, producer: Producer, now: dt.datetime, status: str = "published") -> tuple[dict, list[tuple[float, int]], Template]:
    t = rng.choice(templates_for(producer.sectors))
    vi, en = rng.choice(t.variants)
    moq = _round_qty(rng.uniform(*t.moq))
    base = rng.uniform(*t.price)
    tiers = [(moq, _round_price(base))]
    for factor, discount in ((5, 0.93), (20, 0.86)):
        if rng.random() < 0.7:
            tiers.append((_round_qty(moq * factor), _round_price(base * discount)))
    published = now - dt.timedelta(days=rng.randint(0, 400), minutes=rng.randint(0, 1440))
    row = {
        "organisation_id": producer.id,
        "title": t.title.format(v=vi),
        "title_en": t.title_en.format(v=en),
        "description": t.description,
        "description_en": t.description_en,
        "category": t.category,
        "material": t.material,
        "recycled_pct": rng.randint(*t.recycled) if t.recycled else None,
        "compostable": t.compostable,
        "biodegradable": t.biodegradable,
        "origin_province": producer.province,
        "unit": t.unit,
        "moq": moq,
        "capacity_month": float(_round_qty(moq * rng.randint(20, 400))),
        "lead_time_days": rng.choice((3, 7, 10, 14, 21, 30)),
        "export_markets": sorted(rng.sample(t.markets, rng.randint(0, min(3, len(t.markets))))),
        "gtin": None,
        "status": status,
        "published_at": published if status == "published" else None,
        "created_at": published - dt.timedelta(days=rng.randint(0, 20)),
        "updated_at": published,
        "version": 1,
    }
    return row, tiers, t


def generate_listings(session, n: int, seed: int, producers: Sequence, *, batch_size: int = 5000,
                      claim_share: float = 0.3, status: str = "published", template_keys: dict | None = None) -> list[int]:
    """Insert `n` listings spread over `producers` (Organisation objects or Producer tuples).

    About `claim_share` of them get a verified, unexpired claim on one of their template's labels
    (a placeholder evidence path; benchmark data, not demo evidence). Returns the new listing ids;
    `template_keys`, when given, is filled with {listing id: template key}.
    """
    rng = random.Random(seed)
    prods = [p if isinstance(p, Producer) else Producer(p.id, p.province_code or "79", tuple(p.sectors or ()))
             for p in producers]
    if not prods:
        raise ValueError("generate_listings needs at least one producer")
    labels = dict(session.execute(select(Label.code, Label.id)).all())
    now = clock.now().replace(microsecond=0)
    today = clock.today()
    next_id = (session.scalar(select(func.max(Listing.id))) or 0) + 1
    new_ids: list[int] = []
    done = 0
    while done < n:
        count = min(batch_size, n - done)
        listings, tiers, claims = [], [], []
        for _i in range(count):
            row, row_tiers, t = listing_rows(rng, prods[rng.randrange(len(prods))], now, status)
            row["id"] = next_id
            row["price_min"], row["price_max"] = min(p for _q, p in row_tiers), max(p for _q, p in row_tiers)
            listings.append(row)
            tiers.extend({"listing_id": next_id, "min_qty": q, "price_vnd": p} for q, p in row_tiers)
            codes = [c for c in t.labels if c in labels]
            if codes and rng.random() < claim_share:
                start = today - dt.timedelta(days=rng.randint(0, 500))
                claims.append({
                    "label_id": labels[rng.choice(codes)], "organisation_id": row["organisation_id"], "listing_id": next_id,
                    "certificate_number": f"GEN-{seed % 10000:04d}-{next_id:07d}", "issuer": "", "scope": "",
                    "valid_from": start, "valid_until": today + dt.timedelta(days=rng.randint(30, 900)),
                    "evidence_path": "generated/evidence.pdf", "evidence_mime": "application/pdf", "evidence_name": "evidence.pdf",
                    "evidence_size": 1, "status": ClaimStatus.verified.value, "rejection_reason": "",
                    "reviewed_at": now, "created_at": now, "updated_at": now,
                })
            new_ids.append(next_id)
            if template_keys is not None:
                template_keys[next_id] = t.key
            next_id += 1
        session.execute(insert(Listing.__table__), listings)
        session.execute(insert(PriceTier.__table__), tiers)
        if claims:
            session.execute(insert(Claim.__table__), claims)
        done += count
    if session.connection().dialect.name == "postgresql":
        session.execute(text("SELECT setval(pg_get_serial_sequence('listings', 'id'), (SELECT MAX(id) FROM listings))"))
    session.flush()
    return new_ids
