import pytest

from motcua.notifications.admin import MessageTemplateForm
from motcua.notifications.models import MessageTemplate
from motcua.notifications.rendering import render_text, template_errors

pytestmark = pytest.mark.django_db


def form(**changes):
    data = {
        "kind": "received",
        "channel": "sms",
        "language": "vi",
        "subject": "",
        "body": "Hồ sơ {{ dossier_code }} hẹn trả {{ due_date }}",
        **changes,
    }
    return MessageTemplateForm(
        data=data,
        instance=MessageTemplate.objects.get(
            kind="received", channel="sms", language="vi"
        ),
    )


def test_a_valid_template_is_accepted():
    assert form().is_valid()


def test_a_syntax_error_is_refused_with_its_message():
    bad = form(body="{% if dossier_code %}never closed")

    assert not bad.is_valid()
    assert "Template syntax error" in str(bad.errors["body"]) or "Lỗi cú pháp" in str(
        bad.errors["body"]
    )


def test_names_outside_the_kind_context_are_refused():
    bad = form(body="{{ dossier_code }} {{ applicant.personal_id }}")

    assert not bad.is_valid()
    assert "applicant" in str(bad.errors["body"])


def test_include_and_load_tags_are_refused():
    assert template_errors("received", '{% include "x.html" %}')
    assert template_errors("received", "{% load static %}")


def test_loop_variables_are_allowed():
    assert (
        template_errors(
            "supplement_needed", "{% for x in missing %}{{ x }}{% endfor %}"
        )
        == []
    )


def test_rendering_is_plain_text_without_escaping():
    assert render_text("{{ a }}", {"a": "<b> & 'c'"}) == "<b> & 'c'"


def test_the_admin_shows_a_preview(admin_client):
    template = MessageTemplate.objects.get(
        kind="received", channel="sms", language="vi"
    )

    page = admin_client.get(
        f"/admin/notifications/messagetemplate/{template.pk}/change/"
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "000.00.25.H39-251122-0001" in html  # the sample dossier code
    assert "Ho so 000.00.25.H39-251122-0001" in html  # the unaccented SMS


def test_the_admin_refuses_a_broken_template(admin_client):
    template = MessageTemplate.objects.get(
        kind="received", channel="email", language="vi"
    )

    page = admin_client.post(
        f"/admin/notifications/messagetemplate/{template.pk}/change/",
        {
            "kind": "received",
            "channel": "email",
            "language": "vi",
            "subject": "{% if dossier_code %}never closed",
            "body": "ok",
        },
    )

    assert page.status_code == 200  # the form again, with the error
    template.refresh_from_db()
    assert template.body != "ok"


def test_the_outbox_is_read_only_in_the_admin(admin_client):
    page = admin_client.get("/admin/notifications/outboxmessage/add/")

    assert page.status_code == 403
