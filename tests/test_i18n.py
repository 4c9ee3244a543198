"""Vietnamese by default, English on request; every user-facing string has a Vietnamese translation."""
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from app.i18n import translation_directories

ROOT = Path(__file__).resolve().parent.parent


def _msgids() -> dict[str, str]:
    keywords = dict(DEFAULT_KEYWORDS, _l=None)
    found: dict[str, str] = {}
    for folder, method_map in (
        ("app", [("**.py", "python")]),
        ("templates", [("**.html", "jinja2"), ("**.txt", "jinja2")]),
    ):
        for filename, _lineno, message, _comments, _ctx in extract_from_dir(
                str(ROOT / folder), method_map, keywords=keywords):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.setdefault(msgid, f"{folder}/{filename}")
    return found


def _vietnamese() -> dict[str, str]:
    merged: dict[str, str] = {}
    for directory in translation_directories():
        po = Path(directory) / "vi" / "LC_MESSAGES" / "messages.po"
        if po.exists():
            with po.open("rb") as f:
                for m in read_po(f, locale="vi"):
                    if m.id and m.string and not m.fuzzy:
                        # plural entries (ngettext): Vietnamese has one form
                        merged[m.id if isinstance(m.id, str) else m.id[0]] = (
                            m.string if isinstance(m.string, str) else m.string[0])
    return merged


def test_every_msgid_has_a_vietnamese_translation():
    msgids = _msgids()
    assert len(msgids) > 200  # sanity: extraction really ran
    vi = _vietnamese()
    missing = sorted(f"{where}: {msgid!r}" for msgid, where in msgids.items() if msgid not in vi)
    assert not missing, "untranslated strings:\n" + "\n".join(missing)


def test_placeholders_survive_translation():
    import re

    vi = _vietnamese()
    bad = [k for k, v in vi.items() if sorted(re.findall(r"%\(\w+\)[sd]", k)) != sorted(re.findall(r"%\(\w+\)[sd]", v))]
    assert not bad, bad


def test_home_is_vietnamese_by_default_and_english_on_request(client):
    r = client.get("/")
    html = r.get_data(as_text=True)
    assert '<html lang="vi">' in html and "Đăng nhập" in html and "Sign in" not in html
    r = client.get("/?lang=en")
    html = r.get_data(as_text=True)
    assert '<html lang="en">' in html and "Sign in" in html
    # the choice sticks for the session
    assert "Sign in" in client.get("/account/login").get_data(as_text=True)
    assert "Đăng nhập" in client.get("/?lang=vi").get_data(as_text=True)


def test_signed_in_user_gets_their_language(app, make_user, login):
    user = make_user()
    from app.accounts.services import update_profile

    update_profile(user, {"locale": "en"})
    c = login(user, app.test_client())
    assert "Sign out" in c.get("/dashboard").get_data(as_text=True)


def test_form_errors_are_translated(post_form):
    r = post_form("/account/register", {"email": "x@example.vn", "password": "short", "confirm": "other"})
    html = r.get_data(as_text=True)
    assert "Hai mật khẩu không khớp." in html
