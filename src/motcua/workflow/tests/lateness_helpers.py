"""Set-up for the lateness tests: a district, its staff, dossiers with steps.

Tasks are built directly (not through the workflow services) so that each
test states exactly the due times it is about.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from motcua.accounts.domain import Role
from motcua.accounts.tests.factories import AgencyFactory
from motcua.dossiers.tests.factories import DossierFactory, staff_member
from motcua.workflow.models import DossierLeg, DossierTask, Process, ProcessStep

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*parts) -> datetime:
    return datetime(*parts, tzinfo=HCM)


class District:
    """A district People's Committee with a desk officer, specialist and leader."""

    def __init__(self, code="000.00.25.H39"):
        self.agency = AgencyFactory(code=code, name="UBND huyện Tân Thạnh")
        self.desk = staff_member(
            self.agency,
            Role.DESK_OFFICER,
            username=f"desk-{code}",
            email="desk@example.vn",
            full_name="Trần Thị Bình",
        )
        self.specialist = staff_member(
            self.agency,
            Role.SPECIALIST,
            username=f"spec-{code}",
            email="spec@example.vn",
            full_name="Lê Văn Cường",
        )
        self.leader = staff_member(
            self.agency,
            Role.LEADER,
            username=f"lead-{code}",
            email="lead@example.vn",
            phone="0912000111",
            full_name="Phạm Văn Dũng",
        )

    def dossier(self, *, received_at, due_at, **traits):
        return DossierFactory(
            receiving_agency=self.agency,
            received_at=received_at,
            submitted_at=received_at,
            due_at=due_at,
            **({"in_progress": True} | traits),
        )


def process_for(dossier) -> Process:
    process, _ = Process.objects.get_or_create(
        procedure_version=dossier.procedure_version,
        agency=None,
        kind="main",
        defaults={"name": "Quy trình chung"},
    )
    return process


def step(process, key, *, role, name, hours=8, position=0) -> ProcessStep:
    found, _ = ProcessStep.objects.get_or_create(
        process=process,
        key=key,
        defaults={
            "position": position,
            "name": name,
            "role": role,
            "budget_amount": hours,
            "budget_unit": "working_hours",
        },
    )
    return found


def leg(dossier, *, agency=None, started_at=None, sequence=1) -> DossierLeg:
    return DossierLeg.objects.create(
        dossier=dossier,
        sequence=sequence,
        agency=agency or dossier.handling_agency,
        process=process_for(dossier),
        started_at=started_at or dossier.received_at,
        due_at=dossier.due_at,
    )


def task(
    dossier,
    the_leg,
    *,
    key="appraise",
    name="Thẩm định hồ sơ",
    role=Role.SPECIALIST,
    arrived_at,
    due_at=None,
    budget_minutes=480,
    finished_at=None,
    assignee=None,
    finished_by=None,
    given_by=None,
    agency=None,
    previous=None,
) -> DossierTask:
    the_step = step(process_for(dossier), key, role=role, name=name)
    return DossierTask.objects.create(
        dossier=dossier,
        leg=the_leg,
        step=the_step,
        agency=agency or the_leg.agency,
        role=role,
        assignee=assignee,
        state="done" if finished_at else "open",
        arrived_at=arrived_at,
        due_at=due_at or arrived_at + timedelta(days=1),
        budget_minutes=budget_minutes,
        finished_at=finished_at,
        finished_by=finished_by,
        given_by=given_by,
        previous=previous,
    )
