"""Every page of "my dossiers" tried by nobody, an officer and another citizen."""

from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse
from django.utils import timezone

import pytest

from motcua.dossiers.models import DossierFile
from motcua.dossiers.tests.factories import desk_officer
from motcua.filing.tests.my_dossiers import citizen, my_dossier
from motcua.payments.models import Payment

pytestmark = pytest.mark.django_db

# (URL name, method, which identifiers it takes)
ROUTES = [
    ("my_dossiers", "get", ()),
    ("my_dossier", "get", ("code",)),
    ("my_dossier_file", "get", ("code", "file")),
    ("my_receipt", "get", ("code", "payment")),
    ("my_payment", "post", ("code",)),
    ("my_supplement", "get", ("code",)),
    ("my_supplement", "post", ("code",)),
    ("my_withdrawal", "get", ("code",)),
    ("my_withdrawal", "post", ("code",)),
    ("my_rating", "get", ("code",)),
    ("my_rating", "post", ("code",)),
]
WITH_A_DOSSIER = [route for route in ROUTES if route[2]]
WITH_A_ROW = [route for route in ROUTES if len(route[2]) > 1]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _dossier_with_a_file_and_payment(user):
    dossier = my_dossier(user, in_progress=True)
    stored = DossierFile(
        dossier=dossier,
        original_name="a.pdf",
        content_type="application/pdf",
        size=4,
        sha256="0" * 64,
        uploaded_at=timezone.now(),
    )
    stored.file.save("a.pdf", ContentFile(b"%PDF"), save=False)
    stored.save()
    payment = Payment.objects.create(
        dossier=dossier,
        amount=8000,
        method="desk",
        state="paid",
        txn_ref=f"A{dossier.pk:010d}",
        paid_at=timezone.now(),
    )
    return {"code": dossier.code, "file": stored.pk, "payment": payment.pk}


@pytest.fixture
def owner():
    user = citizen()
    return user, _dossier_with_a_file_and_payment(user)


@pytest.fixture
def stranger():
    user = citizen("Trần Thị Bình")
    return user, _dossier_with_a_file_and_payment(user)


def url(name, kinds, ids):
    return reverse(f"portal:{name}", args=[ids[kind] for kind in kinds])


def call(client, method, address):
    return getattr(client, method)(address)


def test_every_my_dossiers_page_is_in_this_test():
    names = {
        pattern.name
        for pattern in get_resolver().url_patterns
        for pattern in getattr(pattern, "url_patterns", [pattern])
        if getattr(pattern, "name", "") and pattern.name.startswith("my_")
    }
    assert names == {name for name, _method, _kinds in ROUTES}


@pytest.mark.parametrize(("name", "method", "kinds"), ROUTES)
def test_nobody_is_sent_to_sign_in(client, owner, name, method, kinds):
    _user, ids = owner

    response = call(client, method, url(name, kinds, ids))

    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")


@pytest.mark.parametrize(("name", "method", "kinds"), ROUTES)
def test_an_officer_is_refused(client, owner, name, method, kinds):
    _user, ids = owner
    client.force_login(desk_officer())

    response = call(client, method, url(name, kinds, ids))

    assert response.status_code == 403


@pytest.mark.parametrize(("name", "method", "kinds"), WITH_A_DOSSIER)
def test_another_citizens_identifiers_are_not_found(
    client, owner, stranger, name, method, kinds
):
    _user, ids = owner
    other, _their_ids = stranger
    client.force_login(other)

    response = call(client, method, url(name, kinds, ids))

    assert response.status_code == 404
    # The 404 page tells nothing of the dossier (its address aside).
    assert "Đăng ký khai sinh" not in response.content.decode()


@pytest.mark.parametrize(("name", "method", "kinds"), WITH_A_ROW)
def test_the_owner_cannot_reach_another_dossiers_rows_through_theirs(
    client, owner, stranger, name, method, kinds
):
    user, ids = owner
    _other, theirs = stranger
    client.force_login(user)

    mixed = {**theirs, "code": ids["code"]}
    response = call(client, method, url(name, kinds, mixed))

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method", "kinds"), ROUTES)
def test_the_owner_is_let_in(client, owner, name, method, kinds):
    user, ids = owner
    client.force_login(user)

    response = call(client, method, url(name, kinds, ids))

    assert response.status_code not in (302, 403, 404, 500)


def test_the_list_shows_nothing_of_another_citizen(client, owner, stranger):
    user, ids = owner
    _other, theirs = stranger
    client.force_login(user)

    page = client.get(reverse("portal:my_dossiers")).content.decode()

    assert ids["code"] in page
    assert theirs["code"] not in page
