"""The project's URLs plus the LKE framework pages where `integritas/urls.py` is to mount them
(`zi/kerangka/`, before `zi/`), for the tests of these pages."""

from django.urls import include, path

from integritas import urls as project

urlpatterns = [
    path("<slug:tenant_slug>/zi/kerangka/", include("integritas.lke.urls")),
    *project.urlpatterns,
]
