from django.urls import path

from integritas.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("verifikasi/", views.verify, name="verify"),
]
