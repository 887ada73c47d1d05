from datetime import date

from django.contrib.admin.models import LogEntry
from django.urls import reverse

import pytest

from motcua.accounts.domain import Role
from motcua.accounts.services import grant_role
from motcua.accounts.tests.factories import AgencyFactory, UserFactory
from motcua.catalog.domain import VersionAction, VersionStatus
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services import create_draft, draft_amendment
from motcua.catalog.tests.factories import birth_registration_spec, published_procedure

pytestmark = pytest.mark.django_db

DECISION = {
    "number": "1872/QĐ-BTP",
    "signed_on": "20/06/2025",
    "issuer": "Bộ Tư pháp",
    "effective_from": "01/07/2025",
}


def url(name, *args):
    return reverse(f"admin:catalog_{name}", args=args)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def death_registration_draft():
    published_procedure()
    return create_draft(
        birth_registration_spec(code="1.000656", name="Đăng ký khai tử")
    )


@pytest.mark.parametrize("model", ["field", "procedure", "procedureversion"])
def test_catalog_changelists_and_add_pages_load(admin_client, model):
    published_procedure()

    assert admin_client.get(url(f"{model}_changelist")).status_code == 200
    assert admin_client.get(url(f"{model}_add")).status_code == 200


def test_catalog_change_pages_load(admin_client):
    version = published_procedure()
    channel = version.channels.get(channel="desk")

    for name, pk in [
        ("field_change", version.field_id),
        ("procedure_change", version.procedure_id),
        ("procedureversion_change", version.pk),
        ("channeloption_change", channel.pk),
    ]:
        response = admin_client.get(url(name, pk))
        assert response.status_code == 200, name
    assert (
        "8.000 đ"
        in admin_client.get(url("procedureversion_change", version.pk)).content.decode()
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dang ky khai sinh", ["1.001193"]),
        ("Đăng ký khai sinh", ["1.001193"]),
        ("khai", ["1.000656", "1.001193"]),
        ("1.000656", ["1.000656"]),
    ],
)
def test_procedure_changelist_searches_folded_names(admin_client, query, expected):
    death_registration_draft()

    response = admin_client.get(url("procedure_changelist"), {"q": query})

    assert [p.code for p in response.context["cl"].result_list] == expected


def test_version_changelist_searches_folded_names_and_codes(admin_client):
    death_registration_draft()
    changelist = url("procedureversion_changelist")

    by_name = admin_client.get(changelist, {"q": "khai tu"}).context["cl"].result_list
    by_code = admin_client.get(changelist, {"q": "1.001193"}).context["cl"].result_list

    assert [v.procedure.code for v in by_name] == ["1.000656"]
    assert [v.procedure.code for v in by_code] == ["1.001193"]


def test_procedure_changelist_is_in_vietnamese(admin_client):
    published_procedure()

    response = admin_client.get(url("procedure_changelist"), HTTP_ACCEPT_LANGUAGE="vi")

    page = response.content.decode()
    assert "Thủ tục hành chính" in page
    assert "Quản trị hệ thống một cửa" in page
    assert "Đang có hiệu lực (phiên bản 1)" in page


def test_publishing_a_draft_records_the_decision_and_logs_it(admin_client):
    # given
    draft = death_registration_draft()

    # when
    response = admin_client.post(url("procedureversion_publish", draft.pk), DECISION)

    # then
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.action) == (
        VersionStatus.PUBLISHED,
        VersionAction.PUBLISH,
    )
    assert (draft.effective_from, draft.decision_number, draft.decision_issuer) == (
        date(2025, 7, 1),
        "1872/QĐ-BTP",
        "Bộ Tư pháp",
    )
    entry = LogEntry.objects.get(object_id=str(draft.pk))
    assert "1872/QĐ-BTP" in entry.get_change_message()


def test_publishing_an_amendment_marks_it_amended(admin_client):
    version = published_procedure()
    draft = draft_amendment(version.procedure)

    admin_client.post(
        url("procedureversion_publish", draft.pk),
        {**DECISION, "effective_from": "01/01/2026"},
    )

    draft.refresh_from_db()
    version.refresh_from_db()
    assert (draft.status, draft.action) == (
        VersionStatus.PUBLISHED,
        VersionAction.AMEND,
    )
    assert version.effective_to == date(2026, 1, 1)


