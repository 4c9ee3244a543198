"""Periodic jobs of the trace domain (registered from `trace.init_app`)."""
from __future__ import annotations


def open_overdue_flags_job():
    from .services import integrity

    return f"opened {integrity.open_overdue_flags()}"
