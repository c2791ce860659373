from django.urls import path

from okno.exchange import views

app_name = "exchange"

urlpatterns = [
    path("1c/", views.exchange_1c, name="exchange_1c"),
    # 1C is often set up with the address typed without the slash; it follows no redirect.
    path("1c", views.exchange_1c),
]
