from django.apps import AppConfig


class ZiConfig(AppConfig):
    name = "integritas.zi"
    label = "zi"
