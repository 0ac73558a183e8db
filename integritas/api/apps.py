from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "integritas.api"
    label = "api"
