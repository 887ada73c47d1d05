"""Editing processes in the admin: checked on save, JSON import and export."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from motcua.accounts.tests.factories import UserFactory
from motcua.workflow.models import Process
from motcua.workflow.services import process_for

from .world import procedure


@pytest.fixture
def admin_client(client, world):
    client.force_login(
        UserFactory(username="quantri", is_staff=True, is_superuser=True)
    )
    return client


@pytest.fixture
def process(world):
    return process_for(procedure(), None)


def form_data(process, changes=None):
    changes = changes or {}
    data = {
        "procedure_version": process.procedure_version_id,
        "agency": "",
        "kind": process.kind,
        "name": process.name,
        "is_active": "on",
    }
    steps = list(process.steps.order_by("position"))
    prefix = "steps"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": len(steps),
            f"{prefix}-INITIAL_FORMS": len(steps),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    )
    for i, step in enumerate(steps):
        row = {
            "id": step.pk,
            "process": process.pk,
            "position": step.position,
            "key": step.key,
            "name": step.name,
            "role": step.role,
            "agency_rule": step.agency_rule,
            "agency_function": step.agency_function,
            "budget_amount": step.budget_amount,
            "budget_unit": step.budget_unit,
            "actions": step.actions,
            "routes": json.dumps(step.routes),
            "transfer_function": step.transfer_function,
        }
        row.update(changes.get(i, {}))
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_the_process_page_shows_steps_with_action_checkboxes(admin_client, process):
    page = admin_client.get(f"/admin/workflow/process/{process.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="checkbox" name="steps-1-actions" value="request_supplement"' in html


def test_saving_a_sound_process(admin_client, process):
    data = form_data(process, {1: {"name": "Thẩm định, xác minh"}})
    response = admin_client.post(f"/admin/workflow/process/{process.pk}/change/", data)
    assert response.status_code == 302
    assert process.steps.get(key="appraise").name == "Thẩm định, xác minh"


def test_saving_shows_the_problems_and_keeps_nothing(admin_client, process):
    data = form_data(
        process,
        {
            1: {"routes": json.dumps([{"to": "nowhere", "label": ""}])},
            3: {"role": "specialist"},
        },
    )
    response = admin_client.post(f"/admin/workflow/process/{process.pk}/change/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist nonform"' in html
    assert html.count("nowhere") >= 2  # the field and the problem naming it
    assert process.steps.get(key="appraise").routes == [{"to": "approve", "label": ""}]


def test_export_and_import_buttons(admin_client, process):
    page = admin_client.get("/admin/workflow/process/")
    assert "/admin/workflow/process/import/" in page.content.decode()
    exported = admin_client.get("/admin/workflow/process/export/")
    assert exported.status_code == 200
    document = json.loads(exported.content)
    document["processes"][0]["name"] = "Quy trình mới"
    upload = SimpleUploadedFile("p.json", json.dumps(document).encode())
    response = admin_client.post("/admin/workflow/process/import/", {"file": upload})
    assert response.status_code == 302
    assert Process.objects.filter(name="Quy trình mới", is_active=True).exists()
    upload = SimpleUploadedFile("p.json", b'{"format": "x"}')
    response = admin_client.post("/admin/workflow/process/import/", {"file": upload})
    assert response.status_code == 400
    assert "import-errors" in response.content.decode()


def test_tasks_are_read_only(admin_client):
    assert admin_client.get("/admin/workflow/dossiertask/add/").status_code == 403
