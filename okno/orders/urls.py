from django.urls import path

from okno.orders.views import carts, changes, checkout, lists, orders

app_name = "orders"

urlpatterns = [
    path("cart/", carts.cart, name="cart"),
    path("cart/add/", carts.cart_add, name="cart_add"),
    path("cart/<int:pk>/", carts.cart_detail, name="cart_detail"),
    path("cart/<int:pk>/lines/<int:line_id>/", carts.line_update, name="cart_line"),
    path("cart/<int:pk>/lines/<int:line_id>/remove/", carts.line_remove, name="cart_line_remove"),
    path("cart/<int:pk>/clear/", carts.cart_clear, name="cart_clear"),
    path("cart/<int:pk>/checkout/", checkout.checkout, name="checkout"),
    path("carts/", carts.cart_list, name="cart_list"),
    path("carts/new/", carts.cart_create, name="cart_create"),
    *[
        path(
            f"carts/<int:pk>/{action}/",
            carts.cart_change,
            {"action": action},
            name=f"cart_{action}",
        )
        for action in ("rename", "share", "activate", "delete")
    ],
    path("orders/", lists.orders, name="orders"),
    path("orders/export.xlsx", lists.orders_export, name="orders_export"),
    path("staff/orders/export.xlsx", lists.staff_orders_export, name="staff_orders_export"),
    path("orders/<int:pk>/", orders.order, name="order"),
    path("orders/<int:pk>/cancel/", orders.order_action, {"action": "cancel"}, name="order_cancel"),
    path(
        "orders/<int:pk>/approve/", orders.order_action, {"action": "approve"}, name="order_approve"
    ),
    path("orders/<int:pk>/reject/", orders.order_action, {"action": "reject"}, name="order_reject"),
    path("orders/<int:pk>/verify/", orders.order_action, {"action": "verify"}, name="order_verify"),
    path("orders/<int:pk>/repeat/", changes.repeat, name="order_repeat"),
    path("orders/<int:pk>/split/", changes.split, name="order_split"),
    path("orders/merge/", changes.merge, name="order_merge"),
    path("orders/<int:pk>/lines/<int:line_id>/", changes.line_change, name="order_line"),
    path("orders/<int:pk>/lines/new/", changes.line_add, name="order_line_add"),
    path("orders/<int:pk>/shipments/new/", changes.shipment_new, name="shipment_new"),
    path("shipments/<int:pk>/status/", changes.shipment_status, name="shipment_status"),
    path("staff/orders/", lists.staff_orders, name="staff_orders"),
]
