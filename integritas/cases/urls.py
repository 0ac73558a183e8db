from django.urls import path

from integritas.cases import settings_views, statistics_views, token_views, views

app_name = "cases"
case = "<str:number>/"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("statistik/", statistics_views.statistics_page, name="statistics"),
    path("pengaturan/", settings_views.settings_page, name="settings"),
    path("pengaturan/kategori/", settings_views.categories_offered, name="settings_categories"),
    path("pengaturan/kategori/tambah/", settings_views.category_add,
         name="settings_category_add"),
    path("pengaturan/kategori/hapus/", settings_views.category_remove,
         name="settings_category_remove"),
    path("pengaturan/tenggat/", settings_views.deadline_set, name="settings_deadline"),
    path("pengaturan/tenggat/<int:pk>/hapus/", settings_views.deadline_remove,
         name="settings_deadline_remove"),
    path("pengaturan/penerima/", settings_views.handler_add, name="settings_handler_add"),
    path("pengaturan/penerima/<int:user_id>/hapus/", settings_views.handler_remove,
         name="settings_handler_remove"),
    path("pengaturan/escrow/", settings_views.escrow_create, name="settings_escrow"),
    path("akses-token/", token_views.token_access, name="token_access"),
    path("akses-token/<int:token_id>/cabut/", token_views.token_access_withdraw,
         name="token_access_withdraw"),
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
