from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "integritas.people"
    label = "people"
