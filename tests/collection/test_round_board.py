"""The status board (未打开 / 填写中 / 已提交 / 已逾期, totals, 催办 text) and e-mail
reminders, sent over SMTP to a real local server (aiosmtpd)."""

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from speechapp.collection.board import round_board
from speechapp.drafts.models import OfficeLink
from tests.collection.rounds_helpers import (
    FINANCE,
    STATS,
    assign,
    office_url,
    slot_url,
    start_round,
)


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on localhost; Django's SMTP backend sends to it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


@pytest.fixture
def round_(logged_in, draft):
    assign(draft)
    return start_round(logged_in, draft)


def board_row(round_, office):
    return next(r for r in round_board(round_).rows if r.link.office == office)


def test_statuses_move_from_unopened_to_filling_to_submitted(round_):
    stats = round_.links.get(office=STATS)
    assert board_row(round_, STATS).status == "unopened"
    office = Client()
    office.get(office_url(stats))
    office.post(slot_url(stats, "s009"), {"value-s009": "5.2"})
    row = board_row(round_, STATS)
    assert row.status == "filling" and (row.filled, row.assigned) == (1, 2)
    office.post(office_url(stats), {"action": "submit", "name": "张三", "phone": "0571-1234567"})
    assert board_row(round_, STATS).status == "submitted"
    board = round_board(round_)
    assert board.totals == {"unopened": 1, "filling": 0, "submitted": 1, "late": 0}


def test_an_office_past_the_deadline_is_late_and_in_the_chase_text(logged_in, draft, round_):
    round_.deadline = timezone.now() - timedelta(minutes=5)
    round_.grace_hours = 2
    round_.save()
    assert board_row(round_, FINANCE).status == "late"
    page = logged_in.get(reverse("draft_sheets", args=[draft.pk])).content.decode()
    assert "已逾期" in page
    board = round_board(round_)
    assert (
        FINANCE in board.late_chase and "请于" in board.late_chase and "链接：" in board.late_chase
    )


def test_the_chase_text_names_the_deadline_and_the_link(round_):
    round_.deadline = timezone.make_aware(timezone.datetime(2026, 12, 10, 17, 0))
    round_.save()
    row = board_row(round_, STATS)
    assert "请于12月10日17时前填报" in row.chase
    assert office_url(row.link) in row.chase


def test_the_send_button_mails_a_reminder_over_smtp_once_per_period(logged_in, draft, round_, smtp):
    stats = round_.links.get(office=STATS)
    email_url = reverse("link_action", args=[draft.pk, round_.pk, stats.pk, "email"])
    logged_in.post(email_url, {"email": "tjj@example.gov.cn"})
    remind = reverse("link_action", args=[draft.pk, round_.pk, stats.pk, "remind"])
    logged_in.post(remind)
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message.rcpt_tos == ["tjj@example.gov.cn"]
    body = message.content.decode()
    assert "/o/" in body
    logged_in.post(remind)  # within the period: not again
    assert len(smtp.messages) == 1


def test_send_reminders_command_skips_submitted_offices(round_, smtp):
    OfficeLink.objects.filter(round=round_).update(email="x@example.gov.cn")
    OfficeLink.objects.filter(round=round_, office=STATS).update(submitted_at=timezone.now())
    call_command("send_reminders")
    assert len(smtp.messages) == 1
    call_command("send_reminders")
    assert len(smtp.messages) == 1  # throttled
    OfficeLink.objects.filter(round=round_).update(reminded_at=timezone.now() - timedelta(days=2))
    call_command("send_reminders")
    assert len(smtp.messages) == 2


def test_a_bad_email_address_gets_a_message(logged_in, draft, round_):
    stats = round_.links.get(office=STATS)
    url = reverse("link_action", args=[draft.pk, round_.pk, stats.pk, "email"])
    response = logged_in.post(url, {"email": "not an address"}, follow=True)
    assert "请填写有效的邮箱地址" in response.content.decode()
