"""Organisation pages: create with validation, owner edits, invitations, admin approval, logos."""
import io

from PIL import Image

from app.extensions import db
from app.orgs.models import Membership, Organisation, OrgStatus


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), (31, 122, 77)).save(buf, "PNG")
    return buf.getvalue()


def test_create_organisation_page_validates(login_as, post_form):
    client, user, _ = login_as(None)
    r = post_form("/orgs/new", {"kind": "producer", "legal_name": "Công ty TNHH Cói Nga Sơn",
                                "tax_code": "28001234", "province_code": "38"})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Mã số thuế gồm 10 chữ số" in html and 'aria-invalid="true"' in html
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 0

    r = post_form("/orgs/new", {"kind": "producer", "legal_name": "Công ty TNHH Cói Nga Sơn",
                                "tax_code": "2800123456", "province_code": "38", "sectors": ["handicrafts", "packaging"]})
    assert r.status_code == 302
    org = db.session.scalar(db.select(Organisation))
    assert org.status == OrgStatus.pending and org.sectors == ["handicrafts", "packaging"]
    assert db.session.scalar(db.select(Membership)).role.value == "owner"
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Công ty TNHH Cói Nga Sơn" in dashboard and "chờ" in dashboard


def test_only_members_can_edit(login_as, make_org, post_form, app, login):
    client, owner, org = login_as("buyer")
    assert client.get(f"/orgs/{org.id}/edit").status_code == 200
    other_client, _, _ = login_as("buyer", c=app.test_client())
    assert other_client.get(f"/orgs/{org.id}/edit").status_code == 404
    r = other_client.post(f"/orgs/{org.id}/edit", data={"legal_name": "Hijacked"})
    assert r.status_code in (400, 404)
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).legal_name != "Hijacked"


def test_invitation_lets_a_colleague_join(login_as, post_form, outbox, make_user, login, app):
    client, owner, org = login_as("producer")
    r = post_form(f"/orgs/{org.id}/invite", {"inv-email": "dong.nghiep@example.vn"}, get_path=f"/orgs/{org.id}/edit")
    assert r.status_code == 302
    [message] = outbox("dong.nghiep@example.vn")
    import re

    link = re.search(r"https?://\S+", message.get_body(preferencelist=("plain",)).get_content()).group(0)
    path = link.replace("http://localhost", "")
    colleague = make_user(email="dong.nghiep@example.vn")
    c2 = login(colleague, app.test_client())
    r = post_form(path, {}, c=c2)
    assert r.status_code == 302
    db.session.expire_all()
    roles = {m.user.email: m.role.value for m in db.session.get(Organisation, org.id).memberships}
    assert roles["dong.nghiep@example.vn"] == "member"
    # the link cannot be reused by someone else
    intruder = login(make_user(email="intruder@example.vn"), app.test_client())
    assert post_form(path, {}, c=intruder).status_code == 422


def test_admin_queue_approves(login_as, make_org, post_form):
    pending = make_org("producer", status="pending")
    client, admin, _ = login_as(None, role="admin")
    page = client.get("/orgs/admin?status=pending").get_data(as_text=True)
    assert pending.legal_name in page
    r = post_form(f"/orgs/{pending.id}/status", {"status": "approved", "reason": ""}, get_path="/orgs/admin")
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, pending.id).status == OrgStatus.approved


def test_non_admin_cannot_open_admin_queue(login_as):
    client, _, _ = login_as("producer")
    assert client.get("/orgs/admin").status_code == 403


def test_logo_upload_is_checked_by_content(login_as, post_form, client):
    client, owner, org = login_as("producer")
    fake = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 2000)  # a Windows executable renamed to .png
    r = post_form(f"/orgs/{org.id}/logo", {"logo-logo": (fake, "logo.png")}, get_path=f"/orgs/{org.id}/edit",
                  content_type="multipart/form-data")
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).logo_path is None
    r = post_form(f"/orgs/{org.id}/logo", {"logo-logo": (io.BytesIO(_png()), "logo.png")},
                  get_path=f"/orgs/{org.id}/edit", content_type="multipart/form-data")
    db.session.expire_all()
    org = db.session.get(Organisation, org.id)
    assert org.logo_path and org.logo_path.endswith(".jpg")
    r = client.get(f"/orgs/{org.id}/logo")
    assert r.status_code == 200 and r.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(r.data)) as img:
        assert max(img.size) <= 512  # resized


