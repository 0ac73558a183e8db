from django.apps import AppConfig


class GratificationConfig(AppConfig):
    name = "integritas.gratification"
    label = "gratification"
