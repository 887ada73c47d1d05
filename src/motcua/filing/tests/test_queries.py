from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from motcua.accounts.tests.factories import UserFactory
from motcua.citizens.models import Representation
from motcua.dossiers.domain import Action, Status
from motcua.dossiers.services.audit import append_event
from motcua.dossiers.tests.factories import DossierFactory
from motcua.filing import queries
from motcua.filing.models import Rating
from motcua.filing.queries import Group, Next, next_action
from motcua.notifications.services import queue_message
from motcua.results.models import Result, ResultDelivery

from .my_dossiers import citizen, my_dossier, organisation, represent

# -- next action (pure) --------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.NEW, Next.WAIT_RECEPTION),
        (Status.RECEIVED, Next.WAIT_PROCESSING),
        (Status.IN_PROGRESS, Next.WAIT_PROCESSING),
        (Status.AWAITING_SUPPLEMENT, Next.SUPPLEMENT),
        (Status.AWAITING_FEES, Next.PAY),
        (Status.WITHDRAWAL_REQUESTED, Next.WAIT_WITHDRAWAL),
        (Status.NOT_ACCEPTED, Next.NOTHING),
        (Status.STOPPED, Next.NOTHING),
        (Status.RESOLVED, Next.COLLECT),
        (Status.RETURNED, Next.RATE),
    ],
)
def test_next_action_follows_the_status(status, expected):
    assert next_action(status) == expected


def test_an_electronic_result_not_yet_downloaded_comes_before_the_rating():
    assert next_action(Status.RETURNED, delivery="electronic", link_open=True) == (
        Next.DOWNLOAD
    )
    assert (
        next_action(
            Status.RETURNED, delivery="electronic", link_open=True, downloaded=True
        )
        == Next.RATE
    )
    assert (
        next_action(
            Status.RETURNED,
            delivery="electronic",
            link_open=True,
            downloaded=True,
            rated=True,
        )
        == Next.DOWNLOAD
    )


def test_a_supplement_sent_before_reception_waits_for_the_desk():
    assert (
        next_action(Status.AWAITING_SUPPLEMENT, supplement_sent=True)
        == Next.WAIT_RECEPTION
    )


def test_a_rated_returned_dossier_has_nothing_left():
    assert next_action(Status.RETURNED, rated=True) == Next.NOTHING


def test_a_result_sent_by_post_is_waited_for():
    assert next_action(Status.RESOLVED, delivery="post") == Next.WAIT_POST


def test_the_service_is_rated_once_after_the_return():
    assert queries.may_rate(Status.RETURNED, rated=False)
    assert not queries.may_rate(Status.RESOLVED, rated=False)
    assert not queries.may_rate(Status.RETURNED, rated=True)


# -- scoping -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_citizen_sees_what_they_filed_and_what_is_theirs():
    an, binh = citizen(), citizen("Trần Thị Bình")
    filed = my_dossier(an)
    for_an_by_binh = my_dossier(binh, owner=an.citizen_profile)
    binhs = my_dossier(binh)
    seen = set(queries.citizen_dossiers(an))
    assert seen == {filed, for_an_by_binh}
    assert binhs in set(queries.citizen_dossiers(binh))
    assert for_an_by_binh in set(queries.citizen_dossiers(binh))


@pytest.mark.django_db
def test_a_representative_sees_the_organisations_dossiers_while_it_holds():
    an, binh = citizen(), citizen("Trần Thị Bình")
    company = organisation()
    theirs = my_dossier(binh, owner=company)
    assert theirs not in set(queries.citizen_dossiers(an))
    represent(an, company)
    assert theirs in set(queries.citizen_dossiers(an))


