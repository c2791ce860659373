from django.urls import path

from okno.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.catalog, name="index"),
    path("products/<int:pk>/", views.product, name="product"),
    path("price-list.xlsx", views.price_list, name="price_list"),
]
