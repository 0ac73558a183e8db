"""LKE framework pages, mounted at /<tenant>/zi/kerangka/ (namespace `lke`)."""

from django.urls import path

from integritas.lke import views

app_name = "lke"
urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("unggah/", views.framework_upload, name="framework_upload"),
    path("<str:code>/", views.framework_detail, name="framework_detail"),
    path("<str:code>/hapus/", views.framework_delete, name="framework_delete"),
]
