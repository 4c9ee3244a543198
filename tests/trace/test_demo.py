"""The demo recycled-PET chain can be scanned: a covered bottle lot with its badge, a lot with a shortfall."""
from __future__ import annotations


def test_demo_chain(app, client):
    from app.demo import load_demo

    summary = load_demo(seed=3, listings=12)
    assert summary["trace_lots"] == 3
    good = client.get("/01/09520000000011/10/B-2026-001?lang=en")
    assert good.status_code == 200
    page = good.get_data(as_text=True)
    assert "RePET Bình Dương" in page and "recycled-badge" in page and "F-2026-001" in page
    assert "GRS-VN-2026-0117" not in page  # ReFiber's certificate belongs to the flakes' page…
    flakes_url = page.split('class="input-trace-link"')[0].rsplit('href="', 1)[1].split('"')[0]
    flakes = client.get(flakes_url + "?lang=en").get_data(as_text=True)
    assert "GRS-VN-2026-0117" in flakes and "DQL 3" in flakes  # …valid on the flakes' production date
    short = client.get("/01/09520000000011/10/B-2026-002?lang=en").get_data(as_text=True)
    assert "Recycled-content shortfall" in short and "recycled-badge" not in short
