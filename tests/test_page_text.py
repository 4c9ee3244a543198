"""Issue 16.1: no code ever reaches a person.

With the demo platform loaded, every page reachable by links is rendered for every role (visitor, the
owner of each organisation kind, verifier, administrator, knowledge editor) in Vietnamese and in
English; the text a person sees (text nodes, and the alt/title/placeholder/aria-label/value of buttons
they read) must not contain internal codes — dotted codes (`packaging.straws`, `claim.submitted`),
snake_case (`fair_organiser`), or a bare enum value as the whole text of an element (`producer`,
`approved`) — and, on Vietnamese pages, no interface sentence may be left in English.
"""
from __future__ import annotations

import enum
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest


SKIP = ("/account/logout", "/api/", "/static/", "/uploads/", "/media/")
SKIP_SUFFIX = (".csv", ".pdf", ".ics", ".png", ".svg", ".json", ".jsonld", ".xml")
PER_ENDPOINT = 3   # pages of the same shape (e.g. /listings/<id>) visited per role and language
LIMIT = 260        # pages per role and language
VISIBLE_ATTRS = ("alt", "title", "placeholder", "aria-label")
HIDDEN_TAGS = {"script", "style", "template", "head", "pre", "samp", "kbd",
               "textarea"}  # a textarea holds what someone typed (e.g. the English version of a guide)
# Notation of a cited source (DESNZ row names: "kg CO2e per tonne.km"), not a code of ours.
CITED = {"tonne.km"}
HREF = re.compile(r'href="([^"#]+)"')
URL = re.compile(r"^https?://\S+$")

DOTTED = re.compile(r"(?<![\w@./-])([a-z][a-z0-9]+(?:\.[a-z][a-z0-9_]+)+)(?![\w@/-]|\.[a-z])")
SNAKE = re.compile(r"(?<![\w@./-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w@/-])")
FILE_OR_HOST = re.compile(r"\.(?:vn|com|org|net|local|test|pdf|csv|png|jpg|jpeg|webp|ics|json|xml|txt|io|gov|int)$")
# Function words that only an English sentence has; a Vietnamese page whose text shows two of them in
# one text node without Vietnamese letters shows an untranslated interface string.
ENGLISH = {"the", "and", "your", "with", "this", "for", "from", "of", "to", "is", "are", "has", "have", "not",
           "will", "you", "be", "no", "or", "a", "an", "by", "on", "at", "in", "yet", "any", "here", "there"}
