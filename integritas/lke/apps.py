from django.apps import AppConfig


class LkeConfig(AppConfig):
    name = "integritas.lke"
    label = "lke"
