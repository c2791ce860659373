from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "okno.accounts"
    label = "accounts"
    verbose_name = "Пользователи и доступ"
