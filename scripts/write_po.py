"""Write or update a Vietnamese .po catalogue from a {msgid: translation} dict in a Python file.

Usage: python scripts/write_po.py translations.py app/<domain>/translations/vi/LC_MESSAGES/messages.po
Existing entries are kept; entries in the dict are added or replaced.
"""
import runpy
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def main(src: str, dest: str) -> None:
    table = runpy.run_path(src)["T"]
    path = Path(dest)
    if path.exists():
        with path.open("rb") as f:
            catalog = read_po(f, locale="vi")
    else:
        catalog = Catalog(locale="vi", project="GreenConnect", version="1", charset="utf-8",
                          copyright_holder="GreenConnect", msgid_bugs_address="dev@greenconnect.vn",
                          last_translator="GreenConnect team", language_team="Vietnamese")
    catalog.fuzzy = False
    for msgid, msgstr in table.items():
        catalog.add(msgid, msgstr)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=0, sort_output=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
