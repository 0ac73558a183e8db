from django.urls import path

from integritas.gratification import views

app_name = "gratification"
urlpatterns = [
    path("", views.my_reports, name="my_reports"),
    path("lapor/", views.report_create, name="report_create"),
    path("cek/", views.hint, name="hint"),
    path("register/", views.register, name="register"),
    path("statistik/", views.statistics, name="statistics"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/langkah/<slug:step>/", views.report_step, name="report_step"),
    path("<int:pk>/lengkapi/", views.report_complete, name="report_complete"),
    path("<int:pk>/bukti/<int:evidence_pk>/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/bukti-setor/", views.deposit_proof, name="deposit_proof"),
]
