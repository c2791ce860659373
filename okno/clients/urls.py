from okno.clients.urls_cabinet import urlpatterns as cabinet_urlpatterns
from okno.clients.urls_staff import urlpatterns as staff_urlpatterns

app_name = "clients"

urlpatterns = [*staff_urlpatterns, *cabinet_urlpatterns]
