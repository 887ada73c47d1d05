import threading

from django.db import connection

import pytest

from motcua.dossiers.models import Dossier, DossierCodeCounter

from .helpers import applicant, desk, five_day_procedure, local, receive

PARALLEL = 20


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database uses a shared cache, which "
    "fails concurrent writers with 'table is locked' instead of queueing "
    "them; PostgreSQL runs this test",
)
@pytest.mark.django_db(transaction=True)
def test_parallel_receptions_get_consecutive_codes_without_gaps_or_repeats():
    # given
    agency, officer = desk()
    version = five_day_procedure(agency)
    barrier = threading.Barrier(PARALLEL)
    failures = []

    def receive_one(n):
        try:
            barrier.wait(timeout=20)
            receive(
                agency,
                officer,
                version,
                at=local(2025, 10, 27, 9, n),
                applicant=applicant(personal_id=f"080090{n:06d}"),
            )
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(repr(error))
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=receive_one, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then
    assert failures == []
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert codes == [f"000.00.25.H39-251027-{n:04d}" for n in range(1, PARALLEL + 1)]
    assert DossierCodeCounter.objects.get(series="dossier").last == PARALLEL


@pytest.mark.django_db
def test_a_refused_reception_does_not_use_up_a_number():
    from motcua.dossiers.services.reception import ReceptionRefused

    agency, officer = desk()
    version = five_day_procedure(agency)
    with pytest.raises(ReceptionRefused):
        receive(
            agency,
            officer,
            version,
            at=local(2025, 10, 27, 9, 0),
            applicant=applicant(personal_id="bad"),
        )
    dossier = receive(agency, officer, version, at=local(2025, 10, 27, 9, 5))
    assert dossier.code.endswith("-0001")


@pytest.mark.django_db
def test_a_rolled_back_reception_gives_its_number_back():
    from django.db import transaction

    from motcua.dossiers.services.codes import allocate_dossier_code

    agency, officer = desk()

    def allocate_then_fail():
        with transaction.atomic():
            allocate_dossier_code(agency, local(2025, 10, 27, 9, 0).date())
            raise RuntimeError("printer jammed")

    with pytest.raises(RuntimeError):
        allocate_then_fail()
    with transaction.atomic():
        code = allocate_dossier_code(agency, local(2025, 10, 27, 9, 0).date())
    assert code == "000.00.25.H39-251027-0001"
