"""Add translations to a .po catalogue: `python scripts/po_add.py CATALOGUE.po MODULE.py` where MODULE
defines VI = {msgid: Vietnamese}. Existing entries are kept; new ones are appended, sorted by msgid."""
from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def main(po_path: str, module: str) -> None:
    path = Path(po_path)
    if path.exists():
        with path.open("rb") as f:
            catalog = read_po(f, locale="vi")
    else:
        catalog = Catalog(locale="vi", project="GreenConnect")
    for msgid, text in runpy.run_path(module)["VI"].items():
        if msgid not in catalog:
            catalog.add(msgid, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=0, sort_output=True, omit_header=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
