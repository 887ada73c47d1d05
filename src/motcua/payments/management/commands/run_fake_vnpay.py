"""Serve the fake VNPay gateway for the demo and the browser tests.

``manage.py run_fake_vnpay --port 8899`` serves, on 127.0.0.1, the
gateway's payment page ("Cổng thanh toán thử nghiệm", with "Thanh toán"
and "Hủy giao dịch"), and its merchant API (querydr and refund). It signs
and checks with ``settings.MOTCUA_VNPAY``'s terminal code and secret, so
point ``VNPAY_PAYMENT_URL`` and ``VNPAY_API_URL`` at it (``make run`` does).
On "Thanh toán" it calls the shop's IPN URL (``--ipn-url``; by default
``/thanh-toan/vnpay/ipn/`` on the host of the return URL) server to
server, then sends the browser to the return URL.

``--only-if-local`` does nothing when the settings point at another
gateway (VNPay's sandbox), so ``make run`` can always call it.
"""

import signal
import threading
import urllib.parse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.integrations.fake_vnpay import API_PATH, PAY_PATH, FakeVnpay

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def local_port(url: str) -> int | None:
    """Return the port of ``url`` if it is on this machine, else None."""
    parts = urllib.parse.urlsplit(url or "")
    if parts.hostname not in LOCAL_HOSTS:
        return None
    return parts.port or (443 if parts.scheme == "https" else 80)


class Command(BaseCommand):
    help = "Serve a fake VNPay gateway (payment page, IPN call, querydr, refund)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=None)
        parser.add_argument("--ipn-url", default="")
        parser.add_argument(
            "--only-if-local",
            action="store_true",
            help="Do nothing unless VNPAY_PAYMENT_URL points at this machine.",
        )

    def handle(self, *args, port=None, ipn_url="", only_if_local=False, **options):
        config = settings.MOTCUA_VNPAY
        configured = local_port(config.get("PAYMENT_URL", ""))
        if configured is None and only_if_local:
            if options["verbosity"] > 1:
                self.stdout.write("VNPAY_PAYMENT_URL is not local: no fake gateway.")
            return
        if not config.get("TMN_CODE") or not config.get("HASH_SECRET"):
            raise CommandError("Set VNPAY_TMN_CODE and VNPAY_HASH_SECRET first.")
        gateway = FakeVnpay(
            tmn_code=config["TMN_CODE"],
            hash_secret=config["HASH_SECRET"],
            port=port or configured or 8899,
            interactive=True,
            ipn_url=ipn_url,
        )
        try:
            gateway.start()
        except OSError as error:
            raise CommandError(
                f"Cannot listen on port {gateway.port}: {error}"
            ) from error
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Fake VNPay gateway on {gateway.base_url}{PAY_PATH} "
                f"(API {gateway.base_url}{API_PATH})"
            )
        stop = threading.Event()
        stopping = {signal.SIGINT, signal.SIGTERM}
        # A parent that blocks these signals (a test runner) passes the mask on.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping)
        for number in stopping:
            signal.signal(number, lambda *_: stop.set())
        try:
            while not stop.wait(timeout=1):
                pass
        finally:
            gateway.stop()
