"""The NAPAS member banks that receive VietQR transfers: reference data shipped in
app/payments/data/napas_banks.json (with its source), read once per process.

`regenerate()` (e.g. from `flask shell`) rewrites the file from the pinned vietnam-qr-pay package (the copy
of the NAPAS list it carries), leaving out renamed banks whose BIN moved to their successor and banks
without a BIN.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "napas_banks.json"


@functools.cache
def _document() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def banks() -> list[dict]:
    """[{bin, short_name, name, code, swift, vietqr}] sorted by short name."""
    return list(_document()["banks"])


def source() -> str:
    return _document()["source"]


def bank(bin_: str | None) -> dict | None:
    return next((b for b in banks() if b["bin"] == bin_), None)


def bins() -> list[str]:
    return [b["bin"] for b in banks()]


def find(text: str | None) -> dict | None:
    """A bank by BIN, short name or code (as the BANK_TRANSFER_BANK setting may give it)."""
    t = (text or "").strip().lower()
    if not t:
        return None
    return next((b for b in banks() if t in (b["bin"], b["short_name"].lower(), b["code"].lower())), None)


def regenerate() -> int:  # pragma: no cover - a maintenance command
    from vietnam_qr_pay import BanksObject
    from vietnam_qr_pay.constants.banks import VietQRStatus

    rows = []
    for b in BanksObject.values():
        if b.deprecated or b.viet_qr_status == VietQRStatus.NOT_SUPPORTED or not b.bin:
            continue
        rows.append({"bin": b.bin, "short_name": b.short_name, "name": b.name, "code": b.code.value,
                     "swift": b.swift_code or "",
                     "vietqr": "transfer" if b.viet_qr_status == VietQRStatus.TRANSFER_SUPPORTED else "receive"})
    rows.sort(key=lambda r: r["short_name"].lower())
    doc = dict(_document(), banks=rows)
    DATA.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(rows)

