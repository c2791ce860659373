"""Background work of accounts: thin wrappers that send what services prepared."""

from django.core.mail import EmailMultiAlternatives
from huey.contrib.djhuey import db_task


@db_task(retries=3, retry_delay=30)
def send_email(*, to: list[str], subject: str, text: str, html: str = "") -> None:
    """Send a prepared letter; a mail server that is down is retried three times."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@db_task(retries=3, retry_delay=30)
def send_sms(*, phone: str, text: str) -> None:
    """Send a prepared SMS through the configured gateway, retried if the gateway refuses."""
    from okno.accounts.sms import get_gateway

    get_gateway().send(phone=phone, text=text)
