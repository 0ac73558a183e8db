"""`CaseSettings.hidden_categories` becomes per channel: a bare code ("lainnya") is rewritten as
"<channel>:<code>" for every channel whose library or extra categories have that code, so what
was hidden stays hidden on both forms. A code no channel has hid nothing and is dropped."""

from django.db import migrations

CHANNELS = ("wbs", "complaint")  # Channel.values when this was written


def qualified(hidden, extras, library_codes) -> list[str]:
    """`hidden` with its bare codes qualified; `library_codes(channel)` gives a library's codes."""
    known = {channel: set(library_codes(channel)) for channel in CHANNELS}
    for extra in extras or ():
        known.setdefault(extra.get("channel"), set()).add(extra.get("code"))
    found = []
    for entry in hidden or ():
        keys = [entry] if ":" in entry else [
            f"{channel}:{entry}" for channel, codes in known.items() if entry in codes]
        found += [key for key in keys if key not in found]
    return found


def _library_codes(channel: str) -> list[str]:
    from integritas.cases import reference

    spec = reference.channel(channel)
    return [code for code, _labels in spec.categories] if spec else []


def qualify_hidden_categories(apps, schema_editor):
    CaseSettings = apps.get_model("cases", "CaseSettings")
    for case_settings in CaseSettings._base_manager.all():
        hidden = qualified(case_settings.hidden_categories, case_settings.extra_categories,
                           _library_codes)
        if hidden != case_settings.hidden_categories:
            case_settings.hidden_categories = hidden
            case_settings.save(update_fields=["hidden_categories"])


def unqualify_hidden_categories(apps, schema_editor):
    """Back to one list for both channels: a code hidden on any channel is hidden on both."""
    CaseSettings = apps.get_model("cases", "CaseSettings")
    for case_settings in CaseSettings._base_manager.all():
        if not case_settings.hidden_categories:
            continue
        codes = [entry.partition(":")[2] or entry for entry in case_settings.hidden_categories]
        case_settings.hidden_categories = list(dict.fromkeys(codes))
        case_settings.save(update_fields=["hidden_categories"])


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(qualify_hidden_categories, unqualify_hidden_categories),
    ]
