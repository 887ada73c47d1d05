import pytest

from .fake_population import FakePopulation


@pytest.fixture
def fake_population():
    from motcua.registry.demo_people import demo_people

    people = {}
    for person in demo_people()[:5]:
        people[person["personal_id"]] = {
            key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in person.items()
        }
    server = FakePopulation(people).start()
    yield server
    server.stop()
