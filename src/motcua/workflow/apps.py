from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "motcua.workflow"
    verbose_name = _("Processing")

    def ready(self) -> None:
        from motcua.payments.signals import payment_confirmed

        from .receivers import on_payment_confirmed

        payment_confirmed.connect(
            on_payment_confirmed, dispatch_uid="workflow.fees_paid"
        )
