"""The client's side: a new appeal, the list by topic with those awaiting an answer in
bold, the thread with replies and files, closing and reopening within the window."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from okno.desk.models import Appeal, AppealEvent, AppealStatus, AppealTopic, Attachment
from okno.desk.tests.helpers import PDF, question

pytestmark = pytest.mark.django_db
S = AppealStatus


def _operator_moves(client, world, appeal, to, reason="Причина"):
    client.force_login(world.operator)
    client.post(reverse("desk:staff_status", args=[appeal.pk]), {"status": to, "reason": reason})


def test_cabinet_links_to_appeals_and_a_new_appeal_is_filed_with_its_file(client, world):
    client.force_login(world.a_admin)
    assert reverse("desk:appeals") in client.get(reverse("desk:appeals")).content.decode()
    topic = AppealTopic.objects.get(name="Документы")
    response = client.post(
        reverse("desk:appeal_new"),
        {
            "kind": "question",
            "topic": topic.pk,
            "subject": "Нет УПД",
            "text": "По заказу не пришёл УПД.",
            "files": SimpleUploadedFile("акт.pdf", PDF, content_type="application/pdf"),
        },
    )
    appeal = Appeal.objects.get()
    assert response["Location"] == reverse("desk:appeal", args=[appeal.pk])
    assert appeal.number == f"ОБ-{appeal.pk:06d}"
    assert (appeal.client_id, appeal.channel, appeal.status) == (world.client_a.pk, "portal", "new")
    assert appeal.legal_entity_id in {world.entity_a1.pk, world.entity_a2.pk}
    opening = AppealEvent.objects.get(appeal=appeal)
    assert (opening.kind, opening.direction, opening.body) == (
        "created",
        "in",
        "По заказу не пришёл УПД.",
    )
    assert Attachment.objects.get().event == opening
    page = client.get(reverse("desk:appeal", args=[appeal.pk])).content.decode()
    assert "По заказу не пришёл УПД." in page
    assert "акт.pdf" in page


def test_a_claim_kind_is_not_offered_on_the_plain_form(client, world):
    client.force_login(world.a_admin)
    response = client.post(
        reverse("desk:appeal_new"), {"kind": "claim", "subject": "x", "text": "y"}
    )
    assert response.status_code == 200
    assert not Appeal.objects.exists()


def test_a_file_of_a_refused_type_is_named_and_nothing_is_stored(client, world):
    client.force_login(world.a_admin)
    response = client.post(
        reverse("desk:appeal_new"),
        {
            "kind": "question",
            "subject": "x",
            "text": "y",
            "files": SimpleUploadedFile("virus.exe", b"MZ" + b"\x00" * 10),
        },
    )
    assert "virus.exe" in response.content.decode()
    assert not Appeal.objects.exists()
    assert not Attachment.objects.exists()


def test_a_renamed_file_is_refused_and_a_large_one_too(client, world, settings):
    client.force_login(world.a_admin)
    fake = SimpleUploadedFile("photo.png", b"MZ not a png")
    response = client.post(
        reverse("desk:appeal_new"), {"kind": "question", "subject": "x", "text": "y", "files": fake}
    )
    assert "не похоже" in response.content.decode()
    settings.OKNO_DESK_MAX_FILE_MB = 0
    big = SimpleUploadedFile("scan.pdf", PDF)
    response = client.post(
        reverse("desk:appeal_new"), {"kind": "question", "subject": "x", "text": "y", "files": big}
    )
    assert "больше 0 МБ" in response.content.decode()
    assert not Appeal.objects.exists()


def test_the_list_groups_by_topic_and_bolds_those_awaiting_the_client(client, world):
    delivery = AppealTopic.objects.get(name="Доставка")
    waiting = question(world.a_admin, subject="Когда привезут?", topic_id=delivery.pk)
    question(world.a_admin, subject="Просто вопрос")
    _operator_moves(client, world, waiting, S.AWAITING_CLIENT)
    client.force_login(world.a_admin)
    page = client.get(reverse("desk:appeals")).content.decode()
    bold_row = page[page.index('class="fw-bold"') :][:400]
    assert waiting.number in bold_row
    # Topics in their order; appeals without one last, under their kind.
    groups = re.findall(r'scope="rowgroup"[^>]*>([^<]+)<', page)
    assert groups == ["Доставка", "Вопрос"]


def test_the_client_answers_and_the_appeal_goes_back_to_work(client, world):
    appeal = question(world.a_admin)
    _operator_moves(client, world, appeal, S.AWAITING_CLIENT)
    client.force_login(world.a_admin)
    client.post(reverse("desk:appeal_reply", args=[appeal.pk]), {"text": "Вот номер УПД"})
    appeal.refresh_from_db()
    assert appeal.status == S.IN_PROGRESS
    step = AppealEvent.objects.filter(appeal=appeal, kind="status").last()
    assert (step.from_status, step.to_status, step.reason) == (
        S.AWAITING_CLIENT,
        S.IN_PROGRESS,
        "Клиент ответил",
    )


def test_the_client_closes_and_reopens_within_the_window_only(client, world, settings):
    appeal = question(world.a_admin)
    client.force_login(world.a_admin)
    client.post(reverse("desk:appeal_close", args=[appeal.pk]))
    appeal.refresh_from_db()
    assert appeal.status == S.CLOSED
    assert appeal.finished_at is not None
    # A closed appeal takes no message until reopened.
    client.post(reverse("desk:appeal_reply", args=[appeal.pk]), {"text": "ещё"})
    assert not AppealEvent.objects.filter(appeal=appeal, body="ещё").exists()
    client.post(reverse("desk:appeal_reopen", args=[appeal.pk]), {"reason": "Не решено"})
    appeal.refresh_from_db()
    assert appeal.status == S.REOPENED
    assert appeal.finished_at is None
    client.post(reverse("desk:appeal_close", args=[appeal.pk]))
    Appeal.objects.filter(pk=appeal.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=settings.OKNO_DESK_REOPEN_DAYS + 1)
    )
    response = client.post(
        reverse("desk:appeal_reopen", args=[appeal.pk]), {"reason": "Снова"}, follow=True
    )
    assert "подайте новое обращение" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == S.CLOSED


def test_the_reopen_needs_a_reason(client, world):
    appeal = question(world.a_admin)
    client.force_login(world.a_admin)
    client.post(reverse("desk:appeal_close", args=[appeal.pk]))
    client.post(reverse("desk:appeal_reopen", args=[appeal.pk]), {"reason": " "})
    appeal.refresh_from_db()
    assert appeal.status == S.CLOSED


def test_internal_notes_and_their_files_stay_hidden_from_the_client(client, world):
    appeal = question(world.a_admin)
    client.force_login(world.operator)
    client.post(
        reverse("desk:staff_message", args=[appeal.pk]),
        {
            "text": "Клиент путает УПД со счётом",
            "internal": "on",
            "files": SimpleUploadedFile("внутр.pdf", PDF),
        },
    )
    note_file = Attachment.objects.get()
    assert note_file.is_public is False
    assert not mail.outbox
    client.force_login(world.a_admin)
    page = client.get(reverse("desk:appeal", args=[appeal.pk])).content.decode()
    assert "путает" not in page
    assert "внутр.pdf" not in page
    assert client.get(reverse("desk:attachment", args=[note_file.pk])).status_code == 404
    client.force_login(world.operator)
    assert client.get(reverse("desk:attachment", args=[note_file.pk])).status_code == 200


def test_a_buyer_sees_no_appeal_of_a_legal_entity_they_do_not_act_for(client, world):
    appeal = question(world.a_admin, legal_entity_id=world.entity_a2.pk)
    client.force_login(world.a_buyer)
    assert client.get(reverse("desk:appeal", args=[appeal.pk])).status_code == 404
    assert appeal.number not in client.get(reverse("desk:appeals")).content.decode()


def test_the_operators_reply_is_mailed_to_the_client_after_commit(
    client, world, django_capture_on_commit_callbacks
):
    world.a_admin.email = "buyer@example.ru"
    world.a_admin.save(update_fields=["email"])
    appeal = question(world.a_admin)
    client.force_login(world.operator)
    with django_capture_on_commit_callbacks() as pending:
        client.post(reverse("desk:staff_message", args=[appeal.pk]), {"text": "УПД отправили."})
        assert not mail.outbox
    for callback in pending:
        callback()
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["buyer@example.ru"]
    assert appeal.number in letter.subject
    assert "УПД отправили." in letter.body
    assert reverse("desk:appeal", args=[appeal.pk]) in letter.body
    appeal.refresh_from_db()
    assert appeal.status == S.IN_PROGRESS
