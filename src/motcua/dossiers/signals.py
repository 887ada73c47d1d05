"""Signals of the dossiers app, for the apps that must not be imported here.

``dossier_changed`` is sent after the commit of every status change made
by ``services.lifecycle.transition()``, with ``dossier_pk``, ``sequence``
(the event's number in the trail), ``before`` and ``after`` (statuses).
Receivers run with ``send_robust``: one that fails is logged and never
undoes nor breaks the change (the payments app refunds a refused
dossier's fees this way).
"""

from django.dispatch import Signal

dossier_changed = Signal()
