import io
import json
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

import pytest

from motcua.catalog.services import draft_amendment
from motcua.dossiers.tests.factories import receivable_procedure
from motcua.dossiers.tests.helpers import five_day_procedure
from motcua.eforms.models import EForm
from motcua.eforms.services import (
    SEED_FILE,
    build_form,
    copy_to,
    prefill_from,
    save_eform,
    seed_eforms,
    validate,
)
from motcua.integrations.population.domain import Citizen

pytestmark = pytest.mark.django_db

BIRTH = json.loads(SEED_FILE.read_text(encoding="utf-8"))["1.001193"]


@pytest.fixture
def eform():
    version = receivable_procedure(code="1.001193")
    assert seed_eforms() == 1
    return EForm.objects.get(version=version)


def good_data():
    return {
        "requester_name": "Nguyễn Văn An",
        "requester_personal_id": "079090001234",
        "requester_residence": "12 Lê Lợi, phường Bến Thành",
        "relation": "Cha",
        "child_name": "Nguyễn Minh Khôi",
        "child_birth_date": "2025-09-05",
        "child_sex": "male",
        "child_ethnicity": "Kinh",
        "child_nationality": "Việt Nam",
        "child_birth_place": "Bệnh viện Từ Dũ, Quận 1",
        "child_hometown": "Long An",
        "mother_name": "Trần Thị Bình",
        "mother_birth_date": "1995-03-02",
        "mother_ethnicity": "Kinh",
        "mother_nationality": "Việt Nam",
        "mother_residence": "12 Lê Lợi, phường Bến Thành",
    }


def test_seeded_birth_form_has_the_official_fields(eform):
    keys = set(eform.schema["properties"])
    for key in (
        "child_name",
        "child_sex",
        "child_birth_date",
        "child_birth_place",
        "child_ethnicity",
        "child_nationality",
        "child_hometown",
        "mother_name",
        "mother_personal_id",
        "father_residence",
        "relation",
    ):
        assert key in keys
    assert seed_eforms() == 0  # idempotent


def test_saving_an_invalid_schema_is_refused_in_vietnamese(eform):
    eform.schema = {"type": "object", "properties": {"a": {"type": 3}}}
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        save_eform(eform)
    assert "JSON Schema" in str(refused.value)
    with pytest.raises(ValidationError):
        eform.save()


def test_save_counts_revisions(eform, django_user_model):
    user = django_user_model.objects.create(username="quantri")
    eform.title = "Tờ khai"
    save_eform(eform, user=user)
    eform.refresh_from_db()
    assert (eform.revision, eform.updated_by) == (2, user)


def test_validate_gives_vietnamese_and_english_messages(eform):
    assert validate(eform, good_data()) == {}
    data = good_data() | {"child_birth_date": "2025-02-30", "copies": 20}
    del data["child_name"]
    data["requester_personal_id"] = "999090001234"
    with translation.override("vi"):
        errors = validate(eform, data)
    assert errors["child_name"] == ["Thông tin này là bắt buộc."]
    assert "dd/mm/yyyy" in errors["child_birth_date"][0]
    assert errors["copies"] == ["Hãy nhập giá trị không lớn hơn 10."]
    assert "tỉnh" in errors["requester_personal_id"][0]
    with translation.override("en"):
        errors = validate(eform, data)
    assert errors["child_name"] == ["This information is required."]


def test_form_reads_dates_day_first_and_stores_iso(eform):
    post = good_data() | {"child_birth_date": "05/09/2025"}
    post["mother_birth_date"] = "02/03/1995"
    form = build_form(eform, data=post)
    assert form.is_valid(), form.errors
    assert form.json_data["child_birth_date"] == "2025-09-05"
    bad = build_form(eform, data=post | {"child_birth_date": "31/02/2025"})
    assert not bad.is_valid()
    assert "child_birth_date" in bad.errors


def test_rendered_form_is_labelled_and_describes_errors(eform):
    form = build_form(eform, data={"child_name": "X"})
    form.is_valid()
    with translation.override("vi"):
        html = form.render_html()
    assert html.count('<fieldset class="eform-section">') == 4
    assert "<legend>Người được khai sinh</legend>" in html
    assert 'for="id_child_name"' in html
    assert 'aria-describedby="id_child_name-errors"' in html
    assert 'id="id_child_name-errors"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-required="true"' in html
    assert 'placeholder="dd/mm/yyyy"' in html


def test_prefilled_fields_are_locked_unless_corrected(eform):
    prefilled = {"requester_name": "Nguyễn Văn An"}
    locked = {"requester_name"}
    form = build_form(eform, prefilled=prefilled, locked=locked)
    html = form.render_html()
    assert 'value="Nguyễn Văn An"' in html
    assert "readonly" in html
    post = good_data() | {"requester_name": "Tên Khác"}
    form = build_form(eform, data=post, prefilled=prefilled, locked=locked)
    assert form.is_valid(), form.errors
    assert form.json_data["requester_name"] == "Nguyễn Văn An"
    assert form.corrected == set()
    html = form.render_html()
    assert 'value="Nguyễn Văn An"' in html
    assert "Tên Khác" not in html
    assert "id_requester_name-prefilled" in html
    post["requester_name__correct"] = "on"
    unlocking = post | {"requester_name": "Nguyễn Văn An"}
    form = build_form(eform, data=unlocking, prefilled=prefilled, locked=locked)
    assert form.is_valid()
    assert (form.unlocking, form.corrected) == ({"requester_name"}, set())
    assert "readonly" not in form.render_html()
    form = build_form(eform, data=post, prefilled=prefilled, locked=locked)
    assert form.is_valid(), form.errors
    assert form.json_data["requester_name"] == "Tên Khác"
    assert form.corrected == {"requester_name"}
    assert "readonly" not in form.render_html()


