"""Processes as JSON: export, and an all-or-nothing import with clear errors.

The shape (documented in ``docs/workflow.md``)::

    {"format": "motcua.processes", "version": 1, "processes": [
      {"procedure": "1.001612", "procedure_version": 1, "agency": null,
       "kind": "main", "name": "…", "is_active": true,
       "steps": [{"key": "receive", "name": "…", "role": "desk_officer",
                  "agency_rule": "receiving", "agency_function": "",
                  "budget_amount": "2", "budget_unit": "working_hours",
                  "actions": ["forward"], "routes": [{"to": "appraise", "label": ""}],
                  "transfer_function": ""}, …]}]}

Importing replaces the active process of the same procedure version, agency
and kind (the old one is kept inactive, since dossiers may run on it); a
process identical to the active one is left alone.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import Agency
from motcua.catalog.models import ProcedureVersion

from .domain import ProcessKind
from .models import Process
from .services.processes import STEP_FIELDS, check_steps, create_process

FORMAT = "motcua.processes"
FORMAT_VERSION = 1


class ProcessImportFailed(ValueError):
    """The file cannot be imported; ``errors`` lists every reason, with where."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class ImportReport:
    created: int = 0
    unchanged: int = 0
    replaced: int = 0
    names: list[str] = field(default_factory=list)


def step_data(step) -> dict:
    data = {name: getattr(step, name) for name in STEP_FIELDS}
    data["budget_amount"] = f"{Decimal(step.budget_amount).normalize():f}"
    return data


def process_data(process: Process) -> dict:
    version = process.procedure_version
    return {
        "procedure": version.procedure.code,
        "procedure_version": version.number,
        "agency": process.agency.code if process.agency_id else None,
        "kind": process.kind,
        "name": process.name,
        "is_active": process.is_active,
        "steps": [step_data(s) for s in process.steps.order_by("position", "pk")],
    }


def export_processes(processes=None) -> dict:
    """Return the active processes (or ``processes``) as the JSON document."""
    if processes is None:
        processes = Process.objects.filter(is_active=True)
    processes = processes.select_related(
        "procedure_version__procedure", "agency"
    ).prefetch_related("steps")
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "processes": [
            process_data(p)
            for p in processes.order_by(
                "procedure_version__procedure__code", "kind", "agency__code", "pk"
            )
        ],
    }


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def loads(content: bytes | str) -> dict:
    try:
        document = json.loads(content)
    except (ValueError, UnicodeDecodeError) as error:
        raise ProcessImportFailed(
            [_("The file is not valid JSON: %(error)s") % {"error": error}]
        ) from error
    return document


def import_processes(document) -> ImportReport:
    """Check every process of ``document``; save all of them or none.

    Raises ``ProcessImportFailed`` listing each error as
    "process N (code · kind): reason".
    """
    if isinstance(document, bytes | str):
        document = loads(document)
    errors: list[str] = []
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ProcessImportFailed(
            [
                _("This is not a process file (format “%(format)s”).")
                % {"format": FORMAT}
            ]
        )
    if document.get("version") != FORMAT_VERSION:
        raise ProcessImportFailed(
            [
                _("Unknown version of the process file: %(v)s.")
                % {"v": document.get("version")}
            ]
        )
    items = document.get("processes")
    if not isinstance(items, list) or not items:
        raise ProcessImportFailed([_("The file has no process.")])
    parsed = []
    seen = set()
    for number, item in enumerate(items, start=1):
        where = _where(number, item)
        problems, ready = _parse(item)
        if ready is not None:
            identity = (
                ready["version"].pk,
                ready["agency"] and ready["agency"].pk,
                ready["kind"],
            )
            if ready["is_active"] and identity in seen:
                problems.append(
                    _(
                        "the file has another active process for the same procedure, agency and kind."
                    )
                )
            seen.add(identity)
        errors += [f"{where}: {p}" for p in problems]
        parsed.append(ready)
    if errors:
        raise ProcessImportFailed(errors)
    report = ImportReport()
    with transaction.atomic():
        for ready in parsed:
            _save(ready, report)
    return report


def _where(number, item) -> str:
    if isinstance(item, dict):
        return _("Process %(n)s (%(code)s · %(kind)s)") % {
            "n": number,
            "code": item.get("procedure", "?"),
            "kind": item.get("kind", "?"),
        }
    return _("Process %(n)s") % {"n": number}


