from django.urls import path

from integritas.tenancy import views

app_name = "tenancy"
urlpatterns = [
    path("", views.index, name="index"),
    path("unit/", views.unit_list, name="unit_list"),
    path("unit/baru/", views.unit_create, name="unit_create"),
    path("unit/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("unit/<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
    path("unit/<int:pk>/pindahkan/", views.unit_move, name="unit_move"),
    path("unit/<int:pk>/nonaktifkan/", views.unit_deactivate, name="unit_deactivate"),
    path("unit/<int:pk>/aktifkan/", views.unit_reactivate, name="unit_reactivate"),
    path("profil/", views.tenant_settings, name="tenant_settings"),
]