@pytest.mark.django_db
def test_an_expired_or_future_representation_shows_nothing():
    an, company = citizen(), organisation()
    theirs = my_dossier(None, owner=company)
    today = timezone.localdate()
    represent(an, company, since=today - timedelta(days=90), until=today - timedelta(1))
    represent(an, company, since=today + timedelta(days=1))
    assert not queries.citizen_dossiers(an).filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_an_unverified_representation_shows_nothing():
    fields = {f.name for f in Representation._meta.get_fields()}
    if "verified" not in fields:
        pytest.skip("representations are not verified yet")
    an, company = citizen(), organisation()
    theirs = my_dossier(None, owner=company)
    represent(an, company, verified=False)
    assert not queries.citizen_dossiers(an).filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_the_list_is_one_query_without_duplicates():
    an, company = citizen(), organisation()
    represent(an, company)
    # Filed by An, for An's company: matches two conditions, listed once.
    my_dossier(an, owner=company)
    my_dossier(an)
    with CaptureQueriesContext(connection) as captured:
        rows = list(queries.dossier_list(an))
    assert len(rows) == 2
    assert len(captured) == 1


@pytest.mark.django_db
def test_an_officer_or_anonymous_user_is_no_citizen():
    officer = UserFactory()
    dossier = DossierFactory(submitted_by=officer)
    assert not queries.is_citizen(officer)
    assert queries.dossier_for_citizen(dossier.code, officer) is None
    from django.contrib.auth.models import AnonymousUser

    assert not queries.citizen_dossiers(AnonymousUser()).exists()
    assert queries.dossier_for_citizen(dossier.code, AnonymousUser()) is None


@pytest.mark.django_db
def test_another_citizens_dossier_is_none():
    an, binh = citizen(), citizen("Trần Thị Bình")
    binhs = my_dossier(binh)
    assert queries.dossier_for_citizen(binhs.code, an) is None
    assert queries.dossier_for_citizen(binhs.code.lower(), binh) == binhs
    assert queries.dossier_for_citizen("not a code", binh) is None


@pytest.mark.django_db
def test_the_list_filters_by_group_and_counts_them():
    an = citizen()
    my_dossier(an, awaiting_supplement=True)
    my_dossier(an, in_progress=True)
    my_dossier(an, returned=True)
    mine = list(queries.dossier_list(an, Group.MINE))
    assert [d.status for d in mine] == [Status.AWAITING_SUPPLEMENT]
    assert len(queries.dossier_list(an, "nonsense")) == 3
    counts = queries.group_counts(an)
    assert counts == {
        Group.MINE: 1,
        Group.PROCESSING: 1,
        Group.RESULT: 1,
        Group.ENDED: 0,
    }


@pytest.mark.django_db
def test_a_row_shows_the_new_appointment_and_the_next_action():
    an = citizen()
    dossier = my_dossier(an, returned=True)
    extended = dossier.due_at + timedelta(days=3)
    type(dossier).objects.filter(pk=dossier.pk).update(extended_due_at=extended)
    row = queries.row_of(queries.dossier_list(an).get())
    assert row.due_at == extended
    assert row.extended
    assert row.next_action == Next.RATE
    assert row.acting
    Rating.objects.create(
        dossier=dossier,
        user=an,
        overall="satisfied",
        convenience="satisfied",
        staff="satisfied",
        rated_at=timezone.now(),
    )
    assert queries.row_of(queries.dossier_list(an).get()).next_action == Next.NOTHING
    assert queries.row_of(dossier).next_action == Next.NOTHING


# -- one dossier ---------------------------------------------------------------


@pytest.mark.django_db
def test_supplement_requests_say_exactly_what_to_fix():
    an = citizen()
    dossier = my_dossier(an, in_progress=True)
    append_event(
        dossier,
        action=Action.REQUEST_SUPPLEMENT,
        from_status=Status.IN_PROGRESS,
        to_status=Status.AWAITING_SUPPLEMENT,
        actor=None,
        at=timezone.now(),
        reason="Ảnh chụp bị mờ",
        payload={"missing": ["Giấy chứng sinh"], "step_name": "Thẩm định"},
    )
    type(dossier).objects.filter(pk=dossier.pk).update(
        status=Status.AWAITING_SUPPLEMENT
    )
    dossier.refresh_from_db()
    request = queries.pending_request(dossier)
    assert request.missing == ("Giấy chứng sinh",)
    assert request.note == "Ảnh chụp bị mờ"
    assert queries.permissions(dossier).supplement


