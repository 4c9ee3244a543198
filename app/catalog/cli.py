"""`flask catalog generate N` (benchmark data) and `flask catalog documents` (print search documents)."""
from __future__ import annotations

import json
import time

import click
from flask.cli import AppGroup

catalog_cli = AppGroup("catalog", help="Catalog listings: benchmark data and search documents.")


@catalog_cli.command("generate")
@click.argument("n", type=int)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--claim-share", type=float, default=0.3, show_default=True)
def generate(n, seed, claim_share):
    """Bulk-insert N published listings for the approved producers (deterministic for a seed)."""
    from ..extensions import db
    from ..orgs.models import Organisation, OrgKind, OrgStatus
    from .generator import generate_listings

    producers = list(db.session.scalars(db.select(Organisation).where(
        Organisation.kind == OrgKind.producer, Organisation.status == OrgStatus.approved).order_by(Organisation.id)))
    if not producers:
        raise click.ClickException("No approved producer organisations: run `flask demo load` first.")
    started = time.perf_counter()
    ids = generate_listings(db.session, n, seed, producers, claim_share=claim_share)
    db.session.commit()
    click.echo(f"Inserted {len(ids)} listings in {time.perf_counter() - started:.1f} s. Rebuild the search index next.")


@catalog_cli.command("documents")
@click.option("--limit", type=int, default=5, show_default=True)
def documents(limit):
    """Print the first search documents as JSON lines."""
    from .documents import listings_for_index

    for i, doc in enumerate(listings_for_index()):
        if i >= limit:
            break
        click.echo(json.dumps(doc, ensure_ascii=False))

