"""Payments of the agency's dossiers: list, one payment, the desk, refunds.

Officers see the payments of dossiers received or handled by an agency
where they hold a role (``payments.queries``); any other payment or
dossier does not exist for them (404). The desk officer of the receiving
agency records fees paid in cash at the desk; the desk officer or the
leader gives a payment back. The reconciliation page shows a day's
totals and asks VNPay about that day's online payments on demand.
"""

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from motcua.dossiers.queries import dossier_for_staff
from motcua.payments import queries
from motcua.payments.domain import State
from motcua.payments.models import Payment
from motcua.payments.reconciliation import reconcile
from motcua.payments.services import (
    PaymentError,
    receipt_pdf,
    record_desk_payment,
    refund,
)

from ..forms import _date_field
from .access import forbidden, officer_required

PAGE_SIZE = 30
MAX_AMOUNT = 10_000_000_000  # ten billion đồng: beyond any fee


class PaymentFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Dossier code"), required=False, max_length=60
    )
    state = forms.ChoiceField(
        label=gettext_lazy("Payment state"),
        required=False,
        choices=[
            ("", gettext_lazy("All states")),
            *Payment.States.choices,
            (queries.TO_REFUND, gettext_lazy("To refund by hand or at the desk")),
        ],
    )
    method = forms.ChoiceField(
        label=pgettext_lazy("payments", "Method"),
        required=False,
        choices=[("", gettext_lazy("All methods")), *Payment.Methods.choices],
    )
    tu = _date_field(gettext_lazy("Created from (dd/mm/yyyy)"))
    den = _date_field(gettext_lazy("Created until (dd/mm/yyyy)"))

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            self.add_error("den", _("The end date must not be before the start date."))
        return data


class DeskPaymentForm(forms.Form):
    amount = forms.IntegerField(
        label=gettext_lazy("Amount received (VND)"),
        min_value=1,
        max_value=MAX_AMOUNT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("Enter the amount received."),
            "invalid": gettext_lazy("Write the amount in đồng, digits only."),
            "min_value": gettext_lazy("The amount must be positive."),
            "max_value": gettext_lazy("This amount is too large for a fee."),
        },
    )


class RefundForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason of the refund"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Give the reason of the refund.")},
    )


class DayForm(forms.Form):
    ngay = _date_field(gettext_lazy("Day (dd/mm/yyyy)"))


