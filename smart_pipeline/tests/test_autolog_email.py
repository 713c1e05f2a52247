# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""E-mails become conversation lines (issue 23). Received mail goes through
Odoo's own mail gateway (``message_process``) as RFC 822 text with real
headers; sent mail through ``message_post`` as the chatter's "Send message"
does."""

import email

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .common import AutologCase

RECEIVED = """\
From: Alice Buyer <alice@customer-a.example.com>
To: Conv Salesman <office@company.example.com>
Subject: {subject}
Date: Mon, 04 Mar 2024 10:00:00 +0000
Message-Id: {message_id}
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

{body}
"""

BOUNCE = """\
From: MAILER-DAEMON <mailer-daemon@mx.customer-a.example.com>
To: sales@company.example.com
Subject: Undelivered Mail Returned to Sender
Date: Mon, 04 Mar 2024 10:05:00 +0000
Message-Id: <bounce-1@mx.customer-a.example.com>
In-Reply-To: {in_reply_to}
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Delivery failed.
--B--
"""


class TestAutologEmail(AutologCase):
    def _send(self, record, user=None, subtype="mail.mt_comment", **kwargs):
        """Post as ``user`` (the salesman) from ``record``'s chatter."""
        values = {
            "body": "<p>Here is the <b>offer</b> we discussed.</p>",
            "subject": "Offer 2024",
            "message_type": "comment",
            "subtype": subtype,
            "date": "2024-03-04 09:00:00",
            "partner_ids": [self.contact.id],
        }
        values.update(kwargs)
        return record.sudo(user or self.salesman).message_post(**values)

    def _receive(self, message_id, subject="Re: Offer 2024", extra="", body="Sounds good.", **kw):
        text = RECEIVED.format(subject=subject, message_id=message_id, extra=extra, body=body)
        return self.env["mail.thread"].message_process(kw.pop("model", "crm.lead"), text, **kw)

    # --- sent ---
    def test_sent_from_customer_chatter_logs_line(self):
        message = self._send(self.customer)
        line = self._auto_lines("email")
        self.assertEqual(len(line), 1)
        self.assertEqual(line.user_id, self.salesman)
        self.assertEqual(line.partner_id, self.customer)
        self.assertEqual(line.contact_id, self.contact)
        self.assertEqual(line.channel_id, self.channel_email)
        self.assertEqual(line.date_begin, "2024-03-04 09:00:00")
        self.assertEqual(line.note, "Offer 2024\nHere is the *offer* we discussed.")
        self.assertEqual(line.mail_message_id, message)
        self.assertFalse(line.stage_id)
        self.assertTrue(line.completed)
        self.assertEqual(line.follow_up_state, "none")
        self.assertEqual(line.team_id, self.team)

    def test_sent_from_opportunity_links_it_and_never_moves_it(self):
        self.opportunity.message_subscribe([self.contact.id])
        self._send(self.opportunity, user=self.salesman_2, partner_ids=[])
        line = self._auto_lines("email")
        self.assertEqual(len(line), 1)
        self.assertEqual(line.lead_id, self.opportunity)
        self.assertEqual(line.partner_id, self.customer)
        self.assertEqual(line.user_id, self.salesman_2)
        # the contact was notified as a follower, not named as a recipient
        self.assertEqual(line.contact_id, self.contact)
        self.assertEqual(self.opportunity.stage_id, self.stage_contact)
        self.assertFalse(line.is_sales_conversation)

    def test_sent_from_contact_chatter(self):
        self._send(self.contact)
        line = self._auto_lines("email")
        self.assertEqual((line.partner_id, line.contact_id), (self.contact, self.contact))

    def test_note_is_cut_at_1000_characters(self):
        self._send(self.customer, body="<p>%s</p>" % ("word " * 400))
        note = self._auto_lines("email").note
        self.assertEqual(len(note), 1000)
        self.assertTrue(note.startswith("Offer 2024\nword word"))
        self.assertTrue(note.endswith("\u2026"))

    # --- received, through the gateway ---
    def test_received_reply_on_opportunity(self):
        sent = self._send(self.opportunity, user=self.salesman_2)
        self._auto_lines().unlink()
        self._receive(
            "<reply-1@customer-a.example.com>", extra="In-Reply-To: %s\n" % sent.message_id
        )
        line = self._auto_lines("email")
        self.assertEqual(len(line), 1)
        # employee: the opportunity's salesperson
        self.assertEqual(line.user_id, self.salesman_2)
        self.assertEqual(line.lead_id, self.opportunity)
        self.assertEqual(line.contact_id, self.contact)
        self.assertEqual(line.date_begin, "2024-03-04 10:00:00")
        self.assertEqual(line.note, "Re: Offer 2024\nSounds good.")
        self.assertEqual(line.mail_message_id.message_id, "<reply-1@customer-a.example.com>")
        self.assertEqual(self.opportunity.stage_id, self.stage_contact)

    def test_received_reply_on_customer_goes_to_customer_salesperson(self):
        sent = self._send(self.customer)
        self._auto_lines().unlink()
        self._receive(
            "<reply-2@customer-a.example.com>", extra="In-Reply-To: %s\n" % sent.message_id
        )
        line = self._auto_lines("email")
        self.assertEqual(
            (line.user_id, line.partner_id, line.lead_id),
            (self.salesman, self.customer, self.env["crm.lead"]),
        )

    def test_received_new_thread_creates_opportunity_and_line(self):
        self._receive(
            "<new-1@customer-a.example.com>",
            subject="Request for a quote",
            custom_values={
                "type": "opportunity",
                "user_id": self.salesman.id,
                "team_id": self.team.id,
            },
        )
        lead = self.env["crm.lead"].search([("name", "=", "Request for a quote")])
        self.assertEqual(lead.partner_id, self.contact)
        line = self._auto_lines("email")
        self.assertEqual((line.lead_id, line.user_id), (lead, self.salesman))

    def test_same_message_id_twice_logs_one_line(self):
        sent = self._send(self.customer)
        self._auto_lines().unlink()
        text_kwargs = {"extra": "In-Reply-To: %s\n" % sent.message_id}
        self._receive("<twice@customer-a.example.com>", **text_kwargs)
        self.assertFalse(self._receive("<twice@customer-a.example.com>", **text_kwargs))
        self.assertEqual(len(self._auto_lines("email")), 1)

    def test_one_email_routed_to_two_documents_logs_one_line(self):
        """One e-mail routed to the customer's chatter and to the
        opportunity's is one message each, and one line: the hook looks the
        Message-Id up when the gateway routes an e-mail to several
        documents."""
        message_id = "<two-routes@customer-a.example.com>"
        text = RECEIVED.format(subject="Two routes", message_id=message_id, extra="", body="Both.")
        Thread = self.env["mail.thread"]
        message = email.message_from_string(text)
        routes = [
            ("res.partner", self.customer.id, {}, self.env.uid, None),
            ("crm.lead", self.opportunity.id, {}, self.env.uid, None),
        ]
        message_dict = Thread.message_parse(message)
        # as the gateway's routing finds the author of the e-mail
        message_dict["author_id"] = self.contact.id
        Thread.message_route_process(message, message_dict, routes)
        messages = self.env["mail.message"].search([("message_id", "=", message_id)])
        self.assertEqual(len(messages), 2)
        line = self._auto_lines("email")
        self.assertEqual(len(line), 1)
        self.assertIn(line.mail_message_id, messages)

    def test_one_line_per_message_in_the_database(self):
        message = self._send(self.customer)
        line = self._auto_lines("email")
        # the database refuses the second line; its "bad query" log is expected
        with mute_logger("odoo.sql_db"), self.refused(
            Exception, "mail_message_uniq|one conversation line"
        ):
            line.copy({"mail_message_id": message.id})

    # --- never logged ---
    def test_internal_note_not_logged(self):
        self._send(self.customer, subtype="mail.mt_note")
        self.assertFalse(self._auto_lines())

    def test_message_between_employees_not_logged(self):
        self._send(self.customer, partner_ids=[self.salesman_2.partner_id.id])
        self.assertFalse(self._auto_lines())

    def test_notification_not_logged(self):
        self._send(self.customer, message_type="notification")
        self.assertFalse(self._auto_lines())

    def test_bounce_not_logged(self):
        sent = self._send(self.customer)
        self._auto_lines().unlink()
        self.env["mail.thread"].message_process(
            "crm.lead", BOUNCE.format(in_reply_to=sent.message_id)
        )
        self.assertFalse(self._auto_lines())

    def test_auto_reply_not_logged(self):
        sent = self._send(self.customer)
        self._auto_lines().unlink()
        self._receive(
            "<vacation@customer-a.example.com>",
            subject="Out of office",
            extra="In-Reply-To: %s\nAuto-Submitted: auto-replied\n" % sent.message_id,
        )
        message = self.env["mail.message"].search(
            [("message_id", "=", "<vacation@customer-a.example.com>")]
        )
        self.assertTrue(message, "the gateway posted the reply")
        self.assertFalse(self._auto_lines())
        # "no" is a message written by a person
        self._receive(
            "<person@customer-a.example.com>",
            extra="In-Reply-To: %s\nAuto-Submitted: no\n" % sent.message_id,
        )
        self.assertEqual(len(self._auto_lines()), 1)

    def test_received_from_employee_not_logged(self):
        sent = self._send(self.customer)
        self._auto_lines().unlink()
        text = RECEIVED.format(
            subject="Re: Offer",
            message_id="<internal@company.example.com>",
            extra="In-Reply-To: %s\n" % sent.message_id,
            body="FYI",
        ).replace("Alice Buyer <alice@customer-a.example.com>", "conv_salesman_2@example.com")
        self.env["mail.thread"].message_process("crm.lead", text)
        self.assertFalse(self._auto_lines())

    def test_received_without_salesperson_not_logged(self):
        self.customer.user_id = False
        sent = self._send(self.customer)
        self._auto_lines().unlink()
        self._receive(
            "<nobody@customer-a.example.com>", extra="In-Reply-To: %s\n" % sent.message_id
        )
        self.assertFalse(self._auto_lines())

    def test_mass_mailing_not_logged(self):
        for mode in ("mass_mail", "mass_post"):
            composer = (
                self.env["mail.compose.message"]
                .sudo(self.salesman)
                .with_context(active_ids=[self.customer.id, self.contact.id])
                .create(
                    {
                        "composition_mode": mode,
                        "model": "res.partner",
                        "subject": "Newsletter",
                        "body": "<p>Our spring offers</p>",
                        "notify": True,
                    }
                )
            )
            composer.send_mail()
        self.assertTrue(
            self.env["mail.message"].search_count(
                [("subject", "=", "Newsletter"), ("res_id", "=", self.customer.id)]
            )
        )
        self.assertFalse(self._auto_lines())

    def test_posted_by_scheduled_action_not_logged(self):
        cron = self.env["ir.cron"].create(
            {
                "name": "Autolog test: post a message",
                "model_id": self.env.ref("base.model_res_partner").id,
                "state": "code",
                "code": "model.browse(%d).message_post(body='Reminder', subject='Reminder',"
                " message_type='comment', subtype='mail.mt_comment', partner_ids=[%d])"
                % (self.customer.id, self.contact.id),
                "user_id": self.salesman.id,
                "interval_type": "days",
                "numbercall": -1,
            }
        )
        # as the job runner does: the cron's model, as the cron's user
        self.env["ir.cron"].sudo(self.salesman)._callback(
            cron.name, cron.ir_actions_server_id.id, cron.id
        )
        self.assertEqual(self.env["mail.message"].search_count([("subject", "=", "Reminder")]), 1)
        self.assertFalse(self._auto_lines())

    def test_posted_by_superuser_not_logged(self):
        self.customer.message_post(
            body="From the administrator",
            message_type="comment",
            subtype="mail.mt_comment",
            partner_ids=[self.contact.id],
        )
        self.assertFalse(self._auto_lines())

    def test_partner_that_is_no_customer_not_logged(self):
        self._send(self.supplier, partner_ids=[self.supplier.id])
        self.assertFalse(self._auto_lines())
        # once on an opportunity, it is
        self.env["crm.lead"].create(
            {"name": "Supplier deal", "type": "opportunity", "partner_id": self.supplier.id}
        )
        self._send(self.supplier, partner_ids=[self.supplier.id])
        self.assertEqual(len(self._auto_lines()), 1)

    def test_lead_not_opportunity_not_logged(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Just a lead",
                "type": "lead",
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
            }
        )
        self._send(lead)
        self.assertFalse(self._auto_lines())

    # --- settings ---
    def test_company_setting_off(self):
        self._set_company_setting("conversation_log_emails", False)
        self.assertFalse(self.company.conversation_log_emails)
        self._send(self.customer)
        self.assertFalse(self._auto_lines())

    def test_employee_opt_out_in_preferences(self):
        # a salesperson writes their own preference
        self.salesman.sudo(self.salesman).write({"conversation_autolog_opt_out": True})
        self._send(self.customer)
        self.assertFalse(self._auto_lines())

    def test_settings_on_by_default(self):
        company = self.env["res.company"].create({"name": "Autolog New Company"})
        self.assertTrue(
            company.conversation_log_emails
            and company.conversation_log_meetings
            and company.conversation_log_calls
        )

    # --- the line is the addon's ---
    def test_client_cannot_forge_automatic_line(self):
        message = self._send(self.customer)
        for values in ({"source": "email"}, {"mail_message_id": message.id}):
            vals = dict(values, partner_id=self.customer.id, date_begin="2024-03-05 09:00:00")
            with self.refused(AccessError, "set by the addon"):
                self.env["crm.conversation"].sudo(self.salesman).create(vals)
        line = self._auto_lines("email")
        with self.refused(AccessError, "set by the addon"):
            line.sudo(self.salesman).write({"source": "call"})

    def test_employee_edits_automatic_line(self):
        self._send(self.customer)
        line = self._auto_lines("email").sudo(self.salesman)
        line.write({"note": "Offer sent, they will call back", "stage_id": self.stage_proposal.id})
        self.assertEqual(line.stage_id, self.stage_proposal)
        self.assertEqual(line.source, "email")

    def test_duplicated_automatic_line_is_typed_by_hand(self):
        self._send(self.customer)
        copy = self._auto_lines("email").sudo(self.salesman).copy()
        self.assertEqual(copy.source, "manual")
        self.assertFalse(copy.sudo().mail_message_id)

    def test_new_line_in_the_form_has_no_source_name(self):
        new = self.env["crm.conversation"].sudo(self.salesman).new({"partner_id": self.customer.id})
        self.assertFalse(new.source_name)

    def test_existing_lines_are_manual(self):
        line = self._create_conversation(note="typed")
        self.assertEqual(line.source, "manual")
        self.assertFalse(line.source_name)
        lines = self.env["crm.conversation"].search([("is_automatic", "=", False)])
        self.assertIn(line, lines)


