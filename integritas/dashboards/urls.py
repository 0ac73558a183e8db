from django.urls import path

from integritas.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("provinsi/", views.rollup, name="rollup"),
]