@require_GET
@officer_required()
def payment_list(request):
    form = PaymentFilterForm(request.GET)
    values = form.cleaned_data if form.is_valid() else {}
    rows = queries.filtered(
        queries.staff_payments(request.user),
        state=values.get("state", ""),
        method=values.get("method", ""),
        dossier=values.get("q", ""),
        date_from=values.get("tu"),
        date_to=values.get("den"),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "backoffice/payments.html",
        {
            "workplace": request.workplace,
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
    )


def _payment(request, txn_ref) -> Payment:
    payment = queries.staff_payment(request.user, txn_ref)
    if payment is None:
        raise Http404(_("No such payment for your agencies."))
    return payment


@require_GET
@officer_required()
def payment_detail(request, txn_ref):
    payment = _payment(request, txn_ref)
    return _detail(request, payment, RefundForm())


def _detail(request, payment, refund_form, status=200):
    may_refund = payment.state == State.PAID and queries.may_refund(
        request.user, payment.dossier
    )
    return render(
        request,
        "backoffice/payments_detail.html",
        {
            "workplace": request.workplace,
            "payment": payment,
            "events": payment.events.select_related("actor"),
            "refunds": payment.refunds.select_related("requested_by"),
            "owed_at_desk": payment.refunds.filter(state="at_desk").first(),
            "receipt": payment.state in (State.PAID, State.REFUNDED),
            "may_refund": may_refund,
            "refund_form": refund_form,
        },
        status=status,
    )


@require_GET
@officer_required()
def payment_receipt(request, txn_ref):
    payment = _payment(request, txn_ref)
    try:
        pdf = receipt_pdf(payment)
    except PaymentError as error:
        messages.error(request, str(error))
        return redirect("backoffice:payment", txn_ref=payment.txn_ref)
    answer = HttpResponse(pdf, content_type="application/pdf")
    answer["Content-Disposition"] = f'inline; filename="bien-lai-{payment.txn_ref}.pdf"'
    return answer


@require_http_methods(["POST"])
@officer_required()
def payment_refund(request, txn_ref):
    payment = _payment(request, txn_ref)
    if not queries.may_refund(request.user, payment.dossier):
        return forbidden(request)
    form = RefundForm(request.POST)
    if not form.is_valid():
        return _detail(request, payment, form, status=400)
    try:
        done = refund(
            payment,
            reason=form.cleaned_data["reason"],
            user=request.user,
            ip=request.META.get("REMOTE_ADDR", "127.0.0.1"),
        )
    except PaymentError as error:
        form.add_error(None, str(error))
        payment.refresh_from_db()
        return _detail(request, payment, form, status=400)
    messages.success(
        request,
        _("%(amount)s đ given back for payment %(ref)s.")
        % {"amount": f"{done.amount:,}".replace(",", "."), "ref": payment.txn_ref},
    )
    return redirect("backoffice:payment", txn_ref=payment.txn_ref)


@require_http_methods(["GET", "POST"])
@officer_required()
def desk_payment(request, code):
    dossier = dossier_for_staff(code, request.user)
    if dossier is None:
        raise Http404(_("No dossier with this code in your agencies."))
    if not queries.may_collect(request.user, dossier):
        return forbidden(request)
    owed = queries.amount_owed(dossier)
    if request.method == "POST":
        form = DeskPaymentForm(request.POST)
        if form.is_valid():
            try:
                payment = record_desk_payment(
                    dossier, form.cleaned_data["amount"], officer=request.user
                )
            except PaymentError as error:
                form.add_error("amount", str(error))
            else:
                messages.success(
                    request,
                    _("Payment recorded for dossier %(code)s; print the receipt.")
                    % {"code": dossier.code},
                )
                return redirect("backoffice:payment", txn_ref=payment.txn_ref)
    else:
        form = DeskPaymentForm(initial={"amount": owed or None})
    return render(
        request,
        "backoffice/payments_desk.html",
        {
            "workplace": request.workplace,
            "dossier": dossier,
            "owed": owed,
            "form": form,
            "payments": dossier.payments.all(),
        },
        status=400 if form.errors else 200,
    )


@require_GET
@officer_required()
def desk_payment_find(request):
    """Go from the list's "dossier code" box to that dossier's desk page."""
    code = (request.GET.get("ma") or "").strip()[:60]
    if dossier_for_staff(code, request.user) is None:
        messages.error(
            request,
            _("No dossier with the code “%(code)s” in your agencies.") % {"code": code},
        )
        return redirect("backoffice:payments")
    return redirect("backoffice:desk_payment", code=code)


@require_http_methods(["GET", "POST"])
@officer_required()
def reconciliation(request):
    yesterday = timezone.localdate() - timedelta(days=1)
    form = DayForm(request.GET or {"ngay": yesterday.strftime("%d/%m/%Y")})
    day = yesterday
    if form.is_valid() and form.cleaned_data.get("ngay"):
        day = form.cleaned_data["ngay"]
    report = None
    if request.method == "POST":
        if not request.workplace.roles & {r.value for r in queries.REFUNDING_ROLES}:
            return forbidden(request)
        day = _posted_day(request.POST.get("ngay"), day)
        report = queries.visible_report(request.user, reconcile(day).as_dict())
    return render(
        request,
        "backoffice/payments_reconciliation.html",
        {
            "workplace": request.workplace,
            "form": form,
            "summary": queries.day_summary(request.user, day),
            "report": report,
            "may_run": bool(
                request.workplace.roles & {r.value for r in queries.REFUNDING_ROLES}
            ),
        },
    )


def _posted_day(value, default: date) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return default
