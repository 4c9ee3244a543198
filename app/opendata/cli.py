"""`flask opendata export [--out DIR]`: write the open-data files and their DCAT-AP catalogue."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

opendata_cli = AppGroup("opendata", help="Open data: bulk exports (CSV, JSON-LD) and the DCAT-AP catalogue.")


@opendata_cli.command("export")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory to write to (default: OPENDATA_DIR, which the site serves).")
def export(out):
    """Export verified listings, the label registry and organisations (same data → same bytes)."""
    from .exports import export_all

    for slug, info in export_all(out).items():
        click.echo(f"{slug}: {info['rows']} rows (data modified {info['modified'] or '—'})")


def export_job() -> str:
    from .exports import export_all

    summary = export_all()
    return ", ".join(f"{slug} {info['rows']}" for slug, info in summary.items())
