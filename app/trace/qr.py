"""QR codes of lot URIs (segno): PNG for screens and office printers, SVG (in millimetres) for print shops.

Print sizes are the width of the whole symbol including its 4-module quiet zone. Error correction M
(15 %), the usual choice for printed packaging. PNGs are rendered at 300 dpi for the chosen size.
"""
from __future__ import annotations

import io
import math

import segno
from flask_babel import lazy_gettext as _l

PRINT_SIZES_MM = {"s": 20, "m": 30, "l": 50}
SIZE_LABELS = {"s": _l("Small (20 mm)"), "m": _l("Medium (30 mm)"), "l": _l("Large (50 mm)")}
BORDER = 4
DPI = 300


def _code(uri: str):
    return segno.make(uri, error="m", micro=False)


def png(uri: str, size: str = "m") -> bytes:
    code = _code(uri)
    modules = code.symbol_size(scale=1, border=BORDER)[0]
    px = PRINT_SIZES_MM.get(size, PRINT_SIZES_MM["m"]) / 25.4 * DPI
    scale = max(2, math.floor(px / modules))
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=BORDER, dpi=DPI)
    return out.getvalue()


def svg(uri: str, size: str = "m", title: str = "") -> bytes:
    code = _code(uri)
    modules = code.symbol_size(scale=1, border=BORDER)[0]
    scale = PRINT_SIZES_MM.get(size, PRINT_SIZES_MM["m"]) / modules  # mm per module
    out = io.BytesIO()
    code.save(out, kind="svg", scale=round(scale, 4), unit="mm", border=BORDER, xmldecl=True, title=title or uri,
              svgclass="gc-qr", lineclass=None)
    return out.getvalue()
