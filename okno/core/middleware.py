"""Builds the request's Actor once, lazily, so static files and health checks pay nothing."""

from django.utils.functional import SimpleLazyObject

from okno.core.actor import actor_for_user


class ActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: actor_for_user(getattr(request, "user", None)))
        return self.get_response(request)
