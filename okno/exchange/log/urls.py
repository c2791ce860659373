from django.urls import path

from okno.exchange.log import views

app_name = "exchange_log"

urlpatterns = [
    path("", views.sessions, name="list"),
    path("<int:pk>/", views.session, name="session"),
    path("<int:pk>/rerun/", views.session_rerun_start, name="session_rerun"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("integrations/", views.integrations, name="integrations"),
    path("integrations/<int:pk>/", views.integration_edit, name="integration"),
]
