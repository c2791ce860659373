from django.conf import settings


def portal(request):
    """The actor and company name for the base layout."""
    return {
        "actor": getattr(request, "actor", None),
        "company_name": settings.OKNO_COMPANY_NAME,
    }
