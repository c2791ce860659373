from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "okno.clients"
    label = "clients"
    verbose_name = "Клиенты"
