from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "integritas.accounts"
    label = "accounts"
