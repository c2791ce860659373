from django.urls import path

from okno.payments import views

app_name = "payments"

urlpatterns = [
    path("orders/<int:order_id>/start/", views.start, name="start"),
    path("test/<uuid:payment_uuid>/", views.test_bank, name="test_bank"),
    path("yookassa/notify/", views.yookassa_notification, name="yookassa_notification"),
    path("<uuid:payment_uuid>/", views.payment, name="payment"),
    path("<uuid:payment_uuid>/refund/", views.refund, name="refund"),
]
