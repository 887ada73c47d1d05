import json
from datetime import date

from django.core.management import CommandError, call_command
from django.utils import translation

import pytest

from motcua.accounts.tests.factories import levels
from motcua.catalog.models import Procedure, ProcedureVersion

from .exchange_data import as_json, national_record, second_national_record
from .factories import published_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _levels_and_english():
    levels()
    with translation.override("en"):
        yield


def test_import_command_publishes_the_file_under_the_decision(tmp_path, capsys):
    path = tmp_path / "thu-tuc.json"
    path.write_bytes(as_json([national_record(), second_national_record()]))

    call_command(
        "import_procedures",
        str(path),
        "--effective",
        "2025-07-01",
        "--decision",
        "1872/QĐ-UBND",
    )

    versions = ProcedureVersion.objects.order_by("procedure__code")
    assert [v.procedure.code for v in versions] == ["1.001193", "2.000488"]
    assert {v.decision_number for v in versions} == {"1872/QĐ-UBND"}
    assert {v.effective_from for v in versions} == {date(2025, 7, 1)}
    assert "2 new" in capsys.readouterr().out


def test_import_command_prints_row_errors_and_fails(tmp_path, capsys):
    path = tmp_path / "thu-tuc.json"
    path.write_bytes(as_json([national_record(), national_record("1.0")]))

    with pytest.raises(CommandError, match="1 error"):
        call_command("import_procedures", str(path), "--effective", "2025-07-01")

    assert "Record 2 (1.0), MATTHC" in capsys.readouterr().err
    assert not Procedure.objects.exists()


def test_import_command_refuses_a_bad_date(tmp_path):
    path = tmp_path / "thu-tuc.json"
    path.write_bytes(b"[]")

    with pytest.raises(CommandError, match="not a date"):
        call_command("import_procedures", str(path), "--effective", "01/07/2025")


def test_import_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_procedures", str(tmp_path / "none.json"))


@pytest.mark.parametrize("kind", ["json", "xlsx"])
def test_export_command_writes_a_file_that_imports_back(kind, tmp_path):
    published_procedure(effective_from=date(2020, 1, 1))
    path = tmp_path / f"catalog.{kind}"

    call_command("export_procedures", "--format", kind, "-o", str(path))
    Procedure.objects.all().delete()
    call_command("import_procedures", str(path), "--effective", "2025-07-01")

    assert Procedure.objects.get().code == "1.001193"
    if kind == "json":
        assert json.loads(path.read_bytes())[0]["MATTHC"] == "1.001193"
