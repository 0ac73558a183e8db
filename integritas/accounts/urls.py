from django.urls import path

from integritas.accounts import views

app_name = "accounts"
urlpatterns = [
    path("pengguna/", views.membership_list, name="membership_list"),
    path("pengguna/tambah/", views.membership_create, name="membership_create"),
    path("pengguna/peran/<int:pk>/cabut/", views.membership_revoke, name="membership_revoke"),
    path("token/", views.token_list, name="token_list"),
    path("token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
]
