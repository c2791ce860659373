from django.urls import path

from okno.desk.views import (
    assign,
    bulk,
    chat,
    client,
    common,
    merge,
    presence,
    reports,
    saved,
    staff,
    telegram,
    work,
)

app_name = "desk"

urlpatterns = [
    path("appeals/", client.appeal_list, name="appeals"),
    path("appeals/new/", client.appeal_new, name="appeal_new"),
    path("appeals/<int:pk>/", client.appeal, name="appeal"),
    path("appeals/<int:pk>/reply/", client.appeal_reply, name="appeal_reply"),
    path("appeals/<int:pk>/close/", client.appeal_finish, {"action": "close"}, name="appeal_close"),
    path(
        "appeals/<int:pk>/reopen/", client.appeal_finish, {"action": "reopen"}, name="appeal_reopen"
    ),
    path("appeals/<int:pk>/rating/", client.appeal_rating, name="appeal_rating"),
    path("appeals/telegram/", telegram.link, name="telegram_link"),
    path("telegram/<str:username>/webhook/", telegram.webhook, name="telegram_webhook"),
    path("appeals/files/<int:pk>/", common.attachment, name="attachment"),
    path("orders/<int:order_id>/claim/", client.claim_new, name="claim_new"),
    path("staff/desk/", staff.queue, name="queue"),
    path("staff/desk/new/", staff.appeal_new, name="staff_new"),
    path("staff/desk/bulk/", bulk.bulk, name="bulk"),
    path("staff/desk/views/", saved.view_create, name="view_create"),
    path("staff/desk/views/<int:pk>/", saved.view_edit, name="view_edit"),
    path("staff/desk/views/<int:pk>/delete/", saved.view_delete, name="view_delete"),
    path("staff/desk/chat/", chat.chat, name="chat"),
    path("staff/desk/chat/since/", chat.chat_since, name="chat_since"),
    path("staff/desk/chat/unread/", chat.chat_unread, name="chat_unread"),
    path("staff/desk/reports/", reports.reports, name="reports"),
    path(
        "staff/desk/reports/operators.xlsx",
        reports.export,
        {"report": "operators"},
        name="reports_operators_xlsx",
    ),
    path(
        "staff/desk/reports/money.xlsx",
        reports.export,
        {"report": "money"},
        name="reports_money_xlsx",
    ),
    path(
        "staff/desk/reports/time.xlsx", reports.export, {"report": "time"}, name="reports_time_xlsx"
    ),
    path("staff/desk/availability/", assign.availability_own, name="availability"),
    path("staff/desk/operators/", assign.operators, name="operators"),
    path(
        "staff/desk/operators/<int:user_id>/availability/",
        assign.operator_availability,
        name="operator_availability",
    ),
    path(
        "staff/desk/operators/<int:user_id>/reassign/",
        assign.operator_reassign,
        name="operator_reassign",
    ),
    path("staff/desk/<int:pk>/", staff.appeal, name="staff_appeal"),
    path("staff/desk/<int:pk>/lock/", assign.lock, name="staff_lock"),
    path("staff/desk/<int:pk>/lock/renew/", assign.lock_renew, name="staff_lock_renew"),
    path("staff/desk/<int:pk>/presence/", presence.presence, name="staff_presence"),
    path("staff/desk/mail/", staff.mail_aside, name="mail_aside"),
    path("staff/desk/mail/<int:pk>/raw/", staff.mail_raw, name="mail_raw"),
    path("staff/desk/<int:pk>/message/", staff.message, name="staff_message"),
    path("staff/desk/<int:pk>/status/", staff.status, name="staff_status"),
    path("staff/desk/<int:pk>/assign/", staff.assign, name="staff_assign"),
    path("staff/desk/<int:pk>/pause/", staff.pause, name="staff_pause"),
    path("staff/desk/<int:pk>/watchers/", staff.watchers, name="staff_watchers"),
    path("staff/desk/<int:pk>/merge/", merge.merge, name="staff_merge"),
    path("staff/desk/<int:pk>/split/", merge.split, name="staff_split"),
    path("staff/desk/<int:pk>/time/", work.time_add, name="staff_time_add"),
    path(
        "staff/desk/<int:pk>/time/<int:entry_id>/delete/",
        work.time_remove,
        name="staff_time_remove",
    ),
    path("staff/desk/<int:pk>/resolutions/", staff.resolve, name="staff_resolve"),
    path(
        "staff/desk/<int:pk>/resolutions/<int:resolution_id>/cancel/",
        staff.resolution_cancel,
        name="staff_resolution_cancel",
    ),
]