class TestAutologEmailCost(AutologCase):
    """What logging costs the mail gateway (issue 23, speed): the line is
    inserted in one statement, yet holds what the ORM's create would give
    it and passes the model's constraints."""

    def _receive(self, message_id, date="Mon, 04 Mar 2024 10:00:00 +0000", extra=""):
        text = RECEIVED.format(
            subject="Question", message_id=message_id, extra=extra, body="Tell us more."
        ).replace("Mon, 04 Mar 2024 10:00:00 +0000", date)
        return self.env["mail.thread"].message_process(
            "res.partner", text, thread_id=self.customer.id
        )

    def setUp(self):
        super().setUp()
        # no inbox notification to the customer's followers: the counted
        # e-mails send nothing on the bus (see ``count_queries``)
        self.customer.message_unsubscribe(self.customer.message_partner_ids.ids)

    def _queries_of_one_email(self, logging, name, cold=False):
        """The SQL queries of one received e-mail, Odoo's caches warm; the
        record cache empty if ``cold`` (fetchmail's transaction per e-mail)."""
        self.env.user.company_id.conversation_log_emails = logging
        self._receive("<warm-%s@customer-a.example.com>" % name)
        if cold:
            self.env.cache.invalidate()
        return self.count_queries(self._receive, "<counted-%s@customer-a.example.com>" % name)[1]

    def _queries_cold(self, name, extra=""):
        """The SQL queries of one received e-mail with an empty record cache
        (Odoo's caches warmed by the same e-mail first)."""
        self._receive("<warm-%s@customer-a.example.com>" % name, extra=extra)
        self.env.cache.invalidate()
        return self.count_queries(
            self._receive, "<counted-%s@customer-a.example.com>" % name, extra=extra
        )[1]

    def test_logging_off_reads_nothing(self):
        """With no company logging e-mails, the hook returns before it
        reads the customer or the author: a customer's e-mail costs the
        gateway what an automatic reply costs (the hook's first check
        refuses it)."""
        self.env["res.company"].search([]).write({"conversation_log_emails": False})
        auto_reply = self._queries_cold("auto", extra="Auto-Submitted: auto-replied\n")
        off = self._queries_cold("off")
        self.assertFalse(self._auto_lines())
        self.assertEqual(off, auto_reply, "logging off cost %d more queries" % (off - auto_reply))

    def test_one_index_on_the_source_email(self):
        """The unique constraint's index serves the "one line per message"
        lookup: a second index on the column would only slow each insert."""
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'crm_conversation' "
            "AND indexdef LIKE %s",
            ("%(mail_message_id)%",),
        )
        self.assertEqual(
            [row[0] for row in self.env.cr.fetchall()], ["crm_conversation_mail_message_uniq"]
        )

    def test_logging_an_email_costs_a_few_queries(self):
        off = self._queries_of_one_email(False, "off")
        on = self._queries_of_one_email(True, "on")
        self.assertEqual(len(self._auto_lines("email")), 2)
        # the INSERT (the employee's team and settings are cached); the
        # gateway found the Message-Id new, so the hook does not look it up
        self.assertLessEqual(on - off, 2, "logging an e-mail cost %d more queries" % (on - off))

    def test_logging_an_email_in_its_own_transaction(self):
        off = self._queries_of_one_email(False, "off", cold=True)
        on = self._queries_of_one_email(True, "on", cold=True)
        # + the customer and the author (read only when some company logs
        # e-mails, see test_logging_off_reads_nothing), the INSERT; the
        # customer and the contact were read when the line was prepared, the
        # companies of the team and of the employee are cached: the
        # constraints read nothing again; the Message-Id is new (the
        # gateway's check): not looked up
        self.assertLessEqual(on - off, 4, "logging an e-mail cost %d more queries" % (on - off))

    def test_line_holds_what_create_would_give_it(self):
        topic = self.env["crm.conversation.topic"].create({"name": "Autolog Topic"})
        self.salesman.default_conversation_topic_id = topic
        self._receive("<complete@customer-a.example.com>")
        line = self._auto_lines("email")
        line.invalidate_cache()
        self.assertEqual(line.commercial_partner_id, self.customer)
        self.assertEqual(line.contact_id, self.contact)
        self.assertEqual(line.topic_id, topic)  # the employee's default topic
        self.assertEqual(line.duration, 0.0)
        self.assertFalse(line.is_follow_up or line.is_followed_up)
        self.assertEqual(line.create_uid.id, SUPERUSER_ID)
        self.assertTrue(line.create_date and line.write_date)
        # the same line through the ORM's own recomputation
        line._compute_duration()
        self.assertEqual(line.duration, 0.0)

    def test_constraints_see_the_team_company_of_today(self):
        """The companies the constraints check are cached across
        transactions: a team moved to another company is seen at once."""
        # (creating a company clears every cache: before the first e-mail)
        other = self.env["res.company"].create({"name": "Autolog Other Company"})
        self._receive("<before-move@customer-a.example.com>")
        self.assertEqual(self._auto_lines("email").team_id, self.team)
        self.team.company_id = other
        self.env.cache.invalidate()  # the next e-mail's transaction
        with self.refused(ValidationError, "company"):
            self._receive("<after-move@customer-a.example.com>")

    def test_email_dated_in_the_future_is_logged_when_it_arrives(self):
        # the sender's clock is ahead: the gateway still takes the e-mail
        self._receive("<future@customer-a.example.com>", date="Thu, 01 Jan 2099 10:00:00 +0000")
        line = self._auto_lines("email")
        self.assertEqual(len(line), 1)
        self.assertLess(line.date_begin, "2099-01-01")

    def test_cached_answers_follow_the_employee(self):
        """Whether and with which team an employee's e-mails are logged is
        cached across transactions: a change of theirs is seen at once."""
        self._receive("<first@customer-a.example.com>")
        self.assertEqual(self._auto_lines("email").team_id, self.team)
        self.salesman.sale_team_id = self.team_b
        self._receive("<second@customer-a.example.com>")
        line = self._auto_lines("email", note="Question\nTell us more.").sorted("id")[-1]
        self.assertEqual(line.team_id, self.team_b)
        self.salesman.conversation_autolog_opt_out = True
        self._receive("<third@customer-a.example.com>")
        self.assertEqual(len(self._auto_lines("email")), 2)
        self.salesman.conversation_autolog_opt_out = False
        self.env.user.company_id.conversation_log_emails = False
        self._receive("<fourth@customer-a.example.com>")
        self.assertEqual(len(self._auto_lines("email")), 2)
