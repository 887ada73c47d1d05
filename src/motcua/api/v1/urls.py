"""Routes of the public API v1.

Each path answers with and without a trailing slash; only the form without
it appears in the OpenAPI schema, so every operation is listed once.
"""

from django.urls import path

from .agencies import AgencyDetailApi, AgencyListApi
from .dossier_reception import DossierCreateApi
from .dossiers import (
    DossierDetailApi,
    DossierFormApi,
    DossierRefusalApi,
    DossierSupplementRequestApi,
)
from .drafts import (
    DraftDetailApi,
    DraftFileApi,
    DraftFilesApi,
    DraftListApi,
    DraftPaymentApi,
    DraftSubmitApi,
)
from .eforms import EFormDetailApi, EFormValidateApi
from .fields import FieldListApi
from .inbox import InboxApi
from .lateness import BoardApi, DossierApologyApi, DossierControlSlipApi
from .me import MyProfileApi
from .my_dossiers import (
    MyDossierDetailApi,
    MyDossierFileApi,
    MyDossierListApi,
    MyPaymentApi,
    MyRatingApi,
    MyReceiptApi,
    MySupplementApi,
    MyWithdrawalApi,
)
from .notifications import NotificationListApi, NotificationRetryApi
from .online import (
    OnlineAcceptApi,
    OnlineExemptionApi,
    OnlineQueueApi,
    OnlineRefuseApi,
    OnlineSupplementApi,
)
from .payments import (
    PaymentDetailApi,
    PaymentListApi,
    PaymentReceiptApi,
    PaymentRefundApi,
)
from .procedures import ProcedureDetailApi, ProcedureListApi
from .processing import (
    DossierFeesApi,
    DossierSupplementApi,
    DossierTasksApi,
    OnTheSpotApi,
)
from .processing_actions import ACTIONS
from .results import (
    DossierPostalUpdateApi,
    DossierResultDownloadApi,
    DossierResultListApi,
    ResultVerificationApi,
)
from .tracking import TrackingDetailApi
from .units import UnitDetailApi, UnitListApi
from .withdrawal import DossierWithdrawalApi

app_name = "v1"


def _routes(route, view, name):
    return [
        path(route, view.as_view(), name=name),
        path(route + "/", view.as_view(schema=None)),
    ]


