from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "integritas.dashboards"
    label = "dashboards"
