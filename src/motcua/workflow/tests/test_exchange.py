"""Processes as JSON: a round trip, replacement, and all-or-nothing errors."""

import json

from django.core.management import CommandError, call_command

import pytest

from motcua.workflow.exchange import (
    ProcessImportFailed,
    export_processes,
    import_processes,
)
from motcua.workflow.models import Process
from motcua.workflow.services import process_for

from .world import procedure


@pytest.fixture
def version(world):
    version = procedure()
    process_for(version, None)
    return version


def test_a_round_trip_changes_nothing(version):
    document = export_processes()
    assert document["format"] == "motcua.processes"
    main = next(p for p in document["processes"] if p["kind"] == "main")
    assert main["procedure"] == version.procedure.code
    assert main["steps"][0]["key"] == "receive"
    json.dumps(document)  # plain JSON
    report = import_processes(json.dumps(document))
    assert (report.created, report.unchanged) == (0, 1)


def test_importing_a_changed_process_replaces_the_active_one(version, world):
    document = export_processes()
    main = document["processes"][0]
    main["name"] = "Quy trình rút gọn"
    main["agency"] = world.district.agency.code
    report = import_processes(document)
    assert report.created == 1
    own = process_for(version, world.district.agency)
    assert own.name == "Quy trình rút gọn"
    main["steps"][1]["budget_amount"] = "1"
    report = import_processes(document)
    assert (report.created, report.replaced) == (1, 1)
    assert Process.objects.filter(agency=world.district.agency).count() == 2
    assert (
        Process.objects.filter(agency=world.district.agency, is_active=True).count()
        == 1
    )


def test_every_error_is_listed_and_nothing_is_saved(version):
    document = export_processes()
    good = json.loads(json.dumps(document["processes"][0]))
    bad = json.loads(json.dumps(good))
    bad["procedure"] = "9.999999"
    worse = json.loads(json.dumps(good))
    worse["agency"] = None
    worse["name"] = "Khác"
    worse["steps"][1]["routes"] = [{"to": "nowhere"}]
    worse["steps"][2]["role"] = "janitor"
    worse["steps"][3]["budget_amount"] = "abc"
    good["name"] = "Đổi tên"
    document["processes"] = [good, bad, worse]
    before = Process.objects.count()
    with pytest.raises(ProcessImportFailed) as failed:
        import_processes(document)
    errors = failed.value.errors
    assert any(e.startswith("Process 2 (9.999999 · main)") for e in errors)
    assert any("step 4: the time budget is not a number" in e for e in errors)
    assert Process.objects.count() == before


def test_rule_problems_of_a_valid_file_are_named(version):
    document = export_processes()
    main = document["processes"][0]
    main["steps"][1]["routes"] = [{"to": "nowhere", "label": ""}]
    main["steps"][2]["role"] = "janitor"
    with pytest.raises(ProcessImportFailed) as failed:
        import_processes(document)
    text = "\n".join(failed.value.errors)
    assert "leads to “nowhere”" in text
    assert "unknown role" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"format": "x"}', "not a process file"),
        (b'{"format": "motcua.processes", "version": 9}', "Unknown version"),
        (
            b'{"format": "motcua.processes", "version": 1, "processes": []}',
            "no process",
        ),
    ],
)
def test_a_file_that_is_not_a_process_file(db, content, message):
    with pytest.raises(ProcessImportFailed, match=message):
        import_processes(content)


def test_the_commands(version, tmp_path):
    path = tmp_path / "processes.json"
    call_command("export_processes", output=str(path))
    call_command("import_processes", str(path))
    path.write_text('{"format": "x"}', encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_processes", str(path))