def _parse(item) -> tuple[list[str], dict | None]:
    if not isinstance(item, dict):
        return [_("a process is an object with its fields.")], None
    problems = []
    kind = item.get("kind", ProcessKind.MAIN.value)
    if kind not in set(ProcessKind):
        problems.append(_("unknown kind “%(kind)s”.") % {"kind": kind})
    versions = ProcedureVersion.objects.published().filter(
        procedure__code=item.get("procedure", "")
    )
    if item.get("procedure_version") is not None:
        versions = versions.filter(number=item.get("procedure_version"))
    version = versions.order_by("-number").first()
    if version is None:
        problems.append(
            _("no published procedure %(code)s (version %(number)s).")
            % {
                "code": item.get("procedure"),
                "number": item.get("procedure_version") or "—",
            }
        )
    agency = None
    if item.get("agency"):
        agency = Agency.objects.filter(code=item["agency"]).first()
        if agency is None:
            problems.append(_("unknown agency %(code)s.") % {"code": item["agency"]})
    name = str(item.get("name") or "").strip()
    if not name:
        problems.append(_("the process needs a name."))
    steps = item.get("steps")
    if not isinstance(steps, list):
        problems.append(_("“steps” must be a list."))
        steps = []
    clean_steps = []
    for index, raw in enumerate(steps, start=1):
        step, step_problems = _parse_step(raw)
        problems += [
            _("step %(n)s: %(problem)s") % {"n": index, "problem": p}
            for p in step_problems
        ]
        clean_steps.append(step)
    if problems or version is None:
        return problems, None
    problems += check_steps(clean_steps, version=version, kind=kind)
    if problems:
        return problems, None
    return [], {
        "version": version,
        "agency": agency,
        "kind": kind,
        "name": name[:300],
        "is_active": bool(item.get("is_active", True)),
        "steps": clean_steps,
    }


def _parse_step(raw) -> tuple[dict, list[str]]:
    if not isinstance(raw, dict):
        return {}, [_("a step is an object with its fields.")]
    problems = []
    unknown = sorted(set(raw) - set(STEP_FIELDS))
    if unknown:
        problems.append(_("unknown fields: %(names)s.") % {"names": ", ".join(unknown)})
    step = {
        "key": str(raw.get("key") or "").strip(),
        "name": str(raw.get("name") or "").strip()[:200],
        "role": str(raw.get("role") or ""),
        "agency_rule": str(raw.get("agency_rule") or "handling"),
        "agency_function": str(raw.get("agency_function") or ""),
        "budget_unit": str(raw.get("budget_unit") or "working_hours"),
        "transfer_function": str(raw.get("transfer_function") or ""),
        "actions": raw.get("actions") or [],
        "routes": raw.get("routes") or [],
    }
    if not step["name"]:
        problems.append(_("the step needs a name."))
    try:
        step["budget_amount"] = Decimal(str(raw.get("budget_amount", 0)))
        if not step["budget_amount"].is_finite() or step["budget_amount"] >= 100000:
            raise InvalidOperation
    except InvalidOperation:
        problems.append(_("the time budget is not a number."))
        step["budget_amount"] = Decimal(0)
    if not isinstance(step["actions"], list) or not all(
        isinstance(a, str) for a in step["actions"]
    ):
        problems.append(_("“actions” must be a list of action names."))
        step["actions"] = []
    if not isinstance(step["routes"], list) or not all(
        isinstance(r, dict) and isinstance(r.get("to"), str) for r in step["routes"]
    ):
        problems.append(
            _('“routes” must be a list of {"to": step key, "label": text}.')
        )
        step["routes"] = []
    else:
        step["routes"] = [
            {"to": r["to"], "label": str(r.get("label", ""))} for r in step["routes"]
        ]
    return step, problems


def _comparable(steps) -> list[dict]:
    return [
        {**s, "budget_amount": f"{Decimal(s['budget_amount']).normalize():f}"}
        for s in steps
    ]


def _save(ready: dict, report: ImportReport) -> None:
    current = Process.objects.filter(
        procedure_version=ready["version"],
        agency=ready["agency"],
        kind=ready["kind"],
        is_active=True,
    ).first()
    if current is not None:
        existing = [step_data(s) for s in current.steps.order_by("position", "pk")]
        if (
            current.name == ready["name"]
            and ready["is_active"]
            and _comparable(existing) == _comparable(ready["steps"])
        ):
            report.unchanged += 1
            return
        if ready["is_active"]:
            current.is_active = False
            current.save(update_fields=["is_active", "updated_at"])
            report.replaced += 1
    process = create_process(
        ready["version"],
        kind=ready["kind"],
        name=ready["name"],
        steps=ready["steps"],
        agency=ready["agency"],
        is_active=ready["is_active"],
    )
    report.created += 1
    report.names.append(process.name)
