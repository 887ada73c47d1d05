"""VNPay payment gateway (VNPAY-QR / cards / ATM), protocol version 2.1.0.

Sources (VNPay's integration guide for merchants, sandbox documentation):

- payment URL, return URL and IPN:
  https://sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html and
  https://sandbox.vnpayment.vn/apis/docs/huong-dan-tich-hop/
- version 2.1.0 and HMAC-SHA512 (``vnp_SecureHashType`` no longer sent):
  https://sandbox.vnpayment.vn/apis/docs/chuyen-doi-thuat-toan/changeTypeHash.html
- query (``querydr``) and refund (``refund``) on the merchant web API:
  https://sandbox.vnpayment.vn/apis/docs/truy-van-hoan-tien/querydr&refund.html

The protocol, as this module implements it:

Payment URL. ``GET {VNPAY_PAYMENT_URL}?...`` with ``vnp_Version=2.1.0``,
``vnp_Command=pay``, ``vnp_TmnCode``, ``vnp_Amount`` (VND × 100, no
separators), ``vnp_CurrCode=VND``, ``vnp_TxnRef`` (unique per merchant per
day), ``vnp_OrderInfo`` (Vietnamese without accents, no special
characters), ``vnp_OrderType``, ``vnp_Locale`` (``vn``/``en``),
``vnp_ReturnUrl``, ``vnp_IpAddr``, ``vnp_CreateDate`` and ``vnp_ExpireDate``
(``yyyyMMddHHmmss`` in GMT+7). The parameters are sorted by name, each name
and value URL-encoded (``quote_plus``) and joined with ``&``; that string
is both the query and the data signed: ``vnp_SecureHash`` =
HMAC-SHA512(hash secret, data), hex.

Return URL and IPN. VNPay calls them with the ``vnp_*`` parameters of the
outcome (``vnp_ResponseCode``, ``vnp_TransactionStatus``,
``vnp_TransactionNo``, ``vnp_BankCode``, ``vnp_PayDate``, ...) and a
``vnp_SecureHash`` computed the same way over every ``vnp_*`` parameter
except ``vnp_SecureHash`` and ``vnp_SecureHashType``. Paid means both
codes "00". The IPN (server to server) is the only trusted confirmation;
the merchant answers it with JSON ``{"RspCode": ..., "Message": ...}``:
"00" confirmed, "01" order not found, "02" order already confirmed, "04"
invalid amount, "97" invalid checksum, "99" other error. VNPay retries the
IPN until it gets an answer, so handling it must be idempotent.

Query and refund. ``POST {VNPAY_API_URL}`` with a JSON body; the checksum is
HMAC-SHA512 over the listed fields joined by ``|`` in a fixed order (see
``QUERY_FIELDS``, ``REFUND_FIELDS``), and the answer is signed the same way
(``QUERY_ANSWER_FIELDS``, ``REFUND_ANSWER_FIELDS``). Refund
``vnp_TransactionType`` is "02" (full) or "03" (partial).
"""

import hashlib
import hmac
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings

from motcua.integrations.sms import _opener

VERSION = "2.1.0"
GMT7 = dt_timezone(timedelta(hours=7))
DATE_FORMAT = "%Y%m%d%H%M%S"
SUCCESS = "00"

# IPN answers (RspCode) and their documented meanings.
IPN_CONFIRMED = "00"
IPN_ORDER_NOT_FOUND = "01"
IPN_ALREADY_CONFIRMED = "02"
IPN_INVALID_AMOUNT = "04"
IPN_INVALID_CHECKSUM = "97"
IPN_OTHER_ERROR = "99"
IPN_MESSAGES = {
    IPN_CONFIRMED: "Confirm Success",
    IPN_ORDER_NOT_FOUND: "Order not found",
    IPN_ALREADY_CONFIRMED: "Order already confirmed",
    IPN_INVALID_AMOUNT: "Invalid amount",
    IPN_INVALID_CHECKSUM: "Invalid Checksum",
    IPN_OTHER_ERROR: "Unknow error",
}

REFUND_FULL = "02"
REFUND_PARTIAL = "03"

QUERY_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_TransactionDate",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
QUERY_ANSWER_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
    "vnp_PromotionCode",
    "vnp_PromotionAmount",
)
REFUND_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TransactionType",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_TransactionNo",
    "vnp_TransactionDate",
    "vnp_CreateBy",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_ANSWER_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
)


class VnpayError(Exception):
    """A call to the merchant API that did not give a trustworthy answer."""


