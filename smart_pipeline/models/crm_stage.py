# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

_logger = logging.getLogger(__name__)

# The pipeline shipped with the addon: (xml id suffix, name, sequence,
# probability, outcome, folded, Odoo crm stage it replaces or False).
PIPELINE_STAGES = [
    ("initial_contact", "Initial Contact", 1, 10.0, "open", False, "stage_lead1"),
    ("qualified", "Qualified", 2, 30.0, "open", False, "stage_lead2"),
    ("lead_validated", "Lead Validated", 3, 40.0, "open", False, False),
    ("demo_given", "Demo Given", 4, 50.0, "open", False, False),
    ("proposal_sent", "Proposal Sent", 5, 70.0, "open", False, "stage_lead3"),
    ("negotiation", "Negotiation", 6, 85.0, "open", False, False),
    ("won", "Won", 70, 100.0, "won", False, "stage_lead4"),
    ("lost", "Lost", 80, 0.0, "lost", True, False),
]

# The keys of the shipped stages, in pipeline order: their XML ids are
# ``smart_pipeline.crm_stage_<key>`` (tests and benchmarks use them).
STAGES = tuple(spec[0] for spec in PIPELINE_STAGES)

# Name and sequence of Odoo's crm stages as crm ships them: a stage still
# carrying both has not been customised and may be aligned with the pipeline.
ODOO_STAGE_DEFAULTS = {
    "stage_lead1": ("New", 1),
    "stage_lead2": ("Qualified", 2),
    "stage_lead3": ("Proposition", 3),
    "stage_lead4": ("Won", 70),
}

CLOSED_OUTCOMES = ("won", "lost")


