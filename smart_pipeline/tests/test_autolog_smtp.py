# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Integration check (issue 23): a message sent from a customer's chatter
leaves through Odoo's outgoing mail to a real SMTP server (aiosmtpd, started
here on a loopback port); what the server received is the message the
conversation line refers to, and the customer's reply to it, fed back
through Odoo's mail gateway, logs the received line."""

import email
import socket
import threading
from contextlib import contextmanager

from .common import AutologCase

try:
    from aiosmtpd.controller import Controller
except ImportError:  # pragma: no cover - requirements/dev.txt pins it
    Controller = None


class _Inbox:
    """aiosmtpd handler keeping every message received."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _really_sending():
    """Odoo 11 sends no e-mail while the test runner's thread is marked
    ``testing``: lift the mark for the send only."""
    thread = threading.current_thread()
    previous = getattr(thread, "testing", False)
    thread.testing = False
    try:
        yield
    finally:
        thread.testing = previous


class TestAutologSmtp(AutologCase):
    def setUp(self):
        super().setUp()
        if Controller is None:
            self.skipTest("aiosmtpd is not installed (requirements/dev.txt)")
        self.inbox = _Inbox()
        port = _free_port()
        self.smtp = Controller(self.inbox, hostname="127.0.0.1", port=port)
        self.smtp.start()
        self.addCleanup(self.smtp.stop)
        self.server = self.env["ir.mail_server"].create(
            {
                "name": "Autolog loopback SMTP",
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "smtp_encryption": "none",
                "sequence": 0,
            }
        )

    def test_chatter_message_through_real_smtp_and_reply(self):
        message = (
            self.customer.sudo(self.salesman)
            .with_context(mail_notify_force_send=False)
            .message_post(
                body="<p>Please find our offer attached.</p>",
                subject="Offer by SMTP",
                message_type="comment",
                subtype="mail.mt_comment",
                partner_ids=[self.contact.id],
            )
        )
        mails = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertTrue(mails, "Odoo queued the e-mail")
        with _really_sending():
            mails.send(raise_exception=True)
        self.assertEqual(len(self.inbox.envelopes), 1)
        envelope = self.inbox.envelopes[0]
        self.assertEqual(envelope.rcpt_tos, ["alice@customer-a.example.com"])
        received = email.message_from_bytes(envelope.content)
        self.assertEqual(received["Subject"], "Offer by SMTP")
        line = self._auto_lines("email")
        self.assertEqual(len(line), 1)
        # the line refers to the very message the server received
        self.assertEqual(line.mail_message_id.message_id, received["Message-Id"])
        self.assertEqual((line.user_id, line.contact_id), (self.salesman, self.contact))

        reply = (
            "From: Alice Buyer <alice@customer-a.example.com>\n"
            "To: %s\n"
            "Subject: Re: Offer by SMTP\n"
            "Message-Id: <smtp-reply@customer-a.example.com>\n"
            "In-Reply-To: %s\n"
            "Content-Type: text/plain\n\n"
            "We accept.\n" % (received["Reply-To"] or received["From"], received["Message-Id"])
        )
        self.env["mail.thread"].message_process("res.partner", reply)
        lines = self._auto_lines("email")
        self.assertEqual(len(lines), 2)
        answer = lines - line
        self.assertEqual(answer.note, "Re: Offer by SMTP\nWe accept.")
        self.assertEqual(answer.user_id, self.salesman)
