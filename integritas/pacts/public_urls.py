from django.urls import path

from integritas.pacts import public_views

app_name = "verification"
urlpatterns = [
    path("", public_views.upload, name="upload"),
    path("<str:document_id>/", public_views.document, name="document"),
]
