"""The kit's operator commands: `flask demo …`, `flask reference …`, `flask jobs …`, `flask search …`,
`flask domains` (what each domain brings).

Domains add their own groups from their `init_app` with `app.cli.add_command(group)` (`flask users` and
`flask orgs` come from orgs, `flask claims` from labels, …)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup


demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@click.option("--seed", type=int, default=None)
@click.option("--listings", type=int, default=300, show_default=True)
def demo_load(if_empty, seed, listings):
    """Load reproducible demo data (users, organisations, listings, claims…)."""
    from flask import current_app

    from .demo import load_demo
    from .extensions import db

    users = db.metadata.tables["users"]  # by name: the kit imports no domain
    if if_empty and db.session.scalar(db.select(db.func.count()).select_from(users)):
        click.echo("Database already has data; demo not loaded.")
        return
    summary = load_demo(seed if seed is not None else current_app.config["DEMO_SEED"], listings=listings)
    for key, value in summary.items():
        click.echo(f"{key}: {value}")


reference_cli = AppGroup("reference", help="Reference data (label registry, categories…).")


@reference_cli.command("seed")
def reference_seed():
    """Insert or update reference data; safe to run on every start."""
    from .reference import seed_all

    seed_all()
    click.echo("Reference data is up to date.")


@click.command("domains")
def domains_command():
    """What each domain of DOMAINS brought: blueprints and routes, API, navigation, jobs, builders, hooks…"""
    from flask import current_app

    from .registries import brought

    rules: dict[str, int] = {}
    for rule in current_app.url_map.iter_rules():
        bp = rule.endpoint.rpartition(".")[0]
        rules[bp] = rules.get(bp, 0) + 1
    for domain, what in brought().items():
        click.echo(domain)
        for kind, names in what.items():
            if kind in ("blueprints", "api"):
                names = [f"{n} ({rules.get(n, 0)} routes)" for n in names]
            click.echo(f"  {kind}: {', '.join(names)}")


def register_cli(app: Flask) -> None:
    from .indexing.cli import search_cli
    from .jobs import jobs_cli

    for group in (demo_cli, reference_cli, jobs_cli, search_cli):
        app.cli.add_command(group)
    app.cli.add_command(domains_command)
