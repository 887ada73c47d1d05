from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from motcua.dossiers.signals import dossier_changed

        from .automatic import on_dossier_changed

        dossier_changed.connect(
            on_dossier_changed, dispatch_uid="payments.automatic_refund"
        )
