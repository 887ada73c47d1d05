"""SMS gateways: send one text to one phone, idempotently.

The outbox (``motcua.notifications``) picks a backend by dotted path in
``settings.MOTCUA_SMS_BACKEND``, the way Django picks an e-mail backend:

- ``EsmsBackend``: eSMS.vn (VIHAT), a brandname SMS gateway widely used by
  Vietnamese public bodies, over its REST JSON protocol.
- ``FileBackend``: development; appends each message to a file under var/.
- ``LocmemBackend``: tests; keeps messages in memory.

Every send carries a ``request_id`` chosen by the caller and kept for
the message's whole life. eSMS refuses a second request with the same
RequestId (code 124, "Duplicate RequestId", blocked for 24 hours), so a
message whose first attempt reached the gateway but whose answer was lost
(a timeout) is retried safely: the gateway never sends it twice, and the
retry's 124 tells that the first attempt was accepted.

eSMS protocol (https://developers.esms.vn/en/esms-api/send-sms-api/
send-otp-customer-care-message, table of codes at
https://developers.esms.vn/en/esms-api/table-of-error-codes):
``POST {base}/MainService.svc/json/SendMultipleMessage_V4_post_json/`` with
a JSON body ``{"ApiKey", "SecretKey", "Phone", "Content", "Brandname",
"SmsType": "2" (customer care), "IsUnicode": "0"|"1", "Sandbox": "0"|"1",
"RequestId"}``; the answer is ``{"CodeResult": "100", "SMSID": ...}`` when
the request is accepted, another CodeResult with ``ErrorMessage`` when not.
Code 100 means accepted by the gateway, not yet delivered to the handset.
"""

import http.client
import json
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

ESMS_SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ESMS_ACCEPTED = "100"
ESMS_DUPLICATE_REQUEST = "124"
# Codes that a later attempt may clear: the gateway's own trouble, a full
# wallet an operator can top up, and rate limits. Anything else (wrong
# keys, unknown brandname, bad or blocked number, unsupported type) will
# fail the same way every time.
ESMS_RETRYABLE = frozenset({"103", "120", "140"})
ESMS_CODES = {
    "99": "phone number blocked",
    "101": "incorrect ApiKey or SecretKey",
    "102": "no price list",
    "103": "balance too low",
    "104": "brandname does not exist",
    "108": "phone number not in a correct format",
    "118": "unsupported message type",
    "120": "too many phone numbers",
    "140": "IP not whitelisted",
    "146": "wrong customer care template",
    "177": "network not registered",
}


