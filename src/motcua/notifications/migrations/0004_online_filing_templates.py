from django.db import migrations


def load(apps, schema_editor):
    from motcua.notifications.seed import load_defaults

    load_defaults(apps.get_model("notifications", "MessageTemplate"))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_otp_templates")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
