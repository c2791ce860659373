from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from okno.api import api

admin.site.site_header = "Окно — администрирование"
admin.site.site_title = "Окно"

urlpatterns = [
    path("", include("okno.core.urls")),
    path("accounts/", include("okno.accounts.urls")),
    path("", include("okno.clients.urls")),
    path("catalog/", include("okno.catalog.urls")),
    path("cart/quick/", include("okno.orders.quick.urls")),
    path("", include("okno.orders.urls")),
    path("audit/", include("okno.audit.urls")),
    path("dealer/", include("okno.dealers.urls")),
    path("payments/", include("okno.payments.urls")),
    path("finance/", include("okno.finance.urls")),
    path("proposals/", include("okno.proposals.urls")),
    path("", include("okno.desk.urls")),
    path("exchange/log/", include("okno.exchange.log.urls")),
    path("exchange/", include("okno.exchange.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
