"""Process definitions: the defaults of every seeded procedure, checks, choice."""

from django.core.management import call_command

import pytest

from motcua.accounts.tests.factories import levels
from motcua.catalog.models import ProcedureVersion
from motcua.demo.seed import load_catalog, read_seed_catalog
from motcua.workflow.domain import ProcessKind
from motcua.workflow.models import Process
from motcua.workflow.services import check_process, process_for, seed_processes
from motcua.workflow.services.processes import default_steps, version_legal_minutes

from .world import procedure


@pytest.fixture
def seeded(db):
    levels()
    load_catalog(read_seed_catalog())
    return ProcedureVersion.objects.published()


def test_every_seeded_procedure_gets_a_sound_default_process(seeded):
    created = seed_processes()
    assert created == 2 * seeded.count()
    for process in Process.objects.select_related("procedure_version"):
        assert check_process(process) == [], process.procedure_version.procedure.code
    assert seed_processes() == 0  # idempotent
    call_command("seed_processes")
    assert Process.objects.count() == created


def test_the_common_shapes(seeded):
    commune = seeded.get(procedure__code="1.004873")
    district = seeded.get(procedure__code="1.001612")
    assert [s["key"] for s in default_steps(commune)] == [
        "receive",
        "appraise",
        "sign",
        "issue",
        "return",
    ]
    assert [s["key"] for s in default_steps(district)] == [
        "receive",
        "appraise",
        "approve",
        "sign",
        "issue",
        "return",
    ]
    roles = [s["role"] for s in default_steps(district)]
    assert roles == [
        "desk_officer",
        "specialist",
        "leader",
        "leader",
        "clerk",
        "desk_officer",
    ]
    appraise = default_steps(district)[1]
    assert set(appraise["actions"]) == {
        "forward",
        "send_back",
        "request_supplement",
        "request_fees",
        "transfer",
        "stop",
    }
    transfer = default_steps(district, ProcessKind.TRANSFER)
    assert transfer[-1]["actions"][0] == "complete_transfer"


def test_a_commune_procedure_can_go_to_the_district(seeded):
    version = seeded.get(procedure__code="1.004859")
    assert default_steps(version)[1]["transfer_function"] == "district_pc"


@pytest.mark.parametrize("code", ["1.001193", "1.004873", "1.013225", "2.000488"])
def test_budgets_are_shares_of_the_legal_time(seeded, code):
    version = seeded.get(procedure__code=code)
    process = process_for(version, None)
    total = sum(
        s.budget_amount * (480 if s.budget_unit == "working_days" else 60)
        for s in process.steps.all()
    )
    legal = version_legal_minutes(version)
    assert 0.7 * legal <= total <= legal


def test_an_agency_process_wins_over_the_default(world):
    version = procedure()
    default = process_for(version, world.district.agency)
    assert default.agency is None
    own = Process.objects.create(
        procedure_version=version,
        agency=world.district.agency,
        kind="main",
        name="Riêng",
    )
    assert process_for(version, world.district.agency) == own
    assert process_for(version, world.other_district.agency) == default


def test_problems_read_as_sentences(world):
    version = procedure(amount=1)
    process = process_for(version, None)
    step = process.steps.get(key="appraise")
    step.budget_amount, step.budget_unit = 3, "working_days"
    step.routes = [{"to": "nowhere", "label": ""}]
    step.save()
    problems = check_process(process)
    assert "Step “appraise” leads to “nowhere”, which is not a step." in problems
    assert any("more than the legal time of 1 working day." in p for p in problems)
