from django.urls import include, path

app_name = "pacts"
urlpatterns = [
    path("", include("integritas.pacts.campaign_urls")),
    path("saya/", include("integritas.pacts.signing_urls")),
    path("kinerja/", include("integritas.pacts.performance_urls")),
    path("", include("integritas.pacts.ceremony_urls")),
]
