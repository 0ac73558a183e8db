from django.apps import AppConfig


class PactsConfig(AppConfig):
    name = "integritas.pacts"
    label = "pacts"

    def ready(self) -> None:
        from integritas.pacts.services import enrol_placed_employee
        from integritas.people.signals import employee_placed

        employee_placed.connect(enrol_placed_employee, dispatch_uid="pacts-late-joiners")