def test_a_draft_amendment_gets_a_copy_of_the_e_form(eform):
    draft = draft_amendment(eform.version.procedure)
    copy = EForm.objects.get(version=draft)
    assert copy.pk != eform.pk
    assert copy.schema == eform.schema
    assert copy.layout == eform.layout
    assert copy.title == eform.title
    # Copied once: the draft's own e-form is never overwritten.
    assert copy_to(eform.version, draft) is None


def test_copy_to_a_version_without_e_form(eform):
    draft = draft_amendment(eform.version.procedure)
    EForm.objects.filter(version=draft).delete()
    copy = copy_to(eform.version, draft)
    assert copy.schema == eform.schema
    assert copy.version == draft


def test_a_draft_of_a_version_without_e_form_has_none(db):
    version = receivable_procedure(code="1.001193")
    draft = draft_amendment(version.procedure)
    assert not EForm.objects.filter(version=draft).exists()


def test_the_e_form_copy_rolls_back_with_a_failed_draft(eform, monkeypatch):
    from django.db import transaction

    from motcua.catalog import signals

    def boom(**kwargs):
        raise RuntimeError("after the copy")

    signals.version_drafted.connect(boom, dispatch_uid="test-boom")
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            draft_amendment(eform.version.procedure)
    finally:
        signals.version_drafted.disconnect(dispatch_uid="test-boom")
    assert EForm.objects.count() == 1


def test_seed_command(db):
    five_day_procedure(code="1.004873")
    out = io.StringIO()
    call_command("seed_eforms", stdout=out)
    assert "1" in out.getvalue()
    assert EForm.objects.get().title.startswith("Tờ khai cấp Giấy xác nhận")


def test_api_reads_and_validates(eform, client):
    url = reverse("api:v1:procedure-eform", args=["1.001193"])
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer.json()["schema"]["properties"]["child_name"]
    assert (
        client.get(reverse("api:v1:procedure-eform", args=["9.999999"])).status_code
        == 404
    )
    url = reverse("api:v1:procedure-eform-validate", args=["1.001193"])
    answer = client.post(url, good_data(), content_type="application/json")
    assert answer.json() == {"valid": True, "errors": {}}
    answer = client.post(
        url,
        {"child_name": "X"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    body = answer.json()
    assert body["valid"] is False
    assert body["errors"]["child_name"] == ["Hãy nhập ít nhất 2 ký tự."]


def test_admin_shows_a_preview(eform, admin_client):
    answer = admin_client.get(reverse("admin:eforms_eform_change", args=[eform.pk]))
    assert answer.status_code == 200
    assert "Người được khai sinh" in answer.content.decode()


def test_admin_refuses_a_bad_layout_in_vietnamese(eform, admin_client):
    url = reverse("admin:eforms_eform_change", args=[eform.pk])
    layout = {"sections": [{"title": "A", "fields": [{"key": "nope"}]}]}
    answer = admin_client.post(
        url,
        {
            "version": eform.version.pk,
            "title": eform.title,
            "schema": json.dumps(eform.schema),
            "layout": json.dumps(layout),
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert answer.status_code == 200
    page = answer.content.decode()
    assert "Bố cục nêu trường “nope” không có trong lược đồ." in page
    eform.refresh_from_db()
    assert eform.revision == 1


def test_prefill_from_a_registry_record(db):
    five_day_procedure(code="1.004873")
    seed_eforms()
    eform = EForm.objects.get()
    record = Citizen(
        personal_id="079090001234",
        full_name="Lê Thị Hoa",
        birth_date=date(1990, 1, 2),
        sex="female",
        current_address="5 Nguyễn Huệ, phường Bến Nghé",
    ).as_dict()
    values, locked = prefill_from(eform, record)
    assert values["requester_name"] == "Lê Thị Hoa"
    assert values["sex"] == "female"
    assert locked == set(values)
    html = build_form(eform, prefilled=values, locked=locked).render_html()
    assert 'value="02/01/1990"' in html
    assert "Nữ" in html


def test_every_seed_form_fits_the_seeded_catalog(db):
    from motcua.demo.seed import (
        load_administrative_tree,
        load_agencies,
        load_catalog,
        read_seed_catalog,
    )

    load_administrative_tree(settings.MOTCUA_PROVINCE_CODE)
    load_agencies(settings.MOTCUA_PROVINCE_CODE)
    load_catalog(read_seed_catalog())
    assert seed_eforms() == 4
    for eform in EForm.objects.select_related("version__procedure"):
        assert eform.version.online_level != "none"
        assert "__all__" not in validate(eform, {})
        build_form(eform).render_html()
