"""The settlements pages (see views/ledger.py) and the reconciliation act
(views/reconciliation.py)."""

from django.urls import path

from okno.finance.views import ledger, reconciliation

urlpatterns = [
    path("", ledger.overview, name="overview"),
    path("documents/", ledger.documents, name="documents"),
    path("documents/zip/", ledger.documents_zip, name="documents_zip"),
    path("documents/<int:pk>/", ledger.document, name="document"),
    path("files/<int:pk>/", ledger.file, name="file"),
    path("staff/clients/<int:pk>/", ledger.staff_overview, name="staff_overview"),
    path("staff/clients/<int:pk>/documents/", ledger.staff_documents, name="staff_documents"),
    path("reconciliation/", reconciliation.reconciliation, name="reconciliation"),
    path(
        "staff/clients/<int:pk>/reconciliation/",
        reconciliation.staff_reconciliation,
        name="staff_reconciliation",
    ),
]
