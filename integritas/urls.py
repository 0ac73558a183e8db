from django.urls import include, path
from django.views.i18n import set_language

from integritas.api.api import api
from integritas.dashboards import views as dashboard_views
from integritas.tenancy import views as tenancy_views

tenant_patterns = [
    path("", dashboard_views.tenant_home, name="home_tenant"),
    path("organisasi/", include("integritas.tenancy.urls")),
    path("pegawai/", include("integritas.people.urls")),
    path("akses/", include("integritas.accounts.urls")),
    path("audit/", include("integritas.audit.urls")),
    path("kalender/", include("integritas.core.urls")),
    path("ringkasan/", include("integritas.dashboards.urls")),
    path("pakta/", include("integritas.pacts.urls")),
    path("kasus/", include("integritas.cases.urls")),
    path("benturan/", include("integritas.conflicts.urls")),
    path("gratifikasi/", include("integritas.gratification.urls")),
    path("zi/kerangka/", include("integritas.lke.urls")),
    path("zi/", include("integritas.zi.urls")),
    path("survei/", include("integritas.surveys.urls")),
    path("risiko/", include("integritas.risk.urls")),
    path("pengawasan/", include("integritas.oversight.urls")),
]

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("healthz", dashboard_views.healthz, name="healthz"),
    path("akun/", include("allauth.urls")),
    path("bahasa/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("verifikasi/", include("integritas.pacts.public_urls")),
    path("media/logos/<str:name>", tenancy_views.tenant_logo, name="tenant_logo"),
    # Public pages of a Pemda (no login): reporting, surveys at the counter, transparency.
    path("<slug:tenant_slug>/lapor/", include("integritas.cases.public_urls")),
    path("<slug:tenant_slug>/s/", include("integritas.surveys.public_urls")),
    path("<slug:tenant_slug>/transparansi/", include("integritas.oversight.public_urls")),
    path("<slug:tenant_slug>/", include(tenant_patterns)),
]

handler403 = "integritas.dashboards.views.forbidden"
handler404 = "integritas.dashboards.views.not_found"
handler500 = "integritas.dashboards.views.server_error"
