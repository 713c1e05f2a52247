# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import FOLLOWUP_REFERENCE_DATE, FollowupCase


class TestFollowupDigest(FollowupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.test_users = cls.user_anna | cls.user_bob | cls.user_carl | cls.user_dora
        cls.Digest = cls.env["crm.followup.digest"]

    def _digests(self):
        return self.Digest.search([("user_id", "in", self.test_users.ids)])

    def _mails(self):
        # digests only: follow-up activities marked done notify the
        # customer's followers by mail as well, as any Odoo activity does
        return self.env["mail.mail"].search(
            [
                ("recipient_ids", "in", self.test_users.mapped("partner_id").ids),
                ("model", "=", "crm.followup.digest"),
            ]
        )

    def test_digest_only_for_employees_with_follow_ups_due(self):
        self.Digest._cron_send_digests(FOLLOWUP_REFERENCE_DATE)
        digest = self._digests()
        self.assertEqual(digest.user_id, self.user_anna)
        self.assertEqual(digest.date, FOLLOWUP_REFERENCE_DATE)
        self.assertEqual(digest.conversation_ids, self.c_due | self.c_overdue)
        self.assertEqual(digest.overdue_count, 1)
        mail = self._mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(digest.mail_id, mail)
        self.assertEqual(mail.recipient_ids, self.user_anna.partner_id)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn("FU Beta", mail.body_html)
        self.assertIn("Call back about the demo", mail.body_html)
        self.assertIn("Overdue", mail.body_html)

    def test_cron_twice_the_same_day_sends_once(self):
        self.Digest._cron_send_digests(FOLLOWUP_REFERENCE_DATE)
        self.Digest._cron_send_digests(FOLLOWUP_REFERENCE_DATE)
        self.assertEqual(len(self._digests()), 1)
        self.assertEqual(len(self._mails()), 1)
        # the next day is another digest: the due follow-up is now overdue
        self.Digest._cron_send_digests("2024-03-16")
        digests = self._digests()
        self.assertEqual(len(digests), 2)
        self.assertEqual(len(self._mails()), 2)
        self.assertEqual(digests.filtered(lambda d: d.date == "2024-03-16").overdue_count, 2)

    def test_nothing_due_nothing_sent(self):
        self.anna_conversations.write({"completed": True})
        self.Digest._cron_send_digests(FOLLOWUP_REFERENCE_DATE)
        self.assertFalse(self._digests())
        self.assertFalse(self._mails())

    def test_digest_rows_are_unique_per_employee_and_day(self):
        self.Digest._cron_send_digests(FOLLOWUP_REFERENCE_DATE)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.Digest.create({"user_id": self.user_anna.id, "date": FOLLOWUP_REFERENCE_DATE})

    def test_cron_record(self):
        cron = self.env.ref("smart_pipeline.ir_cron_crm_followup_digest")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertEqual(cron.numbercall, -1)

    def test_digest_access(self):
        self.Digest._cron_send_digests(FOLLOWUP_REFERENCE_DATE)
        digest = self._digests()
        as_bob = self.Digest.sudo(self.user_bob)
        self.assertFalse(as_bob.search([("id", "=", digest.id)]))
        as_anna = self.Digest.sudo(self.user_anna)
        self.assertEqual(as_anna.search([("id", "=", digest.id)]), digest)
        with self.assertRaises(AccessError):
            as_anna.browse(digest.id).unlink()