def test_pending_org_profile_is_private(make_org, client):
    org = make_org("producer", status="pending")
    assert client.get(f"/orgs/{org.id}").status_code == 404


def test_friendly_error_pages(client):
    r = client.get("/no-such-page")
    assert r.status_code == 404 and "Không tìm thấy trang" in r.get_data(as_text=True)


def test_logo_upload_to_another_organisation_stores_nothing(login_as, make_org, post_form, app):
    from pathlib import Path

    victim = make_org("producer")
    client, _, own = login_as("buyer")
    folder = Path(app.config["UPLOAD_DIR"]) / "logos" / str(victim.id)
    before = set(folder.glob("*"))
    r = post_form(f"/orgs/{victim.id}/logo", {"logo-logo": (io.BytesIO(_png()), "logo.png")},
                  get_path=f"/orgs/{own.id}/edit", content_type="multipart/form-data")
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, victim.id).logo_path is None
    assert set(folder.glob("*")) == before


def test_invitation_mail_failure_is_reported_not_a_500(login_as, post_form, monkeypatch):
    from app import mail

    def broken(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    client, owner, org = login_as("producer")
    monkeypatch.setattr(mail, "send", broken)
    r = post_form(f"/orgs/{org.id}/invite", {"inv-email": "dong.nghiep@example.vn"}, get_path=f"/orgs/{org.id}/edit")
    assert r.status_code == 302
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Không gửi được e-mail mời" in page


def test_status_change_does_not_redirect_off_site(login_as, make_org, post_form):
    pending = make_org("producer", status="pending")
    client, admin, _ = login_as(None, role="admin")
    r = post_form(f"/orgs/{pending.id}/status", {"status": "approved", "reason": ""}, get_path="/orgs/admin",
                  headers={"Referer": "https://evil.example/phish"})
    assert r.status_code == 302
    assert "evil.example" not in r.headers["Location"]


def test_creating_the_organisation_from_a_quote_form_comes_back_to_it(login_as, post_form, make_org, app):
    """A new buyer on the quote form is told to create an organisation first; the button keeps the way
    back, and once the organisation is saved they are on the quote form again (which says what is next)."""
    import re

    from app.catalog.models import Listing, ListingStatus

    supplier = make_org("producer")
    listing = Listing(organisation_id=supplier.id, title="Ống hút tre", category="packaging.straws", unit="piece",
                      status=ListingStatus.published)
    db.session.add(listing)
    db.session.commit()
    client, user, _ = login_as(None)
    form_path = f"/sourcing/inquiries/new?listing={listing.id}"
    page = client.get(form_path).get_data(as_text=True)
    href = re.search(r'href="(/orgs/new[^"]*)"', page).group(1).replace("&amp;", "&")
    assert "next=" in href
    r = post_form(href, {"kind": "buyer", "legal_name": "Công ty TNHH Siêu thị Hoa Sen", "tax_code": "0312345678",
                         "province_code": "79"})
    assert r.status_code == 302 and r.headers["Location"] == form_path


def test_a_ward_is_given_by_its_name_with_or_without_marks_and_codes_still_work(login_as, post_form, client):
    """People do not know ward codes: the form asks for the ward's name and resolves it within the province."""
    from app.orgs.schemas import OrganisationInput

    client, user, _ = login_as(None)
    page = client.get("/orgs/new?lang=vi").get_data(as_text=True)
    assert "Mã phường" not in page and "Phường Ba Đình" in page  # the hint shows a name, not a code
    base = {"kind": "producer", "legal_name": "Công ty TNHH Tre Ba Đình", "province_code": "01"}
    r = post_form("/orgs/new", {**base, "ward_code": "Không Có Phường Này"})
    assert r.status_code == 422 and "Không có phường / xã nào tên như vậy" in r.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 0
    r = post_form("/orgs/new", {**base, "ward_code": "phuong ba dinh"})
    assert r.status_code == 302
    org = db.session.scalar(db.select(Organisation))
    assert org.ward_code == "4"
    edit = client.get(f"/orgs/{org.id}/edit?lang=vi").get_data(as_text=True)
    assert 'value="Phường Ba Đình"' in edit
    for typed in ("Ba Đình", "BA DINH", "Phường Ba Đình", "4"):
        assert OrganisationInput().load({"legal_name": "X Co", "province_code": "01", "ward_code": typed})["ward_code"] == "4"
