"""Every internal link reachable from the home page works, for a visitor and for signed-in users of
each organisation kind (no 404s or 500s behind any link a user can click)."""
import re
from urllib.parse import urljoin, urlparse

import pytest

HREF = re.compile(r'(?:href|src)="([^"#]+)"')
SKIP = ("/account/logout", "/api/v1/")


def crawl(client, start="/", limit=150):
    seen, queue, broken = set(), [start], []
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        r = client.get(path)
        if r.status_code >= 400:
            broken.append((path, r.status_code))
            continue
        if r.mimetype != "text/html":
            continue
        for href in HREF.findall(r.get_data(as_text=True)):
            href = href.replace("&amp;", "&")
            url = urlparse(urljoin("http://localhost" + path, href))
            if url.netloc not in ("", "localhost") or url.path.startswith(SKIP):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target not in seen:
                queue.append(target)
    return seen, broken


def test_visitor_links(client):
    seen, broken = crawl(client)
    assert len(seen) > 5
    assert not broken, broken


@pytest.mark.parametrize("kind", ["producer", "buyer", "logistics", "finance", "fair_organiser"])
def test_member_links(login_as, kind):
    client, _, _ = login_as(kind)
    seen, broken = crawl(client, "/dashboard")
    assert not broken, broken


def test_admin_and_verifier_links(login_as, make_org):
    make_org("producer", status="pending")
    for role in ("admin", "verifier"):
        client, _, _ = login_as(None, role=role)
        seen, broken = crawl(client, "/")
        assert not broken, (role, broken)
