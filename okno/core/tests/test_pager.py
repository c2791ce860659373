"""The lists' shared pagers: previous and next links that keep the list's query."""

from django.core.paginator import Paginator
from django.template import Context, RequestContext, Template
from django.test import RequestFactory


def _render(source: str, request=None, **context) -> str:
    template = Template("{% load i18n %}" + source)
    if request is not None:
        return template.render(RequestContext(request, context))
    return template.render(Context(context))


def test_the_pager_links_the_neighbour_pages_keeping_the_filters():
    page = Paginator(range(120), 50).page(2)
    request = RequestFactory().get("/audit/", {"action": "login", "page": "2"})
    html = _render(
        '{% include "includes/pager.html" with label="Страницы журнала" %}',
        page=page,
        request=request,
    )
    assert 'aria-label="Страницы журнала"' in html
    assert 'href="?action=login&amp;page=1"' in html
    assert 'href="?action=login&amp;page=3"' in html
    assert "2 из 3" in html


def test_the_htmx_pager_swaps_its_table_in_place():
    page = Paginator(range(120), 50).page(1)
    html = _render(
        '{% include "includes/pager_htmx.html" with label="Клиенты" target="#client-table" %}',
        page=page,
        list_url="/staff/clients/",
        query="q=abc",
    )
    assert 'hx-get="/staff/clients/?q=abc&amp;page=2"' in html
    assert 'hx-target="#client-table"' in html
    assert "Назад" not in html
    assert "Страница 1 из 3" in html


def test_a_single_page_has_no_pager():
    page = Paginator(range(10), 50).page(1)
    assert _render('{% include "includes/pager.html" %}', page=page).strip() == ""
