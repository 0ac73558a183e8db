from django.urls import path

from integritas.risk import map_views, maturity_views, views

app_name = "risk"
urlpatterns = [
    path("", map_views.heatmap, name="heatmap"),
    path("matriks/", map_views.matrix_view, name="matrix"),
    path("matriks/ubah/", map_views.matrix_edit, name="matrix_edit"),
    path("register/", views.register_list, name="register_list"),
    path("register/baru/", views.register_create, name="register_create"),
    path("register/<int:pk>/", views.register_detail, name="register_detail"),
    path("register/<int:pk>/ubah/", views.register_edit, name="register_edit"),
    path("register/<int:pk>/ajukan/", views.register_submit, name="register_submit"),
    path("register/<int:pk>/reviu/", views.register_review, name="register_review"),
    path("register/<int:pk>/register.pdf", views.register_pdf, name="register_pdf"),
    path("register/<int:pk>/risiko/baru/", views.risk_create, name="risk_create"),
    path("daftar/", views.risk_list, name="risk_list"),
    path("daftar/<int:pk>/", views.risk_detail, name="risk_detail"),
    path("daftar/<int:pk>/ubah/", views.risk_edit, name="risk_edit"),
    path("daftar/<int:pk>/hapus/", views.risk_delete, name="risk_delete"),
    path("daftar/<int:pk>/rtp/", views.plan_create, name="plan_create"),
    path("daftar/<int:pk>/pemantauan/", views.monitoring_record, name="monitoring_record"),
    path("rtp/<int:pk>/selesai/", views.plan_complete, name="plan_complete"),
    path("kegiatan/", views.activity_list, name="activity_list"),
    path("kegiatan/baru/", views.activity_create, name="activity_create"),
    path("kegiatan/<int:pk>/mulai/", views.activity_start, name="activity_start"),
    path("spip/", maturity_views.maturity_list, name="maturity_list"),
    path("spip/baru/", maturity_views.maturity_start, name="maturity_start"),
    path("spip/<int:pk>/", maturity_views.maturity_detail, name="maturity_detail"),
    path("spip/<int:pk>/ajukan/", maturity_views.maturity_submit, name="maturity_submit"),
    path("spip/<int:pk>/simpulkan/", maturity_views.maturity_conclude, name="maturity_conclude"),
    path("spip/<int:pk>/butir/<int:item_pk>/", maturity_views.maturity_item,
         name="maturity_item"),
    path("spip/<int:pk>/butir/<int:item_pk>/penjaminan/", maturity_views.maturity_item_qa,
         name="maturity_item_qa"),
]
