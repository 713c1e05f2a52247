# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every input outside the business domain is refused with a clear error
naming the field, never with a crash; archived configuration, other
companies' records and other customers' opportunities cannot be chosen."""

from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.crm_conversation import MAX_DURATION_MINUTES
from .common import ConversationCase


class TestConversationValidation(ConversationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line = cls.env["crm.conversation"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "team_id": cls.team.id,
                "date_begin": "2024-03-04 09:00:00",
                "note": "Valid line",
            }
        )
        cls.stage_lost = cls.env["crm.stage"].create(
            {"name": "Test Lost", "sequence": 90, "pipeline_outcome": "lost"}
        )
        cls.reason = cls.env["crm.lost.reason"].create({"name": "Test Too Expensive"})

    def test_duration_out_of_range_is_refused_clearly(self):
        with self.refused(ValidationError, "cannot be negative"):
            self._create_conversation(duration=-5)
        for value in (float("nan"), float("inf"), 1e12, 10**7, 601):
            with self.refused(ValidationError, "Duration.*between 0 and %d" % MAX_DURATION_MINUTES):
                self._create_conversation(duration=value)
            with self.refused(ValidationError, "Duration.*between 0 and"):
                self.line.sudo(self.salesman).write({"duration": value})
        self.assertEqual(self.line.duration, 0.0)
        line = self._create_conversation(duration=MAX_DURATION_MINUTES)
        self.assertEqual(line.date_end, "2024-03-04 19:00:00")

    def test_wizards_refuse_what_cannot_be_converted(self):
        QuickAdd = self.env["crm.conversation.quick.add"].sudo(self.salesman)
        for value in (float("nan"), float("inf"), 1e12):
            with self.refused(ValidationError, "Duration.*between 0 and"):
                QuickAdd.create({"partner_ids": [(6, 0, self.customer.ids)], "duration": value})
        with self.refused(ValidationError, "Duration.*between 0 and"):
            QuickAdd.onchange({"duration": float("nan")}, "duration", {"duration": "1"})
        wizard = QuickAdd.create(
            {"partner_ids": [(6, 0, self.customer.ids)], "date_begin": "2024-03-04 09:00:00"}
        )
        with self.refused(ValidationError, "Duration.*between 0 and"):
            wizard.write({"duration": 700})
        with self.refused(ValidationError, "Follow Up is not a valid date"):
            self.env["crm.conversation.reschedule"].sudo(self.salesman).create(
                {"follow_up_date": "31/02/2024"}
            )

    def test_time_end_beyond_a_working_day_is_refused(self):
        with self.refused(ValidationError, "Duration"):
            self._create_conversation(date_end="2024-03-06 09:00:00")

    def test_duration_onchange_refuses_nan(self):
        with self.refused(ValidationError, "Duration"):
            self.env["crm.conversation"].sudo(self.salesman).onchange(
                {"duration": float("nan"), "date_begin": "2024-03-04 09:00:00"},
                "duration",
                {"duration": "1", "date_begin": ""},
            )

    def test_malformed_dates_are_refused_clearly(self):
        with self.refused(ValidationError, "Time Begin is not a valid date"):
            self._create_conversation(date_begin="2024-13-45 99:00:00")
        with self.refused(ValidationError, "Follow Up is not a valid date"):
            self.line.sudo(self.salesman).write({"follow_up_date": "tomorrow"})

    def test_future_conversation_is_refused(self):
        with self.refused(ValidationError, "Time Begin cannot be later than the end of today"):
            self._create_conversation(date_begin="2999-01-01 09:00:00")
        with self.refused(ValidationError, "Time Begin cannot be later"):
            self.line.sudo(self.salesman).write({"date_begin": "2999-01-01 09:00:00"})
        self.assertEqual(self.line.date_begin, "2024-03-04 09:00:00")

    def test_follow_up_before_the_conversation_is_refused(self):
        with self.refused(ValidationError, r"Follow Up cannot be before .*03/04/2024"):
            self._create_conversation(follow_up_date="2024-03-03")
        # the same day is fine, in the user's time zone (Brussels: 00:30
        # local is the 4th although it is still the 3rd in UTC)
        line = self._create_conversation(
            date_begin="2024-03-03 23:30:00", follow_up_date="2024-03-04"
        )
        self.assertEqual(line.follow_up_date, "2024-03-04")

    def test_archived_configuration_refused_on_new_lines_kept_on_old(self):
        old = self._create_conversation(
            topic_id=self.topic_support.id,
            channel_id=self.channel_visit.id,
            stage_id=self.stage_proposal.id,
        )
        lost = self._create_conversation(
            stage_id=self.stage_lost.id, lost_reason_id=self.reason.id, user=self.salesman
        )
        self.topic_support.write({"active": False})
        self.channel_visit.write({"active": False})
        self.stage_proposal.write({"active": False})
        self.reason.write({"active": False})
        for field, record in (
            ("topic_id", self.topic_support),
            ("channel_id", self.channel_visit),
            ("stage_id", self.stage_proposal),
        ):
            with self.refused(ValidationError, "is archived"):
                self._create_conversation(**{field: record.id})
            with self.refused(ValidationError, "is archived"):
                self.line.sudo(self.salesman).write({field: record.id})
        with self.refused(ValidationError, "Lost Reason: .* is archived"):
            self._create_conversation(stage_id=self.stage_lost.id, lost_reason_id=self.reason.id)
        # the old lines stay valid and editable
        old.sudo(self.salesman).write({"note": "Still editable", "topic_id": self.topic_support.id})
        lost.sudo(self.salesman).write({"note": "Still editable"})
        self.assertEqual(old.stage_id, self.stage_proposal)
        self.assertEqual(lost.lost_reason_id, self.reason)

    def test_lost_reason_only_at_a_lost_position(self):
        with self.refused(ValidationError, "Lost Reason can only be given at a lost"):
            self._create_conversation(
                stage_id=self.stage_proposal.id, lost_reason_id=self.reason.id
            )
        line = self._create_conversation(stage_id=self.stage_lost.id, lost_reason_id=self.reason.id)
        # leaving the lost position clears the reason explicitly
        line.sudo(self.salesman).write({"stage_id": self.stage_proposal.id})
        self.assertFalse(line.lost_reason_id)
        with self.refused(ValidationError, "Lost Reason can only be given"):
            line.sudo(self.salesman).write({"lost_reason_id": self.reason.id})

    def test_lost_position_without_reason_asks_for_it(self):
        line = (
            self.env["crm.conversation"].sudo(self.salesman).new({"stage_id": self.stage_lost.id})
        )
        result = line._onchange_stage_id_lost_reason()
        self.assertIn("Lost Reason", result["warning"]["message"])
        self.assertIn("Test Lost", result["warning"]["message"])
        line.lost_reason_id = self.reason
        self.assertFalse(line._onchange_stage_id_lost_reason())

    def test_companies_must_agree(self):
        company_2 = self.env["res.company"].create({"name": "Validation Co 2"})
        foreign = self.env["res.partner"].create(
            {"name": "Foreign Customer", "is_company": True, "company_id": company_2.id}
        )
        foreign_team = self.env["crm.team"].create(
            {"name": "Foreign Team", "company_id": company_2.id}
        )
        with self.refused(ValidationError, "Customer must belong to the company"):
            self.env["crm.conversation"].create(
                {
                    "partner_id": foreign.id,
                    "user_id": self.salesman.id,
                    "team_id": False,
                    "company_id": self.company.id,
                    "date_begin": "2024-03-04 09:00:00",
                }
            )
        with self.refused(ValidationError, "Sales Team must belong to the company"):
            self.line.write({"team_id": foreign_team.id})
        shared = self.env["res.partner"].create({"name": "Shared Customer", "company_id": False})
        line = self.env["crm.conversation"].create(
            {
                "partner_id": shared.id,
                "user_id": self.salesman.id,
                "team_id": False,
                "date_begin": "2024-03-04 09:00:00",
            }
        )
        with self.refused(ValidationError, "Employee must be allowed in the company"):
            line.write({"company_id": company_2.id})

    def test_team_must_be_one_of_the_employees(self):
        with self.refused(ValidationError, "Sales Team must be one of the employee's"):
            self._create_conversation(team_id=self.team_b.id)
        with self.refused(ValidationError, "Sales Team must be one of the employee's"):
            self.line.sudo(self.salesman).write({"team_id": self.team_b.id})
        # a sales manager may set another team
        line = (
            self.env["crm.conversation"]
            .sudo(self.manager)
            .create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.salesman.id,
                    "team_id": self.team_b.id,
                    "date_begin": "2024-03-04 09:00:00",
                }
            )
        )
        self.assertEqual(line.team_id, self.team_b)
        # the default is one of the employee's teams, never Odoo's fallback
        self.assertEqual(self._create_conversation().team_id, self.team)

    def test_opportunity_of_another_customer_is_refused(self):
        lead_b = self.env["crm.lead"].create(
            {
                "name": "Deal of B",
                "type": "opportunity",
                "partner_id": self.customer_b.id,
                "user_id": self.salesman.id,
            }
        )
        stage_before = lead_b.stage_id
        with self.refused(ValidationError, "Opportunity must be an opportunity of the"):
            self._create_conversation(lead_id=lead_b.id, stage_id=self.stage_proposal.id)
        with self.refused(ValidationError, "Opportunity must be an opportunity of the"):
            self.line.sudo(self.salesman).write({"lead_id": lead_b.id})
        self.assertEqual(lead_b.stage_id, stage_before)
        self.assertTrue(lead_b.active)

    def test_only_the_latest_sales_conversation_moves_the_opportunity(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Deal of A",
                "type": "opportunity",
                "partner_id": self.contact.id,
                "user_id": self.salesman.id,
            }
        )
        old = self._create_conversation(
            lead_id=lead.id, stage_id=self.stage_contact.id, date_begin="2024-03-01 09:00:00"
        )
        self.assertEqual(lead.stage_id, self.stage_contact)
        self._create_conversation(
            lead_id=lead.id, stage_id=self.stage_proposal.id, date_begin="2024-03-05 09:00:00"
        )
        self.assertEqual(lead.stage_id, self.stage_proposal)
        # re-staging the old line does not move the live deal
        old.sudo(self.salesman).write(
            {"stage_id": self.stage_lost.id, "lost_reason_id": self.reason.id}
        )
        self.assertEqual(lead.stage_id, self.stage_proposal)
        self.assertTrue(lead.active)
        # nor does a line logged later but dated before the latest one
        self._create_conversation(
            lead_id=lead.id, stage_id=self.stage_contact.id, date_begin="2024-03-02 09:00:00"
        )
        self.assertEqual(lead.stage_id, self.stage_proposal)

    def test_follow_up_of_a_line_the_user_cannot_edit_is_refused(self):
        colleague_line = self._create_conversation(
            user=self.salesman_2, team_id=self.team_b.id, follow_up_date="2024-03-05"
        )
        with self.refused(AccessError, "Follow-up Of: you cannot use a record you are not"):
            self._create_conversation(follow_up_of_id=colleague_line.id)
        with self.refused(AccessError, "Follow-up Of"):
            self.line.sudo(self.salesman).write({"follow_up_of_id": colleague_line.id})
        self.assertFalse(colleague_line.is_followed_up)

    def test_references_to_unreadable_or_missing_records_are_refused(self):
        other_lead = self.env["crm.lead"].create(
            {
                "name": "Colleague's deal",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.salesman_2.id,
            }
        )
        with self.refused(AccessError, "Opportunity: you cannot use a record"):
            self._create_conversation(lead_id=other_lead.id)
        with self.refused(AccessError, "About: you cannot use a record"):
            self._create_conversation(topic_id=999999999)
        with self.refused(ValidationError, "Customer must be a record id"):
            self._create_conversation(partner_id="1; DROP TABLE crm_conversation")

    def test_messages_do_not_name_unreadable_records(self):
        with self.assertRaises(ValidationError) as caught:
            with self.env.cr.savepoint():
                self._create_conversation(contact_id=self.contact_b.id)
        self.env.clear()
        message = caught.exception.name
        self.assertIn("With Whom", message)
        self.assertNotIn(self.contact_b.name, message)
        self.assertNotIn(self.customer_b.name, message)


class TestHistoryKept(ConversationCase):
    """Nothing a conversation depends on can be deleted: the history would
    lose its customer and drop out of every report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason = cls.env["crm.lost.reason"].create({"name": "History Reason"})
        cls.stage_lost = cls.env["crm.stage"].create(
            {"name": "History Lost", "sequence": 91, "pipeline_outcome": "lost"}
        )
        cls.line = cls.env["crm.conversation"].create(
            {
                "partner_id": cls.contact.id,
                "user_id": cls.salesman.id,
                "team_id": cls.team.id,
                "date_begin": "2024-03-04 09:00:00",
                "stage_id": cls.stage_lost.id,
                "lost_reason_id": cls.reason.id,
                "topic_id": cls.topic_sales.id,
                "channel_id": cls.channel_phone.id,
            }
        )

    def test_deleting_what_history_depends_on_is_refused(self):
        for record in (
            self.customer,  # the company whose contact was called
            self.contact,
            self.team,
            self.salesman,
            self.reason,
            self.stage_lost,
            self.topic_sales,
            self.channel_phone,
            self.company,
        ):
            with self.refused(UserError, "conversations|Conversations|archive|Archive"):
                record.unlink()
        self.assertEqual(self.line.commercial_partner_id, self.customer)
        self.assertEqual(self.line.team_id, self.team)

    def test_merging_partners_keeps_every_line_on_the_survivor(self):
        duplicate = self.env["res.partner"].create(
            {"name": "Conversation Customer A (copy)", "is_company": True}
        )
        duplicate_line = self.env["crm.conversation"].create(
            {
                "partner_id": duplicate.id,
                "user_id": self.salesman.id,
                "team_id": self.team.id,
                "date_begin": "2024-03-05 09:00:00",
            }
        )
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((self.customer | duplicate).ids, dst_partner=self.customer)
        self.assertFalse(duplicate.exists())
        self.assertEqual(duplicate_line.partner_id, self.customer)
        self.assertEqual(duplicate_line.commercial_partner_id, self.customer)
        self.assertEqual(self.line.commercial_partner_id, self.customer)
        self.assertEqual(
            self.env["crm.conversation"].search_count(
                [("commercial_partner_id", "=", self.customer.id)]
            ),
            2,
        )
