from datetime import date

import pytest

from motcua.accounts.tests.factories import AgencyFactory
from motcua.catalog.domain import CatalogRuleBroken, VersionAction, VersionStatus
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.queries import CatalogFilter, catalog_search, procedure_in_force
from motcua.catalog.services import (
    Decision,
    abolish_procedure,
    create_draft,
    draft_amendment,
    publish_version,
    replace_procedure,
)
from motcua.catalog.tests.factories import birth_registration_spec, published_procedure

pytestmark = pytest.mark.django_db


def test_a_new_draft_is_not_public():
    published_procedure()  # creates levels and field
    draft = create_draft(
        birth_registration_spec(code="1.000894", name="Đăng ký kết hôn")
    )
    assert draft.status == VersionStatus.DRAFT
    assert procedure_in_force("1.000894", on=date(2026, 1, 1)) is None


def test_publishing_makes_the_version_public_from_its_effective_date():
    version = published_procedure(effective_from=date(2025, 7, 1))
    assert version.status == VersionStatus.PUBLISHED
    assert procedure_in_force("1.001193", on=date(2025, 6, 30)) is None
    assert procedure_in_force("1.001193", on=date(2025, 7, 1)) == version


def test_drafts_link_the_agencies_of_their_functions():
    commune = AgencyFactory(function="commune_pc")
    AgencyFactory(function="dept_justice", kind="department")
    version = published_procedure()
    assert list(version.agencies.all()) == [commune]


def test_an_amendment_copies_everything_and_takes_over_on_its_date():
    v1 = published_procedure(effective_from=date(2025, 7, 1))
    draft = draft_amendment(v1.procedure)
    draft.name = "Đăng ký khai sinh (sửa đổi)"
    draft.save()
    v2 = publish_version(
        draft,
        decision=Decision(effective_from=date(2026, 1, 1)),
        action=VersionAction.AMEND,
    )

    assert (v2.number, v2.action) == (2, "amend")
    assert v2.documents.count() == v1.documents.count() == 2
    assert v2.channels.get(channel="desk").fees.get().amount == 8000
    assert procedure_in_force("1.001193", on=date(2025, 12, 31)).number == 1
    assert procedure_in_force("1.001193", on=date(2026, 1, 1)).number == 2
    v1.refresh_from_db()
    assert v1.effective_to == date(2026, 1, 1)


def test_a_procedure_has_at_most_one_draft():
    version = published_procedure()
    draft_amendment(version.procedure)
    with pytest.raises(CatalogRuleBroken, match="already has a draft"):
        draft_amendment(version.procedure)


def test_an_amendment_cannot_predate_the_version_in_force():
    v1 = published_procedure(effective_from=date(2025, 7, 1))
    draft = draft_amendment(v1.procedure)
    with pytest.raises(CatalogRuleBroken):
        publish_version(draft, decision=Decision(effective_from=date(2025, 7, 1)))
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    v1.refresh_from_db()
    assert v1.effective_to is None


def test_a_published_version_cannot_be_published_again():
    version = published_procedure()
    with pytest.raises(CatalogRuleBroken, match="already published"):
        publish_version(version, decision=Decision(effective_from=date(2026, 1, 1)))


def test_abolition_removes_the_procedure_from_the_catalog_from_that_day():
    version = published_procedure(effective_from=date(2025, 7, 1))
    abolish_procedure(
        version.procedure, decision=Decision(effective_from=date(2026, 2, 1))
    )
    assert catalog_search(CatalogFilter(), on=date(2026, 1, 31)).count() == 1
    assert catalog_search(CatalogFilter(), on=date(2026, 2, 1)).count() == 0


def test_replacement_ends_the_old_code_and_publishes_the_new_one():
    old = published_procedure(effective_from=date(2025, 7, 1))
    draft = create_draft(
        birth_registration_spec(code="1.013000", name="Đăng ký khai sinh mới")
    )
    new = replace_procedure(
        old.procedure, by=draft, decision=Decision(effective_from=date(2026, 1, 1))
    )
    old.procedure.refresh_from_db()
    assert old.procedure.replaced_by == new.procedure
    assert new.action == "replace"
    codes = [v.code for v in catalog_search(CatalogFilter(), on=date(2026, 1, 1))]
    assert codes == ["1.013000"]


def test_a_malformed_code_is_refused():
    published_procedure()
    with pytest.raises(CatalogRuleBroken, match="not a national code"):
        create_draft(birth_registration_spec(code="1001193"))
    assert ProcedureVersion.objects.count() == 1


@pytest.mark.parametrize(
    "query",
    [
        "dang ky khai sinh",
        "Đăng ký khai sinh",
        "khai sinh",
        "KHAI SI",
        "1.001193",
        "001193",
    ],
)
def test_search_ignores_case_and_diacritics_and_matches_word_prefixes(query):
    published_procedure()
    found = catalog_search(CatalogFilter(search=query), on=date(2026, 1, 1))
    assert [v.code for v in found] == ["1.001193"]


@pytest.mark.parametrize("query", ["hai sinh", "ket hon", "khai sinhx"])
def test_search_does_not_match_inside_words_or_other_names(query):
    published_procedure()
    assert not catalog_search(CatalogFilter(search=query), on=date(2026, 1, 1)).exists()


def test_filters_combine():
    published_procedure()
    today = date(2026, 1, 1)
    assert (
        catalog_search(
            CatalogFilter(level="commune", online_level="partial"), on=today
        ).count()
        == 1
    )
    assert catalog_search(CatalogFilter(level="province"), on=today).count() == 0
    assert catalog_search(CatalogFilter(field="CHUNGTHUC"), on=today).count() == 0
