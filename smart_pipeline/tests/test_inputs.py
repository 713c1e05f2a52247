# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``tools.inputs``: which values a create or a write may hand the ORM, per
field type, on the addon's real models (the RPC side is test_rpc_abuse)."""

import datetime

from odoo.exceptions import ValidationError

from ..tools import inputs
from .common import SmartPipelineCase


class TestInputs(SmartPipelineCase):
    def fits(self, model, name, value):
        record = self.env[model]
        return inputs.value_fits(record, record._fields[name], value)

    def test_values_by_field_type(self):
        cases = [
            # (model, field, accepted values, refused values)
            ("crm.conversation", "partner_id", [7, False, None], ["x", "7", True, -1, [7], 2**31]),
            (
                "crm.conversation",
                "follow_up_ids",
                [[], [(4, 3)], [(6, 0, [1, 2])], [(0, 0, {})], [(5,)], [(1, 3, {}), (2, 4, 0)]],
                [5, [5], [(6, 0, ["x"])], [(4, "x")], [(0, 0, 5)], [(7, 1)], [(True, 1)]],
            ),
            (
                "crm.conversation.topic",
                "sequence",
                [5, "5", 2.0, 2.5, True],  # the ORM truncates a float
                ["x", "5.0", 2**31, 1e12, float("nan"), [1]],
            ),
            ("crm.conversation", "duration", [1.5, "2.5", 0], ["x", float("nan"), float("inf")]),
            (
                "crm.conversation",
                "date_begin",
                ["2024-03-04 09:00:00", datetime.datetime(2024, 3, 4)],
                ["2024-02-30 09:00:00", "x", 5, [1]],
            ),
            ("crm.conversation", "source", ["manual", "email"], ["fax", 5]),
            ("crm.conversation", "note", ["text", 5], [[1], {"a": 1}]),
        ]
        for model, name, good, bad in cases:
            for value in good:
                self.assertTrue(self.fits(model, name, value), (name, value))
            for value in bad:
                self.assertFalse(self.fits(model, name, value), (name, value))

    def test_the_error_names_the_field(self):
        Topic = self.env["crm.conversation.topic"]
        with self.assertRaisesRegex(ValidationError, "Sequence: 'x' is not a valid value"):
            inputs.check_values(Topic, {"name": "T", "sequence": "x"})
        with self.assertRaisesRegex(ValidationError, "must be a record id"):
            inputs.check_values(self.env["crm.conversation"], {"partner_id": "x"})
        # fields the model does not have are the ORM's to ignore
        inputs.check_values(Topic, {"name": "T", "no_such_field": object()})
