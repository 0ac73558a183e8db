from django.urls import path

from integritas.pacts import performance_views as views

urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("baru/", views.agreement_create, name="agreement_create"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/indikator/", views.indicator_add, name="indicator_add"),
    path("<int:pk>/indikator/<int:indicator_pk>/hapus/", views.indicator_remove,
         name="indicator_remove"),
    path("<int:pk>/indikator/<int:indicator_pk>/realisasi/", views.realisation_record,
         name="realisation_record"),
    path("<int:pk>/tanda-tangan/", views.agreement_sign, name="agreement_sign"),
    path("<int:pk>/pk.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/revisi/", views.agreement_revise, name="agreement_revise"),
]
