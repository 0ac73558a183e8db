from django.urls import include, path

app_name = "people"
urlpatterns = [
    path("", include("integritas.people.employee_urls")),
    path("impor/", include("integritas.people.import_urls")),
]
