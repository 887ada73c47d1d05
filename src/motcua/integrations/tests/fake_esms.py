"""A local stand-in for the eSMS.vn REST JSON gateway, for tests.

A real HTTP server on 127.0.0.1 in a thread. It checks the keys and the
brandname, refuses a RequestId it has already accepted (code 124, as eSMS
does) and records every request and every message it "hands to the
network". ``mode`` makes it misbehave:

- "up": answers normally;
- "error": answers HTTP 500 without accepting anything;
- "hang": waits ``hang_seconds`` before answering, without accepting;
- "accept_then_hang": accepts the message, then waits before answering, so
  the client times out although the message went out.

``stop()`` closes the port (connections are refused); ``start()`` opens
it again on the same port.
"""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler

from motcua.integrations.sms import ESMS_SEND_PATH
from motcua.integrations.tests.fake_server import FakeServer


class FakeEsms(FakeServer):
    def __init__(self, *, api_key="test-key", secret_key="test-secret", brand="MOTCUA"):
        self.api_key, self.secret_key, self.brand = api_key, secret_key, brand
        self.mode = "up"
        self.hang_seconds = 1.0
        self.requests: list[dict] = []
        self.delivered: list[dict] = []
        self.answers: list[str] = []
        self._accepted: set[str] = set()
        self._lock = threading.Lock()
        self._server = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def settings(self, **overrides) -> dict:
        return {
            "BASE_URL": self.base_url,
            "API_KEY": self.api_key,
            "SECRET_KEY": self.secret_key,
            "BRANDNAME": self.brand,
            "SMS_TYPE": "2",
            "SANDBOX": False,
            "CONNECT_TIMEOUT": 0.5,
            "READ_TIMEOUT": 0.3,
            **overrides,
        }

    def start(self) -> "FakeEsms":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, answer = fake.handle(self.path, raw)
                if status is None:
                    return
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(payload)

        return self.serve(Handler)

    def handle(self, path: str, raw: bytes):
        try:
            body = json.loads(raw)
        except ValueError:
            body = {}
        with self._lock:
            self.requests.append(body)
            mode = self.mode
        if path.rstrip("/") != ESMS_SEND_PATH.rstrip("/"):
            return 404, {"Message": "not found"}
        if mode == "error":
            return 500, {"Message": "internal error"}
        if mode == "hang":
            time.sleep(self.hang_seconds)
            return 503, {"Message": "too late"}
        code = self._decide(body)
        with self._lock:
            self.answers.append(code)
        if mode == "accept_then_hang":
            time.sleep(self.hang_seconds)
        answer = {"CodeResult": code}
        if code == "100":
            answer["SMSID"] = f"fake-{len(self.delivered)}"
        return 200, answer

    def _decide(self, body: dict) -> str:
        if (body.get("ApiKey"), body.get("SecretKey")) != (
            self.api_key,
            self.secret_key,
        ):
            return "101"
        if body.get("Brandname") != self.brand:
            return "104"
        phone = str(body.get("Phone", ""))
        if not (phone.isdigit() and len(phone) == 10 and phone.startswith("0")):
            return "108"
        request_id = body.get("RequestId", "")
        with self._lock:
            if request_id and request_id in self._accepted:
                return "124"
            if request_id:
                self._accepted.add(request_id)
            self.delivered.append(body)
        return "100"

    def delivered_count(self, request_id: str) -> int:
        return sum(1 for body in self.delivered if body.get("RequestId") == request_id)
