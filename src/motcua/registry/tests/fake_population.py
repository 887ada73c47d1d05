"""A local stand-in for a population database endpoint, for tests.

A real HTTP server on 127.0.0.1 in a thread speaking the protocol of
``motcua.integrations.population.adapters.HttpAdapter``: ``GET
/citizens/{personal_id}`` with a bearer token or basic credentials. It
records every request. ``mode``: "up" answers, "error" answers 500,
"hang" waits ``hang_seconds`` before answering (clients time out),
"flaky" fails the first ``failures`` requests with 503 then answers.
"""

import base64
import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler

from motcua.integrations.tests.fake_server import FakeServer


class FakePopulation(FakeServer):
    def __init__(self, people: dict[str, dict], *, token="test-token", basic=("", "")):
        self.people = people
        self.token, self.basic = token, basic
        self.mode = "up"
        self.hang_seconds = 1.0
        self.failures = 0
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        self._server = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def settings(self, **overrides) -> dict:
        return {
            "URL": self.url,
            "TOKEN": self.token,
            "CONNECT_TIMEOUT": 0.5,
            "READ_TIMEOUT": 0.3,
            "RETRIES": 2,
            "RETRY_BACKOFF_SECONDS": 0,
            **overrides,
        }

    def start(self) -> "FakePopulation":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                status, answer = fake.handle(self.path, dict(self.headers))
                payload = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(payload)

        return self.serve(Handler)

    def _authorised(self, headers: dict) -> bool:
        auth = headers.get("Authorization", "")
        if self.token:
            return auth == f"Bearer {self.token}"
        expected = base64.b64encode(":".join(self.basic).encode()).decode()
        return auth == f"Basic {expected}"

    def handle(self, path: str, headers: dict):
        with self._lock:
            self.requests.append({"path": path, "headers": headers})
            mode = self.mode
            failing = self.failures > 0
            if failing:
                self.failures -= 1
        if mode == "error":
            return 500, {"error": "internal"}
        if mode == "hang":
            time.sleep(self.hang_seconds)
            return 503, {"error": "too late"}
        if mode == "flaky" and failing:
            return 503, {"error": "busy"}
        if not self._authorised(headers):
            return 401, {"error": "unauthorised"}
        prefix = "/api/citizens/"
        if not path.startswith(prefix):
            return 404, {"error": "no such route"}
        person = self.people.get(path[len(prefix) :])
        if person is None:
            return 404, {"error": "not found"}
        return 200, person
