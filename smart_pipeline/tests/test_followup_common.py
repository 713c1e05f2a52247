# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import SavepointCase

from ..tools.dates import with_reference_day

# The day the follow-up rules are evaluated against in these tests.
REFERENCE_DATE = "2024-03-15"


class FollowupCase(SavepointCase):
    """A small, hand-checked follow-up dataset shared by the follow-up tests.

    Anna (own documents only) has one follow-up due on REFERENCE_DATE, one
    overdue, one planned and one completed; Bob (own documents only) followed
    up both of his, one on its very day and one three days late; Dora sees all
    documents; Carl logged nothing.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                no_reset_password=True,
            )
        )
        group_salesman = cls.env.ref("sales_team.group_sale_salesman")
        group_all = cls.env.ref("sales_team.group_sale_salesman_all_leads")
        cls.team = cls.env["crm.team"].create({"name": "Follow-up Test Team"})
        cls.user_anna = cls._create_user("Anna Follow", "fu_anna", group_salesman)
        cls.user_bob = cls._create_user("Bob Follow", "fu_bob", group_salesman)
        cls.user_carl = cls._create_user("Carl Follow", "fu_carl", group_salesman)
        cls.user_dora = cls._create_user("Dora Follow", "fu_dora", group_all)

        Partner = cls.env["res.partner"]
        cls.acme = Partner.create({"name": "FU Acme", "is_company": True})
        cls.john = Partner.create(
            {
                "name": "FU John",
                "parent_id": cls.acme.id,
                "phone": "+27 11 555 0101",
                "email": "john@acme.example.com",
            }
        )
        cls.beta = Partner.create(
            {"name": "FU Beta", "is_company": True, "phone": "+27 21 555 0202"}
        )

        # Anna: minutes 30 + 15 + 0 + 10 = 55
        cls.c_due = cls._create_conversation(
            cls.user_anna,
            cls.acme,
            "2024-03-01 09:00:00",
            "2024-03-01 09:30:00",
            follow_up_date="2024-03-15",
            contact_id=cls.john.id,
            note="Send the revised quotation",
        )
        cls.c_overdue = cls._create_conversation(
            cls.user_anna,
            cls.beta,
            "2024-03-02 10:00:00",
            "2024-03-02 10:15:00",
            follow_up_date="2024-03-10",
            note="Call back about the demo",
        )
        cls.c_planned = cls._create_conversation(
            cls.user_anna,
            cls.acme,
            "2024-03-03 11:00:00",
            False,
            follow_up_date="2024-03-20",
        )
        cls.c_completed = cls._create_conversation(
            cls.user_anna,
            cls.beta,
            "2024-03-04 08:00:00",
            "2024-03-04 08:10:00",
            follow_up_date="2024-03-01",
            completed=True,
        )
        # Bob: minutes 20 + 5 + 30 + 10 + 45 = 110
        cls.b_on_time = cls._create_conversation(
            cls.user_bob,
            cls.acme,
            "2024-03-05 09:00:00",
            "2024-03-05 09:20:00",
            follow_up_date="2024-03-12",
        )
        cls.b_on_time_fu = cls._create_conversation(
            cls.user_bob,
            cls.acme,
            "2024-03-12 14:00:00",
            "2024-03-12 14:05:00",
            follow_up_of_id=cls.b_on_time.id,
        )
        cls.b_late = cls._create_conversation(
            cls.user_bob,
            cls.beta,
            "2024-03-01 15:00:00",
            "2024-03-01 15:30:00",
            follow_up_date="2024-03-05",
        )
        cls.b_late_fu = cls._create_conversation(
            cls.user_bob,
            cls.beta,
            "2024-03-08 09:00:00",
            "2024-03-08 09:10:00",
            follow_up_of_id=cls.b_late.id,
        )
        cls.b_plain = cls._create_conversation(
            cls.user_bob,
            cls.beta,
            "2024-03-06 09:00:00",
            "2024-03-06 09:45:00",
        )
        cls.anna_conversations = cls.c_due | cls.c_overdue | cls.c_planned | cls.c_completed
        cls.bob_conversations = (
            cls.b_on_time | cls.b_on_time_fu | cls.b_late | cls.b_late_fu | cls.b_plain
        )
        cls.all_conversations = cls.anna_conversations | cls.bob_conversations

    @classmethod
    def _create_user(cls, name, login, group):
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": name,
                    "login": login,
                    "email": "%s@example.com" % login,
                    "tz": "UTC",
                    "groups_id": [(6, 0, [group.id])],
                    "sale_team_id": cls.team.id,
                }
            )
        )

    @classmethod
    def _create_conversation(cls, user, partner, date_begin, date_end, **values):
        values.update(
            {
                "user_id": user.id,
                "team_id": cls.team.id,
                "partner_id": partner.id,
                "date_begin": date_begin,
                "date_end": date_end,
            }
        )
        return cls.env["crm.conversation"].create(values)

    def as_user(self, user, model="crm.conversation"):
        """``model`` as ``user``, with follow-ups due on REFERENCE_DATE."""
        return with_reference_day(self.env[model].sudo(user), REFERENCE_DATE)
