from django.urls import path

from integritas.oversight import public_views

app_name = "oversight_public"
urlpatterns = [
    path("", public_views.transparency, name="transparency"),
]
