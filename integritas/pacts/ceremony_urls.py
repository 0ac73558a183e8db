from django.urls import path

from integritas.pacts import ceremony_views as views

urlpatterns = [
    path("<int:pk>/upacara/", views.ceremony, name="ceremony"),
    path("<int:pk>/upacara/tanda-tangan/", views.ceremony_sign, name="ceremony_sign"),
    path("<int:pk>/upacara/hitungan/", views.ceremony_counter, name="ceremony_counter"),
    path("<int:pk>/upacara/selesai/", views.ceremony_end, name="ceremony_end"),
]
