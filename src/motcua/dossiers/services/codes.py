"""Allocation of dossier codes and guidance numbers.

Circular 01/2018 art. 19: a daily sequence per receiving agency. The counter
row is locked and incremented in the caller's transaction, so a number is
never given twice and, because a rollback also undoes the increment, never
skipped.
"""

from datetime import date

from django.db import IntegrityError, transaction

from motcua.accounts.models import Agency

from ..domain import format_dossier_code
from ..models import DossierCodeCounter

Series = DossierCodeCounter.Series


def next_number(agency: Agency, day: date, series: str = Series.DOSSIER) -> int:
    """Return the next number of ``series`` for ``agency`` on ``day``.

    Must run inside the transaction that stores the numbered row. The
    first caller of the day creates the counter; a concurrent first caller
    hits the unique constraint, and retries against the row that won.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside a transaction")
    for _attempt in range(5):
        counter = (
            DossierCodeCounter.objects.select_for_update()
            .filter(agency=agency, day=day, series=series)
            .first()
        )
        if counter is None:
            try:
                with transaction.atomic():
                    counter = DossierCodeCounter.objects.create(
                        agency=agency, day=day, series=series, last=0
                    )
            except IntegrityError:
                continue  # another transaction created it first: lock theirs
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last
    raise RuntimeError("could not allocate a number")


def allocate_dossier_code(agency: Agency, day: date) -> str:
    """Return a new dossier code ``{agency}-{YYMMDD}-{NNNN}``."""
    return format_dossier_code(agency.code, day, next_number(agency, day))


def allocate_guidance_number(agency: Agency, day: date) -> str:
    """Return a new guidance number ``{agency}-{YYMMDD}-HD{NNNN}``.

    Guidance forms (02, 03 at the desk) get their own series with a
    prefix, so they can never be mistaken for a dossier code.
    """
    number = next_number(agency, day, Series.GUIDANCE)
    return f"{agency.code}-{day:%y%m%d}-HD{number:04d}"
