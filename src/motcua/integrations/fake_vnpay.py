"""A local stand-in for the VNPay gateway, for the tests and the demo.

A real HTTP server on 127.0.0.1 in a thread, speaking the protocol of
``motcua.integrations.vnpay``:

- ``GET /paymentv2/vpcpay.html?...``: checks the signature and the
  terminal code of the payment URL, records the order, "pays" it (or fails
  it when ``outcome`` is not "00") and answers 302 to the return URL with
  the signed outcome; a bad signature gets 400 ("Sai chữ ký").
- With ``interactive=True`` (the demo, ``manage.py run_fake_vnpay``) the
  same URL shows a page, "Cổng thanh toán thử nghiệm", with the order and
  two buttons. "Thanh toán" pays: the fake calls the shop's IPN URL server
  to server with the signed outcome, as VNPay does, then sends the browser
  to the return URL; "Hủy giao dịch" cancels (code 24) the same way.
- ``POST /merchant_webapi/api/transaction``: querydr and refund, checked
  against the pipe checksum; answers signed JSON (code "97" for a bad
  checksum, "91" for an unknown order, "94" for a second refund).
- ``ipn_params(txn_ref)`` gives the signed IPN parameters VNPay would send
  for an order it has handled; ``send_ipn(url, txn_ref)`` calls the
  merchant's IPN URL with them over HTTP, as VNPay does.
"""

import html
import json
import logging
import secrets
import threading
import urllib.parse
import urllib.request
from datetime import datetime
from http.server import BaseHTTPRequestHandler

from motcua.integrations import vnpay
from motcua.integrations.tests.fake_server import FakeServer

PAY_PATH = "/paymentv2/vpcpay.html"
CONFIRM_PATH = "/paymentv2/xac-nhan"
API_PATH = "/merchant_webapi/api/transaction"
# Where motcua's portal listens for the IPN (portal/urls.py).
DEFAULT_IPN_PATH = "/thanh-toan/vnpay/ipn/"
CANCELLED = "24"  # VNPay: the customer cancelled the transaction

log = logging.getLogger(__name__)


class FakeVnpay(FakeServer):
    def __init__(
        self,
        *,
        tmn_code="MOTCUA01",
        hash_secret="TESTSECRET",
        port=0,
        interactive=False,
        ipn_url="",
    ):
        self.tmn_code, self.hash_secret = tmn_code, hash_secret
        self.outcome = "00"
        self.orders: dict[str, dict] = {}
        self.refunds: list[dict] = []
        self.requests: list[tuple[str, dict]] = []
        self.ipn_answers: list[dict] = []
        self.interactive, self.ipn_url = interactive, ipn_url
        self._waiting: dict[str, dict] = {}
        self._lock = threading.Lock()
        self._server = None
        self._counter = 14000000
        self.port = port

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
                self._send(status, location, text)

            def _send(self, status, location, text):
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                payload = text.encode()
                kind = "text/html" if text.startswith("<!DOCTYPE") else "text/plain"
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                if self.path == CONFIRM_PATH:
                    form = dict(
                        urllib.parse.parse_qsl(self.rfile.read(length).decode())
                    )
                    self._send(*fake.confirm(form))
                    return
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
        if self.interactive:
            token = secrets.token_urlsafe(16)
            with self._lock:
                self._waiting[token] = params
            return 200, "", payment_page(params, token)
        self._record(params, self.outcome)
        query = self.ipn_query(params["vnp_TxnRef"])
        return 302, f"{params['vnp_ReturnUrl']}?{query}", ""

    def confirm(self, form: dict):
        """Pay or cancel as the payer chose, tell the shop (IPN), go back."""
        with self._lock:
            params = self._waiting.pop(form.get("token", ""), None)
        if params is None:
            return 400, "", "Giao dịch không tồn tại hoặc đã xử lý"
        outcome = self.outcome if form.get("choice") == "pay" else CANCELLED
        self._record(params, outcome)
        txn_ref = params["vnp_TxnRef"]
        ipn_url = self.ipn_url or default_ipn_url(params["vnp_ReturnUrl"])
        try:
            answer = self.send_ipn(ipn_url, txn_ref)
        except (OSError, ValueError) as error:
            answer = {"error": str(error)}
            log.warning("IPN to %s failed: %s", ipn_url, error)
        with self._lock:
            self.ipn_answers.append({"txn_ref": txn_ref, **answer})
        return 302, f"{params['vnp_ReturnUrl']}?{self.ipn_query(txn_ref)}", ""

    def _record(self, params: dict, outcome: str) -> None:
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
                "vnp_ResponseCode": outcome,
                "vnp_TransactionStatus": outcome if outcome == "00" else "02",
                "refunded": False,
            }
            self.orders[params["vnp_TxnRef"]] = order

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


def default_ipn_url(return_url: str) -> str:
    """Return the portal's IPN URL on the host of the return URL."""
    parts = urllib.parse.urlsplit(return_url)
    return urllib.parse.urlunsplit(
        (parts.scheme, parts.netloc, DEFAULT_IPN_PATH, "", "")
    )


def payment_page(params: dict, token: str) -> str:
    """Return the gateway's page: the order, and buttons to pay or cancel."""
    amount = int(params.get("vnp_Amount", "0")) // 100
    money = f"{amount:,}".replace(",", ".") + " đ"
    rows = [
        ("Mã giao dịch", params.get("vnp_TxnRef", "")),
        ("Nội dung", params.get("vnp_OrderInfo", "")),
        ("Số tiền", money),
        ("Đơn vị nhận", params.get("vnp_TmnCode", "")),
    ]
    table = "".join(
        f"<tr><th scope='row'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    token = html.escape(token)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng thanh toán thử nghiệm</title>
<style>
body{{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1f23}}
main{{max-width:32rem;margin:1rem auto;padding:1rem;background:#fff;border-radius:8px}}
h1{{font-size:1.35rem;margin:0 0 .25rem;color:#005baa}}
table{{width:100%;border-collapse:collapse;margin:1rem 0}}
th,td{{text-align:left;padding:.5rem .25rem;border-bottom:1px solid #dde1e6;
vertical-align:top}}
th{{width:40%;font-weight:600}}
.actions{{display:flex;gap:.75rem;flex-wrap:wrap}}
button{{font:inherit;min-height:44px;padding:.5rem 1.25rem;border-radius:6px;
border:2px solid #005baa;cursor:pointer}}
.pay{{background:#005baa;color:#fff}}
.cancel{{background:#fff;color:#005baa}}
button:focus-visible{{outline:3px solid #f2a900;outline-offset:2px}}
</style></head>
<body><main>
<h1>Cổng thanh toán thử nghiệm</h1>
<p>Trang mô phỏng cổng VNPay dùng cho thử nghiệm: không có tiền thật
được chuyển.</p>
<table>{table}</table>
<form method="post" action="{CONFIRM_PATH}" class="actions">
<input type="hidden" name="token" value="{token}">
<button class="pay" type="submit" name="choice" value="pay">Thanh toán</button>
<button class="cancel" type="submit" name="choice" value="cancel">Hủy giao dịch</button>
</form>
</main></body></html>
"""
