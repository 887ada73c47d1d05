"""VNPay's calls to the portal: the IPN (server to server) and the return page.

The IPN is the only call that changes a payment (``confirm_ipn``: signed,
idempotent, answered in the JSON VNPay expects). The return page is where
the citizen's browser lands after paying: it checks the signature and
shows the outcome, but never trusts it for the state; when the IPN has not
arrived yet it says the payment is being confirmed.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from motcua.payments.domain import State
from motcua.payments.services import check_return, confirm_ipn

from .filing_files import draft_return


@csrf_exempt
@require_GET
@never_cache
def vnpay_ipn(request):
    return JsonResponse(confirm_ipn(request.GET.dict()))


@require_GET
@never_cache
def vnpay_return(request):
    notice, payment = check_return(request.GET.dict())
    if not notice.valid_signature or payment is None:
        outcome = "invalid"
    elif payment.state in (State.PAID, State.REFUNDED):
        outcome = "paid"
    elif payment.state == State.PENDING and notice.paid:
        outcome = "confirming"
    else:
        outcome = "failed"
    back = draft_return(request, payment, outcome)
    if back is not None:
        return back
    return render(
        request,
        "portal/payment_return.html",
        {"outcome": outcome, "payment": payment},
        status=400 if outcome == "invalid" else 200,
    )
