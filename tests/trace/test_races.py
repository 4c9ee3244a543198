"""A shipment's mass is used once under concurrent requests (issue 13, finding 10), through a served app,
on SQLite and on PostgreSQL: four inputs of 400 kg recorded at the same moment from a 1,000 kg shipment
give two inputs; the others are told how much is left, and the mass balance never counts more than was
shipped; in either language."""
from __future__ import annotations

from tests.edge.racing import EN, Call, race, served  # noqa: F401  (served: a fixture)


def test_four_inputs_from_one_shipment_at_once_never_use_more_than_was_shipped(served, chain, token_for):
    from app import clock
    from app.extensions import db
    from app.trace.models import LotInput

    c = chain("bottles", bottle_input_kg=0)
    assert c.dispatch.mass_kg == 1000
    headers = {**token_for(c.maker), **EN}
    body = {"dispatch_id": c.dispatch.id, "mass_kg": 400, "received_on": clock.today().isoformat()}
    results = race(served, [Call("POST", f"/api/v1/trace/lots/{c.bottle_lot.id}/inputs", headers, body)
                            for _ in range(4)])
    codes = sorted(status for status, _b in results)
    assert codes == [201, 201, 422, 422], results
    for status, b in results:
        if status == 422:
            assert "left to use" in " ".join(b["error"]["fields"]["mass_kg"]), b
    db.session.expire_all()
    used = db.session.scalar(db.select(db.func.sum(LotInput.mass_kg)).where(LotInput.dispatch_id == c.dispatch.id,
                                                                          LotInput.removed_at.is_(None)))
    assert used == 800
    # in Vietnamese the loser is told the same, translated, the number written the Vietnamese way
    vi = {**token_for(c.maker), "Accept-Language": "vi"}
    body = {"dispatch_id": c.dispatch.id, "mass_kg": "120,5", "received_on": clock.today().isoformat()}
    results = race(served, [Call("POST", f"/api/v1/trace/lots/{c.bottle_lot.id}/inputs", vi, body) for _ in range(2)])
    assert sorted(status for status, _b in results) == [201, 422], results
    lost = next(b for status, b in results if status == 422)
    assert lost["error"]["fields"]["mass_kg"] == ["Chuyến giao này chỉ còn 79,5 kg để sử dụng."], lost
