from django.urls import path

from integritas.cases import public_views

app_name = "cases_public"
urlpatterns = [
    path("", public_views.start, name="start"),
    path("kirim/<slug:channel>/", public_views.report, name="report"),
    path("tanda-terima/", public_views.receipt, name="receipt"),
    path("tanda-terima/bukti.txt", public_views.receipt_download, name="receipt_download"),
    path("status/", public_views.status, name="status"),
    path("status/pesan/", public_views.message, name="message"),
    path("status/keluar/", public_views.logout, name="logout"),
]
