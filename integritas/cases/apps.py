from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "integritas.cases"
    label = "cases"
