odoo.define('smart_pipeline.crm_lead_kanban', function (require) {
"use strict";

/**
 * Dropping an opportunity card on a lost stage of the pipeline kanban opens
 * Mark Lost, exactly as the button does: a lost deal needs its reason, so
 * writing the stage directly would only answer an error. The card goes back
 * to its column when the dialog is closed without marking the deal lost.
 */
var KanbanController = require('web.KanbanController');

KanbanController.include({
    _onAddRecordToColumn: function (event) {
        var self = this;
        var superMethod = this._super.bind(this);
        var state = this.model.get(this.handle, {raw: true});
        var column = event.target;
        if (this.modelName !== 'crm.lead' || !state.groupedBy.length ||
                state.groupedBy[0] !== 'stage_id' || !column.id) {
            return superMethod(event);
        }
        var leadId = event.data.record.id;
        return this._rpc({
            model: 'crm.stage',
            method: 'read',
            args: [[column.id], ['pipeline_outcome']],
        }).then(function (stages) {
            if (!stages.length || stages[0].pipeline_outcome !== 'lost') {
                return superMethod(event);
            }
            return self.do_action('crm.crm_lead_lost_action', {
                additional_context: {
                    active_id: leadId,
                    active_ids: [leadId],
                    active_model: 'crm.lead',
                },
                on_close: function () {
                    self.reload();
                },
            });
        });
    },
});

});
