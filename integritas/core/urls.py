from django.urls import path

from integritas.core import views

app_name = "core"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("libur/", views.local_holiday_add, name="local_holiday_add"),
    path("libur/<int:pk>/hapus/", views.local_holiday_delete, name="local_holiday_delete"),
    path("hitung/", views.add_days, name="calendar_add"),
    path("selisih/", views.between, name="calendar_between"),
]
