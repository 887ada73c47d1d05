"""The citizen's list of dossiers and one dossier's page."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

import pytest

from motcua.dossiers.domain import Action, Status
from motcua.dossiers.models import DossierFile
from motcua.dossiers.services.audit import append_event
from motcua.filing.models import SupplementRound
from motcua.filing.tests.my_dossiers import citizen, my_dossier
from motcua.integrations.tests.fake_vnpay import FakeVnpay
from motcua.notifications.services import queue_message
from motcua.payments.models import Payment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def an(client):
    user = citizen()
    client.force_login(user)
    return user


def attach(dossier, name="giay-chung-sinh.pdf", round_number=0):
    stored = DossierFile(
        dossier=dossier,
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_at=timezone.now(),
        round=round_number,
    )
    stored.file.save(name, ContentFile(PDF), save=False)
    stored.save()
    return stored


def paid(dossier, amount=50000):
    return Payment.objects.create(
        dossier=dossier,
        amount=amount,
        method="desk",
        state="paid",
        txn_ref=f"T{dossier.pk:08d}{amount}",
        paid_at=timezone.now(),
    )


def test_the_list_shows_each_dossier_with_its_next_action(client, an):
    waiting = my_dossier(an, awaiting_supplement=True)
    new = my_dossier(an, new=True)
    type(new).objects.filter(pk=new.pk).update(
        reception_due_at=timezone.now() + timedelta(hours=8)
    )
    returned = my_dossier(an, returned=True)

    response = client.get("/ho-so-cua-toi/")

    page = response.content.decode()
    assert response.status_code == 200
    for dossier in (waiting, new, returned):
        assert dossier.code in page
    assert "Bổ sung hồ sơ" in page
    assert "Chờ tiếp nhận" in page
    assert "Đánh giá" in page
    assert reverse("portal:my_supplement", args=[waiting.code]) in page
    assert reverse("portal:my_rating", args=[returned.code]) in page
    assert timezone.localtime(waiting.submitted_at).strftime("%d/%m/%Y") in page


def test_the_list_never_shows_another_citizens_dossier(client, an):
    other = my_dossier(citizen("Trần Thị Bình"))
    mine = my_dossier(an)

    page = client.get("/ho-so-cua-toi/").content.decode()

    assert mine.code in page
    assert other.code not in page


def test_the_list_filters_by_group(client, an):
    waiting = my_dossier(an, awaiting_fees=True)
    processing = my_dossier(an, in_progress=True)

    page = client.get("/ho-so-cua-toi/?nhom=cho-toi").content.decode()

    assert waiting.code in page
    assert processing.code not in page
    assert 'aria-current="page">Chờ tôi thực hiện' in page.replace("\n", "")


def test_a_strange_page_or_group_is_no_error(client, an):
    my_dossier(an)
    for query in ("?trang=abc", "?trang=999", "?nhom=%00", "?trang=-1"):
        assert client.get("/ho-so-cua-toi/" + query).status_code == 200


def test_the_list_pages_by_twenty(client, an):
    for _ in range(21):
        my_dossier(an)

    first = client.get("/ho-so-cua-toi/").content.decode()
    second = client.get("/ho-so-cua-toi/?trang=2").content.decode()

    assert first.count('class="my-item"') == 20
    assert second.count('class="my-item"') == 1
    assert "?trang=2" in first


def test_the_list_links_to_drafts_and_preferences(client, an):
    page = client.get("/ho-so-cua-toi/").content.decode()

    assert reverse("portal:account") in page
    assert "Bạn chưa nộp hồ sơ trực tuyến nào." in page


def test_the_dossier_page_shows_timeline_papers_messages_and_payments(client, an):
    dossier = my_dossier(an, in_progress=True)
    stored = attach(dossier)
    payment = paid(dossier)
    queue_message(
        kind="received",
        recipient_email="an@example.vn",
        recipient_phone="",
        context={"dossier_code": dossier.code},
        dedupe_key=f"x:{dossier.code}",
        subject_ref=dossier.code,
    )

    response = client.get(f"/ho-so-cua-toi/{dossier.code}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Chuyển xử lý" in page  # a public event of the trail
    assert stored.original_name in page
    assert reverse("portal:my_dossier_file", args=[dossier.code, stored.pk]) in page
    assert reverse("portal:my_receipt", args=[dossier.code, payment.pk]) in page
    assert "Thư điện tử" in page
    assert reverse("portal:my_withdrawal", args=[dossier.code]) in page


def test_the_dossier_page_says_exactly_what_to_fix(client, an):
    dossier = my_dossier(an, in_progress=True)
    append_event(
        dossier,
        action=Action.REQUEST_SUPPLEMENT,
        from_status=Status.IN_PROGRESS,
        to_status=Status.AWAITING_SUPPLEMENT,
        actor=None,
        at=timezone.now(),
        reason="Ảnh bị mờ, chụp lại rõ hơn",
        payload={"missing": ["Giấy chứng sinh"]},
    )
    type(dossier).objects.filter(pk=dossier.pk).update(
        status=Status.AWAITING_SUPPLEMENT
    )

    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()

    assert "Giấy chứng sinh" in page
    assert "Ảnh bị mờ, chụp lại rõ hơn" in page
    assert reverse("portal:my_supplement", args=[dossier.code]) in page


def test_the_history_shows_both_versions(client, an):
    dossier = my_dossier(an, in_progress=True)
    attach(dossier, "ban-dau.pdf")
    attach(dossier, "bo-sung.pdf", round_number=1)
    SupplementRound.objects.create(
        dossier=dossier,
        number=1,
        submitted_at=timezone.now(),
        previous_form_data={"child_name": "Nguyen Van Be"},
        form_data={"child_name": "Nguyễn Văn Bé"},
        note="Sửa tên có dấu",
    )

    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()

    assert "ban-dau.pdf" in page
    assert "bo-sung.pdf" in page
    assert "Nguyen Van Be" in page
    assert "Nguyễn Văn Bé" in page
    assert "Sửa tên có dấu" in page


def test_the_owner_downloads_a_file_as_an_attachment(client, an):
    dossier = my_dossier(an)
    stored = attach(dossier)

    response = client.get(f"/ho-so-cua-toi/{dossier.code}/tep/{stored.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_a_file_of_another_dossier_is_not_found(client, an):
    mine = my_dossier(an)
    theirs = attach(my_dossier(citizen("Trần Thị Bình")))

    response = client.get(f"/ho-so-cua-toi/{mine.code}/tep/{theirs.pk}/")

    assert response.status_code == 404


def test_the_owner_downloads_the_receipt_of_a_paid_payment(client, an):
    dossier = my_dossier(an)
    payment = paid(dossier)

    response = client.get(f"/ho-so-cua-toi/{dossier.code}/bien-lai/{payment.pk}.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_no_receipt_for_a_payment_not_made(client, an):
    dossier = my_dossier(an)
    payment = paid(dossier)
    Payment.objects.filter(pk=payment.pk).update(state="pending")

    response = client.get(f"/ho-so-cua-toi/{dossier.code}/bien-lai/{payment.pk}.pdf")

    assert response.status_code == 404


@pytest.fixture
def gateway(settings):
    fake = FakeVnpay().start()
    settings.MOTCUA_VNPAY = fake.settings()
    yield fake
    fake.stop()


def test_pay_now_sends_the_citizen_to_the_gateway_for_what_is_owed(client, an, gateway):
    dossier = my_dossier(an, awaiting_fees=True, fee_due=58000, fee_paid=8000)

    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    response = client.post(f"/ho-so-cua-toi/{dossier.code}/nop-phi/")

    assert "50.000 đ" in page
    assert response.status_code == 302
    assert response["Location"].startswith(gateway.settings()["PAYMENT_URL"])
    payment = dossier.payments.get()
    assert payment.amount == 50000
    assert payment.state == "pending"


def test_pay_now_is_refused_when_nothing_is_owed(client, an, gateway):
    dossier = my_dossier(an, in_progress=True)

    response = client.post(f"/ho-so-cua-toi/{dossier.code}/nop-phi/")

    assert response.status_code == 409
    assert not dossier.payments.exists()


def test_navigation_offers_my_dossiers_when_signed_in(client, an):
    page = client.get("/").content.decode()

    assert 'href="/ho-so-cua-toi/"' in page


def test_navigation_hides_my_dossiers_when_signed_out(client, db):
    page = client.get("/").content.decode()

    assert 'href="/ho-so-cua-toi/"' not in page


def test_an_electronic_result_is_downloaded_from_the_dossier_page(client, an):
    from datetime import timedelta

    from motcua.results.models import Result, ResultDelivery

    dossier = my_dossier(an, returned=True, delivery_method="electronic")
    now = timezone.now()
    result = Result.objects.create(
        dossier=dossier,
        number=1,
        code=f"{dossier.code}-KQ1",
        title="Giấy khai sinh",
        state="issued",
        source="generated",
        sha256="1" * 64,
        created_at=now,
        signed_at=now,
        issued_at=now,
    )
    ResultDelivery.objects.create(
        dossier=dossier,
        result=result,
        method="electronic",
        handed_at=now,
        link_expires_at=now + timedelta(days=30),
    )

    listing = client.get("/ho-so-cua-toi/").content.decode()
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()

    assert "Tải kết quả" in listing
    assert f"/ket-qua/{result.code}/tai-ve/?t=" in page
    assert "Giấy khai sinh" in page


def test_the_pages_speak_english_when_asked(client, an):
    dossier = my_dossier(an, in_progress=True)
    client.cookies["django_language"] = "en"

    listing = client.get("/ho-so-cua-toi/").content.decode()
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()

    assert "<h1>My dossiers</h1>" in listing
    assert "Being processed" in listing
    assert "Papers and files" in page
