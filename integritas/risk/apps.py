from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "integritas.risk"
    label = "risk"
