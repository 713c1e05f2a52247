odoo.define('smart_pipeline.crm_lead_outcome', function (require) {
"use strict";

/**
 * Moving an opportunity to a won or lost stage closes the deal, so it never
 * happens by a plain write of the stage, from the kanban or from the status
 * bar alike: a lost stage opens Mark Lost (a lost deal needs its reason), a
 * won stage opens the Mark Won confirmation (expected revenue and closing
 * date). Nothing is written until the dialog is confirmed: cancelling it
 * leaves the deal where it was and logs no conversation line.
 */
var OUTCOME_ACTIONS = {
    lost: 'crm.crm_lead_lost_action',
    won: 'smart_pipeline.crm_lead_won_action',
};

/**
 * The dialog action for moving an opportunity to ``stageId``, or false
 * when the stage is open (a plain move).
 *
 * @param {Widget} widget asks the server (its _rpc)
 * @param {integer} stageId
 * @returns {Deferred<string|false>} the action's XML id
 */
function outcomeAction(widget, stageId) {
    if (!stageId) {
        return $.when(false);
    }
    return widget._rpc({
        model: 'crm.stage',
        method: 'read',
        args: [[stageId], ['pipeline_outcome']],
    }).then(function (stages) {
        return (stages.length && OUTCOME_ACTIONS[stages[0].pipeline_outcome]) || false;
    });
}

return {
    OUTCOME_ACTIONS: OUTCOME_ACTIONS,
    outcomeAction: outcomeAction,
};

});

odoo.define('smart_pipeline.crm_lead_kanban', function (require) {
"use strict";

/**
 * Dropping an opportunity card on a won or lost column of the pipeline
 * kanban opens the dialog of that outcome (smart_pipeline.crm_lead_outcome);
 * the card goes back to its column when the dialog is cancelled.
 *
 * Odoo 11's kanban columns are jQuery UI sortables that remember where every
 * column was when the drag started (containerCache) and decide which column
 * is under the card from those positions. When the drag scrolls the kanban
 * sideways (the sortable's auto-scroll near the screen's edge, or the
 * wheel), the remembered positions are those of the columns before the
 * scroll: a card dropped on the narrow folded Lost column at the right end
 * landed in the column that used to be there, Won, and the deal was marked
 * won without a dialog. The columns now refresh their positions whenever
 * the kanban has scrolled during a drag, and the column under the pointer
 * (not under the card's centre, which can be beyond a 34 px folded column)
 * receives the card.
 */
var config = require('web.config');
var KanbanColumn = require('web.KanbanColumn');
var KanbanController = require('web.KanbanController');
var outcome = require('smart_pipeline.crm_lead_outcome');

KanbanColumn.include({
    /**
     * @override
     */
    start: function () {
        var result = this._super.apply(this, arguments);
        if (!config.device.isMobile && this.$el.sortable('instance')) {
            var scrollOf = function (sortable) {
                var parent = sortable.scrollParent;
                return parent && parent.length ?
                    parent.scrollLeft() + ',' + parent.scrollTop() : '';
            };
            this.$el.sortable('option', {
                forcePointerForContainers: true,
                start: function () {
                    var sortable = $(this).sortable('instance');
                    sortable.smartPipelineScroll = scrollOf(sortable);
                },
                sort: function (event) {
                    var sortable = $(this).sortable('instance');
                    var scroll = scrollOf(sortable);
                    if (scroll !== sortable.smartPipelineScroll) {
                        sortable.smartPipelineScroll = scroll;
                        // where the columns and cards are now, then which
                        // column is under the pointer now
                        sortable.refreshPositions();
                        sortable._contactContainers(event);
                    }
                },
            });
        }
        return result;
    },
});

KanbanController.include({
    /**
     * @override
     */
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
        return outcome.outcomeAction(this, column.id).then(function (action) {
            if (!action) {
                return superMethod(event);
            }
            return self.do_action(action, {
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

odoo.define('smart_pipeline.crm_lead_statusbar', function (require) {
"use strict";

/**
 * The opportunity's status bar: a click on a won or lost stage does what the
 * Mark Won / Mark Lost buttons do (smart_pipeline.crm_lead_outcome) instead
 * of writing the stage, which the server refuses for a lost stage without a
 * reason ("use Mark Lost") and which left the form with unsaved changes. As
 * for a button, the form is saved first when it has changes.
 */
var fieldRegistry = require('web.field_registry');
var outcome = require('smart_pipeline.crm_lead_outcome');

var FieldStatus = fieldRegistry.get('statusbar');

FieldStatus.include({
    /**
     * @override
     */
    _onClickStage: function (event) {
        var self = this;
        var superMethod = this._super.bind(this);
        var stageId = $(event.currentTarget).data('value');
        if (this.model !== 'crm.lead' || this.name !== 'stage_id' ||
                this.field.type !== 'many2one' || !this.res_id ||
                (this.value && this.value.res_id === stageId)) {
            return superMethod(event);
        }
        return outcome.outcomeAction(this, stageId).then(function (action) {
            if (!action) {
                return superMethod(event);
            }
            self.trigger_up('button_clicked', {
                attrs: {type: 'action', name: action},
                record: self.record,
            });
        });
    },
});

});
