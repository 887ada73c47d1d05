import pytest

from motcua.accounts.domain import Role
from motcua.accounts.models import RoleAssignment
from motcua.accounts.tests.factories import AgencyFactory, UserFactory
from motcua.dossiers.tests.factories import DossierFactory, staff_member

pytestmark = pytest.mark.django_db

PAGES = [
    "/can-bo/",
    "/can-bo/tiep-nhan/",
    "/can-bo/ho-so/",
    "/can-bo/so-theo-doi/",
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_the_officer_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/can-bo/dang-nhap/?next={path}"


def test_an_officer_signs_in_and_out(client, officer):
    page = client.get("/can-bo/dang-nhap/")
    assert "Đăng nhập" in page.content.decode()

    response = client.post(
        "/can-bo/dang-nhap/",
        {"username": "motcua.desk", "password": "motcua@2026", "next": "/can-bo/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/can-bo/"
    home = client.get("/can-bo/")
    assert "Tiếp nhận hồ sơ" in home.content.decode()

    assert client.get("/can-bo/dang-xuat/").status_code == 405
    response = client.post("/can-bo/dang-xuat/")
    assert response["Location"] == "/can-bo/dang-nhap/"
    assert client.get("/can-bo/").status_code == 302


def test_a_wrong_password_is_told_in_vietnamese(client, officer):
    response = client.post(
        "/can-bo/dang-nhap/", {"username": "motcua.desk", "password": "sai"}
    )

    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_a_specialist_may_not_receive_dossiers(client, agency):
    client.force_login(staff_member(agency, role=Role.SPECIALIST))

    response = client.get("/can-bo/tiep-nhan/")

    assert response.status_code == 403
    assert "Bạn không được dùng trang này" in response.content.decode()
    # ... but sees the agency's dossiers
    assert client.get("/can-bo/ho-so/").status_code == 200


def test_a_user_without_any_role_gets_the_forbidden_page(client):
    client.force_login(UserFactory(username="citizen"))

    response = client.get("/can-bo/ho-so/")

    assert response.status_code == 403
    assert "không có vai trò" in response.content.decode()


def test_only_roles_in_the_current_agency_count(client, officer):
    other = AgencyFactory()
    RoleAssignment.objects.create(user=officer, agency=other, role=Role.SPECIALIST)
    client.force_login(officer)
    client.post("/can-bo/co-quan/", {"agency": officer.roles.first().agency.code})
    assert client.get("/can-bo/tiep-nhan/").status_code == 200

    response = client.post(
        "/can-bo/co-quan/", {"agency": other.code, "next": "/can-bo/tiep-nhan/"}
    )

    assert response["Location"] == "/can-bo/tiep-nhan/"
    assert client.get("/can-bo/tiep-nhan/").status_code == 403


def test_an_agency_the_officer_has_no_role_in_cannot_be_chosen(desk_client, agency):
    stranger = AgencyFactory()

    response = desk_client.post(
        "/can-bo/co-quan/",
        {"agency": stranger.code, "next": "https://evil.example/"},
        follow=True,
    )

    assert response.redirect_chain[0][0] == "/can-bo/"
    assert "Bạn không có vai trò nào trong cơ quan đó" in response.content.decode()
    assert response.context["workplace"].agency == agency


def test_another_agencys_dossier_does_not_exist_for_the_officer(desk_client):
    dossier = DossierFactory()  # received by another agency

    assert desk_client.get(f"/can-bo/ho-so/{dossier.code}/").status_code == 404
    assert (
        desk_client.get(f"/can-bo/ho-so/{dossier.code}/mau/receipt.pdf").status_code
        == 404
    )
    file_url = f"/can-bo/ho-so/{dossier.code}/tep/1/"
    assert desk_client.get(file_url).status_code == 404
