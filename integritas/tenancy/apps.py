from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "integritas.tenancy"
    label = "tenancy"
