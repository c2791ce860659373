from django.urls import path

from okno.proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_index, name="list"),
    path("new/<int:client_id>/", views.proposal_new, name="new"),
    path("<int:pk>/", views.proposal_page, name="proposal"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/products/", views.product_search, name="products"),
    path("<int:pk>/lines/new/", views.line_add, name="line_add"),
    path("<int:pk>/lines/<int:line_id>/", views.line_change, name="line_change"),
    path("<int:pk>/send/", views.proposal_action, {"action": "send"}, name="send"),
    path("<int:pk>/withdraw/", views.proposal_action, {"action": "withdraw"}, name="withdraw"),
    path("<int:pk>/accept/", views.proposal_action, {"action": "accept"}, name="accept"),
    path("<int:pk>/reject/", views.proposal_action, {"action": "reject"}, name="reject"),
]
