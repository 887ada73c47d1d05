from django.utils import translation

import pytest

from .world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English; the vi catalog is checked elsewhere."""
    with translation.override("en"):
        yield
