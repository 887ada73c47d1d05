from django.urls import path

from .views import (
    account_codes,
    account_profile,
    accounts,
    catalog,
    filing,
    filing_files,
    procedures,
    results,
    tracking,
)
from .views import my_dossier_actions as my_actions
from .views import my_dossiers as my
from .views import payments as payment_views

app_name = "portal"

urlpatterns = [
    path("", catalog.catalog_home, name="catalog"),
    path("tra-cuu/", tracking.track, name="tracking"),
    path("dang-nhap/", accounts.sign_in, name="login"),
    path("dang-nhap/oidc/", accounts.oidc_start, name="oidc_start"),
    path("dang-nhap/oidc/callback/", accounts.oidc_callback, name="oidc_callback"),
    path("dang-xuat/", accounts.sign_out, name="logout"),
    path("dang-nhap/tai-khoan/", accounts.local_sign_in, name="local_login"),
    path("dang-nhap/ma-xac-thuc/", accounts.confirm_code, name="account_code"),
    path("dang-ky/", accounts.register, name="register"),
    path("tai-khoan/", account_profile.account, name="account"),
    path("tai-khoan/thong-bao/", account_profile.preferences, name="preferences"),
    path("tai-khoan/dai-dien/", account_profile.switch_acting, name="acting"),
    path(
        "tai-khoan/to-chuc/them/",
        account_profile.add_organisation,
        name="add_organisation",
    ),
    path("dang-nhap/gui-lai-ma/", account_codes.resend_code, name="resend_code"),
    path(
        "dang-nhap/quen-mat-khau/", account_codes.reset_request, name="password_reset"
    ),
    path("dang-nhap/mat-khau-moi/", account_codes.password_new, name="password_new"),
    path("thanh-toan/vnpay/ipn/", payment_views.vnpay_ipn, name="vnpay_ipn"),
    path("thanh-toan/vnpay/tro-ve/", payment_views.vnpay_return, name="vnpay_return"),
    path("xac-thuc/<str:code>/", results.verification, name="result_verification"),
    path("ket-qua/<str:code>/tai-ve/", results.download, name="result_download"),
    path("ho-so-cua-toi/", my.my_dossiers, name="my_dossiers"),
    path("ho-so-cua-toi/<str:code>/", my.my_dossier, name="my_dossier"),
    path(
        "ho-so-cua-toi/<str:code>/tep/<int:file_id>/",
        my.my_dossier_file,
        name="my_dossier_file",
    ),
    path(
        "ho-so-cua-toi/<str:code>/bien-lai/<int:payment_id>.pdf",
        my.my_receipt,
        name="my_receipt",
    ),
    path("ho-so-cua-toi/<str:code>/nop-phi/", my.my_payment, name="my_payment"),
    path(
        "ho-so-cua-toi/<str:code>/bo-sung/",
        my_actions.my_supplement,
        name="my_supplement",
    ),
    path(
        "ho-so-cua-toi/<str:code>/rut-ho-so/",
        my_actions.my_withdrawal,
        name="my_withdrawal",
    ),
    path("ho-so-cua-toi/<str:code>/danh-gia/", my_actions.my_rating, name="my_rating"),
    path("co-quan/goi-y/", catalog.agency_options, name="agency_options"),
    path("thu-tuc/<str:code>/", procedures.procedure_detail, name="procedure"),
    path(
        "thu-tuc/<str:code>/mau/<int:document_id>/",
        procedures.form_download,
        name="form_file",
    ),
    path("thu-tuc/<str:code>/nop/", filing.start, name="filing_start"),
    path("ho-so-luu-tam/", filing.draft_list, name="drafts"),
    path("ho-so-luu-tam/<uuid:public_id>/", filing.resume, name="draft"),
    path("ho-so-luu-tam/<uuid:public_id>/xoa/", filing.delete, name="draft_delete"),
    path(
        "ho-so-luu-tam/<uuid:public_id>/to-khai/luu/",
        filing.autosave,
        name="draft_autosave",
    ),
    path("ho-so-luu-tam/<uuid:public_id>/<slug:slug>/", filing.step, name="draft_step"),
    path(
        "ho-so-cua-toi/<str:code>/bien-nhan/",
        filing_files.receipt,
        name="filing_receipt",
    ),
    path(
        "ho-so-cua-toi/<str:code>/bien-nhan.pdf",
        filing_files.receipt_pdf,
        name="filing_receipt_pdf",
    ),
]
