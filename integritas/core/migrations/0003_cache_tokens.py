from django.db import migrations, models


def forget_old_tokens(apps, schema_editor):
    # The calendar's scopes are renamed ("national" -> "calendar:national"); processes restart
    # with the migration, so the old tokens guard nothing.
    apps.get_model("core", "CacheToken").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_signing_keys"),
    ]

    operations = [
        migrations.RenameModel("CalendarVersion", "CacheToken"),
        migrations.AlterField(
            model_name="cachetoken",
            name="scope",
            field=models.CharField(max_length=60, unique=True),
        ),
        migrations.RunPython(forget_old_tokens, migrations.RunPython.noop),
    ]