class SmsError(Exception):
    """A send that did not go through; ``retryable`` tells if trying later may."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class SmsReceipt:
    """The gateway accepted the message; its id, when it gave one."""

    provider_message_id: str = ""
    duplicate: bool = False


class BaseSmsBackend:
    """Send one message; raise ``SmsError`` when it did not go through."""

    def send(self, *, phone: str, content: str, request_id: str) -> SmsReceipt:
        raise NotImplementedError


def sms_backend() -> BaseSmsBackend:
    """Return the configured backend (``settings.MOTCUA_SMS_BACKEND``)."""
    return import_string(settings.MOTCUA_SMS_BACKEND)()


def international(phone: str) -> str:
    """Return a Vietnamese number as eSMS takes it: digits, 0-prefixed.

    "+84 912 345 678" and "84912345678" both become "0912345678".
    """
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("84") and len(digits) == 11:
        return "0" + digits[2:]
    return digits


class EsmsBackend(BaseSmsBackend):
    """eSMS.vn brandname SMS over REST JSON (see the module docstring)."""

    def __init__(self, **overrides) -> None:
        config = {**settings.MOTCUA_ESMS, **overrides}
        self.base_url = config["BASE_URL"].rstrip("/")
        self.api_key = config["API_KEY"]
        self.secret_key = config["SECRET_KEY"]
        self.brandname = config["BRANDNAME"]
        self.sms_type = str(config.get("SMS_TYPE", "2"))
        self.sandbox = bool(config.get("SANDBOX", False))
        self.connect_timeout = float(config.get("CONNECT_TIMEOUT", 5))
        self.read_timeout = float(config.get("READ_TIMEOUT", 15))

    def send(self, *, phone: str, content: str, request_id: str) -> SmsReceipt:
        body = {
            "ApiKey": self.api_key,
            "SecretKey": self.secret_key,
            "Phone": international(phone),
            "Content": content,
            "Brandname": self.brandname,
            "SmsType": self.sms_type,
            "IsUnicode": "0" if content.isascii() else "1",
            "Sandbox": "1" if self.sandbox else "0",
            "RequestId": request_id,
        }
        answer = self._post(body)
        code = str(answer.get("CodeResult", ""))
        if code == ESMS_ACCEPTED:
            return SmsReceipt(str(answer.get("SMSID", "")))
        if code == ESMS_DUPLICATE_REQUEST:
            # An earlier attempt with this RequestId was accepted; its answer
            # was lost (a timeout). The message is on its way: done.
            return SmsReceipt(duplicate=True)
        detail = answer.get("ErrorMessage") or ESMS_CODES.get(code, "unknown code")
        raise SmsError(
            f"eSMS code {code or '?'}: {detail}", retryable=code in ESMS_RETRYABLE
        )

    def _post(self, body: dict) -> dict:
        request = urllib.request.Request(
            self.base_url + ESMS_SEND_PATH,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with _opener(self.connect_timeout).open(
                request, timeout=self.read_timeout
            ) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            # 5xx and 429 are the gateway's passing trouble; 4xx other than
            # 408/429 mean the request itself is wrong (a path, the keys).
            retryable = error.code >= 500 or error.code in (408, 429)
            raise SmsError(f"HTTP {error.code}", retryable=retryable) from error
        except TimeoutError as error:
            raise SmsError("timed out", retryable=True) from error
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            reason = getattr(error, "reason", error)
            raise SmsError(f"connection failed: {reason}", retryable=True) from error
        try:
            answer = json.loads(raw or b"{}")
        except ValueError as error:
            raise SmsError("unreadable answer", retryable=True) from error
        if not isinstance(answer, dict):
            raise SmsError("unreadable answer", retryable=True)
        return answer


def _opener(connect_timeout: float):
    """Return an opener whose connections give up after ``connect_timeout``.

    ``urlopen(timeout=)`` sets one timeout for connecting and each read; a
    gateway that is down should be noticed fast, a slow answer waited for.
    """

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(_connection(connect_timeout), req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(
                _connection(connect_timeout, secure=True),
                req,
                context=self._context,
            )

    return urllib.request.build_opener(Handler, SecureHandler)


def _connection(connect_timeout: float, *, secure: bool = False):
    base = http.client.HTTPSConnection if secure else http.client.HTTPConnection

    class Connection(base):
        def connect(self):
            read_timeout = self.timeout
            self.timeout = connect_timeout
            super().connect()
            self.timeout = read_timeout
            self.sock.settimeout(read_timeout)

    return Connection


class FileBackend(BaseSmsBackend):
    """Append each message to ``settings.MOTCUA_SMS_FILE`` (development)."""

    _lock = threading.Lock()

    def send(self, *, phone: str, content: str, request_id: str) -> SmsReceipt:
        path = Path(settings.MOTCUA_SMS_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {
                "at": timezone.now().isoformat(timespec="seconds"),
                "phone": phone,
                "request_id": request_id,
                "content": content,
            },
            ensure_ascii=False,
        )
        with self._lock, path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
        return SmsReceipt(f"file-{request_id}")


class LocmemBackend(BaseSmsBackend):
    """Keep messages in ``LocmemBackend.outbox`` (tests)."""

    outbox: list[dict] = []

    def send(self, *, phone: str, content: str, request_id: str) -> SmsReceipt:
        self.outbox.append(
            {"phone": phone, "content": content, "request_id": request_id}
        )
        return SmsReceipt(f"locmem-{len(self.outbox)}")
