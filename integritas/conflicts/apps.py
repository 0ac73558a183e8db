from django.apps import AppConfig


class ConflictsConfig(AppConfig):
    name = "integritas.conflicts"
    label = "conflicts"
