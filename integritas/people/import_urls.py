from django.urls import path

from integritas.people import import_views as views

urlpatterns = [
    path("", views.import_list, name="import_list"),
    path("baru/", views.import_create, name="import_create"),
    path("templat.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/progres/", views.import_progress, name="import_progress"),
    path("<int:pk>/impor/", views.import_commit, name="import_commit"),
    path("<int:pk>/kesalahan.xlsx", views.import_errors_xlsx, name="import_errors_xlsx"),
]
