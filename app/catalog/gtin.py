"""GS1 Global Trade Item Numbers: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13; Vietnam's prefix is 893) and
GTIN-14, with the GS1 mod-10 check digit (https://www.gs1.org/services/how-calculate-check-digit-manually)."""
from __future__ import annotations

LENGTHS = (8, 12, 13, 14)


def check_digit(body: str) -> int:
    """The check digit for the digits before it: weights 3,1,3,1… from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def normalise(value: str | None) -> str | None:
    """Digits only (spaces and hyphens removed), or None when the value is empty."""
    if value is None:
        return None
    digits = "".join(ch for ch in str(value) if ch not in " -")
    return digits or None


def is_valid(value: str | None) -> bool:
    code = normalise(value)
    if not code or not code.isdigit() or len(code) not in LENGTHS:
        return False
    return check_digit(code[:-1]) == int(code[-1])