urlpatterns = [
    *_routes("me/profile", MyProfileApi, "me-profile"),
    *_routes("procedures", ProcedureListApi, "procedure-list"),
    *_routes("procedures/<str:code>", ProcedureDetailApi, "procedure-detail"),
    *_routes("procedures/<str:code>/eform", EFormDetailApi, "procedure-eform"),
    *_routes(
        "procedures/<str:code>/eform/validate",
        EFormValidateApi,
        "procedure-eform-validate",
    ),
    *_routes("fields", FieldListApi, "field-list"),
    *_routes("units", UnitListApi, "unit-list"),
    *_routes("units/<str:code>", UnitDetailApi, "unit-detail"),
    *_routes("agencies", AgencyListApi, "agency-list"),
    *_routes("agencies/<str:code>", AgencyDetailApi, "agency-detail"),
    *_routes("dossiers", DossierCreateApi, "dossier-list"),
    *_routes("dossiers/<str:code>", DossierDetailApi, "dossier-detail"),
    *_routes(
        "dossiers/<str:code>/supplement-request",
        DossierSupplementRequestApi,
        "dossier-supplement-request",
    ),
    *_routes("dossiers/<str:code>/refusal", DossierRefusalApi, "dossier-refusal"),
    path(
        "dossiers/<str:code>/forms/<str:form>.pdf",
        DossierFormApi.as_view(),
        name="dossier-form",
    ),
    *_routes("tracking/<str:code>", TrackingDetailApi, "tracking-detail"),
    *_routes("dossiers/<str:code>/results", DossierResultListApi, "dossier-results"),
    *_routes(
        "dossiers/<str:code>/results/<int:number>/download",
        DossierResultDownloadApi,
        "dossier-result-download",
    ),
    *_routes(
        "dossiers/<str:code>/postal-updates",
        DossierPostalUpdateApi,
        "dossier-postal-updates",
    ),
    *_routes(
        "results/<str:code>/verification",
        ResultVerificationApi,
        "result-verification",
    ),
    *_routes("payments", PaymentListApi, "payment-list"),
    *_routes("payments/<str:ref>", PaymentDetailApi, "payment-detail"),
    *_routes("payments/<str:ref>/receipt", PaymentReceiptApi, "payment-receipt"),
    *_routes("payments/<str:ref>/refunds", PaymentRefundApi, "payment-refunds"),
    *_routes("notifications", NotificationListApi, "notification-list"),
    *_routes(
        "notifications/<int:id>/retry", NotificationRetryApi, "notification-retry"
    ),
    *_routes("inbox", InboxApi, "inbox"),
    *_routes("online-queue", OnlineQueueApi, "online-queue"),
    *_routes("online-queue/<str:code>/accept", OnlineAcceptApi, "online-queue-accept"),
    *_routes(
        "online-queue/<str:code>/supplement",
        OnlineSupplementApi,
        "online-queue-supplement",
    ),
    *_routes("online-queue/<str:code>/refuse", OnlineRefuseApi, "online-queue-refuse"),
    *_routes(
        "online-queue/<str:code>/exemption",
        OnlineExemptionApi,
        "online-queue-exemption",
    ),
    *_routes("dossiers/<str:code>/tasks", DossierTasksApi, "dossier-tasks"),
    *[
        route
        for view in ACTIONS
        for route in _routes(
            f"dossiers/<str:code>/actions/{view.action}",
            view,
            f"dossier-action-{view.action}",
        )
    ],
    *_routes(
        "dossiers/<str:code>/supplement", DossierSupplementApi, "dossier-supplement"
    ),
    *_routes("dossiers/<str:code>/fees", DossierFeesApi, "dossier-fees"),
    *_routes("on-the-spot", OnTheSpotApi, "on-the-spot"),
    *_routes("board", BoardApi, "board"),
    *_routes("dossiers/<str:code>/apology", DossierApologyApi, "dossier-apology"),
    *_routes(
        "dossiers/<str:code>/control-slip",
        DossierControlSlipApi,
        "dossier-control-slip",
    ),
    *_routes("me/dossiers", MyDossierListApi, "me-dossier-list"),
    *_routes("me/dossiers/<str:code>", MyDossierDetailApi, "me-dossier-detail"),
    *_routes(
        "me/dossiers/<str:code>/files/<int:id>", MyDossierFileApi, "me-dossier-file"
    ),
    path(
        "me/dossiers/<str:code>/payments/<int:id>/receipt.pdf",
        MyReceiptApi.as_view(),
        name="me-dossier-receipt",
    ),
    *_routes(
        "me/dossiers/<str:code>/withdrawal", MyWithdrawalApi, "me-dossier-withdrawal"
    ),
    *_routes("me/dossiers/<str:code>/rating", MyRatingApi, "me-dossier-rating"),
    *_routes(
        "me/dossiers/<str:code>/supplement", MySupplementApi, "me-dossier-supplement"
    ),
    *_routes("me/dossiers/<str:code>/payment", MyPaymentApi, "me-dossier-payment"),
    *_routes("me/drafts", DraftListApi, "me-draft-list"),
    *_routes("me/drafts/<uuid:public_id>", DraftDetailApi, "me-draft-detail"),
    *_routes("me/drafts/<uuid:public_id>/files", DraftFilesApi, "me-draft-files"),
    *_routes(
        "me/drafts/<uuid:public_id>/files/<int:file_id>",
        DraftFileApi,
        "me-draft-file",
    ),
    *_routes("me/drafts/<uuid:public_id>/submit", DraftSubmitApi, "me-draft-submit"),
    *_routes("me/drafts/<uuid:public_id>/payment", DraftPaymentApi, "me-draft-payment"),
    *_routes(
        "dossiers/<str:code>/withdrawal",
        DossierWithdrawalApi,
        "dossier-withdrawal",
    ),
]
