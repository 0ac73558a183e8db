from django.urls import path

from integritas.pacts import signing_views as views

urlpatterns = [
    path("", views.my_pacts, name="my_pacts"),
    path("<int:target_id>/tandatangani/", views.sign, name="sign"),
    path("<int:target_id>/kertas/", views.paper_upload, name="paper_upload"),
    path("tanda-tangan/<int:pk>/pdf/", views.signature_pdf, name="signature_pdf"),
    path("tanda-tangan/<int:pk>/saksi/", views.witness, name="witness"),
]
