from django.apps import AppConfig


class PactsConfig(AppConfig):
    name = "integritas.pacts"
    label = "pacts"
