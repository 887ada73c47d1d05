from datetime import date

import pytest

from motcua.dossiers.domain import check_personal_id
from motcua.integrations.population.adapters import (
    HttpAdapter,
    PopulationError,
    PopulationUnavailable,
)
from motcua.integrations.population.domain import FIELD_KEYS, Citizen
from motcua.integrations.population.labels import FIELD_LABELS
from motcua.integrations.population.services import lookup
from motcua.registry.demo_people import demo_people, load_people, personal_id
from motcua.registry.models import PopulationLookup, RegistryPerson


def test_twenty_fields_each_labelled():
    assert len(FIELD_KEYS) == 20
    assert set(FIELD_LABELS) == set(FIELD_KEYS)


def test_citizen_round_trips_through_a_dict():
    citizen = Citizen(
        personal_id="080094001037",
        full_name="Nguyễn Văn Tâm",
        birth_date=date(1994, 3, 12),
        sex="male",
    )
    data = citizen.as_dict()
    assert data["birth_date"] == "1994-03-12"
    assert Citizen.from_dict({**data, "unknown": "x"}) == citizen


def test_personal_id_century_and_sex_digit():
    assert personal_id(date(1994, 3, 12), "male", 1)[:6] == "080094"
    assert personal_id(date(1997, 1, 1), "female", 1)[:6] == "080197"
    assert personal_id(date(2008, 1, 1), "male", 1)[:6] == "080208"
    assert personal_id(date(2001, 1, 1), "female", 1)[:6] == "080301"


def test_demo_people_are_valid_and_linked():
    people = demo_people()
    assert len(people) >= 30
    ids = {person["personal_id"] for person in people}
    assert len(ids) == len(people)
    for person in people:
        check_personal_id(person["personal_id"], person["birth_date"])
        assert person["personal_id"].startswith("080")
        sex_digit = int(person["personal_id"][3]) % 2
        assert sex_digit == (1 if person["sex"] == "female" else 0)
        for key in ("father_id", "mother_id", "spouse_id"):
            assert not person.get(key) or person[key] in ids
        assert (
            "Long An" in person["permanent_address"]
            or "Tân Thạnh" in person["permanent_address"]
        )
    child = next(p for p in people if p["full_name"] == "Phan Lâm Gia Huy")
    assert child["father_name"] == "Phan Văn Hậu"
    assert child["mother_name"] == "Lâm Thị Diễm My"
    couple = [p for p in people if p["household_code"] == people[0]["household_code"]]
    assert couple[0]["spouse_id"] == couple[1]["personal_id"]
    assert couple[1]["spouse_id"] == couple[0]["personal_id"]


@pytest.mark.django_db
def test_local_lookup_finds_and_audits(django_user_model, settings):
    settings.MOTCUA_POPULATION_ADAPTER = "local"
    assert load_people() == len(demo_people())
    assert load_people() == RegistryPerson.objects.count()  # idempotent
    user = django_user_model.objects.create_user(username="citizen")
    head = RegistryPerson.objects.get(full_name="Nguyễn Văn Tâm")
    citizen = lookup(
        head.personal_id,
        user=user,
        purpose="birth registration form",
        subject_ref="draft-7",
    )
    assert citizen.full_name == "Nguyễn Văn Tâm"
    assert citizen.spouse_name == "Trần Thị Ngọc Hân"
    assert lookup("080094999999", purpose="test") is None
    audit = list(PopulationLookup.objects.order_by("at"))
    assert [(a.outcome, a.adapter) for a in audit] == [
        ("found", "local"),
        ("not_found", "local"),
    ]
    assert audit[0].user == user
    assert audit[0].purpose == "birth registration form"
    assert audit[0].subject_ref == "draft-7"
    assert audit[1].user is None


def test_http_adapter_fetches_with_bearer_token(fake_population):
    personal_id = next(iter(fake_population.people))
    citizen = HttpAdapter(**fake_population.settings()).fetch(personal_id)
    assert citizen.personal_id == personal_id
    assert citizen.full_name == fake_population.people[personal_id]["full_name"]
    assert isinstance(citizen.birth_date, date)
    request = fake_population.requests[-1]
    assert request["path"] == f"/api/citizens/{personal_id}"
    assert request["headers"]["Authorization"] == "Bearer test-token"


def test_http_adapter_basic_auth(fake_population):
    fake_population.token, fake_population.basic = "", ("lgsp", "s3cret")
    personal_id = next(iter(fake_population.people))
    adapter = HttpAdapter(
        **fake_population.settings(TOKEN="", USERNAME="lgsp", PASSWORD="s3cret")
    )
    assert adapter.fetch(personal_id).personal_id == personal_id


def test_http_adapter_not_found(fake_population):
    assert HttpAdapter(**fake_population.settings()).fetch("080094999999") is None


def test_http_adapter_wrong_credentials_not_retried(fake_population):
    adapter = HttpAdapter(**fake_population.settings(TOKEN="wrong"))
    with pytest.raises(PopulationError) as caught:
        adapter.fetch(next(iter(fake_population.people)))
    assert not caught.value.retryable
    assert len(fake_population.requests) == 1


def test_http_adapter_retries_then_succeeds(fake_population):
    fake_population.mode, fake_population.failures = "flaky", 2
    personal_id = next(iter(fake_population.people))
    assert HttpAdapter(**fake_population.settings()).fetch(personal_id) is not None
    assert len(fake_population.requests) == 3


def test_http_adapter_timeout_is_unavailable(fake_population):
    fake_population.mode, fake_population.hang_seconds = "hang", 0.6
    adapter = HttpAdapter(**fake_population.settings(RETRIES=1))
    with pytest.raises(PopulationUnavailable) as caught:
        adapter.fetch(next(iter(fake_population.people)))
    assert "timeout" in str(caught.value)
    assert len(fake_population.requests) == 2


def test_http_adapter_server_error_and_refused(fake_population):
    fake_population.mode = "error"
    adapter = HttpAdapter(**fake_population.settings())
    with pytest.raises(PopulationUnavailable):
        adapter.fetch(next(iter(fake_population.people)))
    assert len(fake_population.requests) == 3
    fake_population.stop()
    with pytest.raises(PopulationUnavailable, match="connection"):
        adapter.fetch(next(iter(fake_population.people)))


@pytest.mark.django_db
def test_lookup_through_http_audits_failures(fake_population, settings):
    settings.MOTCUA_POPULATION_ADAPTER = "http"
    settings.MOTCUA_POPULATION = fake_population.settings()
    personal_id = next(iter(fake_population.people))
    assert lookup(personal_id, purpose="prefill").personal_id == personal_id
    fake_population.mode = "error"
    with pytest.raises(PopulationUnavailable):
        lookup(personal_id, purpose="prefill")
    outcomes = list(
        PopulationLookup.objects.order_by("at").values_list("outcome", "adapter")
    )
    assert outcomes == [("found", "http"), ("unavailable", "http")]


@pytest.mark.django_db
def test_the_demo_loader_puts_people_in_the_demo_district():
    from motcua.demo.seed import DEMO_DISTRICT, load_administrative_tree

    load_administrative_tree("80")
    load_people(DEMO_DISTRICT)
    addresses = set(RegistryPerson.objects.values_list("permanent_address", flat=True))
    assert all(a.endswith("Huyện Tân Thạnh, Tỉnh Long An") for a in addresses)
    assert len(addresses) > 5
