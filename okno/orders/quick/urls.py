from django.urls import path

from okno.orders.quick import views

app_name = "quick"

urlpatterns = [
    path("", views.quick_order, name="index"),
]
