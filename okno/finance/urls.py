from django.urls import path, re_path

from okno.finance.urls_ledger import urlpatterns as ledger_urlpatterns
from okno.finance.views import invoice

app_name = "finance"

urlpatterns: list = [
    path("orders/<int:pk>/invoice/", invoice.order_invoice_page, name="order_invoice"),
    re_path(
        r"^orders/(?P<pk>[0-9]+)/invoice\.(?P<file_format>pdf|xlsx)$",
        invoice.order_invoice_file,
        name="order_invoice_file",
    ),
    path("proposals/<int:pk>/invoice/", invoice.proposal_invoice_page, name="proposal_invoice"),
    re_path(
        r"^proposals/(?P<pk>[0-9]+)/invoice\.(?P<file_format>pdf|xlsx)$",
        invoice.proposal_invoice_file,
        name="proposal_invoice_file",
    ),
]

urlpatterns += ledger_urlpatterns
