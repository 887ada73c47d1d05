import pytest

from motcua.integrations.sms import (
    EsmsBackend,
    FileBackend,
    SmsError,
    international,
)


def backend(fake, **overrides):
    return EsmsBackend(**fake.settings(**overrides))


def test_an_accepted_message_returns_the_gateway_id(settings, fake_esms):
    receipt = backend(fake_esms).send(
        phone="+84 912 345 678", content="Hồ sơ đã tiếp nhận", request_id="r1"
    )

    assert receipt.provider_message_id == "fake-1"
    body = fake_esms.requests[0]
    assert body["Phone"] == "0912345678"
    assert (body["ApiKey"], body["SecretKey"], body["Brandname"]) == (
        "test-key",
        "test-secret",
        "MOTCUA",
    )
    assert (body["SmsType"], body["IsUnicode"], body["RequestId"]) == ("2", "1", "r1")


def test_plain_text_is_sent_as_non_unicode(fake_esms):
    backend(fake_esms).send(phone="0912345678", content="Ho so", request_id="r1")

    assert fake_esms.requests[0]["IsUnicode"] == "0"


def test_a_repeated_request_id_is_accepted_once_and_reported_as_duplicate(
    fake_esms,
):
    client = backend(fake_esms)
    client.send(phone="0912345678", content="a", request_id="same")

    receipt = client.send(phone="0912345678", content="a", request_id="same")

    assert receipt.duplicate
    assert fake_esms.delivered_count("same") == 1


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"API_KEY": "wrong"}, "101"),
        ({"BRANDNAME": "OTHER"}, "104"),
    ],
)
def test_wrong_credentials_are_permanent_errors(fake_esms, overrides, expected):
    with pytest.raises(SmsError, match=expected) as caught:
        backend(fake_esms, **overrides).send(
            phone="0912345678", content="a", request_id="r"
        )

    assert not caught.value.retryable


def test_a_bad_number_is_a_permanent_error(fake_esms):
    with pytest.raises(SmsError, match="108") as caught:
        backend(fake_esms).send(phone="12", content="a", request_id="r")

    assert not caught.value.retryable


def test_a_server_error_is_retryable(fake_esms):
    fake_esms.mode = "error"

    with pytest.raises(SmsError, match="HTTP 500") as caught:
        backend(fake_esms).send(phone="0912345678", content="a", request_id="r")

    assert caught.value.retryable
    assert fake_esms.delivered == []


def test_a_timeout_is_retryable(fake_esms):
    fake_esms.mode = "hang"
    fake_esms.hang_seconds = 1.0

    with pytest.raises(SmsError, match="timed out") as caught:
        backend(fake_esms).send(phone="0912345678", content="a", request_id="r")

    assert caught.value.retryable


def test_a_refused_connection_is_retryable_and_the_gateway_recovers(fake_esms):
    fake_esms.stop()
    client = backend(fake_esms)

    with pytest.raises(SmsError, match="connection failed") as caught:
        client.send(phone="0912345678", content="a", request_id="r")
    assert caught.value.retryable

    fake_esms.start()
    assert (
        client.send(phone="0912345678", content="a", request_id="r").duplicate is False
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
    ],
)
def test_numbers_are_sent_in_the_national_form(raw, expected):
    assert international(raw) == expected


def test_the_file_backend_writes_one_line_per_message(settings, tmp_path):
    settings.MOTCUA_SMS_FILE = tmp_path / "sms.jsonl"

    FileBackend().send(phone="0912345678", content="Xin chào", request_id="r1")

    line = (tmp_path / "sms.jsonl").read_text(encoding="utf-8")
    assert '"request_id": "r1"' in line
    assert "Xin chào" in line
