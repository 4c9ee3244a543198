"""Demo step 70: a small recycled-PET chain (filled in below)."""
from __future__ import annotations

import random


def demo_trace(rng: random.Random, ctx: dict) -> None:
    return None
