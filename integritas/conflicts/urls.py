from django.urls import path

from integritas.conflicts import views

app_name = "conflicts"
urlpatterns = [
    path("", views.declaration_list, name="declaration_list"),
    path("baru/", views.declaration_create, name="declaration_create"),
    path("<int:pk>/", views.declaration_detail, name="declaration_detail"),
    path("<int:pk>/tarik/", views.declaration_withdraw, name="declaration_withdraw"),
    path("<int:pk>/putuskan/", views.declaration_decide, name="declaration_decide"),
    path("<int:pk>/keputusan.pdf", views.decision_pdf, name="decision_pdf"),
    path("<int:pk>/bukti/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
    path("keputusan/", views.decision_inbox, name="decision_inbox"),
    path("register/", views.register, name="register"),
    path("peta-risiko/", views.risk_map, name="risk_map"),
    path("terlambat/", views.overdue_list, name="overdue_list"),
    path("pernyataan/", views.campaign_list, name="campaign_list"),
    path("pernyataan/baru/", views.campaign_create, name="campaign_create"),
    path("pernyataan/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("pernyataan/<int:pk>/tutup/", views.campaign_close, name="campaign_close"),
    path("pernyataan/<int:pk>/nihil/", views.nil_statement, name="nil_statement"),
    path("pejabat/", views.officer_list, name="officer_list"),
    path("pejabat/<int:pk>/hapus/", views.officer_remove, name="officer_remove"),
    path("evaluasi/", views.evaluation_list, name="evaluation_list"),
    path("evaluasi/baru/", views.evaluation_create, name="evaluation_create"),
    path("evaluasi/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
]
