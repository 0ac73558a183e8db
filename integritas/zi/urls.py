from django.urls import path

from integritas.zi import assessment_views, views

app_name = "zi"
LKE = "<int:pk>/lke/<int:year>/"
SECTION = LKE + "area/<str:section>/"
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("baru/", views.programme_create, name="programme_create"),
    path("peringkat/", assessment_views.ranking, name="ranking"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/ubah/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/status/", views.programme_move, name="programme_move"),
    path("<int:pk>/komitmen/", views.commitment_download, name="commitment_download"),
    path("<int:pk>/komitmen/unggah/", views.commitment_upload, name="commitment_upload"),
    path("<int:pk>/komitmen/buat/", views.commitment_generate, name="commitment_generate"),
    path("<int:pk>/tim/sk/", views.decree_save, name="decree_save"),
    path("<int:pk>/tim/", views.member_add, name="member_add"),
    path("<int:pk>/tim/<int:member_pk>/hapus/", views.member_remove, name="member_remove"),
    path("<int:pk>/rencana/", views.activity_add, name="activity_add"),
    path("<int:pk>/rencana/<int:activity_pk>/", views.activity_progress,
         name="activity_progress"),
    path("<int:pk>/lke/", assessment_views.assessment_create, name="assessment_create"),
    path(LKE, assessment_views.assessment_detail, name="assessment_detail"),
    path(LKE + "lke.xlsx", assessment_views.export_workbook, name="export_workbook"),
    path(LKE + "ringkasan.pdf", assessment_views.export_summary, name="export_summary"),
    path(LKE + "bukti.zip", assessment_views.export_evidence, name="export_evidence"),
    path(LKE + "bukti/<int:evidence_pk>/", assessment_views.evidence_download,
         name="evidence_download"),
    path(SECTION, assessment_views.section, name="section"),
    path(SECTION + "jawab/", assessment_views.section_answer, name="section_answer"),
    path(SECTION + "nilai/", assessment_views.section_evaluate, name="section_evaluate"),
    path(SECTION + "kembalikan/", assessment_views.item_send_back, name="item_send_back"),
    path(SECTION + "bukti/", assessment_views.evidence_add, name="evidence_add"),
]
