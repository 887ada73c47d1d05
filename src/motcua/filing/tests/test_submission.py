"""Submitting a draft, the desk's answer window, supplements, withdrawal, rating."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

import pytest

from motcua.dossiers.domain import Action, Activity, Reuse, Status
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.services.guidance import request_supplement
from motcua.dossiers.services.lifecycle import transition
from motcua.filing.models import Draft, Rating, SupplementRound
from motcua.filing.services import (
    FilingError,
    fees_to_pay,
    rate,
    request_withdrawal,
    resubmit,
    submit,
)
from motcua.notifications.models import OutboxMessage
from motcua.payments.domain import Method, State
from motcua.payments.models import Payment
from motcua.workflow.models import DossierTask
from motcua.workflow.services.intake import accept_online

from .factories import PDF, citizen, filled_draft, online_dossier, online_setup

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
FRIDAY_3PM = datetime(2025, 10, 31, 15, 0, tzinfo=HCM)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def setup(db):
    return online_setup()


def test_a_submitted_draft_becomes_a_new_online_dossier(setup):
    draft = filled_draft(
        setup, delivery_method="post", delivery_address="Ấp 3", pay_at_desk=True
    )
    dossier = submit(draft, user=setup.citizen, at=FRIDAY_3PM)

    assert dossier.status == Status.NEW
    assert dossier.channel == dossier.Channel.ONLINE
    assert dossier.received_at is None
    assert dossier.due_at is None
    assert dossier.submitted_by == setup.citizen
    assert dossier.citizen_owner == setup.citizen.citizen_profile
    assert dossier.form_data["child_name"] == "Nguyễn Minh Khang"
    assert dossier.applicant.personal_id == "080090000123"
    # Friday 15:00 + 8 working hours = Monday 15:00 (2 h Friday, 6 h Monday).
    assert dossier.reception_due_at == datetime(2025, 11, 3, 15, 0, tzinfo=HCM)
    assert dossier.documents.count() == setup.version.documents.count()
    assert all(d.received for d in dossier.documents.all())
    assert dossier.files.filter(round=0).count() == setup.version.documents.count()
    event = DossierEvent.objects.get(dossier=dossier)
    assert event.action == Action.SUBMIT
    assert event.to_status == Status.NEW
    draft.refresh_from_db()
    assert draft.dossier == dossier
    notice = OutboxMessage.objects.get(subject_ref=dossier.code, channel="email")
    assert notice.kind == "submitted"
    assert "03/11/2025 15:00" in notice.body


def test_a_draft_is_submitted_once_and_only_by_its_author(setup):
    draft = filled_draft(setup)
    stranger = citizen(full_name="Lê Thị Cúc", personal_id="080195000456")
    with pytest.raises(FilingError, match="not yours"):
        submit(draft, user=stranger)
    submit(draft, user=setup.citizen)
    with pytest.raises(FilingError, match="already submitted"):
        submit(draft, user=setup.citizen)


def test_an_incomplete_draft_is_refused_by_step_and_nothing_is_written(setup):
    draft = filled_draft(setup)
    draft.form_data.pop("child_name")
    draft.eligibility["born_in_vietnam"] = False
    draft.save()
    draft.files.all().delete()
    with pytest.raises(FilingError) as refused:
        submit(draft, user=setup.citizen)
    assert set(refused.value.errors) >= {"eligibility", "form", "documents"}
    assert "2.000528" in " ".join(refused.value.errors["eligibility"])
    assert not Draft.objects.get(pk=draft.pk).dossier_id
    assert not DossierEvent.objects.exists()


def test_registry_values_stay_locked_unless_corrected(setup):
    draft = filled_draft(setup)
    draft.prefilled = {"requester_name": "Nguyễn Văn An"}
    draft.form_data["requester_name"] = "Người Khác"
    draft.save()
    dossier = submit(draft, user=setup.citizen)
    assert dossier.form_data["requester_name"] == "Nguyễn Văn An"

    other = filled_draft(setup, prefilled={"requester_name": "Nguyễn Văn An"})
    other.form_data["requester_name"] = "Nguyễn Văn Ân"
    other.corrected = ["requester_name"]
    other.save()
    assert submit(other, user=setup.citizen).form_data["requester_name"] == (
        "Nguyễn Văn Ân"
    )


def test_reused_papers_carry_the_national_flag(setup):
    draft = filled_draft(setup)
    first = draft.files.first()
    first.reuse, first.reused_from = Reuse.RESULT, "000.01.25.H39-250101-0001"
    first.save()
    dossier = submit(draft, user=setup.citizen)
    paper = dossier.documents.get(required_document=first.required_document)
    assert paper.reuse == Reuse.RESULT
    assert paper.reused_from == "000.01.25.H39-250101-0001"


def test_fees_are_paid_before_submission_or_at_the_desk(db):
    setup = online_setup(fee=8000)
    draft = filled_draft(setup, delivery_method="post", delivery_address="Ấp 3")
    quote = fees_to_pay(draft)
    assert quote.fees == (("Lệ phí đăng ký khai sinh", 8000),)
    assert quote.postal_fee == 30000
    assert quote.total == 38000
    assert quote.to_pay == 38000
    with pytest.raises(FilingError) as refused:
        submit(draft, user=setup.citizen)
    assert "payment" in refused.value.errors

    Payment.objects.create(
        draft=draft,
        amount=38000,
        method=Method.VNPAY,
        state=State.PAID,
        txn_ref="T1",
    )
    assert fees_to_pay(draft).to_pay == 0
    dossier = submit(draft, user=setup.citizen)
    assert dossier.fee_paid == 38000
    assert dossier.fee_due == 8000
    assert Payment.objects.get(txn_ref="T1").dossier == dossier

    at_desk = filled_draft(setup, pay_at_desk=True)
    assert submit(at_desk, user=setup.citizen).fee_paid == 0


def test_an_exemption_waives_the_fees_but_not_the_postage(db):
    setup = online_setup(fee=8000)
    draft = filled_draft(
        setup,
        fee_exemption="Trẻ em thuộc hộ nghèo",
        delivery_method="post",
        delivery_address="Ấp 3",
    )
    assert fees_to_pay(draft).total == 30000
    draft.delivery_method = "desk"
    draft.save()
    assert fees_to_pay(draft).total == 0
    dossier = submit(draft, user=setup.citizen)
    assert dossier.fee_exemption == "Trẻ em thuộc hộ nghèo"


def test_electronic_results_only_for_full_online_procedures(setup):
    draft = filled_draft(setup, delivery_method="electronic")
    with pytest.raises(FilingError) as refused:
        submit(draft, user=setup.citizen)
    assert "delivery" in refused.value.errors


def test_the_desk_accepts_and_the_legal_clock_starts(setup):
    dossier = online_dossier(setup)
    accept_online(dossier, officer=setup.desk, at=FRIDAY_3PM)
    assert dossier.status == Status.RECEIVED
    assert dossier.received_at == FRIDAY_3PM
    assert dossier.reception_due_at is None
    assert dossier.due_at is not None
    task = DossierTask.objects.get(dossier=dossier, finished_at__isnull=True)
    assert task.assignee == setup.desk


def test_only_the_receiving_desk_accepts(setup):
    from motcua.workflow.services.errors import WorkflowError

    dossier = online_dossier(setup)
    with pytest.raises(WorkflowError):
        accept_online(dossier, officer=citizen(personal_id="080195000456"))
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW


def test_a_supplement_before_reception_keeps_both_versions(setup):
    dossier = online_dossier(setup)
    paper = setup.version.documents.first()
    request_supplement(
        dossier, officer=setup.desk, missing=[paper.pk], note="Ảnh mờ, chụp lại"
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_SUPPLEMENT
    assert dossier.reception_due_at is None

    new_form = {**dossier.form_data, "child_hometown": "Thạnh Hóa, Long An"}
    upload = SimpleUploadedFile("chup-lai.pdf", PDF, "application/pdf")
    supplement = resubmit(
        dossier,
        user=setup.citizen,
        form_data=new_form,
        files={paper.pk: [upload]},
        note="Đã chụp lại",
    )
    dossier.refresh_from_db()
    assert supplement.number == 1
    assert supplement.previous_form_data["child_hometown"] == "Tân Thạnh, Long An"
    assert dossier.form_data["child_hometown"] == "Thạnh Hóa, Long An"
    assert dossier.files.filter(round=0).count() == setup.version.documents.count()
    assert dossier.files.filter(round=1).count() == 1
    assert dossier.status == Status.AWAITING_SUPPLEMENT
    assert dossier.reception_due_at is not None  # the desk answers again
    assert dossier.events.filter(action=Activity.RESUBMIT).exists()


def test_a_supplement_during_processing_resumes_the_clock(setup):
    dossier = online_dossier(setup)
    accept_online(dossier, officer=setup.desk)
    transition(dossier, Action.START_PROCESSING, actor=setup.desk)
    request_supplement(dossier, officer=setup.desk, missing=["Bản sao CCCD của mẹ"])
    dossier.refresh_from_db()
    assert dossier.due_at is None  # paused
    upload = SimpleUploadedFile("cccd-me.pdf", PDF, "application/pdf")
    paper = setup.version.documents.first()
    resubmit(dossier, user=setup.citizen, files={paper.pk: [upload]})
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROGRESS
    assert dossier.due_at is not None


def test_a_supplement_is_refused_when_not_asked_or_not_theirs(setup):
    dossier = online_dossier(setup)
    with pytest.raises(FilingError, match="not waiting"):
        resubmit(dossier, user=setup.citizen, note="thêm")
    stranger = citizen(personal_id="080195000456", full_name="Lê Thị Cúc")
    with pytest.raises(FilingError, match="not yours"):
        resubmit(dossier, user=stranger, note="thêm")
    assert not SupplementRound.objects.exists()


def test_a_bad_file_in_a_supplement_is_refused_and_nothing_kept(setup):
    dossier = online_dossier(setup)
    request_supplement(dossier, officer=setup.desk, missing=["Giấy chứng sinh"])
    paper = setup.version.documents.first()
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/pdf")
    with pytest.raises(FilingError):
        resubmit(dossier, user=setup.citizen, files={paper.pk: [bad]})
    assert not SupplementRound.objects.exists()


def test_withdrawal_is_asked_after_reception_and_before_the_result(setup):
    dossier = online_dossier(setup)
    with pytest.raises(FilingError, match="only after reception"):
        request_withdrawal(dossier, user=setup.citizen, reason="Nộp nhầm")
    accept_online(dossier, officer=setup.desk)
    with pytest.raises(FilingError):
        request_withdrawal(dossier, user=setup.citizen, reason="  ")
    request_withdrawal(dossier, user=setup.citizen, reason="Nộp nhầm thủ tục")
    assert dossier.status == Status.WITHDRAWAL_REQUESTED


def test_a_rating_once_after_the_result_is_returned(setup):
    dossier = online_dossier(setup)
    answers = {
        "overall": "satisfied",
        "convenience": "very_satisfied",
        "staff": "satisfied",
    }
    with pytest.raises(FilingError, match="once the result is returned"):
        rate(dossier, user=setup.citizen, **answers)
    dossier.status = Status.RETURNED
    dossier.save(update_fields=["status"])
    with pytest.raises(FilingError) as refused:
        rate(dossier, user=setup.citizen, **{**answers, "overall": "great"})
    assert "overall" in refused.value.errors
    rating = rate(dossier, user=setup.citizen, comment="Nhanh", **answers)
    assert rating.overall == "satisfied"
    assert dossier.events.filter(action=Activity.RATE).exists()
    with pytest.raises(FilingError, match="already rated"):
        rate(dossier, user=setup.citizen, **answers)
    assert Rating.objects.count() == 1


def test_the_agency_accepts_or_refuses_a_withdrawal(setup):
    from motcua.workflow.services import decide_withdrawal
    from motcua.workflow.services.errors import WorkflowError

    dossier = online_dossier(setup)
    accept_online(dossier, officer=setup.desk)
    request_withdrawal(dossier, user=setup.citizen, reason="Nộp nhầm")
    stranger = citizen(personal_id="080195000456", full_name="Lê Thị Cúc")
    with pytest.raises(WorkflowError):
        decide_withdrawal(dossier, user=stranger, accept=True)
    with pytest.raises(WorkflowError, match="reasons"):
        decide_withdrawal(dossier, user=setup.desk, accept=False)
    decide_withdrawal(dossier, user=setup.desk, accept=False, note="Đã ký kết quả")
    assert dossier.status == Status.IN_PROGRESS
    assert DossierTask.objects.filter(dossier=dossier, state="open").exists()

    request_withdrawal(dossier, user=setup.citizen, reason="Nộp nhầm thủ tục")
    decide_withdrawal(dossier, user=setup.desk, accept=True)
    assert dossier.status == Status.STOPPED
    assert not DossierTask.objects.filter(dossier=dossier, state="open").exists()
    assert not dossier.legs.filter(finished_at__isnull=True).exists()


def test_a_paid_draft_is_not_deleted_and_stale_drafts_are_purged(setup):
    from datetime import timedelta

    from django.utils import timezone

    from motcua.filing.services.drafts import (
        DraftRefused,
        delete_draft,
        purge_stale_drafts,
    )

    paid = filled_draft(setup)
    Payment.objects.create(
        draft=paid, amount=8000, method=Method.VNPAY, state=State.PAID, txn_ref="P1"
    )
    with pytest.raises(DraftRefused):
        delete_draft(paid)
    stale = filled_draft(setup)
    fresh = filled_draft(setup)
    submitted = online_dossier(setup)
    long_ago = timezone.now() - timedelta(days=91)
    Draft.objects.exclude(pk=fresh.pk).update(updated_at=long_ago)
    assert purge_stale_drafts() == 1
    left = set(Draft.objects.values_list("pk", flat=True))
    assert stale.pk not in left
    assert {paid.pk, fresh.pk, submitted.draft.pk} <= left
