"""The fake VNPay gateway now lives beside the adapter (the demo runs it too)."""

from motcua.integrations.fake_vnpay import API_PATH, PAY_PATH, FakeVnpay

__all__ = ["API_PATH", "PAY_PATH", "FakeVnpay"]
