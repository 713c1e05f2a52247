odoo.define('smart_pipeline.pipeline_overview', function (require) {
"use strict";

/**
 * Sales Pipeline Overview: a client action showing the figures computed by
 * crm.pipeline.overview.get_overview(). Filters live in the control panel
 * (like a search view), every figure opens the records behind it, and the
 * Print button renders the same figures as a QWeb PDF. The Flow view (the
 * switch on the right of the control panel) shows how customers move:
 * crm.pipeline.overview.get_flow(), get_flow_attention() and get_trend(),
 * charted with the nvd3/d3 that Odoo's web client ships.
 */

var ajax = require('web.ajax');
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
// the trend chart's width (px) below which its twelve month labels
// ("Sep 25") no longer fit side by side
var TREND_LEVEL_LABELS_MIN_WIDTH = 600;

var PipelineOverview = Widget.extend(ControlPanelMixin, {
    template: 'smart_pipeline.PipelineOverview',
    // the charts of the Flow view: Odoo's own nvd3 build, loaded like its
    // graph view loads it
    cssLibs: [
        '/web/static/lib/nvd3/nv.d3.css',
    ],
    jsLibs: [
        '/web/static/lib/nvd3/d3.v3.js',
        '/web/static/lib/nvd3/nv.d3.js',
        '/web/static/src/js/libs/nvd3.js',
    ],
    events: {
        'click .o_pipeline_overview_drill': '_onDrillDown',
        'change .o_pipeline_overview_split_sources input': '_onSplitSources',
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
        // the day the figures are computed for: the action's (a link to the
        // overview as it stood that day), else the server's "today" in the
        // user's timezone, set by the first _fetchPeriod()
        this.referenceDate = context.pipeline_overview_reference_date
            ? moment(context.pipeline_overview_reference_date, 'YYYY-MM-DD') : false;
        this.customFrom = false;
        this.customTo = false;
        // the Employees table's minutes split by the lines' source (issue 23;
        // the sources and their names come with the figures)
        this.splitSources = false;
        // bounds and label of the period, as the server defines them
        this.periodBounds = {date_from: false, date_to: false, label: ''};
        this.userIds = [];
        this.teamIds = [];
        this.users = [];
        this.teams = [];
        this.overview = null;
        this.definitions = {};
        this.flowDefinitions = {};
        this.currencyId = false;
        this.mode = context.pipeline_overview_mode || 'overview';
        this.flow = null;
        this.attention = null;
        this.trend = null;
        this.isInDOM = false;
    },
    /**
     * @override
     */
    willStart: function () {
        var self = this;
        var defs = [this._super.apply(this, arguments), ajax.loadLibs(this)];
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
            self.definitions = _.extend({}, definitions, self.definitions);
        }));
        defs.push(this._rpc({
            model: MODEL,
            method: 'get_flow_definitions',
            args: [],
        }).then(function (definitions) {
            self.flowDefinitions = definitions;
            self.definitions = _.extend({}, self.definitions, definitions);
        }));
        defs.push(this._fetchPeriod().then(this._fetch.bind(this)));
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
    on_attach_callback: function () {
        this.isInDOM = true;
        this._renderCharts();
    },
    /**
     * @override
     */
    on_detach_callback: function () {
        this.isInDOM = false;
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
    /**
     * @param {string} month "YYYY-MM"
     * @returns {string} the month as the user's language writes it
     */
    formatMonth: function (month) {
        return moment(month + '-01', 'YYYY-MM-DD').format('MMMM YYYY');
    },

    //--------------------------------------------------------------------------
    // Private
    //--------------------------------------------------------------------------

    /**
     * @private
     * @returns {Deferred}
     */
    _fetch: function () {
        return this.mode === 'flow' ? this._fetchFlow() : this._fetchOverview();
    },
    /**
     * The flow, its per-employee attention figures and the trend of the 12
     * months up to the reference date, with the same filters.
     *
     * @private
     * @returns {Deferred}
     */
    _fetchFlow: function () {
        var self = this;
        var values = this.getFilterValues();
        var context = {context: session.user_context};
        var trendTo = this.referenceDate.clone();
        var trendFrom = trendTo.clone().subtract(11, 'months').startOf('month');
        return $.when(
            this._rpc({model: MODEL, method: 'get_flow', kwargs: _.extend({}, values, context)}),
            this._rpc({model: MODEL, method: 'get_flow_attention', kwargs: _.extend({}, values, context)}),
            this._rpc({
                model: MODEL,
                method: 'get_trend',
                kwargs: _.extend({
                    date_from: trendFrom.format('YYYY-MM-DD'),
                    date_to: trendTo.format('YYYY-MM-DD'),
                    user_ids: values.user_ids,
                    team_ids: values.team_ids,
                }, context),
            })
        ).then(function (flow, attention, trend) {
            self.flow = flow;
            self.attention = attention;
            self.trend = trend;
        });
    },
    /**
     * @private
     * @returns {Deferred}
     */
    _fetchOverview: function () {
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
     * Asks the server for the bounds and label of the chosen period
     * (crm.pipeline.overview.get_period): screen, print and Excel share its
     * one definition of "this month", "this quarter" and "this year".
     *
     * @private
     * @returns {Deferred}
     */
    _fetchPeriod: function () {
        var self = this;
        return this._rpc({
            model: MODEL,
            method: 'get_period',
            args: [this.period],
            kwargs: {
                reference_date: this.referenceDate ? this.referenceDate.format('YYYY-MM-DD') : false,
                date_from: this.customFrom ? this.customFrom.format('YYYY-MM-DD') : false,
                date_to: this.customTo ? this.customTo.format('YYYY-MM-DD') : false,
                context: session.user_context,
            },
        }).then(function (bounds) {
            self.periodBounds = bounds;
            self.referenceDate = moment(bounds.reference_date, 'YYYY-MM-DD');
        });
    },
    /**
     * [date_from, date_to] of the chosen period (false: open end).
     *
     * @private
     * @returns {Array}
     */
    _getPeriodDates: function () {
        return [this.periodBounds.date_from, this.periodBounds.date_to];
    },
    /**
     * @private
     * @returns {string} the period as shown in its facet
     */
    _getPeriodLabel: function () {
        return this.periodBounds.label;
    },
    /**
     * @private
     */
    _refresh: function () {
        var self = this;
        return this._fetchPeriod().then(function () {
            self._renderFilters();
            return self._fetch();
        }).then(function () {
            self._renderContent();
        });
    },
    /**
     * @private
     */
    _renderContent: function () {
        var template = this.mode === 'flow' ? 'smart_pipeline.PipelineOverview.Flow'
            : 'smart_pipeline.PipelineOverview.Content';
        this.$('.o_pipeline_overview_content').html(QWeb.render(template, {widget: this}));
        this.$el.toggleClass('o_pipeline_overview_flow_mode', this.mode === 'flow');
        if (this.$switchButtons) {
            var mode = this.mode;
            this.$switchButtons.find('.o_pipeline_overview_mode').each(function () {
                $(this).toggleClass('active', $(this).data('mode') === mode);
            });
        }
        this._renderCharts();
    },
    /**
     * Draws the flow's charts; they need their boxes in the DOM to size.
     *
     * @private
     */
    _renderCharts: function () {
        if (this.mode !== 'flow' || !this.isInDOM || !this.flow) {
            return;
        }
        this._renderFunnel();
        this._renderTimeInStage();
        this._renderTrend();
    },
    /**
     * The funnel of "reached": one centred bar per open or won stage, as
     * wide as the customers who reached it, with the conversion to the next.
     *
     * @private
     */
    _renderFunnel: function () {
        var self = this;
        var $box = this.$('.o_pipeline_flow_funnel').empty();
        var stages = _.filter(this.flow.stages, function (stage) {
            return stage.outcome !== 'lost';
        });
        var width = $box.width() || 500;
        var rowHeight = 30;
        var labelWidth = 150;
        var barSpace = width - labelWidth - 10;
        var max = _.max(_.pluck(stages, 'reached').concat([1]));
        var svg = d3.select($box[0]).append('svg')
            .attr('width', width)
            .attr('height', stages.length * rowHeight + 10);
        var row = svg.selectAll('g').data(stages).enter().append('g')
            .attr('class', function (stage) {
                return 'o_pipeline_flow_funnel_stage o_pipeline_overview_outcome_' + stage.outcome;
            })
            .attr('transform', function (stage, index) {
                return 'translate(0,' + (index * rowHeight + 5) + ')';
            });
        row.append('text')
            .attr('x', 0)
            .attr('y', rowHeight / 2)
            .attr('dy', '.35em')
            .text(function (stage) { return stage.name; });
        // a bar opens the customers who reached the stage, as the table does
        row.style('cursor', 'pointer')
            .on('click', function (stage) {
                self._drillDown({
                    measure: 'flow_reached', stageId: stage.stage_id,
                    figure: _t('Reached'), title: stage.name,
                });
            });
        row.append('rect')
            .attr('x', function (stage) {
                return labelWidth + (barSpace - barSpace * stage.reached / max) / 2;
            })
            .attr('width', function (stage) { return Math.max(2, barSpace * stage.reached / max); })
            .attr('height', rowHeight - 6)
            .attr('y', 3)
            .attr('rx', 2)
            .append('title')
            .text(function (stage) { return self.flowDefinitions.reached; });
        row.append('text')
            .attr('class', 'o_pipeline_flow_funnel_value')
            .attr('x', labelWidth + barSpace / 2)
            .attr('y', rowHeight / 2)
            .attr('dy', '.35em')
            .attr('text-anchor', 'middle')
            .text(function (stage) {
                var text = self.formatInteger(stage.reached);
                if (stage.outcome === 'open' && stage.reached) {
                    text += '  →  ' + self.formatFloat(stage.conversion) + ' %';
                }
                return text;
            });
    },
    /**
     * Average and median days per stage, side by side.
     *
     * @private
     */
    _renderTimeInStage: function () {
        var self = this;
        var stages = _.filter(this.flow.stages, function (stage) {
            return stage.outcome !== 'lost';
        });
        var series = [
            {key: _t('Average'), values: _.map(stages, function (stage) {
                return {x: stage.name, y: stage.avg_days};
            })},
            {key: _t('Median'), values: _.map(stages, function (stage) {
                return {x: stage.name, y: stage.median_days};
            })},
        ];
        var $svg = this.$('.o_pipeline_flow_time svg').empty();
        var chart = nv.models.multiBarChart()
            .reduceXTicks(false)
            .showControls(false)
            .groupSpacing(0.2)
            .margin({left: 40, bottom: 60})
            .color(['#875A7B', '#00A09D']);
        chart.xAxis.rotateLabels(-20);
        chart.yAxis.tickFormat(function (value) { return self.formatFloat(value); });
        d3.select($svg[0]).datum(series).call(chart);
        // a bar opens the stays it averages, as the table's days do
        var measures = ['flow_avg_days', 'flow_median_days'];
        chart.multibar.dispatch.on('elementClick', function (event) {
            var stage = stages[event.index];
            var seriesIndex = event.data && event.data.series !== undefined
                ? event.data.series : _.findIndex(series, function (serie) {
                    return _.contains(serie.values, event.data);
                });
            if (!stage || seriesIndex < 0) {
                return;
            }
            self._drillDown({
                measure: measures[seriesIndex], stageId: stage.stage_id,
                figure: series[seriesIndex].key + ' ' + _t('Days'), title: stage.name,
            });
        });
        $svg.find('.nv-bar').css('cursor', 'pointer');
    },
    /**
     * In pipeline, won and lost at the end of each of the last 12 months, as
     * bars: each bar opens the customers it counts, as the overview's tiles
     * of the period ending that month do (In Pipeline, Won, Lost).
     *
     * @private
     */
    _renderTrend: function () {
        var self = this;
        var points = this.trend || [];
        var measures = ['in_pipeline', 'won', 'lost'];
        var bars = function (key, field, color) {
            return {key: key, color: color, values: _.map(points, function (point, index) {
                return {x: index, y: point[field]};
            })};
        };
        var series = [
            bars(_t('In Pipeline'), 'in_pipeline', '#875A7B'),
            bars(_t('Won'), 'won', '#28a745'),
            bars(_t('Lost'), 'lost', '#dc3545'),
        ];
        var $svg = this.$('.o_pipeline_flow_trend svg').empty();
        var chart = nv.models.multiBarChart()
            .reduceXTicks(false)
            .showControls(false)
            .groupSpacing(0.25)
            .margin({left: 40, right: 30});
        // a phone's box is too narrow for twelve month labels side by side:
        // they slant, as the time in stage's do, rather than overlap
        if ($svg.width() < TREND_LEVEL_LABELS_MIN_WIDTH) {
            chart.margin({left: 40, right: 30, bottom: 60});
            chart.xAxis.rotateLabels(-45);
        }
        chart.xAxis.tickFormat(function (index) {
            return points[index] ? moment(points[index].date).format('MMM YY') : '';
        });
        chart.yAxis.tickFormat(d3.format('d'));
        d3.select($svg[0]).datum(series).call(chart);
        chart.multibar.dispatch.on('elementClick', function (event) {
            var point = points[event.index];
            var seriesIndex = event.data && event.data.series !== undefined
                ? event.data.series : _.findIndex(series, function (serie) {
                    return _.contains(serie.values, event.data);
                });
            if (point && seriesIndex >= 0) {
                self._drillDownAt(point.date, measures[seriesIndex], series[seriesIndex].key);
            }
        });
        $svg.find('.nv-bar').css('cursor', 'pointer');
    },
    /**
     * The customers a bar of the trend counts at the end of its month: in
     * pipeline, won or lost then, as the overview of the period ending that
     * day counts them.
     *
     * @private
     * @param {string} day the point's last day (YYYY-MM-DD)
     * @param {string} measure in_pipeline, won or lost
     * @param {string} label the bar's series, for the list's title
     */
    _drillDownAt: function (day, measure, label) {
        var self = this;
        var kwargs = _.extend(this.getFilterValues(), {
            date_from: false,
            date_to: day,
            context: session.user_context,
        });
        return this._rpc({
            model: MODEL,
            method: 'get_drill_down_action',
            args: [measure || 'in_pipeline'],
            kwargs: kwargs,
        }).then(function (action) {
            action.name = [label || _t('In Pipeline'), moment(day).format('MMM YY')].join(' · ');
            return self.do_action(action);
        });
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
        this.$switchButtons = $(QWeb.render('smart_pipeline.PipelineOverview.Modes', {widget: this}));
        this.$switchButtons.on('click', '.o_pipeline_overview_mode', this._onMode.bind(this));

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
                $switch_buttons: this.$switchButtons,
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
        var $link = $(ev.currentTarget);
        var data = _.extend({}, $link.data());
        data.figure = data.figure || this._columnHeader($link);
        return this._drillDown(data);
    },
    /**
     * Shows or hides the Employees table's minutes by source.
     *
     * @private
     * @param {Event} ev
     */
    _onSplitSources: function (ev) {
        this.splitSources = $(ev.currentTarget).is(':checked');
        this._renderContent();
    },
    /**
     * Opens the records behind a figure: a number of a table or a tile, or
     * a bar of a chart. The window is titled with the figure, its row
     * (stage, employee, month...) and the period, so that the breadcrumbs
     * of two lists never read the same.
     *
     * @private
     * @param {Object} data measure, stageId, userId... of the figure;
     *   figure: its name; title: its row
     */
    _drillDown: function (data) {
        var kwargs = _.extend(this.getFilterValues(), {
            source: data.source || false,
            stage_id: data.stageId || false,
            user_id: data.userId || false,
            lost_reason_id: data.lostReasonId || false,
            month: data.month || false,
            topic_id: data.topicId || false,
            channel_id: data.channelId || false,
            context: session.user_context,
        });
        var self = this;
        return this._rpc({
            model: MODEL,
            method: 'get_drill_down_action',
            args: [data.measure],
            kwargs: kwargs,
        }).then(function (action) {
            action.name = self._drillDownTitle(data.figure, data.title) || action.name;
            return self.do_action(action);
        });
    },
    /**
     * "Figure · row · period", each part once.
     *
     * @private
     * @param {string} figure
     * @param {string} row
     * @returns {string}
     */
    _drillDownTitle: function (figure, row) {
        var parts = [];
        _.each([figure, row, this._getPeriodLabel()], function (part) {
            part = part ? String(part).trim() : '';
            if (part && !_.contains(parts, part)) {
                parts.push(part);
            }
        });
        return parts.join(' · ');
    },
    /**
     * The header of the table column a link stands in (colspans counted),
     * or '' outside a table (tiles carry their label as title).
     *
     * @private
     * @param {jQuery} $link
     * @returns {string}
     */
    _columnHeader: function ($link) {
        var $cell = $link.closest('td');
        var $table = $cell.closest('table');
        if (!$cell.length || !$table.length) {
            return '';
        }
        var column = 0;
        $cell.prevAll('td, th').each(function () {
            column += this.colSpan || 1;
        });
        var header = '';
        var start = 0;
        $table.find('thead tr').last().children('th, td').each(function () {
            if (column >= start && column < start + (this.colSpan || 1)) {
                header = $(this).text();
            }
            start += this.colSpan || 1;
        });
        return header.trim();
    },
    /**
     * Switches between the overview and the flow.
     *
     * @private
     * @param {MouseEvent} ev
     */
    _onMode: function (ev) {
        ev.preventDefault();
        var mode = $(ev.currentTarget).data('mode');
        if (mode === this.mode) {
            return;
        }
        this.mode = mode;
        this._refresh();
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
