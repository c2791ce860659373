from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "okno.orders"
    label = "orders"
    verbose_name = "Заказы"