@pytest.mark.django_db
def test_messages_for_officers_are_not_shown_to_the_citizen():
    an = citizen()
    dossier = my_dossier(an)
    for kind in ("received", "at_risk"):
        queue_message(
            kind=kind,
            recipient_email="an@example.vn",
            recipient_phone="",
            context={"dossier_code": dossier.code},
            dedupe_key=f"{kind}:{dossier.code}",
            subject_ref=dossier.code,
        )
    kinds = {m.kind for m in queries.citizen_messages(dossier)}
    assert kinds == {"received"}


@pytest.mark.django_db
def test_only_issued_results_show_and_the_link_only_while_it_runs(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    an = citizen()
    dossier = my_dossier(an, returned=True, delivery_method="electronic")
    now = timezone.now()
    Result.objects.create(
        dossier=dossier,
        number=1,
        title="Dự thảo",
        source="uploaded",
        sha256="0" * 64,
        created_at=now,
    )
    issued = Result.objects.create(
        dossier=dossier,
        number=2,
        code=f"{dossier.code}-KQ2",
        title="Giấy khai sinh",
        state="issued",
        source="generated",
        sha256="1" * 64,
        created_at=now,
        signed_at=now,
        issued_at=now,
    )
    delivery = ResultDelivery.objects.create(
        dossier=dossier,
        result=issued,
        method="electronic",
        handed_at=now,
        link_expires_at=now + timedelta(days=30),
    )
    shown = queries.citizen_results(dossier)
    assert [r.title for r in shown] == ["Giấy khai sinh"]
    assert shown[0].download_path.startswith(f"/ket-qua/{issued.code}/tai-ve/?t=")
    assert queries.row_of(queries.dossier_list(an).get()).next_action == Next.DOWNLOAD
    delivery.link_expires_at = now - timedelta(minutes=1)
    delivery.save()
    assert queries.citizen_results(dossier)[0].download_path == ""


@pytest.mark.django_db
def test_withdrawal_is_offered_only_while_allowed():
    an = citizen()
    assert queries.permissions(my_dossier(an, in_progress=True)).withdraw
    assert not queries.permissions(my_dossier(an, resolved=True)).withdraw


@pytest.mark.django_db
def test_payment_is_offered_when_fees_are_owed():
    an = citizen()
    dossier = my_dossier(an, awaiting_fees=True, fee_due=50000, fee_paid=0)
    assert queries.amount_owed(dossier) == 50000
    assert queries.permissions(dossier).pay
    assert queries.payment_for_citizen(dossier, "x") is None


@pytest.mark.django_db
def test_an_officer_with_a_citizen_profile_is_still_no_citizen_here():
    officer = citizen()
    from motcua.dossiers.tests.factories import desk_officer

    agency_officer = desk_officer()
    officer.roles.create(agency=agency_officer.roles.get().agency, role="desk_officer")
    dossier = my_dossier(officer)
    assert queries.dossier_for_citizen(dossier.code, officer) is None


def test_a_change_names_the_section_when_titles_repeat():
    schema = {
        "properties": {
            "child_ethnicity": {"title": "Dân tộc"},
            "mother_ethnicity": {"title": "Dân tộc"},
            "child_birth_date": {"title": "Ngày sinh"},
        }
    }
    layout = {
        "sections": [
            {"title": "Người được khai sinh", "fields": [{"key": "child_ethnicity"}]},
            {"title": "Mẹ", "fields": [{"key": "mother_ethnicity"}]},
        ]
    }
    changes = queries.form_changes(
        {"mother_ethnicity": "Kinh", "child_birth_date": "2025-10-20"},
        {"mother_ethnicity": "Tày", "child_birth_date": "2025-10-21", "x": True},
        schema,
        layout,
    )
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("Mẹ: Dân tộc", "Kinh", "Tày"),
        ("Ngày sinh", "20/10/2025", "21/10/2025"),
        ("x", "—", "Có"),
    ]