def test_publishing_before_the_previous_version_is_refused_in_vietnamese(
    admin_client,
):
    # given
    version = published_procedure(effective_from=date(2025, 7, 1))
    draft = draft_amendment(version.procedure)

    # when
    response = admin_client.post(
        url("procedureversion_publish", draft.pk),
        {**DECISION, "effective_from": "01/06/2025", "signed_on": "01/05/2025"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )

    # then
    assert response.status_code == 200
    assert messages_of(response) == [
        "Phiên bản 1 đã có hiệu lực từ 01/07/2025; phiên bản mới phải có "
        "hiệu lực sau ngày đó."
    ]
    draft.refresh_from_db()
    version.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert version.effective_to is None
    assert not LogEntry.objects.exists()


def test_the_decision_form_shows_its_errors_in_vietnamese(admin_client):
    draft = death_registration_draft()

    response = admin_client.post(
        url("procedureversion_publish", draft.pk),
        {"number": "", "signed_on": "31/02/2025", "issuer": "Bộ Tư pháp"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )

    errors = response.context["form"].errors
    assert errors["number"] == ["Trường này là bắt buộc."]
    assert errors["signed_on"] == ["Nhập một ngày hợp lệ."]
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_decision_cannot_take_effect_before_it_is_signed(admin_client):
    draft = death_registration_draft()

    response = admin_client.post(
        url("procedureversion_publish", draft.pk),
        {**DECISION, "signed_on": "02/07/2025"},
    )

    assert "effective_from" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_drafting_an_amendment_opens_the_new_draft(admin_client):
    version = published_procedure()

    response = admin_client.post(url("procedure_amend", version.procedure_id))

    draft = ProcedureVersion.objects.get(procedure=version.procedure, number=2)
    assert response.url == url("procedureversion_change", draft.pk)
    assert draft.status == VersionStatus.DRAFT
    assert list(draft.documents.values_list("name", flat=True)) == list(
        version.documents.values_list("name", flat=True)
    )
    assert LogEntry.objects.filter(object_id=str(version.procedure_id)).exists()


def test_drafting_a_second_amendment_is_refused(admin_client):
    version = published_procedure()
    draft_amendment(version.procedure)

    response = admin_client.post(
        url("procedure_amend", version.procedure_id), HTTP_ACCEPT_LANGUAGE="vi"
    )

    assert response.status_code == 200
    assert messages_of(response) == [
        "Thủ tục đã có một phiên bản dự thảo; hãy sửa phiên bản đó."
    ]
    assert version.procedure.versions.count() == 2


def test_abolishing_ends_the_version_in_force(admin_client):
    version = published_procedure()

    response = admin_client.post(
        url("procedure_abolish", version.procedure_id),
        {**DECISION, "effective_from": "01/01/2026"},
    )

    assert response.status_code == 302
    version.refresh_from_db()
    assert version.effective_to == date(2026, 1, 1)
    entry = LogEntry.objects.get(object_id=str(version.procedure_id))
    assert "01/01/2026" in entry.get_change_message()


def test_abolishing_from_before_the_version_started_changes_nothing(admin_client):
    version = published_procedure(effective_from=date(2025, 7, 1))

    response = admin_client.post(
        url("procedure_abolish", version.procedure_id),
        {**DECISION, "signed_on": "01/01/2025", "effective_from": "01/02/2025"},
    )

    assert response.status_code == 200
    assert len(messages_of(response)) == 1
    version.refresh_from_db()
    assert version.effective_to is None
    assert not LogEntry.objects.exists()


def test_replacing_publishes_the_new_procedure_and_ends_the_old(admin_client):
    # given
    draft = death_registration_draft()
    old = Procedure.objects.get(code="1.001193")

    # when
    response = admin_client.post(
        url("procedure_replace", old.pk),
        {**DECISION, "replacement": draft.pk, "effective_from": "01/01/2026"},
    )

    # then
    assert response.status_code == 302
    old.refresh_from_db()
    draft.refresh_from_db()
    assert old.replaced_by == draft.procedure
    assert (draft.status, draft.action) == (
        VersionStatus.PUBLISHED,
        VersionAction.REPLACE,
    )
    assert old.versions.get().effective_to == date(2026, 1, 1)


def test_replacing_by_a_published_version_is_refused(admin_client):
    death_registration_draft()
    old = Procedure.objects.get(code="1.001193")
    published = old.versions.get()

    response = admin_client.post(
        url("procedure_replace", old.pk), {**DECISION, "replacement": published.pk}
    )

    assert "replacement" in response.context["form"].errors
    old.refresh_from_db()
    assert old.replaced_by is None


def test_a_published_version_is_read_only(admin_client):
    version = published_procedure()

    page = admin_client.get(url("procedureversion_change", version.pk))
    response = admin_client.post(
        url("procedureversion_change", version.pk), {"name": "Tên khác"}
    )

    assert 'name="_save"' not in page.content.decode()
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.name == "Đăng ký khai sinh"


def draft_form_data(version, **changes):
    data = {
        "name": version.name,
        "level": version.level_id,
        "field": version.field_id,
        "agency_functions": version.agency_functions,
        "legal_basis": '[{"number": "60/2014/QH13", "title": "Luật Hộ tịch"}]',
        "results": '["Trích lục khai tử"]',
        "online_level": version.online_level,
        "decision_date": "",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "channels-TOTAL_FORMS": "0",
        "channels-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_draft_is_edited_and_follows_its_agency_functions(admin_client):
    # given
    draft = death_registration_draft()
    police = AgencyFactory(function="commune_police", kind="police")

    # when
    response = admin_client.post(
        url("procedureversion_change", draft.pk),
        draft_form_data(
            draft, name="Đăng ký khai tử lưu động", agency_functions="commune_police"
        ),
    )

    # then
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.name == "Đăng ký khai tử lưu động"
    assert " luu dong " in draft.search_text
    assert list(draft.agencies.all()) == [police]


def test_a_draft_with_malformed_legal_basis_is_refused(admin_client):
    draft = death_registration_draft()

    response = admin_client.post(
        url("procedureversion_change", draft.pk),
        draft_form_data(draft, legal_basis='"Luật Hộ tịch"'),
    )

    assert "legal_basis" in response.context["adminform"].form.errors


def test_adding_a_version_numbers_it_after_the_latest(admin_client):
    version = published_procedure()

    response = admin_client.post(
        url("procedureversion_add"),
        draft_form_data(version, procedure=version.procedure_id),
    )

    assert response.status_code == 302
    assert version.procedure.versions.get(number=2).status == VersionStatus.DRAFT


def test_a_procedure_code_must_be_a_national_code(admin_client):
    response = admin_client.post(url("procedure_add"), {"code": "KS-01"})

    assert "code" in response.context["adminform"].form.errors
    assert not Procedure.objects.exists()


def test_an_agency_administrator_manages_the_catalog(client):
    version = published_procedure()
    officer = UserFactory(is_staff=True)
    grant_role(officer, agency=AgencyFactory(), role=Role.ADMINISTRATOR)
    client.force_login(officer)

    assert client.get(url("procedure_changelist")).status_code == 200
    assert client.post(url("procedure_amend", version.procedure_id)).status_code == 302


def test_staff_without_a_catalog_role_cannot_change_it(client):
    version = published_procedure()
    client.force_login(UserFactory(is_staff=True))

    assert client.get(url("procedure_changelist")).status_code == 403
    assert client.post(url("procedure_amend", version.procedure_id)).status_code == 403
    assert version.procedure.versions.count() == 1


def test_the_procedure_page_offers_the_versioning_actions(admin_client):
    version = published_procedure()
    procedure = version.procedure

    page = admin_client.get(url("procedure_change", procedure.pk)).content.decode()

    for action in ("amend", "abolish", "replace"):
        assert url(f"procedure_{action}", procedure.pk) in page
    draft = draft_amendment(procedure)
    page = admin_client.get(url("procedure_change", procedure.pk)).content.decode()
    assert url("procedureversion_change", draft.pk) in page
    assert url("procedure_amend", procedure.pk) not in page


def test_the_fees_of_a_published_version_cannot_be_changed(admin_client):
    version = published_procedure()
    channel = version.channels.get(channel="desk")

    response = admin_client.post(
        url("channeloption_change", channel.pk),
        {
            "channel": "desk",
            "time_amount": "1",
            "time_unit": "working_days",
            "fees-TOTAL_FORMS": "0",
            "fees-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 403
    channel.refresh_from_db()
    assert channel.time_unit == "same_day"
