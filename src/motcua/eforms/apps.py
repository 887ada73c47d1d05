from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EformsConfig(AppConfig):
    name = "motcua.eforms"
    verbose_name = _("E-forms")

    def ready(self):
        from motcua.catalog.signals import version_drafted

        version_drafted.connect(
            _copy_eform_to_draft, dispatch_uid="eforms.copy_to_draft"
        )


def _copy_eform_to_draft(sender, *, source, draft, **kwargs):
    """Start a draft amendment with the e-form of the version it copies."""
    from .services import copy_to

    copy_to(source, draft)
