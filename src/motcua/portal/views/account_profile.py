"""The citizen's account page: identity, notice preferences, organisations.

The page shows who the citizen is, how they want to hear about their
dossiers, and the organisations they represent: they act for one of them
(a verified representation) or for themselves, and may declare another
for staff to verify.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.citizens.profiles import (
    ProfileError,
    acting_profile,
    choose_acting,
    declare_representation,
    profile_of,
    representations_of,
    update_preferences,
)

from ..forms import OrganisationForm, PreferencesForm


def _sign_in_first(request):
    if request.user.is_authenticated:
        return None
    return redirect(f"{reverse('portal:login')}?next={reverse('portal:account')}")


def _page(request, profile, *, preferences=None, problem="", status=200):
    acting = acting_profile(request.user, request.session) if profile else None
    if preferences is None and profile is not None:
        preferences = PreferencesForm(
            initial={
                "notify_sms": profile.notify_sms,
                "notify_email": profile.notify_email,
                "language": profile.language,
            }
        )
    return render(
        request,
        "portal/account_profile.html",
        {
            "profile": profile,
            "acting": acting,
            "representations": representations_of(profile) if profile else [],
            "form": preferences,
            "problem": problem,
        },
        status=status,
    )


@require_GET
@never_cache
def account(request):
    """Show the signed-in citizen's profile."""
    return _sign_in_first(request) or _page(request, profile_of(request.user))


@require_POST
@never_cache
def preferences(request):
    """Save how the citizen wants to be told about their dossiers."""
    refused = _sign_in_first(request)
    if refused:
        return refused
    profile = profile_of(request.user)
    if profile is None:
        return _page(request, None, status=404)
    form = PreferencesForm(request.POST)
    if not form.is_valid():
        return _page(request, profile, preferences=form, status=400)
    try:
        update_preferences(profile, **form.cleaned_data)
    except ProfileError as error:
        form.add_error(error.field or None, error.message)
        return _page(request, profile, preferences=form, status=400)
    messages.success(request, _("Your notice preferences have been saved."))
    return redirect("portal:account")


@require_POST
@never_cache
def switch_acting(request):
    """Act for an organisation (a verified representation) or for oneself."""
    refused = _sign_in_first(request)
    if refused:
        return refused
    profile = profile_of(request.user)
    try:
        chosen = choose_acting(
            request.user, request.session, request.POST.get("organisation", "")
        )
    except ProfileError as error:
        return _page(request, profile, problem=error.message, status=400)
    if chosen == profile:
        messages.success(request, _("Switched: the dossiers you file are your own."))
    else:
        messages.success(
            request,
            _("Switched: the dossiers you file are for %(name)s.")
            % {"name": chosen.full_name},
        )
    return redirect("portal:account")


@require_http_methods(["GET", "POST"])
@never_cache
def add_organisation(request):
    """Declare an organisation the citizen represents, for staff to verify."""
    refused = _sign_in_first(request)
    if refused:
        return refused
    profile = profile_of(request.user)
    if profile is None:
        return _page(request, None, status=404)
    form = OrganisationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                declare_representation(profile, **form.cleaned_data)
            except ProfileError as error:
                form.add_error(error.field or None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "The organisation has been added. You can act for it once "
                        "the staff have verified that you represent it."
                    ),
                )
                return redirect("portal:account")
    return render(
        request,
        "portal/account_organisation.html",
        {"form": form, "problem": ""},
        status=status,
    )
