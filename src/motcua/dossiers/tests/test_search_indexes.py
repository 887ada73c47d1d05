"""Dossier and applicant search by folded word prefixes, and its indexes."""

from django.db import connection

import pytest

from motcua.core.text import search_document
from motcua.dossiers.models import Applicant, Dossier

from .factories import ApplicantFactory, DossierFactory

pytestmark = pytest.mark.django_db


def _indexes(table: str) -> dict[str, str]:
    """Return {index name: its definition} of ``table``."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name, coalesce(sql, '') FROM sqlite_master"
                " WHERE type = 'index' AND tbl_name = %s",
                [table],
            )
        return dict(cursor.fetchall())


def test_search_text_has_no_btree_index_and_a_trigram_one_on_postgresql():
    for table, name in (
        ("dossiers_dossier", "dossier_search"),
        ("dossiers_applicant", "applicant_search"),
    ):
        indexes = _indexes(table)
        assert f"{name}_idx" not in indexes
        if connection.vendor == "postgresql":
            assert "USING gin (search_text gin_trgm_ops)" in indexes[f"{name}_trgm"]
        else:
            assert f"{name}_trgm" not in indexes


def test_a_name_typed_without_diacritics_finds_the_dossier_by_word_prefix():
    dossier = DossierFactory()
    Dossier.objects.filter(pk=dossier.pk).update(
        search_text=search_document(
            dossier.code, "Nguyễn Thị Ngọc Hạnh", "080190000001"
        )
    )
    DossierFactory()

    found = Dossier.objects.filter(search_text__contains=" ngoc han").filter(
        search_text__contains=" nguyen"
    )

    assert list(found) == [dossier]
    assert not Dossier.objects.filter(search_text__contains=" hanh ngoc").exists()


def test_applicants_are_found_by_a_prefix_of_their_id_number():
    applicant = ApplicantFactory(full_name="Trần Văn Đức", personal_id="080190000777")
    Applicant.objects.filter(pk=applicant.pk).update(
        search_text=search_document(applicant.full_name, applicant.personal_id)
    )

    assert list(Applicant.objects.filter(search_text__contains=" 0801900007")) == [
        applicant
    ]
    assert list(Applicant.objects.filter(search_text__contains=" tran van duc ")) == [
        applicant
    ]
