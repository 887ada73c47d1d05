"""A citizen only ever sees their own dossiers and drafts, on every route.

Every portal page and every ``/api/v1/me/`` endpoint that takes a dossier
code, a draft, a file or a payment is found from the URL configuration
itself (a route added later is covered without touching this test) and
tried three ways with the first citizen's identifiers: as that citizen
(it must work, so the test can fail), as another citizen (404) and
signed out (sent to sign in, or 401/403).
"""

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

import pytest

from motcua.dossiers.models import DossierFile
from motcua.filing.models import Draft
from motcua.filing.tests.factories import (
    citizen,
    filled_draft,
    online_dossier,
    online_setup,
)
from motcua.payments.domain import Method, State
from motcua.payments.models import Payment

IDENTIFIERS = {"code", "public_id", "file_id", "payment_id", "id"}
PUBLIC = {
    # Public by design: procedure pages, QR verification, a result link
    # carrying its own signed token, starting a draft of a procedure.
    "portal:procedure",
    "portal:form_file",
    "portal:result_verification",
    "portal:result_download",
    "portal:filing_start",
}


def routes():
    """Yield (qualified name, converter names) of the citizen-facing routes."""

    def walk(patterns, namespace, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                if namespace and entry.namespace:
                    inner = f"{namespace}:{entry.namespace}"
                yield from walk(entry.url_patterns, inner, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                route = prefix + str(entry.pattern)
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                converters = set(entry.pattern.converters)
                yield name, route, converters

    seen = set()
    for name, route, converters in walk(get_resolver().url_patterns, "", ""):
        if not converters & IDENTIFIERS or name in PUBLIC or name in seen:
            continue
        if name.startswith("portal:") or "/me/" in f"/{route}":
            seen.add(name)
            yield name, route, converters


ROUTES = sorted(routes())


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    setup = online_setup(fee=8000)
    owner = setup.citizen
    dossier = online_dossier(setup, pay_at_desk=True)
    draft = filled_draft(setup)
    payment = Payment.objects.create(
        dossier=dossier,
        amount=8000,
        method=Method.VNPAY,
        state=State.PAID,
        txn_ref="ISO1",
        paid_at=timezone.now(),
    )
    other = citizen(full_name="Lê Thị Cúc", personal_id="080195000456")
    return {
        "owner": owner,
        "other": other,
        "values": {
            "code": dossier.code,
            "public_id": draft.public_id,
            "dossier_file": DossierFile.objects.filter(dossier=dossier).first().pk,
            "draft_file": draft.files.first().pk,
            "payment": payment.pk,
        },
    }


def kwargs_for(route: str, converters: set, values: dict) -> dict:
    kwargs = {}
    for name in converters:
        if name == "code":
            kwargs[name] = values["code"]
        elif name == "public_id":
            kwargs[name] = values["public_id"]
        elif name == "payment_id" or (name == "id" and "payment" in route):
            kwargs[name] = values["payment"]
        elif name in ("file_id", "id"):
            in_draft = "drafts" in route or "luu-tam" in route
            kwargs[name] = values["draft_file" if in_draft else "dossier_file"]
        elif name == "slug":
            kwargs[name] = "to-khai"
    return kwargs


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_routes_are_found():
    names = {name for name, _route, _conv in ROUTES}
    assert {
        "portal:my_dossier",
        "api:v1:me-dossier-detail",
        "api:v1:me-draft-detail",
    } <= names


@pytest.mark.parametrize(
    ("name", "route", "converters"),
    ROUTES,
    ids=lambda v: v if isinstance(v, str) and ":" in v else "",
)
def test_another_citizen_gets_nothing(world, name, route, converters):
    url = reverse(name, kwargs=kwargs_for(route, converters, world["values"]))
    other = signed_in(world["other"])
    for method in ("get", "post"):
        answer = getattr(other, method)(url)
        assert answer.status_code in (404, 405), (method, url, answer.status_code)


@pytest.mark.parametrize(
    ("name", "route", "converters"),
    ROUTES,
    ids=lambda v: v if isinstance(v, str) and ":" in v else "",
)
def test_nobody_signed_in_gets_nothing(world, name, route, converters):
    url = reverse(name, kwargs=kwargs_for(route, converters, world["values"]))
    for method in ("get", "post"):
        answer = getattr(Client(), method)(url)
        if answer.status_code == 302:
            assert "/dang-nhap/" in answer["Location"], (method, url)
        else:
            assert answer.status_code in (401, 403, 404, 405), (method, url)


@pytest.mark.parametrize(
    "name",
    [
        "portal:my_dossier",
        "portal:my_dossier_file",
        "portal:my_receipt",
        "portal:filing_receipt",
        "portal:draft_step",
        "api:v1:me-dossier-detail",
        "api:v1:me-dossier-file",
        "api:v1:me-draft-detail",
    ],
)
def test_the_owner_gets_them(world, name):
    route, converters = next((r, c) for n, r, c in ROUTES if n == name)
    url = reverse(name, kwargs=kwargs_for(route, converters, world["values"]))
    answer = signed_in(world["owner"]).get(url)
    assert answer.status_code == 200, (url, answer.status_code)
    assert Draft.objects.exists()


LISTS = [
    "portal:my_dossiers",
    "portal:drafts",
    "api:v1:me-dossier-list",
    "api:v1:me-draft-list",
]


@pytest.mark.parametrize("name", LISTS)
def test_lists_show_only_ones_own(world, name):
    url = reverse(name)
    code, public_id = world["values"]["code"], str(world["values"]["public_id"])
    mine = signed_in(world["owner"]).get(url)
    assert mine.status_code == 200
    assert code in mine.content.decode() or public_id in mine.content.decode()
    theirs = signed_in(world["other"]).get(url)
    assert theirs.status_code == 200
    assert code not in theirs.content.decode()
    assert public_id not in theirs.content.decode()
    nobody = Client().get(url)
    assert nobody.status_code in (302, 401, 403)
