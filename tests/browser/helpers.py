"""Steps shared by the browser tests of logistics (shipments and deal transport)."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def login(page, email):
    """Sign in through the English form and wait until the page shows the signed-in state."""
    page.goto("/account/login?lang=en")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign in")).to_have_count(0)


def english(user):
    from app.accounts.services import update_profile

    update_profile(user, {"locale": "en"})
    return user


def logistics_provider(make_user, make_org, name, fleet):
    """An English-speaking logistics provider serving Hà Nội and Hồ Chí Minh with `fleet` vehicle classes."""
    from app.logistics.services import save_profile
    from app.permissions import Actor

    user = english(make_user(email=f"{name.lower().replace(' ', '-')}@example.vn"))
    make_org("logistics", owner=user, trade_name=name, province_code="1")
    save_profile(Actor.for_user(user), {"provinces": ["1", "79"], "published": True, "certifications": ["iso14001"],
                                        "fleet": [{"vehicle_class": c, "count": 10} for c in fleet]})
    return user
