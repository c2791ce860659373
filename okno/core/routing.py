"""WebSocket routes; each live capability adds its consumer here."""

from django.urls import path

from okno.core.consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
]
