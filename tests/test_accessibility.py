"""Basic accessibility of every page a user can reach (visitor, each organisation kind, verifier,
admin): the page language is set, there is exactly one <h1>, every form control has an accessible
name, every image has alt text, and ids are unique."""
from html.parser import HTMLParser

import pytest

from tests.test_links import crawl

CONTROLS = {"input", "select", "textarea"}
UNLABELLED_OK = {"hidden", "submit", "button", "image", "reset"}


class PageAudit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.h1 = 0
        self.lang = None
        self.ids: dict[str, int] = {}
        self.label_for: set[str] = set()
        self.controls: list[dict] = []
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "h1":
            self.h1 += 1
        if "id" in a:
            self.ids[a["id"]] = self.ids.get(a["id"], 0) + 1
        if tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in CONTROLS and a.get("type", "text") not in UNLABELLED_OK:
            self.controls.append({**a, "_wrapped": self._label_depth > 0, "_tag": tag})
        if tag == "img" and "alt" not in a:
            self.problems.append(f"<img src={a.get('src')!r}> has no alt")

    def handle_endtag(self, tag):
        if tag == "label" and self._label_depth:
            self._label_depth -= 1

    def audit(self) -> list[str]:
        problems = list(self.problems)
        if self.lang not in ("vi", "en"):
            problems.append(f"<html lang> is {self.lang!r}")
        if self.h1 != 1:
            problems.append(f"{self.h1} <h1> elements")
        problems += [f"duplicate id {i!r}" for i, n in self.ids.items() if n > 1]
        for c in self.controls:
            named = c["_wrapped"] or c.get("id") in self.label_for or c.get("aria-label") or c.get("aria-labelledby") or c.get("title")
            if not named:
                problems.append(f"<{c['_tag']} name={c.get('name')!r}> has no label")
        return problems


def audit_site(client, start):
    pages, broken = crawl(client, start)
    report = {}
    for path in sorted(pages):
        r = client.get(path)
        if r.status_code != 200 or r.mimetype != "text/html":
            continue
        parser = PageAudit()
        parser.feed(r.get_data(as_text=True))
        problems = parser.audit()
        if problems:
            report[path] = problems
    return report


def test_visitor_pages_are_accessible(client):
    report = audit_site(client, "/")
    assert not report, report


@pytest.mark.parametrize("kind", ["producer", "buyer", "logistics", "finance", "fair_organiser"])
def test_member_pages_are_accessible(login_as, kind):
    client, _, _ = login_as(kind)
    report = audit_site(client, "/dashboard")
    assert not report, report


def test_staff_pages_are_accessible(login_as, make_org):
    make_org("producer", status="pending")
    for role in ("admin", "verifier"):
        client, _, _ = login_as(None, role=role)
        report = audit_site(client, "/")
        assert not report, (role, report)


def test_audit_catches_problems():
    parser = PageAudit()
    parser.feed('<html lang="xx"><h1>a</h1><h1>b</h1><img src="x.png"><input name="q" id="q">'
                '<p id="d"></p><p id="d"></p><label>Tên <input name="ok"></label></html>')
    problems = parser.audit()
    assert "<html lang> is 'xx'" in problems
    assert "2 <h1> elements" in problems
    assert "<img src='x.png'> has no alt" in problems
    assert "<input name='q'> has no label" in problems
    assert "duplicate id 'd'" in problems
    assert not any("'ok'" in p for p in problems)


def test_audit_covers_many_pages(client, login_as):
    pages, _ = crawl(client, "/")
    assert len(pages) >= 20
