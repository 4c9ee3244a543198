"""Register → confirm e-mail from the outbox → sign in → create a producer organisation → dashboard,
in Vietnamese (the default) and in English."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import mail_link

PASSWORD = "Mat-khau-an-toan-9"

TEXT = {
    "vi": {"register": "Đăng ký", "create_account": "Tạo tài khoản", "email": "E-mail", "password": "Mật khẩu",
           "repeat": "Nhập lại mật khẩu", "sign_in": "Đăng nhập", "create_org": "Tạo tổ chức",
           "legal": "Tên pháp lý", "tax": "Mã số thuế", "province": "Tỉnh / thành phố", "producer": "Nhà sản xuất", "create_btn": "Tạo tổ chức",
           "check": "Kiểm tra e-mail", "pending": "đang chờ"},
    "en": {"register": "Register", "create_account": "Create your account", "email": "E-mail", "password": "Password",
           "repeat": "Repeat password", "sign_in": "Sign in", "create_org": "Create an organisation",
           "legal": "Legal name", "tax": "Tax code", "province": "Province / city", "producer": "Producer", "create_btn": "Create organisation",
           "check": "Check your e-mail", "pending": "waiting for approval"},
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_register_confirm_login_create_producer(page, live_server, app, lang):
    t = TEXT[lang]
    email = f"chu-co-so-{lang}@example.vn"
    page.goto(f"/?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.get_by_role("link", name=t["register"], exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["create_account"])
    page.get_by_label(t["email"]).fill(email)
    page.get_by_label(t["password"], exact=True).fill(PASSWORD)
    page.get_by_label(t["repeat"]).fill(PASSWORD)
    page.get_by_role("button", name=t["register"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["check"])

    page.goto(mail_link(app, email, "/account/confirm/").replace("http://localhost", live_server))
    expect(page.get_by_role("heading", level=1)).to_have_text(t["sign_in"])
    page.get_by_label(t["password"], exact=True).fill(PASSWORD)
    page.locator("main").get_by_role("button", name=t["sign_in"]).click()

    page.get_by_role("link", name=t["create_org"]).click()
    page.get_by_label(t["producer"], exact=True).check()
    page.get_by_label(t["legal"]).fill("Công ty TNHH Ống Hút Cỏ Bàng Kiên Giang")
    page.get_by_label(t["tax"]).fill("1702145678")
    page.get_by_label(t["province"]).select_option(label="An Giang")
    page.get_by_role("button", name=t["create_btn"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Công ty TNHH Ống Hút Cỏ Bàng Kiên Giang")
    expect(page.get_by_role("status").filter(has_text=t["pending"])).to_be_visible()
    assert "/dashboard" in page.url
