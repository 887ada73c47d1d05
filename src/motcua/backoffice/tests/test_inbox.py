"""The officer's inbox (Việc cần làm): rows, filters, counts and queries."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from motcua.accounts.domain import Role
from motcua.dossiers.tests.factories import staff_member
from motcua.workflow.queries import open_task

from .test_processing import received

pytestmark = pytest.mark.django_db

INBOX = "/can-bo/viec-can-lam/"


def many(agency, officer, version, n):
    return [
        received(
            agency,
            officer,
            version,
            name=f"Người nộp {i}",
            pid=f"0800900{i:05d}",
        )
        for i in range(n)
    ]


def test_the_inbox_lists_the_desk_tasks_with_both_due_times(
    desk_client, agency, officer, version
):
    dossier = received(agency, officer, version, name="Nguyễn Văn An")
    response = desk_client.get(INBOX)
    html = response.content.decode()
    assert response.status_code == 200
    assert dossier.code in html
    assert "Nguyễn Văn An" in html
    task = open_task(dossier)
    assert task.step.name in html
    due = dossier.due_at.astimezone().strftime("%d/%m/%Y %H:%M")
    assert due in html
    assert "Việc cần làm" in html


def test_search_without_diacritics_and_the_htmx_partial(
    desk_client, agency, officer, version
):
    an = received(agency, officer, version, name="Nguyễn Văn An")
    binh = received(agency, officer, version, name="Trần Thị Bình", pid="080090000999")
    html = desk_client.get(INBOX, {"q": "tran thi binh"}).content.decode()
    assert binh.code in html
    assert an.code not in html
    partial = desk_client.get(
        INBOX,
        {"q": "nguyen"},
        headers={"HX-Request": "true", "HX-Target": "inbox-results"},
    ).content.decode()
    assert an.code in partial
    assert binh.code not in partial
    assert "<html" not in partial


def test_the_specialist_sees_only_their_role(desk_client, agency, officer, version):
    dossier = received(agency, officer, version)
    specialist = staff_member(agency, Role.SPECIALIST, username="cv")
    client = Client()
    client.force_login(specialist)
    assert dossier.code not in client.get(INBOX).content.decode()
    desk_client.post(
        f"/can-bo/ho-so/{dossier.code}/xu-ly/forward/",
        {"task": open_task(dossier).pk},
    )
    html = client.get(INBOX).content.decode()
    assert dossier.code in html
    assert f"/can-bo/ho-so/{dossier.code}/xu-ly/claim/" in html


def test_claim_from_the_row_returns_to_the_inbox(desk_client, agency, officer, version):
    dossier = received(agency, officer, version)
    desk_client.post(
        f"/can-bo/ho-so/{dossier.code}/xu-ly/forward/",
        {"task": open_task(dossier).pk},
    )
    specialist = staff_member(agency, Role.SPECIALIST, username="cv")
    client = Client()
    client.force_login(specialist)
    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/xu-ly/claim/",
        {"task": open_task(dossier).pk, "next": "inbox"},
    )
    assert response.status_code == 302
    assert response["Location"] == INBOX
    assert open_task(dossier).assignee == specialist


def test_the_inbox_runs_a_fixed_number_of_queries(
    desk_client, agency, officer, version
):
    many(agency, officer, version, 2)
    desk_client.get(INBOX)
    with CaptureQueriesContext(connection) as few:
        assert desk_client.get(INBOX).status_code == 200
    many(agency, officer, version, 8)
    with CaptureQueriesContext(connection) as more:
        html = desk_client.get(INBOX).content.decode()
    assert html.count("/xu-ly/claim/") + html.count("#xu-ly") >= 10
    assert len(more) == len(few), [q["sql"] for q in more.captured_queries]
    assert len(more) <= 17, [q["sql"][:160] for q in more.captured_queries]


def test_a_bad_filter_is_shown_not_a_crash(desk_client):
    response = desk_client.get(INBOX, {"tu": "32/13/2025", "muc_do": "x"})
    assert response.status_code == 200


def test_an_officer_without_agency_is_refused(client):
    from motcua.accounts.tests.factories import UserFactory

    client = Client()
    client.force_login(UserFactory(username="dan"))
    assert client.get(INBOX).status_code == 403


def test_filter_by_procedure_status_and_urgency(desk_client, agency, officer, version):
    dossier = received(agency, officer, version)
    html = desk_client.get(INBOX, {"thu_tuc": version.pk}).content.decode()
    assert dossier.code in html
    assert f'<option value="{version.pk}" selected>' in html
    assert (
        dossier.code
        not in desk_client.get(INBOX, {"status": "in_progress"}).content.decode()
    )
    assert (
        dossier.code not in desk_client.get(INBOX, {"muc_do": "late"}).content.decode()
    )
    assert (
        dossier.code in desk_client.get(INBOX, {"status": "received"}).content.decode()
    )


def test_a_leader_is_offered_to_assign_not_to_take_up(agency, officer, version):
    dossier = received(agency, officer, version)
    desk = Client()
    desk.force_login(officer)
    desk.post(
        f"/can-bo/ho-so/{dossier.code}/xu-ly/forward/",
        {"task": open_task(dossier).pk},
    )
    leader = Client()
    leader.force_login(staff_member(agency, Role.LEADER, username="ld"))
    html = leader.get(INBOX).content.decode()
    assert f"/can-bo/ho-so/{dossier.code}/xu-ly/assign/" in html
    assert f"/can-bo/ho-so/{dossier.code}/xu-ly/claim/" not in html
