"""Great-circle distances and the canonical key of a point."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius, as used by Elasticsearch's arc distance


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km between two WGS84 points on a spherical Earth."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def point_key(lat: float, lon: float) -> str:
    """A stable string for a point, rounded to ~1 m; equal points share a key."""
    return f"{lat:.5f},{lon:.5f}"


def parse_point_key(key: str) -> tuple[float, float]:
    lat, lon = key.split(",")
    return float(lat), float(lon)
