from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "integritas.oversight"
    label = "oversight"
