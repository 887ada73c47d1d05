from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

import pytest

from motcua.dossiers.domain import Action
from motcua.dossiers.models import AppendOnly, DossierEvent
from motcua.dossiers.services.lifecycle import transition

from .factories import DossierFactory

pytestmark = pytest.mark.django_db


def _dossier_with_three_events():
    dossier = DossierFactory(in_progress=True)
    transition(dossier, Action.RESOLVE, actor=dossier.received_by)
    return dossier


def test_verify_audit_passes_on_an_intact_trail(capsys):
    _dossier_with_three_events()
    DossierFactory(returned=True)
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out


def test_verify_audit_reports_an_event_edited_with_raw_sql(capsys):
    dossier = _dossier_with_three_events()
    table = DossierEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET reason = %s WHERE dossier_id = %s AND sequence = 2",
            ["sửa lén", dossier.pk],
        )
    with pytest.raises(CommandError) as failed:
        call_command("verify_audit")
    assert failed.value.returncode == 1
    assert f"{dossier.code} #2: event edited" in capsys.readouterr().out


def test_verify_audit_reports_an_event_deleted_with_raw_sql(capsys):
    dossier = _dossier_with_three_events()
    table = DossierEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE dossier_id = %s AND sequence = 2", [dossier.pk]
        )
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert f"{dossier.code} #2: event missing" in capsys.readouterr().out


def test_verify_audit_reports_the_last_event_deleted(capsys):
    dossier = _dossier_with_three_events()
    table = DossierEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE dossier_id = %s AND sequence = 3", [dossier.pk]
        )
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert f"{dossier.code} #3: last events missing" in capsys.readouterr().out


def test_the_orm_refuses_to_change_or_remove_events():
    dossier = _dossier_with_three_events()
    event = DossierEvent.objects.filter(dossier=dossier).first()
    event.reason = "sửa"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        DossierEvent.objects.filter(dossier=dossier).update(reason="x")
    with pytest.raises(AppendOnly):
        DossierEvent.objects.filter(dossier=dossier).delete()


def test_deleting_the_acting_user_keeps_the_chain_intact(capsys):
    dossier = _dossier_with_three_events()
    dossier.received_by.delete()
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out
    assert DossierEvent.objects.filter(actor__isnull=True).count() == 3


def test_the_committed_diagram_is_generated_from_the_table(settings):
    from pathlib import Path

    from motcua.dossiers.diagram import lifecycle_markdown

    committed = Path(settings.BASE_DIR, "docs", "lifecycle.md").read_text("utf-8")
    assert committed == lifecycle_markdown()
