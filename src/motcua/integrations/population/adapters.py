"""Ways to reach a population registry.

``settings.MOTCUA_POPULATION_ADAPTER`` picks one:

- "local": the demo's own table (``motcua.registry.models.RegistryPerson``).
- "http": a configurable JSON endpoint (the province's data-sharing
  platform, LGSP, in front of the national database).

HTTP protocol (``HttpAdapter``)::

    GET {MOTCUA_POPULATION_URL}/citizens/{personal_id}
    Authorization: Bearer {TOKEN}          (or HTTP Basic with USERNAME/PASSWORD)
    Accept: application/json

    200 {"personal_id": "080090000123", "full_name": "...",
         "birth_date": "1990-05-17", "sex": "male"|"female", ...}
        one key per ``Citizen`` field (``domain.FIELD_KEYS``), dates ISO
        8601, missing keys are empty;
    404 the number is not in the registry;
    401/403 wrong credentials (not retried);
    5xx, timeouts and refused connections are retried ``RETRIES`` times,
    then reported as ``PopulationUnavailable``.
"""

import time
from typing import Protocol

from django.conf import settings

import requests

from .domain import FIELD_KEYS, Citizen


class PopulationError(Exception):
    """The registry could not answer; ``retryable`` tells if later may work."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


class PopulationUnavailable(PopulationError):
    def __init__(self, message: str) -> None:
        super().__init__(message, retryable=True)


class PopulationAdapter(Protocol):
    name: str

    def fetch(self, personal_id: str) -> Citizen | None:
        """Return the citizen, None when unknown; raise ``PopulationError``."""


class LocalAdapter:
    """The demo registry table."""

    name = "local"

    def fetch(self, personal_id: str) -> Citizen | None:
        from motcua.registry.models import RegistryPerson

        row = RegistryPerson.objects.filter(personal_id=personal_id).first()
        if row is None:
            return None
        return Citizen(**{key: getattr(row, key) for key in FIELD_KEYS})


class HttpAdapter:
    """A JSON endpoint over HTTPS (see the module docstring)."""

    name = "http"

    def __init__(self, **overrides) -> None:
        config = {**settings.MOTCUA_POPULATION, **overrides}
        self.base_url = str(config["URL"]).rstrip("/")
        self.token = config.get("TOKEN", "")
        self.username = config.get("USERNAME", "")
        self.password = config.get("PASSWORD", "")
        self.connect_timeout = float(config.get("CONNECT_TIMEOUT", 3))
        self.read_timeout = float(config.get("READ_TIMEOUT", 10))
        self.retries = int(config.get("RETRIES", 2))
        self.backoff = float(config.get("RETRY_BACKOFF_SECONDS", 0.5))

    def _request_kwargs(self) -> dict:
        kwargs = {
            "headers": {"Accept": "application/json"},
            "timeout": (self.connect_timeout, self.read_timeout),
        }
        if self.token:
            kwargs["headers"]["Authorization"] = f"Bearer {self.token}"
        elif self.username:
            kwargs["auth"] = (self.username, self.password)
        return kwargs

    def fetch(self, personal_id: str) -> Citizen | None:
        if not (personal_id.isascii() and personal_id.isdigit()):
            return None
        url = f"{self.base_url}/citizens/{personal_id}"
        last = "no attempt"
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * attempt)
            try:
                answer = requests.get(url, **self._request_kwargs())
            except requests.Timeout:
                last = "timeout"
                continue
            except requests.ConnectionError:
                last = "connection refused or reset"
                continue
            if answer.status_code == 404:
                return None
            if answer.status_code in (401, 403):
                raise PopulationError(
                    f"registry refused the credentials (HTTP {answer.status_code})",
                    retryable=False,
                )
            if answer.status_code >= 500:
                last = f"HTTP {answer.status_code}"
                continue
            if answer.status_code != 200:
                raise PopulationError(
                    f"unexpected HTTP {answer.status_code}", retryable=False
                )
            try:
                data = answer.json()
                return Citizen.from_dict(data)
            except (ValueError, KeyError, TypeError) as error:
                raise PopulationError(
                    f"malformed answer: {error}", retryable=False
                ) from None
        raise PopulationUnavailable(f"registry unavailable: {last}")


ADAPTERS = {"local": LocalAdapter, "http": HttpAdapter}


def population_adapter() -> PopulationAdapter:
    """Return the adapter ``settings.MOTCUA_POPULATION_ADAPTER`` names."""
    return ADAPTERS[settings.MOTCUA_POPULATION_ADAPTER]()
