# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The pipeline summaries (crm.conversation.summary and
crm.conversation.stage.summary) are gone in 11.0.1.4.0: every figure is
read from the lines through the pipeline engine (tools/position.py), under
the lines' own record rules. Drop their tables and their registry entries
(model, fields, access rights, record rules, XML ids) before the module
loads: Odoo 11 would otherwise try to unlink models it no longer knows."""

from psycopg2 import sql

SUMMARY_MODELS = ("crm.conversation.summary", "crm.conversation.stage.summary")
SUMMARY_TABLES = ("crm_conversation_summary", "crm_conversation_stage_summary")


def _forget(cr, table, model_name, ids):
    """Delete rows ``ids`` of ``table`` and the XML ids naming them."""
    if not ids:
        return
    cr.execute("DELETE FROM ir_model_data WHERE model = %s AND res_id IN %s", (model_name, ids))
    cr.execute(sql.SQL("DELETE FROM {} WHERE id IN %s").format(sql.Identifier(table)), (ids,))


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT id FROM ir_model WHERE model IN %s", (SUMMARY_MODELS,))
    model_ids = tuple(row[0] for row in cr.fetchall())
    if model_ids:
        for table, model_name in (
            ("ir_rule", "ir.rule"),
            ("ir_model_access", "ir.model.access"),
        ):
            cr.execute(
                sql.SQL("SELECT id FROM {} WHERE model_id IN %s").format(sql.Identifier(table)),
                (model_ids,),
            )
            _forget(cr, table, model_name, tuple(row[0] for row in cr.fetchall()))
        cr.execute("SELECT id FROM ir_model_fields WHERE model IN %s", (SUMMARY_MODELS,))
        _forget(cr, "ir_model_fields", "ir.model.fields", tuple(row[0] for row in cr.fetchall()))
        cr.execute("DELETE FROM ir_model_constraint WHERE model IN %s", (model_ids,))
        cr.execute("DELETE FROM ir_model_relation WHERE model IN %s", (model_ids,))
        _forget(cr, "ir_model", "ir.model", model_ids)
    for table in SUMMARY_TABLES:
        cr.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(sql.Identifier(table)))
