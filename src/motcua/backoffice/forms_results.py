"""Forms of the result pages: upload, hand-over at the desk or by post, postal updates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.results.domain import PostalStatus
from motcua.results.labels import POSTAL_LABELS
from motcua.results.services.delivery import DEFAULT_POSTAL_OPERATOR


class ResultUploadForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the result"),
        max_length=300,
        error_messages={"required": _("Give the result a title.")},
    )
    file = forms.FileField(
        label=_("Result document (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        error_messages={"required": _("Choose the PDF file of the result.")},
    )


class ResultGenerateForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the result"),
        max_length=300,
        required=False,
        help_text=_("Empty: the result named by the procedure."),
    )


class DeskDeliveryForm(forms.Form):
    receiver_name = forms.CharField(
        label=_("Received by (full name)"),
        max_length=250,
        error_messages={"required": _("Write who received the result.")},
    )
    receiver_personal_id = forms.CharField(
        label=_("Personal ID number of the person collecting"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Write the number of their identity paper.")},
    )
    id_checked = forms.BooleanField(
        label=_("I checked their identity paper"),
        error_messages={
            "required": _("Check the receiver's identity paper before handing over.")
        },
    )
    signed_receipt = forms.FileField(
        label=_("Scan of the signed hand-over slip (optional)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png"}
        ),
    )


class PostDeliveryForm(forms.Form):
    postal_operator = forms.CharField(
        label=_("Postal operator"), max_length=150, initial=DEFAULT_POSTAL_OPERATOR
    )
    waybill = forms.CharField(
        label=_("Waybill number"),
        max_length=60,
        error_messages={"required": _("Write the waybill number.")},
    )
    address = forms.CharField(
        label=_("Delivery address"),
        max_length=300,
        error_messages={"required": _("Write the address the result is sent to.")},
    )


class ElectronicDeliveryForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Send the applicant a download link of the signed result"),
        error_messages={"required": _("Tick the box to send the link.")},
    )


class PostalUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (s.value, POSTAL_LABELS[s])
            for s in PostalStatus
            if s != PostalStatus.HANDED_TO_POST
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReceiptScanForm(forms.Form):
    signed_receipt = forms.FileField(
        label=_("Scan of the signed hand-over slip"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png"}
        ),
        error_messages={"required": _("Choose the scan of the signed slip.")},
    )
