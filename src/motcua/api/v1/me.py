"""The signed-in citizen's own profile: identity (read) and notice preferences.

Only a citizen signed in on the portal (session cookie, CSRF token for
PATCH) reaches it; an officer's account or an anonymous client is refused.
The identity data come from the identity provider or the registration
and cannot be changed here; the notice preferences can.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import BadRequestSerializer, ErrorSerializer
from motcua.citizens.models import LANGUAGE_CHOICES
from motcua.citizens.profiles import ProfileError, profile_of, update_preferences

TAGS = ["me"]


class IsCitizen(BasePermission):
    """A signed-in person with a citizen profile, and not an officer."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            raise NotAuthenticated(_("Sign in on the portal first."))
        if user.is_staff or user.roles.exists() or profile_of(user) is None:
            raise PermissionDenied(
                _(
                    "Only citizens' accounts have a profile here; officers use the back office."
                )
            )
        return True


class ProfileSerializer(serializers.Serializer):
    full_name = serializers.CharField(read_only=True)
    personal_id = serializers.CharField(read_only=True)
    date_of_birth = serializers.DateField(read_only=True, allow_null=True)
    phone = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    address = serializers.CharField(read_only=True)
    identity_verified = serializers.BooleanField(read_only=True)
    phone_verified = serializers.BooleanField(read_only=True)
    email_verified = serializers.BooleanField(read_only=True)
    notify_sms = serializers.BooleanField(
        required=False,
        help_text=gettext_lazy("Send news of the dossiers by SMS to the phone."),
    )
    notify_email = serializers.BooleanField(
        required=False, help_text=gettext_lazy("Send news of the dossiers by e-mail.")
    )
    language = serializers.ChoiceField(
        choices=LANGUAGE_CHOICES,
        required=False,
        help_text=gettext_lazy("Language of the notices: vi or en."),
        error_messages={
            "invalid_choice": gettext_lazy("Choose Vietnamese or English.")
        },
    )

    class Meta:
        ref_name = "CitizenProfile"


REFUSED = OpenApiResponse(
    ErrorSerializer,
    description=gettext_lazy(
        "Not signed in as a citizen (anonymous, or an officer's account)."
    ),
)


class MyProfileApi(APIView):
    """The signed-in citizen's profile and notice preferences."""

    authentication_classes = (SessionAuthentication,)
    permission_classes = (IsCitizen,)

    @extend_schema(
        tags=TAGS,
        operation_id="me_profile_retrieve",
        summary=gettext_lazy("Read my profile"),
        description=gettext_lazy(
            "Identity data and notice preferences of the citizen signed in on "
            "the portal (session cookie)."
        ),
        responses={200: ProfileSerializer, 403: REFUSED},
    )
    def get(self, request):
        return Response(ProfileSerializer(profile_of(request.user)).data)

    @extend_schema(
        tags=TAGS,
        operation_id="me_profile_partial_update",
        summary=gettext_lazy("Change my notice preferences"),
        description=gettext_lazy(
            "Change notify_sms, notify_email or language; the other fields are "
            "read-only. At least one of SMS and e-mail stays on. Needs the CSRF "
            "token of the portal session (X-CSRFToken)."
        ),
        request=ProfileSerializer,
        responses={
            200: ProfileSerializer,
            400: BadRequestSerializer,
            403: REFUSED,
        },
        examples=[
            OpenApiExample(
                "E-mail only, in English",
                value={"notify_sms": False, "notify_email": True, "language": "en"},
                request_only=True,
            )
        ],
    )
    def patch(self, request):
        data = ProfileSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            profile = update_preferences(
                profile_of(request.user), **data.validated_data
            )
        except ProfileError as error:
            raise serializers.ValidationError(
                {error.field or "non_field_errors": [error.message]}
            ) from error
        return Response(ProfileSerializer(profile).data)
