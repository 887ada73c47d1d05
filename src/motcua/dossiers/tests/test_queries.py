from dataclasses import asdict
from datetime import date

import pytest

from motcua.accounts.domain import Role
from motcua.dossiers.domain import Action
from motcua.dossiers.queries import (
    dossier_for_staff,
    find_applicant,
    officer_agencies,
    public_tracking,
    register_rows,
    rule_set_on,
)
from motcua.dossiers.services.lifecycle import transition

from .factories import ApplicantFactory, DossierFactory, UserFactory, staff_member
from .helpers import desk, five_day_procedure, local, receive

pytestmark = pytest.mark.django_db


def test_public_tracking_shows_the_progress_and_only_a_masked_name():
    dossier = DossierFactory(in_progress=True)
    transition(
        dossier,
        Action.REQUEST_SUPPLEMENT,
        actor=dossier.received_by,
        reason="Thiếu bản sao CCCD của ông Nguyễn Văn An",
        public=False,
    )

    view = public_tracking(dossier.code.lower())

    assert view.code == dossier.code
    assert view.applicant_masked == "N*** V** A"
    assert view.national_code == 5
    assert view.status_label == "Yêu cầu bổ sung giấy tờ"
    assert [step.label for step in view.timeline] == [
        "Tiếp nhận hồ sơ",
        "Chuyển xử lý",
    ]
    shown = repr(asdict(view))
    for secret in ("Nguyễn", dossier.applicant.personal_id, "0912345678", "Ấp 3"):
        assert secret not in shown


def test_public_tracking_of_an_unknown_or_malformed_code_is_none():
    DossierFactory()
    assert public_tracking("000.00.99.H39-251027-0001") is None
    assert public_tracking("'; DROP TABLE dossiers_dossier; --") is None
    assert public_tracking("") is None


def test_staff_see_only_their_agencies_dossiers():
    dossier = DossierFactory()
    insider = staff_member(dossier.handling_agency, Role.SPECIALIST)
    outsider = staff_member(desk("000.09.25.H39")[0], Role.DESK_OFFICER)
    assert dossier_for_staff(dossier.code, insider) == dossier
    assert dossier_for_staff(dossier.code, outsider) is None
    assert dossier_for_staff(dossier.code, UserFactory()) is None
    assert dossier_for_staff("nonsense", insider) is None


def test_officer_agencies_lists_where_a_role_is_held():
    agency, officer = desk()
    other = desk("000.01.25.H39")[0]
    staff_member_user = staff_member(other, Role.LEADER)
    assert list(officer_agencies(officer, Role.DESK_OFFICER)) == [agency]
    assert list(officer_agencies(staff_member_user, Role.DESK_OFFICER)) == []
    assert list(officer_agencies(staff_member_user)) == [other]


def test_the_register_lists_a_periods_receptions_in_order():
    agency, officer = desk()
    version = five_day_procedure(agency)
    late = receive(agency, officer, version, at=local(2025, 10, 31, 16, 0))
    early = receive(agency, officer, version, at=local(2025, 10, 27, 7, 30))
    receive(agency, officer, version, at=local(2025, 11, 1, 0, 0))
    DossierFactory()  # another agency
    rows = list(register_rows(agency, date(2025, 10, 27), date(2025, 10, 31)))
    assert rows == [early, late]


def test_the_rule_set_changes_on_1_july_2025():
    assert rule_set_on(date(2025, 6, 30)).code == "nd61-2018"
    assert rule_set_on(date(2025, 7, 1)).code == "nd118-2025"
    assert rule_set_on(date(2025, 7, 1)).form("stop_notice")["number"] == "05"
    assert rule_set_on(date(2020, 1, 1)).form("stop_notice") is None


def test_an_applicant_is_found_by_id_number_or_tax_code():
    person = ApplicantFactory()
    company = ApplicantFactory(organisation=True)
    assert find_applicant(person.personal_id) == person
    assert find_applicant(" 0100109106 ") == company
    assert find_applicant("") is None
