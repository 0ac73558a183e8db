from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "integritas.core"
    label = "core"
