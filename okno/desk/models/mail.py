"""The e-mail channel: the mailboxes an administrator connects, where polling stopped in
each, every letter that came in (its raw source kept before anything reads it) and every
reply that went out, with the thread of an appeal's letters."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okno.desk.models.appeals import Appeal, AppealEvent, AppealKind


class Mailbox(models.Model):
    """A mailbox of the company that clients write to (e.g. «claims@…»): read over IMAP
    every minute by the worker; replies to its letters go out from `address` through the
    portal's mail server. New appeals from it are of `kind`."""

    name = models.CharField(_("название"), max_length=100)
    address = models.EmailField(_("адрес ящика"), unique=True)
    imap_host = models.CharField(_("сервер IMAP"), max_length=200)
    imap_port = models.PositiveIntegerField(_("порт IMAP"), default=993)
    imap_ssl = models.BooleanField(_("IMAP через SSL"), default=True)
    imap_user = models.CharField(_("логин IMAP"), max_length=200)
    imap_password = models.CharField(_("пароль IMAP"), max_length=200)
    folder = models.CharField(_("папка"), max_length=200, default="INBOX")
    kind = models.ForeignKey(
        AppealKind,
        verbose_name=_("вид новых обращений"),
        on_delete=models.PROTECT,
        limit_choices_to={"is_claim": False},
        related_name="+",
    )
    acknowledge = models.BooleanField(
        _("подтверждать приём"),
        default=True,
        help_text=_("Ответить письмом с номером, когда из письма создано новое обращение."),
    )
    is_active = models.BooleanField(_("работает"), default=True)
    polled_at = models.DateTimeField(_("последний опрос"), null=True, blank=True)
    poll_error = models.CharField(_("ошибка опроса"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("почтовый ящик")
        verbose_name_plural = _("почтовые ящики")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"


class MailCheckpoint(models.Model):
    """The last UID read from a mailbox's folder while its UIDVALIDITY held. A new
    UIDVALIDITY (the server renumbered the folder) starts a new checkpoint from zero; the
    letters read before are recognised by their content hash."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.CASCADE, related_name="checkpoints")
    uidvalidity = models.BigIntegerField()
    last_uid = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "uidvalidity"], name="mail_checkpoint_per_validity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mailbox_id}: {self.uidvalidity}/{self.last_uid}"


class MailState(models.TextChoices):
    RECEIVED = "received", _("Получено")
    ACCEPTED = "accepted", _("Принято в обращение")
    AUTOMATIC = "automatic", _("Автоответ или недоставка")
    QUARANTINED = "quarantined", _("В карантине")


def _raw_path(mail: IncomingMail, filename: str) -> str:
    now = timezone.now()
    return f"desk/mail/{now:%Y/%m}/{mail.sha256}.eml"


class IncomingMail(models.Model):
    """One letter read from a mailbox: its raw source exactly as the server gave it
    (stored before it is parsed, so every message is traceable to it), where it was
    (UIDVALIDITY, UID) and its SHA-256, what became of it (`state`, with `reason` for a
    quarantined or automatic one) and the appeal and log entry it went into. Unique by
    place and, per mailbox, by content: a letter read twice is recognised either way."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="letters")
    uidvalidity = models.BigIntegerField()
    uid = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    raw = models.FileField(upload_to=_raw_path, max_length=200)
    size = models.PositiveBigIntegerField()
    received_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        _("состояние"), max_length=12, choices=MailState.choices, default=MailState.RECEIVED
    )
    reason = models.CharField(_("причина"), max_length=500, blank=True)
    message_id = models.CharField(max_length=500, blank=True)
    from_address = models.CharField(_("от кого"), max_length=254, blank=True)
    subject = models.CharField(_("тема"), max_length=500, blank=True)
    html = models.TextField(blank=True)
    opened_appeal = models.BooleanField(default=False)
    appeal = models.ForeignKey(
        Appeal, on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )
    event = models.ForeignKey(
        AppealEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )

    class Meta:
        verbose_name = _("входящее письмо")
        verbose_name_plural = _("входящие письма")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "uidvalidity", "uid"], name="incoming_mail_per_uid"
            ),
            models.UniqueConstraint(fields=["mailbox", "sha256"], name="incoming_mail_per_hash"),
        ]
        indexes = [
            models.Index(fields=["message_id"], condition=~Q(message_id=""), name="mail_msgid"),
            models.Index(fields=["from_address", "received_at"], name="mail_sender"),
            models.Index(fields=["state", "-received_at"], name="mail_state"),
        ]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.subject}"


class OutgoingMail(models.Model):
    """A letter the desk sent from a mailbox: an operator's reply, an acknowledgement of a
    new appeal or a refusal of files. `message_id` carries the appeal's token, so the
    client's answer finds its appeal."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="+")
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="sent_letters")
    event = models.ForeignKey(
        AppealEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message_id = models.CharField(max_length=500, unique=True)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=500)
    in_reply_to = models.CharField(max_length=500, blank=True)
    references = models.TextField(blank=True)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class MailThread(models.Model):
    """An appeal's correspondence by e-mail: the mailbox it goes through and the address
    that writes (the requester); our letters answer the client's latest
    (`last_message_id`) and name the letters so far (`references`)."""

    appeal = models.OneToOneField(Appeal, on_delete=models.CASCADE, related_name="mail_thread")
    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="+")
    address = models.EmailField()
    last_message_id = models.CharField(max_length=500, blank=True)
    references = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.appeal_id}: {self.address}"
