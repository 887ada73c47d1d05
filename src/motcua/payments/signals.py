"""Signals of the payments app, for the apps it must not import.

``payment_confirmed`` is sent once, after the commit that made a payment
paid (the gateway's IPN, a reconciliation, or the desk), with ``payment``
and ``actor`` (None for the gateway). The workflow listens to resume a
dossier waiting for its fees.
"""

from django.dispatch import Signal

payment_confirmed = Signal()
