import datetime as dt

import pytest

from motcua.citizens.models import CitizenProfile, Representation

pytestmark = pytest.mark.django_db


def test_admin_lists_citizens_and_an_organisation_with_its_representatives(
    admin_client,
):
    person = CitizenProfile.objects.create(
        full_name="Nguyễn Văn An", personal_id="080090001234"
    )
    company = CitizenProfile.objects.create(
        kind="organisation", full_name="Công ty TNHH Sen Vàng", tax_code="1101234567"
    )
    Representation.objects.create(
        citizen=person,
        organisation=company,
        role="owner",
        valid_from=dt.date(2026, 1, 1),
    )
    assert admin_client.get("/admin/citizens/citizenprofile/").status_code == 200
    page = admin_client.get(f"/admin/citizens/citizenprofile/{company.pk}/change/")
    assert page.status_code == 200
    assert "Nguyễn Văn An" in page.content.decode()
    assert admin_client.get("/admin/citizens/representation/").status_code == 200
