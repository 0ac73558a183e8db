from django.urls import path

from integritas.cases import statistics_views, views

app_name = "cases"
case = "<str:number>/"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("statistik/", statistics_views.statistics_page, name="statistics"),
    path(case, views.case_detail, name="detail"),
    path(case + "langkah/", views.case_step, name="step"),
    path(case + "pesan/", views.case_message, name="message"),
    path(case + "catatan/", views.case_note, name="note"),
    path(case + "tugas/", views.case_task, name="task"),
    path(case + "tugas/<int:task_id>/selesai/", views.case_task_done, name="task_done"),
    path(case + "bukti/", views.case_evidence, name="evidence"),
    path(case + "bukti/<int:attachment_id>/", views.case_attachment, name="attachment"),
    path(case + "pelimpahan/", views.case_referral, name="referral"),
    path(case + "tanpa-konflik/", views.case_confirm, name="confirm"),
    path(case + "tim/", views.case_assign, name="assign"),
    path(case + "tim/<int:assignment_id>/cabut/", views.case_revoke, name="revoke"),
    path(case + "terlapor/", views.case_subject, name="subject"),
    path(case + "laporan.pdf", views.case_report_pdf, name="report_pdf"),
]
