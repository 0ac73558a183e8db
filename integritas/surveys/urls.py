from django.urls import path

from integritas.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("baru/", views.period_create, name="period_create"),
    path("<int:pk>/", views.period_detail, name="period_detail"),
    path("<int:pk>/tutup/", views.period_close, name="period_close"),
    path("<int:pk>/jawaban.xlsx", views.responses_export, name="responses_export"),
    path("poster/<int:unit_pk>/", views.poster, name="poster"),
]