ASCII_VI = {"online", "logistics", "carbon", "model"}  # enum values that Vietnamese text also uses as words
VIETNAMESE_LETTERS = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """Text a person sees or hears: text nodes outside script/style, and labelling attributes. Text inside
    <code> is collected apart (a page that documents a file format shows its codes as codes), and so is
    text in another language than the page's, marked with `lang` (a guide's English version)."""

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.hidden = 0
        self.stack: list[tuple[str, bool]] = []  # (tag, opened a foreign-language or code span)
        self.foreign = 0
        self.nodes: list[str] = []
        self.codes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in HIDDEN_TAGS:
            self.hidden += 1
            return
        if tag not in VOID:
            other = tag == "code" or bool(a.get("lang") and a["lang"] != self.lang and tag != "html")
            self.stack.append((tag, other))
            self.foreign += other
        for name in VISIBLE_ATTRS:
            if a.get(name):
                self.nodes.append(a[name])
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.nodes.append(a["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
            return
        while self.stack:  # close up to the matching tag (HTML allows omitted end tags)
            open_tag, other = self.stack.pop()
            self.foreign -= other
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.hidden or not data.strip():
            return
        text = " ".join(data.split())
        if self.foreign:
            self.codes.add(text)
        else:
            self.nodes.append(text)


def enum_values() -> set[str]:
    """Every value of every enum the models store (what a page must show through a display name)."""
    import importlib
    import pkgutil

    import app as pkg

    values: set[str] = set()
    for mod in pkgutil.walk_packages(pkg.__path__, "app."):
        if not mod.name.endswith(".models"):
            continue
        module = importlib.import_module(mod.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, enum.Enum) and obj.__module__ == module.__name__:
                values.update(str(m.value) for m in obj)
    return values


def offenders(html: str, lang: str, enums: set[str]) -> list[str]:
    parser = VisibleText(lang)
    parser.feed(html)
    found = []
    shown_as_code = parser.codes | CITED
    for node in parser.nodes:
        for m in DOTTED.finditer(node):
            token = m.group(1)
            if not FILE_OR_HOST.search(token) and token not in shown_as_code:
                found.append(token)
        found.extend(t for t in SNAKE.findall(node) if t not in shown_as_code)
        if node in enums:
            found.append(node)
        if lang == "vi" and len(node) <= 80 and not URL.match(node):  # an English status word in a short Vietnamese text: "· approved"
            found.extend(w for w in re.findall(r"(?<![\w@.-])[a-z]{4,}(?![\w@-]|\.\w)", node) if w in enums and w not in ASCII_VI)
        if lang == "vi" and not VIETNAMESE_LETTERS.search(node) and not URL.match(node):
            words = re.findall(r"[A-Za-z]+", node.lower())
            if len(words) >= 3 and len(ENGLISH.intersection(words)) >= 2:
                found.append(node)
    return found


def _shape(path: str) -> str:
    """/listings/12?page=2 → /listings/#: pages of one shape are sampled, not all visited."""
    return re.sub(r"\d+", "#", path.split("?")[0])


def walk(client, starts, lang: str, enums: set[str]) -> tuple[dict[str, list[str]], int]:
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    queue = list(starts)
    bad: dict[str, list[str]] = {}
    while queue and len(seen) < LIMIT:
        path = queue.pop(0)
        if path in seen:
            continue
        shape = _shape(path)
        if shapes.get(shape, 0) >= PER_ENDPOINT:
            continue
        seen.add(path)
        shapes[shape] = shapes.get(shape, 0) + 1
        r = client.get(path, headers={"Accept-Language": lang})
        assert r.status_code < 500, (path, r.status_code)
        if r.status_code >= 300 or r.mimetype != "text/html":
            continue
        html = r.get_data(as_text=True)
        found = offenders(html, lang, enums)
        if found:
            bad[path] = sorted(set(found))
        for href in HREF.findall(html):
            href = href.replace("&amp;", "&")
            url = urlparse(urljoin("http://localhost" + path, href))
            if url.netloc not in ("", "localhost") or url.path.startswith(SKIP) or url.path.endswith(SKIP_SUFFIX):
                continue
            if "lang=" in url.query:
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target not in seen:
                queue.append(target)
    return bad, len(seen)


ROLES = {
    "visitor": None,
    "producer": "producer1@demo.greenconnect.local",
    "buyer": "buyer1@demo.greenconnect.local",
    "logistics": "logistics1@demo.greenconnect.local",
    "bank": "bank1@demo.greenconnect.local",
    "fair_organiser": "fairs1@demo.greenconnect.local",
    "pending": "pending@demo.greenconnect.local",
    "verifier": "verifier@greenconnect.local",
    "admin": "admin@greenconnect.local",
    "editor": "editor@greenconnect.local",
}


@pytest.mark.parametrize("role", list(ROLES))
def test_no_code_reaches_a_person(app, client, login, role):
    from app.accounts.models import User
    from app.demo import load_demo
    from app.extensions import db

    load_demo(seed=3, listings=24)
    if ROLES[role]:
        user = db.session.scalar(db.select(User).where(User.email == ROLES[role]))
        assert user is not None, ROLES[role]
        login(user)
    enums = enum_values()
    report = {}
    for lang in ("vi", "en"):
        client.get(f"/?lang={lang}")  # the language choice is kept in the session
        starts = ["/", "/dashboard", "/notifications"] if ROLES[role] else ["/"]
        bad, visited = walk(client, starts, lang, enums)
        assert visited > 10, (lang, visited)
        report.update({f"{lang} {path}": tokens for path, tokens in bad.items()})
    assert not report, "\n".join(f"{page}: {tokens}" for page, tokens in sorted(report.items()))
