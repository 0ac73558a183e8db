from django.urls import path

from integritas.oversight import views

app_name = "oversight"
urlpatterns = [
    path("ikhtisar/", views.overview, name="overview"),
    path("ikhtisar/pdf/", views.overview_pdf, name="overview_pdf"),
    path("ikhtisar/potret/", views.take_snapshot, name="take_snapshot"),
    path("ombudsman/", views.ombudsman_list, name="ombudsman_list"),
    path("ombudsman/catat/", views.ombudsman_record, name="ombudsman_record"),
    path("standar-pelayanan/", views.service_list, name="service_list"),
    path("standar-pelayanan/tambah/", views.service_add, name="service_add"),
    path("standar-pelayanan/<int:pk>/", views.service_detail, name="service_detail"),
    path("standar-pelayanan/komponen/<int:pk>/", views.component_update,
         name="component_update"),
    path("mcp/", views.mcp, name="mcp"),
    path("mcp/buka/", views.mcp_open_year, name="mcp_open_year"),
    path("mcp/indikator/<int:pk>/", views.mcp_task, name="mcp_task"),
    path("mcp/indikator/<int:pk>/opd/", views.mcp_task_action, {"action": "assign"},
         name="mcp_task_assign"),
    path("mcp/indikator/<int:pk>/bukti/", views.mcp_task_action, {"action": "evidence"},
         name="mcp_task_evidence"),
    path("mcp/indikator/<int:pk>/verifikasi/", views.mcp_task_action, {"action": "decide"},
         name="mcp_task_decide"),
    path("instansi/", views.instansi, name="instansi"),
    path("instansi/catat/", views.instansi_record, name="instansi_record"),
]
