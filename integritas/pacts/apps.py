from django.apps import AppConfig


class PactsConfig(AppConfig):
    name = "integritas.pacts"
    label = "pacts"

    def ready(self) -> None:
        from integritas.pacts.services import enrol_placed_employee, enrol_placed_employees
        from integritas.people.signals import employee_placed, employees_placed

        employee_placed.connect(enrol_placed_employee, dispatch_uid="pacts-late-joiners")
        employees_placed.connect(enrol_placed_employees, dispatch_uid="pacts-late-joiners-bulk")
