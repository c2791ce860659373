"""Builds the request's Actor once, lazily, so static files and health checks pay nothing."""

from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from okno.core.actor import actor_for_user


class ActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: actor_for_user(getattr(request, "user", None)))
        return self.get_response(request)


class LanguageMiddleware:
    """Russian unless the person chose another language with the switch (a cookie).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not consulted: the
    portal's language is the company's, and English is a choice, not a guess.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response