def sign(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def canonical_query(params: dict) -> str:
    """Sorted, URL-encoded ``name=value`` pairs joined with ``&``."""
    return "&".join(
        f"{urllib.parse.quote_plus(str(k))}={urllib.parse.quote_plus(str(v))}"
        for k, v in sorted(params.items())
        if v not in ("", None)
    )


def sign_params(secret: str, params: dict) -> str:
    """Return the ``vnp_SecureHash`` of a payment URL, return URL or IPN."""
    data = {
        k: v
        for k, v in params.items()
        if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType")
    }
    return sign(secret, canonical_query(data))


def pipe_checksum(secret: str, body: dict, fields: tuple[str, ...]) -> str:
    return sign(secret, "|".join(str(body.get(name, "")) for name in fields))


def gmt7(moment: datetime) -> str:
    """``yyyyMMddHHmmss`` in GMT+7 (VNPay's clock), from an aware datetime."""
    return moment.astimezone(GMT7).strftime(DATE_FORMAT)


def parse_gmt7(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=GMT7)
    except (TypeError, ValueError):
        return None


def to_vnp_amount(amount_vnd: int) -> int:
    return int(amount_vnd) * 100


@dataclass(frozen=True)
class Notice:
    """A checked return-URL or IPN call."""

    valid_signature: bool
    txn_ref: str = ""
    amount_vnd: int = 0
    response_code: str = ""
    transaction_status: str = ""
    transaction_no: str = ""
    bank_code: str = ""
    pay_date: datetime | None = None
    params: dict = field(default_factory=dict)

    @property
    def paid(self) -> bool:
        return (
            self.valid_signature
            and self.response_code == SUCCESS
            and self.transaction_status == SUCCESS
        )

    def matches(self, *, txn_ref: str, amount_vnd: int) -> bool:
        return self.txn_ref == txn_ref and self.amount_vnd == int(amount_vnd)


@dataclass(frozen=True)
class ApiAnswer:
    """A signed answer of querydr or refund."""

    response_code: str
    message: str
    transaction_status: str
    transaction_no: str
    amount_vnd: int
    bank_code: str
    pay_date: datetime | None
    body: dict

    @property
    def ok(self) -> bool:
        return self.response_code == SUCCESS

    @property
    def paid(self) -> bool:
        return self.ok and self.transaction_status == SUCCESS


def ipn_answer(code: str) -> dict:
    """Return the JSON VNPay expects back from the IPN URL."""
    return {"RspCode": code, "Message": IPN_MESSAGES.get(code, IPN_MESSAGES["99"])}


class VnpayClient:
    """Builds payment URLs, checks notices, calls querydr and refund."""

    def __init__(self, **overrides) -> None:
        config = {**settings.MOTCUA_VNPAY, **overrides}
        self.tmn_code = config["TMN_CODE"]
        self.hash_secret = config["HASH_SECRET"]
        self.payment_url = config["PAYMENT_URL"]
        self.api_url = config["API_URL"]
        self.expire_minutes = int(config.get("EXPIRE_MINUTES", 15))
        self.order_type = config.get("ORDER_TYPE", "other")
        self.connect_timeout = float(config.get("CONNECT_TIMEOUT", 5))
        self.read_timeout = float(config.get("READ_TIMEOUT", 30))

    # -- payment URL -------------------------------------------------------
    def payment_params(
        self,
        *,
        txn_ref: str,
        amount_vnd: int,
        order_info: str,
        return_url: str,
        ip: str,
        locale: str = "vn",
        now: datetime,
        bank_code: str = "",
    ) -> dict:
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(to_vnp_amount(amount_vnd)),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": txn_ref,
            "vnp_OrderInfo": order_info,
            "vnp_OrderType": self.order_type,
            "vnp_Locale": "en" if locale == "en" else "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": ip or "127.0.0.1",
            "vnp_CreateDate": gmt7(now),
            "vnp_ExpireDate": gmt7(now + timedelta(minutes=self.expire_minutes)),
        }
        if bank_code:
            params["vnp_BankCode"] = bank_code
        return params

    def payment_url_for(self, **kwargs) -> str:
        params = self.payment_params(**kwargs)
        query = canonical_query(params)
        return (
            f"{self.payment_url}?{query}&vnp_SecureHash={sign(self.hash_secret, query)}"
        )

    # -- return URL and IPN ------------------------------------------------
    def check_notice(self, params) -> Notice:
        """Check the signature of a return-URL or IPN call and read it."""
        data = {k: v for k, v in dict(params).items() if isinstance(k, str)}
        given = str(data.get("vnp_SecureHash", "")).lower()
        expected = sign_params(self.hash_secret, data)
        valid = bool(given) and hmac.compare_digest(given, expected)
        try:
            amount = int(data.get("vnp_Amount", "0")) // 100
        except (TypeError, ValueError):
            amount = -1
        return Notice(
            valid_signature=valid and data.get("vnp_TmnCode") == self.tmn_code,
            txn_ref=str(data.get("vnp_TxnRef", "")),
            amount_vnd=amount,
            response_code=str(data.get("vnp_ResponseCode", "")),
            transaction_status=str(data.get("vnp_TransactionStatus", "")),
            transaction_no=str(data.get("vnp_TransactionNo", "")),
            bank_code=str(data.get("vnp_BankCode", "")),
            pay_date=parse_gmt7(str(data.get("vnp_PayDate", ""))),
            params=data,
        )

    # -- merchant API ------------------------------------------------------
    def query(
        self,
        *,
        txn_ref: str,
        transaction_date: datetime,
        order_info: str,
        ip: str,
        now: datetime,
        transaction_no: str = "",
    ) -> ApiAnswer:
        body = {
            "vnp_RequestId": uuid.uuid4().hex[:32],
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": txn_ref,
            "vnp_OrderInfo": order_info,
            "vnp_TransactionNo": transaction_no,
            "vnp_TransactionDate": gmt7(transaction_date),
            "vnp_CreateDate": gmt7(now),
            "vnp_IpAddr": ip or "127.0.0.1",
        }
        body["vnp_SecureHash"] = pipe_checksum(self.hash_secret, body, QUERY_FIELDS)
        return self._answer(self._post(body), QUERY_ANSWER_FIELDS)

    def refund(
        self,
        *,
        txn_ref: str,
        amount_vnd: int,
        transaction_no: str,
        transaction_date: datetime,
        created_by: str,
        order_info: str,
        ip: str,
        now: datetime,
        full: bool = True,
    ) -> ApiAnswer:
        body = {
            "vnp_RequestId": uuid.uuid4().hex[:32],
            "vnp_Version": VERSION,
            "vnp_Command": "refund",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TransactionType": REFUND_FULL if full else REFUND_PARTIAL,
            "vnp_TxnRef": txn_ref,
            "vnp_Amount": str(to_vnp_amount(amount_vnd)),
            "vnp_OrderInfo": order_info,
            "vnp_TransactionNo": transaction_no,
            "vnp_TransactionDate": gmt7(transaction_date),
            "vnp_CreateBy": created_by,
            "vnp_CreateDate": gmt7(now),
            "vnp_IpAddr": ip or "127.0.0.1",
        }
        body["vnp_SecureHash"] = pipe_checksum(self.hash_secret, body, REFUND_FIELDS)
        return self._answer(self._post(body), REFUND_ANSWER_FIELDS)

    def _answer(self, body: dict, fields: tuple[str, ...]) -> ApiAnswer:
        given = str(body.get("vnp_SecureHash", "")).lower()
        if not given or not hmac.compare_digest(
            given, pipe_checksum(self.hash_secret, body, fields)
        ):
            raise VnpayError(
                f"answer checksum invalid (code {body.get('vnp_ResponseCode', '?')})"
            )
        try:
            amount = int(body.get("vnp_Amount") or 0) // 100
        except (TypeError, ValueError):
            amount = 0
        return ApiAnswer(
            response_code=str(body.get("vnp_ResponseCode", "")),
            message=str(body.get("vnp_Message", "")),
            transaction_status=str(body.get("vnp_TransactionStatus", "")),
            transaction_no=str(body.get("vnp_TransactionNo", "")),
            amount_vnd=amount,
            bank_code=str(body.get("vnp_BankCode", "")),
            pay_date=parse_gmt7(str(body.get("vnp_PayDate", ""))),
            body=body,
        )

    def _post(self, body: dict) -> dict:
        request = urllib.request.Request(
            self.api_url,
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
            raise VnpayError(f"HTTP {error.code}") from error
        except TimeoutError as error:
            raise VnpayError("timed out") from error
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            reason = getattr(error, "reason", error)
            raise VnpayError(f"connection failed: {reason}") from error
        try:
            answer = json.loads(raw or b"{}")
        except ValueError as error:
            raise VnpayError("unreadable answer") from error
        if not isinstance(answer, dict):
            raise VnpayError("unreadable answer")
        return answer
