"""A local stand-in for the VNPay gateway, for tests.

A real HTTP server on 127.0.0.1 in a thread, speaking the protocol of
``motcua.integrations.vnpay``:

- ``GET /paymentv2/vpcpay.html?...``: checks the signature and the
  terminal code of the payment URL, records the order, "pays" it (or fails
  it when ``outcome`` is not "00") and answers 302 to the return URL with
  the signed outcome; a bad signature gets 400 ("Sai chữ ký").
- ``POST /merchant_webapi/api/transaction``: querydr and refund, checked
  against the pipe checksum; answers signed JSON (code "97" for a bad
  checksum, "91" for an unknown order, "94" for a second refund).
- ``ipn_params(txn_ref)`` gives the signed IPN parameters VNPay would send
  for an order it has handled; ``send_ipn(url, txn_ref)`` calls the
  merchant's IPN URL with them over HTTP, as VNPay does.
"""

import json
import threading
import urllib.parse
import urllib.request
from datetime import datetime
from http.server import BaseHTTPRequestHandler

from motcua.integrations import vnpay
from motcua.integrations.tests.fake_server import FakeServer

PAY_PATH = "/paymentv2/vpcpay.html"
API_PATH = "/merchant_webapi/api/transaction"


class FakeVnpay(FakeServer):
    def __init__(self, *, tmn_code="MOTCUA01", hash_secret="TESTSECRET"):
        self.tmn_code, self.hash_secret = tmn_code, hash_secret
        self.outcome = "00"
        self.orders: dict[str, dict] = {}
        self.refunds: list[dict] = []
        self.requests: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        self._server = None
        self._counter = 14000000
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def settings(self, **overrides) -> dict:
        return {
            "TMN_CODE": self.tmn_code,
            "HASH_SECRET": self.hash_secret,
            "PAYMENT_URL": self.base_url + PAY_PATH,
            "API_URL": self.base_url + API_PATH,
            "EXPIRE_MINUTES": 15,
            "CONNECT_TIMEOUT": 0.5,
            "READ_TIMEOUT": 2,
            **overrides,
        }

    def start(self) -> "FakeVnpay":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                params = dict(urllib.parse.parse_qsl(url.query))
                status, location, text = fake.pay(url.path, params)
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                payload = text.encode()
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length))
                except ValueError:
                    body = {}
                status, answer = fake.api(self.path, body)
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return self.serve(Handler)

    # -- payment page --------------------------------------------------------
    def pay(self, path: str, params: dict):
        with self._lock:
            self.requests.append((path, params))
        if path != PAY_PATH:
            return 404, "", "not found"
        given = params.get("vnp_SecureHash", "")
        if given != vnpay.sign_params(self.hash_secret, params) or (
            params.get("vnp_TmnCode") != self.tmn_code
        ):
            return 400, "", "Sai chữ ký"
        with self._lock:
            self._counter += 1
            order = {
                "vnp_TmnCode": self.tmn_code,
                "vnp_TxnRef": params["vnp_TxnRef"],
                "vnp_Amount": params["vnp_Amount"],
                "vnp_OrderInfo": params.get("vnp_OrderInfo", ""),
                "vnp_BankCode": "NCB",
                "vnp_CardType": "ATM",
                "vnp_PayDate": params.get("vnp_CreateDate", ""),
                "vnp_TransactionNo": str(self._counter),
                "vnp_ResponseCode": self.outcome,
                "vnp_TransactionStatus": self.outcome if self.outcome == "00" else "02",
                "refunded": False,
            }
            self.orders[params["vnp_TxnRef"]] = order
        query = self.ipn_query(params["vnp_TxnRef"])
        return 302, f"{params['vnp_ReturnUrl']}?{query}", ""

    def ipn_params(self, txn_ref: str, **changes) -> dict:
        order = self.orders[txn_ref]
        params = {k: v for k, v in order.items() if k.startswith("vnp_")}
        params.update(changes)
        params["vnp_SecureHash"] = vnpay.sign_params(self.hash_secret, params)
        return params

    def ipn_query(self, txn_ref: str, **changes) -> str:
        return urllib.parse.urlencode(self.ipn_params(txn_ref, **changes))

    def send_ipn(self, ipn_url: str, txn_ref: str, **changes) -> dict:
        """Call the merchant's IPN URL as VNPay does (GET); return its JSON."""
        url = f"{ipn_url}?{self.ipn_query(txn_ref, **changes)}"
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return json.loads(response.read())

    # -- merchant API ---------------------------------------------------------
    def api(self, path: str, body: dict):
        with self._lock:
            self.requests.append((path, body))
        if path != API_PATH:
            return 404, {"message": "not found"}
        command = body.get("vnp_Command")
        fields = vnpay.QUERY_FIELDS if command == "querydr" else vnpay.REFUND_FIELDS
        answer_fields = (
            vnpay.QUERY_ANSWER_FIELDS
            if command == "querydr"
            else vnpay.REFUND_ANSWER_FIELDS
        )
        answer = {
            "vnp_ResponseId": body.get("vnp_RequestId", ""),
            "vnp_Command": command,
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": body.get("vnp_TxnRef", ""),
        }
        valid = (
            body.get("vnp_SecureHash")
            == vnpay.pipe_checksum(self.hash_secret, body, fields)
            and body.get("vnp_TmnCode") == self.tmn_code
        )
        order = self.orders.get(body.get("vnp_TxnRef", ""))
        if not valid:
            answer.update(vnp_ResponseCode="97", vnp_Message="Invalid Checksum")
        elif command not in ("querydr", "refund"):
            answer.update(vnp_ResponseCode="02", vnp_Message="Invalid command")
        elif order is None:
            answer.update(vnp_ResponseCode="91", vnp_Message="Transaction not found")
        elif command == "refund" and (
            order["refunded"] or order["vnp_TransactionStatus"] != "00"
        ):
            answer.update(vnp_ResponseCode="94", vnp_Message="Refund refused")
        else:
            if command == "refund":
                with self._lock:
                    order["refunded"] = True
                    order["vnp_TransactionStatus"] = "05"
                    self.refunds.append(body)
            answer.update(
                vnp_ResponseCode="00",
                vnp_Message="Success",
                vnp_Amount=order["vnp_Amount"],
                vnp_BankCode=order["vnp_BankCode"],
                vnp_PayDate=order["vnp_PayDate"],
                vnp_TransactionNo=order["vnp_TransactionNo"],
                vnp_TransactionType=body.get("vnp_TransactionType", "01"),
                vnp_TransactionStatus=order["vnp_TransactionStatus"],
                vnp_OrderInfo=order["vnp_OrderInfo"],
            )
        answer["vnp_SecureHash"] = vnpay.pipe_checksum(
            self.hash_secret, answer, answer_fields
        )
        return 200, answer

    def now(self) -> str:
        return datetime.now(vnpay.GMT7).strftime(vnpay.DATE_FORMAT)
