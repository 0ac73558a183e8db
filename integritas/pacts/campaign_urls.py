from django.urls import path

from integritas.pacts import views

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("baru/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/buka/", views.campaign_open, name="campaign_open"),
    path("<int:pk>/tutup/", views.campaign_close, name="campaign_close"),
    path("<int:pk>/rekap.pdf", views.campaign_recap_pdf, name="campaign_recap_pdf"),
    path("teks/", views.text_list, name="text_list"),
    path("teks/<int:library_pk>/adopsi/", views.text_adopt, name="text_adopt"),
]
