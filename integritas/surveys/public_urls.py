"""The anonymous survey form of a unit, reached from its QR poster: /<tenant>/s/<token>/."""

from django.urls import path

from integritas.surveys import public_views

app_name = "surveys_public"
urlpatterns = [
    path("<str:token>/", public_views.survey_form, name="form"),
    path("<str:token>/terima-kasih/", public_views.thanks, name="thanks"),
]