class CrmStage(models.Model):
    """The stages of the opportunity kanban are also the pipeline positions
    of conversation lines, so that admins configure the pipeline once."""

    _inherit = "crm.stage"

    active = fields.Boolean(
        default=True,
        help="Archive a stage instead of deleting it once conversations or "
        "opportunities use it.",
    )
    pipeline_outcome = fields.Selection(
        [("open", "Open"), ("won", "Won"), ("lost", "Lost")],
        string="Outcome",
        required=True,
        default="open",
        help="Won and Lost stages close the deal: the Sales Pipeline Overview "
        "counts customers at these positions as won or lost, and Mark Won / "
        "Mark Lost move opportunities to them.",
    )
    rotting_days = fields.Integer(
        default=0,
        help="A customer whose current position is this open stage becomes "
        "stale when their last conversation is older than this many days "
        "(0: never). The pipeline flow, the opportunity kanban and the daily "
        "digest point stale customers out.",
    )

    @api.multi
    def _get_usage_counts(self):
        """Return {stage id: number of opportunities and conversations}.

        Archived opportunities count too: lost deals are archived in Odoo."""
        counts = dict.fromkeys(self.ids, 0)
        if not self.ids:
            return counts
        models_to_count = ["crm.lead"]
        if "crm.conversation" in self.env:
            models_to_count.append("crm.conversation")
        for model_name in models_to_count:
            model = self.env[model_name].sudo().with_context(active_test=False)
            groups = model.read_group([("stage_id", "in", self.ids)], ["stage_id"], ["stage_id"])
            for group in groups:
                # crm.lead expands the groups to every stage of the kanban
                stage_id = group["stage_id"][0]
                if stage_id in counts:
                    counts[stage_id] += group["stage_id_count"]
        return counts

    @api.multi
    def _check_closed_outcomes_remain(self, vals=None):
        """Refuse a change that would leave no active won or lost stage.

        ``vals`` are the values about to be written on ``self``; without
        them ``self`` is about to be deleted. Checked before the change so
        nothing is saved half-way."""
        vals = vals or {}
        removed = set(self.filtered("active").mapped("pipeline_outcome")) & set(CLOSED_OUTCOMES)
        for outcome in removed:
            if vals:
                kept = any(
                    vals.get("active", stage.active)
                    and vals.get("pipeline_outcome", stage.pipeline_outcome) == outcome
                    for stage in self
                )
                if kept:
                    continue
            others = self.search_count(
                [("pipeline_outcome", "=", outcome), ("id", "not in", self.ids)]
            )
            if not others:
                label = dict(self._fields["pipeline_outcome"]._description_selection(self.env))[
                    outcome
                ]
                raise ValidationError(
                    _(
                        "At least one active stage with the outcome "
                        "%(outcome)s must remain: the pipeline needs it to "
                        "close deals."
                    )
                    % {"outcome": label}
                )

    @api.multi
    def _check_outcome_change_allowed(self, outcome):
        """Only sales managers may change the outcome of a stage in use:
        it rewrites the won/lost history of every customer at that stage."""
        changed = self.filtered(lambda stage: stage.pipeline_outcome != outcome)
        user = self.env.user
        if not changed or user._is_superuser() or user.has_group("sales_team.group_sale_manager"):
            return
        counts = changed._get_usage_counts()
        in_use = changed.filtered(lambda stage: counts[stage.id])
        if in_use:
            raise AccessError(
                _(
                    "Only sales managers may change the outcome of stage "
                    "%(name)s: conversations or opportunities use it."
                )
                % {"name": in_use[0].name}
            )

    @api.multi
    def write(self, vals):
        if "pipeline_outcome" in vals:
            self._check_outcome_change_allowed(vals["pipeline_outcome"])
        if "pipeline_outcome" in vals or "active" in vals:
            self._check_closed_outcomes_remain(vals)
        return super().write(vals)

    @api.multi
    def unlink(self):
        counts = self._get_usage_counts()
        in_use = self.filtered(lambda stage: counts[stage.id])
        if in_use:
            raise UserError(
                _(
                    "Stage %(name)s is used by %(count)s opportunities or "
                    "conversations and cannot be deleted: archive it instead."
                )
                % {"name": in_use[0].name, "count": counts[in_use[0].id]}
            )
        self._check_closed_outcomes_remain()
        return super().unlink()

    @api.model
    def _setup_pipeline_stages(self):
        """Give every database the shipped pipeline without duplicating it.

        Called once at install (data/crm_stage_data.xml). XML records would
        overwrite the stages a company already configured, so each shipped
        stage reuses, in order: Odoo's own crm stage it corresponds to, an
        existing stage with the same name, or a new stage. The addon's XML id
        is registered on the stage found, with noupdate, so updates never
        touch a stage the company has edited since."""
        imd = self.env["ir.model.data"]
        # lang=None: names are written as the source terms, not translations
        stages = self.with_context(active_test=False, lang=None)
        for spec in PIPELINE_STAGES:
            xmlid, name, sequence, probability, outcome, fold, odoo_xmlid = spec
            full_xmlid = "smart_pipeline.crm_stage_%s" % xmlid
            if self.env.ref(full_xmlid, raise_if_not_found=False):
                continue
            stage = stages.browse()
            if odoo_xmlid:
                stage = stages.env.ref("crm.%s" % odoo_xmlid, raise_if_not_found=False)
            if not stage:
                stage = stages.search(
                    [("name", "=ilike", name), ("team_id", "=", False)],
                    order="active desc, sequence, id",
                    limit=1,
                )
            if stage:
                vals = {}
                if stage.pipeline_outcome != outcome:
                    vals["pipeline_outcome"] = outcome
                if odoo_xmlid and (stage.name, stage.sequence) == ODOO_STAGE_DEFAULTS[odoo_xmlid]:
                    vals.update(name=name, sequence=sequence)
                if vals:
                    stage.write(vals)
                _logger.info("Pipeline stage %s reuses stage %s", xmlid, stage.id)
            else:
                stage = stages.create(
                    {
                        "name": name,
                        "sequence": sequence,
                        "probability": probability,
                        "on_change": True,
                        "pipeline_outcome": outcome,
                        "fold": fold,
                    }
                )
            imd.create(
                {
                    "module": "smart_pipeline",
                    "name": "crm_stage_%s" % xmlid,
                    "model": "crm.stage",
                    "res_id": stage.id,
                    "noupdate": True,
                }
            )
        self._drop_stale_stage_translations()
        return True

    @api.model
    def _drop_stale_stage_translations(self):
        """Drop the translations of a shipped stage's name made for another
        name: a stage reused from Odoo's crm ("New" renamed "Initial
        Contact") keeps crm's translation ("Nouveau"), and Odoo 11 reads a
        record's translation whatever its source, so the addon's own
        ("Premier contact") would never load. Only translations another
        module's catalogue loaded for another name go: the addon's own and
        those typed by a user (no module) stay. Returns the languages whose
        stage names must be loaded again."""
        self.env.cr.execute(
            """
            DELETE FROM ir_translation AS translation
             USING crm_stage AS stage, ir_model_data AS data
             WHERE data.module = 'smart_pipeline'
               AND data.model = 'crm.stage'
               AND data.res_id = stage.id
               AND translation.type = 'model'
               AND translation.name = 'crm.stage,name'
               AND translation.res_id = stage.id
               AND translation.src IS DISTINCT FROM stage.name
               AND translation.module <> 'smart_pipeline'
            RETURNING translation.lang
            """
        )
        return sorted({lang for (lang,) in self.env.cr.fetchall() if lang})
