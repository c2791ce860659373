"""SMS gateways: console, memory, and the SMS.ru-style HTTP adapter against a local server."""

import json
import logging
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from okno.accounts import sms, tasks


class _SmsRuStub(BaseHTTPRequestHandler):
    """Answers like SMS.ru; the test sets `answer` and `status` and reads `received`."""

    answer: dict = {}
    status = 200
    received: list[dict] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        type(self).received.append({key: values[0] for key, values in form.items()})
        body = json.dumps(type(self).answer).encode()
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def smsru(settings):
    server = HTTPServer(("127.0.0.1", 0), _SmsRuStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _SmsRuStub.received = []
    _SmsRuStub.status = 200
    _SmsRuStub.answer = {
        "status": "OK",
        "status_code": 100,
        "sms": {"79161234567": {"status": "OK", "status_code": 100, "sms_id": "000-1"}},
    }
    settings.OKNO_SMS_GATEWAY = "smsru"
    settings.OKNO_SMSRU_API_ID = "test-api-id"
    settings.OKNO_SMSRU_URL = f"http://127.0.0.1:{server.server_port}/sms/send"
    yield _SmsRuStub
    server.shutdown()
    server.server_close()


def test_console_gateway_logs_the_text(settings, caplog):
    settings.OKNO_SMS_GATEWAY = "console"
    with caplog.at_level(logging.INFO, logger="okno.accounts.sms"):
        sms.get_gateway().send(phone="+79161234567", text="Код: 123456")
    assert "+79161234567" in caplog.text
    assert "Код: 123456" in caplog.text


def test_memory_gateway_keeps_the_message(sms_outbox):
    sms.get_gateway().send(phone="+79161234567", text="hello")
    assert sms_outbox == [sms.SentSms(phone="+79161234567", text="hello")]


def test_the_task_sends_through_the_configured_gateway(sms_outbox):
    tasks.send_sms(phone="+79161234567", text="через задачу")
    assert sms_outbox[-1].text == "через задачу"


def test_smsru_posts_the_fields(smsru):
    sms.get_gateway().send(phone="+79161234567", text="Код: 123456")
    assert smsru.received == [
        {"api_id": "test-api-id", "to": "79161234567", "msg": "Код: 123456", "json": "1"}
    ]


def test_smsru_refusal_raises_with_the_reason(smsru):
    smsru.answer = {"status": "ERROR", "status_code": 200, "status_text": "Неправильный api_id"}
    with pytest.raises(sms.SmsGatewayError, match="Неправильный api_id"):
        sms.get_gateway().send(phone="+79161234567", text="x")


def test_smsru_refusal_for_the_number_raises(smsru):
    smsru.answer = {
        "status": "OK",
        "sms": {"79161234567": {"status": "ERROR", "status_code": 207, "status_text": "Нельзя"}},
    }
    with pytest.raises(sms.SmsGatewayError, match="Нельзя"):
        sms.get_gateway().send(phone="+79161234567", text="x")


def test_smsru_http_error_raises(smsru):
    smsru.status = 503
    with pytest.raises(sms.SmsGatewayError, match="HTTP 503"):
        sms.get_gateway().send(phone="+79161234567", text="x")


def test_smsru_unreachable_raises(settings):
    settings.OKNO_SMS_GATEWAY = "smsru"
    settings.OKNO_SMSRU_API_ID = "id"
    settings.OKNO_SMSRU_URL = "http://127.0.0.1:9/unreachable"
    with pytest.raises(sms.SmsGatewayError, match="unreachable"):
        sms.get_gateway().send(phone="+79161234567", text="x")


def test_smsru_without_api_id_is_a_configuration_error(settings):
    settings.OKNO_SMS_GATEWAY = "smsru"
    settings.OKNO_SMSRU_API_ID = ""
    with pytest.raises(ImproperlyConfigured, match="OKNO_SMSRU_API_ID"):
        sms.get_gateway()


def test_unknown_gateway_is_a_configuration_error(settings):
    settings.OKNO_SMS_GATEWAY = "pigeon"
    with pytest.raises(ImproperlyConfigured, match="pigeon"):
        sms.get_gateway()
