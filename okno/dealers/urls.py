from django.urls import path

from okno.dealers import views

app_name = "dealers"

urlpatterns = [
    path("", views.customers, name="customers"),
    path("customers/new/", views.customer_create, name="customer_create"),
    path("customers/<int:customer_id>/", views.customer, name="customer"),
    path("customers/<int:customer_id>/edit/", views.customer_edit, name="customer_edit"),
    path(
        "customers/<int:customer_id>/deactivate/",
        views.customer_deactivate,
        name="customer_deactivate",
    ),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:document_id>/", views.document, name="document"),
    path("documents/<int:document_id>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:document_id>/print/", views.document_print, name="document_print"),
]
