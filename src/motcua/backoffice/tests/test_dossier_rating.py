"""The dossier page and the API show the applicant's rating to the agency."""

from django.test import Client

import pytest

from motcua.dossiers.domain import Status
from motcua.filing.services import rate
from motcua.filing.tests.factories import online_dossier, online_setup


@pytest.fixture
def setup(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return online_setup()


def page_of(setup, dossier):
    client = Client()
    client.force_login(setup.desk)
    answer = client.get(f"/can-bo/ho-so/{dossier.code}/")
    assert answer.status_code == 200
    return answer.content.decode()


def test_the_rating_shows_once_given(setup):
    dossier = online_dossier(setup)
    assert "Đánh giá của người nộp" not in page_of(setup, dossier)
    dossier.status = Status.RETURNED
    dossier.save(update_fields=["status"])
    rate(
        dossier,
        user=setup.citizen,
        overall="dissatisfied",
        convenience="satisfied",
        staff="very_satisfied",
        comment="Phải chờ lâu ở quầy",
    )
    html = page_of(setup, dossier)
    assert "Đánh giá của người nộp" in html
    assert "Không hài lòng" in html
    assert "Rất hài lòng" in html
    assert "Phải chờ lâu ở quầy" in html


def test_the_api_gives_the_rating_to_the_agency(setup):
    dossier = online_dossier(setup)
    client = Client()
    client.force_login(setup.desk)
    url = f"/api/v1/dossiers/{dossier.code}"
    assert client.get(url).json()["rating"] is None
    dossier.status = Status.RETURNED
    dossier.save(update_fields=["status"])
    rate(
        dossier,
        user=setup.citizen,
        overall="satisfied",
        convenience="satisfied",
        staff="very_satisfied",
    )
    rating = client.get(url).json()["rating"]
    assert rating["overall"] == "satisfied"
    assert rating["staff"] == "very_satisfied"
    assert rating["comment"] == ""
