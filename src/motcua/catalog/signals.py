"""Signals the catalog sends, so other apps follow it without being imported.

``version_drafted`` is sent (inside the drafting transaction) when
``services.draft_amendment`` has copied a version into a new draft, with
``source`` (the version copied) and ``draft`` (the new version). The e-forms
app uses it to copy the e-form along.
"""

from django.dispatch import Signal

version_drafted = Signal()
