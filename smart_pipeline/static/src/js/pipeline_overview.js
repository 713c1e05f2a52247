odoo.define('smart_pipeline.pipeline_overview', function (require) {
"use strict";

/**
 * Sales Pipeline Overview: a client action showing the figures computed by
 * crm.pipeline.overview.get_overview(). Filters live in the control panel
 * (like a search view), every figure opens the records behind it, and the
 * Print button renders the same figures as a QWeb PDF.
 */

var ControlPanelMixin = require('web.ControlPanelMixin');
var core = require('web.core');
var datepicker = require('web.datepicker');
var field_utils = require('web.field_utils');
var session = require('web.session');
var Widget = require('web.Widget');

var QWeb = core.qweb;
var _t = core._t;

var MODEL = 'crm.pipeline.overview';
var PRINT_MODEL = 'crm.pipeline.overview.print';

var PipelineOverview = Widget.extend(ControlPanelMixin, {
    template: 'smart_pipeline.PipelineOverview',
    events: {
        'click .o_pipeline_overview_drill': '_onDrillDown',
    },

    /**
     * @override
     */
    init: function (parent, action) {
        this._super.apply(this, arguments);
        this.action = action;
        this.actionManager = parent;
        var context = (action && action.context) || {};
        this.period = context.pipeline_overview_period || 'year';
        this.referenceDate = moment();
        this.customFrom = false;
        this.customTo = false;
        this.userIds = [];
        this.teamIds = [];
        this.users = [];
        this.teams = [];
        this.overview = null;
        this.definitions = {};
        this.currencyId = false;
    },
    /**
     * @override
     */
    willStart: function () {
        var self = this;
        var defs = [this._super.apply(this, arguments)];
        defs.push(this._rpc({
            model: 'res.users',
            method: 'search_read',
            domain: [['share', '=', false]],
            fields: ['name'],
            orderBy: [{name: 'name', asc: true}],
        }).then(function (users) {
            self.users = users;
        }));
        defs.push(this._rpc({
            model: 'crm.team',
            method: 'search_read',
            domain: [],
            fields: ['name'],
            orderBy: [{name: 'name', asc: true}],
        }).then(function (teams) {
            self.teams = teams;
        }));
        defs.push(this._rpc({
            model: 'res.company',
            method: 'read',
            args: [[session.company_id], ['currency_id']],
        }).then(function (companies) {
            self.currencyId = companies.length && companies[0].currency_id[0];
        }));
        defs.push(this._rpc({
            model: MODEL,
            method: 'get_definitions',
            args: [],
        }).then(function (definitions) {
            self.definitions = definitions;
        }));
        defs.push(this._fetch());
        return $.when.apply($, defs);
    },
    /**
     * @override
     */
    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            self._renderControlPanel();
            self._renderContent();
        });
    },
    /**
     * @override
     */
    do_show: function () {
        this._super.apply(this, arguments);
        this._updateControlPanel();
        this.actionManager.do_push_state({action: this.action.id});
    },

    //--------------------------------------------------------------------------
    // Public
    //--------------------------------------------------------------------------

    /**
     * The keyword arguments of get_overview() for the current filters.
     *
     * @returns {Object}
     */
    getFilterValues: function () {
        var dates = this._getPeriodDates();
        return {
            date_from: dates[0],
            date_to: dates[1],
            user_ids: this.userIds.length ? this.userIds : false,
            team_ids: this.teamIds.length ? this.teamIds : false,
            reference_date: this.referenceDate.format('YYYY-MM-DD'),
        };
    },

    /**
     * @param {number} value
     * @returns {string} a float as the user's language writes it
     */
    formatFloat: function (value) {
        return field_utils.format.float(value || 0, null, {digits: [16, 2]});
    },
    /**
     * @param {number} value
     * @returns {string}
     */
    formatInteger: function (value) {
        return field_utils.format.integer(value || 0);
    },
    /**
     * @param {number} value
     * @returns {string} HTML: an amount in the company currency
     */
    formatAmount: function (value) {
        return field_utils.format.monetary(value || 0, null, {currency_id: this.currencyId});
    },

    //--------------------------------------------------------------------------
    // Private
    //--------------------------------------------------------------------------

    /**
     * @private
     * @returns {Deferred}
     */
    _fetch: function () {
        var self = this;
        return this._rpc({
            model: MODEL,
            method: 'get_overview',
            kwargs: _.extend(this.getFilterValues(), {context: session.user_context}),
        }).then(function (overview) {
            self.overview = overview;
        });
    },
    /**
     * [date_from, date_to] of the chosen period (false: open end).
     *
     * @private
     * @returns {Array}
     */
    _getPeriodDates: function () {
        var day = this.referenceDate.clone();
        var unit = {month: 'month', quarter: 'quarter', year: 'year'}[this.period];
        if (unit) {
            return [
                day.clone().startOf(unit).format('YYYY-MM-DD'),
                day.clone().endOf(unit).format('YYYY-MM-DD'),
            ];
        }
        if (this.period === 'custom') {
            return [
                this.customFrom ? this.customFrom.format('YYYY-MM-DD') : false,
                this.customTo ? this.customTo.format('YYYY-MM-DD') : false,
            ];
        }
        return [false, false];
    },
    /**
     * @private
     * @returns {string} the period as shown in its facet
     */
    _getPeriodLabel: function () {
        var labels = {
            month: _t('This Month'),
            quarter: _t('This Quarter'),
            year: _t('This Year'),
            all: _t('All Time'),
            custom: _t('Custom'),
        };
        var label = labels[this.period];
        var dates = this._getPeriodDates();
        if (dates[0] || dates[1]) {
            var from = dates[0] ? field_utils.format.date(moment(dates[0])) : '…';
            var to = dates[1] ? field_utils.format.date(moment(dates[1])) : '…';
            label += ': ' + from + ' - ' + to;
        }
        return label;
    },
    /**
     * @private
     */
    _refresh: function () {
        var self = this;
        this._renderFilters();
        return this._fetch().then(function () {
            self._renderContent();
        });
    },
    /**
     * @private
     */
    _renderContent: function () {
        this.$('.o_pipeline_overview_content').html(QWeb.render(
            'smart_pipeline.PipelineOverview.Content', {widget: this}));
    },
    /**
     * Builds the buttons and filter menus of the control panel (once).
     *
     * @private
     */
    _renderControlPanel: function () {
        this.$buttons = $(QWeb.render('smart_pipeline.PipelineOverview.Buttons', {
            widget: this,
        }));
        this.$buttons.on('click', '.o_pipeline_overview_print', this._onPrint.bind(this));
        this.$buttons.on('click', '.o_pipeline_overview_xlsx', this._onExportXlsx.bind(this));
        this.$buttons.on('click', '.o_pipeline_overview_refresh', this._refresh.bind(this));

        this.$searchview = $('<div class="o_searchview o_pipeline_overview_searchview"/>');
        this.$searchview.on('click', '.o_facet_remove', this._onRemoveFacet.bind(this));

        this.$searchviewButtons = $(QWeb.render('smart_pipeline.PipelineOverview.Filters', {
            widget: this,
        }));
        this.$searchviewButtons.on('click', '.o_pipeline_overview_period', this._onPeriod.bind(this));
        this.$searchviewButtons.on('click', '.o_pipeline_overview_user', this._onToggle.bind(this, 'userIds'));
        this.$searchviewButtons.on('click', '.o_pipeline_overview_team', this._onToggle.bind(this, 'teamIds'));
        this.$searchviewButtons.on('click', '.o_pipeline_overview_apply_custom', this._onApplyCustom.bind(this));

        var $custom = this.$searchviewButtons.find('.o_pipeline_overview_custom_dates');
        this.fromPicker = new datepicker.DateWidget(this);
        this.toPicker = new datepicker.DateWidget(this);
        this.fromPicker.appendTo($custom.find('.o_pipeline_overview_from'));
        this.toPicker.appendTo($custom.find('.o_pipeline_overview_to'));
        this._renderFilters();
    },
    /**
     * Shows the active filters: facets and the marks in the filter menus.
     *
     * @private
     */
    _renderFilters: function () {
        var self = this;
        this.$searchview.html(QWeb.render('smart_pipeline.PipelineOverview.Facets', {
            widget: this,
            facets: this._getFacets(),
        }));
        this.$searchviewButtons.find('.o_pipeline_overview_period').each(function () {
            var $item = $(this);
            $item.parent().toggleClass('selected', $item.data('period') === self.period);
        });
        this.$searchviewButtons.find('.o_pipeline_overview_user').each(function () {
            var $item = $(this);
            $item.parent().toggleClass('selected', _.contains(self.userIds, $item.data('id')));
        });
        this.$searchviewButtons.find('.o_pipeline_overview_team').each(function () {
            var $item = $(this);
            $item.parent().toggleClass('selected', _.contains(self.teamIds, $item.data('id')));
        });
        this._updateControlPanel();
    },
    /**
     * @private
     * @returns {Object[]} facets of the active filters
     */
    _getFacets: function () {
        var facets = [{
            key: 'period',
            icon: 'fa-calendar',
            values: [this._getPeriodLabel()],
            removable: this.period !== 'all',
        }];
        var names = function (records, ids) {
            return _.pluck(_.filter(records, function (record) {
                return _.contains(ids, record.id);
            }), 'name');
        };
        if (this.userIds.length) {
            facets.push({key: 'userIds', icon: 'fa-user', values: names(this.users, this.userIds), removable: true});
        }
        if (this.teamIds.length) {
            facets.push({key: 'teamIds', icon: 'fa-users', values: names(this.teams, this.teamIds), removable: true});
        }
        return facets;
    },
    /**
     * @private
     */
    _updateControlPanel: function () {
        this.update_control_panel({
            breadcrumbs: this.actionManager.get_breadcrumbs(),
            cp_content: {
                $buttons: this.$buttons,
                $searchview: this.$searchview,
                $searchview_buttons: this.$searchviewButtons,
            },
        });
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    /**
     * @private
     */
    _onApplyCustom: function (ev) {
        ev.preventDefault();
        this.customFrom = this.fromPicker.getValue() || false;
        this.customTo = this.toPicker.getValue() || false;
        if (this.customFrom && this.customTo && this.customFrom.isAfter(this.customTo)) {
            this.do_warn(_t('Invalid period'), _t('The start of the period must be before its end.'));
            return;
        }
        this.period = 'custom';
        this._refresh();
    },
    /**
     * Opens the records behind the clicked figure.
     *
     * @private
     * @param {MouseEvent} ev
     */
    _onDrillDown: function (ev) {
        ev.preventDefault();
        var data = $(ev.currentTarget).data();
        var kwargs = _.extend(this.getFilterValues(), {
            stage_id: data.stageId || false,
            user_id: data.userId || false,
            lost_reason_id: data.lostReasonId || false,
            context: session.user_context,
        });
        var self = this;
        return this._rpc({
            model: MODEL,
            method: 'get_drill_down_action',
            args: [data.measure],
            kwargs: kwargs,
        }).then(function (action) {
            if (data.title) {
                action.name = data.title;
            }
            return self.do_action(action);
        });
    },
    /**
     * @private
     */
    _onPeriod: function (ev) {
        ev.preventDefault();
        this.period = $(ev.currentTarget).data('period');
        this._refresh();
    },
    /**
     * Prints the current figures: the filters are stored in a (transient)
     * crm.pipeline.overview.print record, whose report is the printed overview.
     *
     * @private
     */
    _onPrint: function () {
        return this._runPrintAction('action_print');
    },
    /**
     * Downloads the current figures as an Excel workbook (OCA report_xlsx),
     * from the same crm.pipeline.overview.print record as the PDF.
     *
     * @private
     */
    _onExportXlsx: function () {
        return this._runPrintAction('action_export_xlsx');
    },
    /**
     * Stores the filters in a crm.pipeline.overview.print record and runs the
     * action its method returns (the PDF or the Excel report).
     *
     * @private
     * @param {string} method
     */
    _runPrintAction: function (method) {
        var self = this;
        var values = this.getFilterValues();
        return this._rpc({
            model: PRINT_MODEL,
            method: 'create',
            args: [{
                period: this.period,
                date_from: values.date_from,
                date_to: values.date_to,
                reference_date: values.reference_date,
                user_ids: [[6, 0, this.userIds]],
                team_ids: [[6, 0, this.teamIds]],
            }],
            context: session.user_context,
        }).then(function (id) {
            return self._rpc({
                model: PRINT_MODEL,
                method: method,
                args: [[id]],
                context: session.user_context,
            });
        }).then(function (action) {
            return self.do_action(action);
        });
    },
    /**
     * @private
     */
    _onRemoveFacet: function (ev) {
        var key = $(ev.currentTarget).closest('.o_searchview_facet').data('key');
        if (key === 'period') {
            this.period = 'all';
        } else {
            this[key] = [];
        }
        this._refresh();
    },
    /**
     * Adds or removes a salesperson / team from the filters.
     *
     * @private
     */
    _onToggle: function (key, ev) {
        ev.preventDefault();
        var id = $(ev.currentTarget).data('id');
        if (_.contains(this[key], id)) {
            this[key] = _.without(this[key], id);
        } else {
            this[key] = this[key].concat([id]);
        }
        this._refresh();
    },
});

core.action_registry.add('smart_pipeline.pipeline_overview', PipelineOverview);

return PipelineOverview;

});
