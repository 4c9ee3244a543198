"""Geometry of the server-rendered SVG charts (no JavaScript, no CDN): the templates draw what these
functions measure. Every shape keeps its figure in `value` so the page can label it."""
from __future__ import annotations

import calendar


def progress(value: float | None, low: float, high: float | None, width: int = 300) -> dict:
    """A 0–100 % bar with the target marked (a band for a range such as 10–15 %)."""
    scale = width / 100.0
    v = max(0.0, min(100.0, value or 0.0))
    return {"width": width, "height": 28, "bar": round(v * scale, 1), "low": round(low * scale, 1),
            "high": round((high or low) * scale, 1), "value": value, "met": value is not None and value >= low}


def columns(points: list[tuple[int, float | None]], width: int = 360, height: int = 140) -> dict:
    """Monthly columns: one per month, scaled to the highest."""
    top = max([v for _, v in points if v] or [1])
    n = max(len(points), 1)
    slot = width / n
    bars = []
    for i, (month, v) in enumerate(points):
        h = 0 if not v else round((height - 20) * v / top, 1)
        bars.append({"x": round(i * slot + slot * 0.15, 1), "w": round(slot * 0.7, 1), "y": round(height - 16 - h, 1),
                     "h": h, "value": v, "month": month, "label": str(month), "name": calendar.month_abbr[month]})
    return {"width": width, "height": height, "bars": bars, "top": top}


def ranked(rows: list[tuple[str, str, float]], limit: int = 10, width: int = 360, row_h: int = 24,
           unit: str = "count") -> dict:
    """Horizontal bars for the highest `limit` rows (label on the left, value on the right; money needs
    the widest value column)."""
    rows = rows[:limit]
    top = max([v for *_, v in rows if v] or [1])
    label_w, value_w = 160, {"vnd": 120, "kg": 110, "percent": 60}.get(unit, 50)
    span = width - label_w - value_w
    bars = [{"y": i * row_h, "w": round(span * (v or 0) / top, 1), "code": code, "label": label, "value": v}
            for i, (code, label, v) in enumerate(rows)]
    return {"width": width, "height": max(len(rows), 1) * row_h, "row_h": row_h, "label_w": label_w,
            "value_x": label_w + span + 6, "bars": bars}
