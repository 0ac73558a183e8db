from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "integritas.cases"
    label = "cases"

    def ready(self):
        from integritas.cases import receivers  # noqa: F401  (connects the password signals)
