from django.urls import path

from integritas.people import views

urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("baru/", views.employee_create, name="employee_create"),
    path("<int:pk>/", views.employee_detail, name="employee_detail"),
    path("<int:pk>/ubah/", views.employee_edit, name="employee_edit"),
    path("<int:pk>/status/", views.employee_status, name="employee_status"),
    path("<int:pk>/akun/", views.employee_link_user, name="employee_link_user"),
    path("<int:pk>/akun/lepas/", views.employee_unlink_user, name="employee_unlink_user"),
]
