"""count_queries(): the SELECT statements run inside the block (for "no query per row" tests)."""
from __future__ import annotations

import contextlib


@contextlib.contextmanager
def count_queries():
    from sqlalchemy import event

    from app.extensions import db

    seen: list[str] = []

    def on_execute(conn, cursor, statement, *a):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)


def fresh_session() -> None:
    """Commit and forget every loaded object, so the next block loads what it needs itself."""
    from app.extensions import db

    db.session.commit()
    db.session.expunge_all()
