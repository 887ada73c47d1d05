from django.urls import path

from .views import (
    dossiers,
    home,
    inbox,
    on_the_spot,
    online,
    processing,
    reception,
    register,
    results,
)
from .views.lateness import apology, control_slip, lateness_board
from .views.notifications import message_list, message_retry
from .views.payments import (
    desk_payment,
    desk_payment_find,
    payment_detail,
    payment_list,
    payment_receipt,
    payment_refund,
    reconciliation,
)
from .views.withdrawal import withdrawal

app_name = "backoffice"

urlpatterns = [
    path("", home.home, name="home"),
    path("dang-nhap/", home.LoginView.as_view(), name="login"),
    path("dang-xuat/", home.LogoutView.as_view(), name="logout"),
    path("co-quan/", home.switch_agency, name="switch_agency"),
    path("tiep-nhan/", reception.reception, name="reception"),
    path("tiep-nhan/thu-tuc/", reception.procedure_results, name="procedure_results"),
    path("tiep-nhan/nguoi-nop/", reception.applicant_lookup, name="applicant_lookup"),
    path("tiep-nhan/xong/<str:code>/", dossiers.receipt, name="receipt"),
    path("huong-dan/<str:number>/", reception.guidance_page, name="guidance"),
    path(
        "huong-dan/<str:number>/mau.pdf", dossiers.guidance_form, name="guidance_form"
    ),
    path("ho-so/", dossiers.dossier_list, name="dossiers"),
    path("ho-so/<str:code>/", dossiers.dossier_detail, name="dossier"),
    path(
        "ho-so/<str:code>/tep/<int:file_id>/",
        dossiers.dossier_file,
        name="dossier_file",
    ),
    path(
        "ho-so/<str:code>/mau/<slug:form_key>.pdf",
        dossiers.dossier_form,
        name="dossier_form",
    ),
    path("so-theo-doi/", register.register, name="register"),
    path("canh-bao/", lateness_board, name="lateness_board"),
    path("ho-so/<str:code>/xin-loi/", apology, name="apology"),
    path(
        "ho-so/<str:code>/phieu-kiem-soat.pdf",
        control_slip,
        name="control_slip",
    ),
    path("viec-can-lam/", inbox.inbox, name="inbox"),
    path("truc-tuyen/", online.online_queue, name="online_queue"),
    path("truc-tuyen/<str:code>/", online.online_review, name="online_review"),
    path(
        "truc-tuyen/<str:code>/<slug:action>/",
        online.online_decide,
        name="online_decide",
    ),
    path(
        "ho-so/<str:code>/xu-ly/ghi-nhan/<str:kind>/",
        processing.desk_record,
        name="desk_record",
    ),
    path("ho-so/<str:code>/xu-ly/<str:action>/", processing.act, name="process"),
    path("ho-so/<str:code>/rut-ho-so/", withdrawal, name="withdrawal"),
    path("mot-cua-tai-cho/", on_the_spot.on_the_spot, name="on_the_spot"),
    path(
        "mot-cua-tai-cho/xong/<str:code>/",
        on_the_spot.on_the_spot_done,
        name="on_the_spot_done",
    ),
    path(
        "ho-so/<str:code>/ket-qua/tao/", results.result_generate, name="result_generate"
    ),
    path(
        "ho-so/<str:code>/ket-qua/tai-len/", results.result_upload, name="result_upload"
    ),
    path(
        "ho-so/<str:code>/ket-qua/<int:number>.pdf",
        results.result_file,
        name="result_file",
    ),
    path(
        "ho-so/<str:code>/ket-qua/<int:number>/kiem-tra/",
        results.result_verification,
        name="result_verification",
    ),
    path(
        "tra-ket-qua/<str:code>/", results.delivery_start, name="result_delivery_start"
    ),
    path(
        "tra-ket-qua/<str:code>/<slug:method>/",
        results.delivery,
        name="result_delivery",
    ),
    path(
        "tra-ket-qua/<str:code>/ban-giao/<int:pk>.pdf",
        results.handover_slip,
        name="result_handover_slip",
    ),
    path(
        "tra-ket-qua/<str:code>/ban-giao/<int:pk>/ban-quet/",
        results.receipt_scan,
        name="result_receipt_scan",
    ),
    path(
        "tra-ket-qua/<str:code>/ban-giao/<int:pk>/tai-len/",
        results.receipt_scan_upload,
        name="result_receipt_scan_upload",
    ),
    path(
        "tra-ket-qua/<str:code>/buu-gui/<int:pk>/",
        results.postal_update,
        name="result_postal_update",
    ),
    path(
        "so-chung-thuc/", results.certification_register, name="certification_register"
    ),
    path("thong-bao/", message_list, name="notifications"),
    path(
        "thong-bao/<int:message_id>/gui-lai/",
        message_retry,
        name="notification_retry",
    ),
    # Payments (payments app): the list, the desk, reconciliation, one payment.
    path("thanh-toan/", payment_list, name="payments"),
    path("thanh-toan/tai-quay/", desk_payment_find, name="desk_payment_find"),
    path("thanh-toan/tai-quay/<str:code>/", desk_payment, name="desk_payment"),
    path("thanh-toan/doi-soat/", reconciliation, name="payment_reconciliation"),
    path("thanh-toan/<str:txn_ref>/", payment_detail, name="payment"),
    path(
        "thanh-toan/<str:txn_ref>/bien-lai.pdf", payment_receipt, name="payment_receipt"
    ),
    path("thanh-toan/<str:txn_ref>/hoan-tien/", payment_refund, name="payment_refund"),
]
