# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Conversations logged automatically arrive in 11.0.1.2.0. The lines
logged before are typed by hand: the new ``source`` column's default
("manual") filled them. The shared-history rule is ``noupdate``, so the
data file does not reach existing databases: it gets the new domain (a
colleague's automatic line from an opportunity's e-mail or call stays
private), unless an administrator changed it."""

from odoo import SUPERUSER_ID, api

OLD_DOMAIN = "[(1, '=', 1)]"
NEW_DOMAIN = "['|', ('source', 'in', ['manual', 'meeting']), ('lead_id', '=', False)]"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("smart_pipeline.crm_conversation_rule_shared_history", raise_if_not_found=False)
    if rule and (rule.domain_force or "").strip() == OLD_DOMAIN:
        rule.domain_force = NEW_DOMAIN
