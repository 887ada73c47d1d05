"""Signing in and out, the officer's start page and the agency switcher."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import choose_agency, officer_required


class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("backoffice:home")


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("backoffice:login")


@officer_required()
def home(request):
    return render(request, "backoffice/home.html", {"workplace": request.workplace})


@require_POST
@officer_required()
def switch_agency(request):
    agency = choose_agency(request, request.POST.get("agency", ""))
    if agency is None:
        messages.error(request, _("You hold no role in that agency."))
    else:
        messages.success(
            request, _("You are now working for %(agency)s.") % {"agency": agency.name}
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "backoffice:home"
    return redirect(target)
