odoo.define('smart_pipeline.pipeline_forecast', function (require) {
"use strict";

/**
 * The Forecast view of the Sales Pipeline Overview (the third switch of its
 * control panel, beside Overview and Flow): what will close when, from
 * crm.pipeline.overview.get_forecast(), with the same filters and period.
 * The bars are plain HTML/CSS (weighted, won and objective per month); every
 * figure opens the records behind it through get_drill_down_action().
 */

var core = require('web.core');
var session = require('web.session');
var field_utils = require('web.field_utils');
var PipelineOverview = require('smart_pipeline.pipeline_overview');

var QWeb = core.qweb;
var _t = core._t;
var _lt = core._lt;

var MODEL = 'crm.pipeline.overview';

// The bars of a month in the chart, left to right: get_forecast()'s field,
// the drill-down measure, the legend's label.
var FORECAST_BARS = [
    {key: 'weighted', field: 'weighted_revenue', measure: 'forecast_weighted_revenue', label: _lt("Weighted")},
    {key: 'won', field: 'won_revenue', measure: 'forecast_won_revenue', label: _lt("Won")},
    {key: 'target', field: 'target', measure: 'forecast_target', label: _lt("Objective")},
];

PipelineOverview.include({
    events: _.extend({}, PipelineOverview.prototype.events, {
        'click .o_pipeline_forecast_probability': '_onForecastProbability',
    }),

    /**
     * @override
     */
    init: function (parent, action) {
        this._super.apply(this, arguments);
        var context = (action && action.context) || {};
        this.forecast = null;
        this.forecastDefinitions = {};
        this.forecastProbability = context.pipeline_overview_probability || 'stage';
    },
    /**
     * @override
     */
    willStart: function () {
        var self = this;
        var def = this._rpc({
            model: MODEL,
            method: 'get_forecast_definitions',
            args: [],
        }).then(function (definitions) {
            self.forecastDefinitions = definitions;
        });
        return $.when(this._super.apply(this, arguments), def);
    },

    //--------------------------------------------------------------------------
    // Public
    //--------------------------------------------------------------------------

    /**
     * The bars of a month, on one honest scale: each height is its value in
     * % of the highest figure of the chart. A zero draws no bar (the slot
     * stays, empty, so that the bars keep their places); a non-zero value
     * the objective dwarfs still shows (the stylesheet's minimum height)
     * and carries its value above it, short (12k), and in full in its
     * tooltip.
     *
     * @param {Object} month an entry of get_forecast()'s months
     * @returns {Object[]} {key, measure, value, height, text, title}
     *   for the weighted, won and objective bars
     */
    forecastBars: function (month) {
        var self = this;
        var max = 0;
        _.each(this.forecast.months, function (row) {
            max = Math.max(max, row.weighted_revenue, row.won_revenue, row.target);
        });
        return _.map(FORECAST_BARS, function (bar) {
            var value = month[bar.field] || 0;
            return {
                key: bar.key,
                measure: bar.measure,
                value: value,
                height: max && value > 0 ? 100 * value / max : 0,
                text: self.formatShortAmount(value),
                title: _.str.sprintf('%s · %s: %s', self.formatMonth(month.month),
                    String(bar.label), self.formatFloat(value)),
            };
        });
    },
    /**
     * @param {number} value
     * @returns {string} the value, short, in the user's number format and
     *   Odoo's own translated unit symbols: 950, 3.6k, 25k, 1.2M
     */
    formatShortAmount: function (value) {
        var symbols = _t('kMGTPE');
        var short = Math.abs(value);
        var exponent = 0;
        while (short >= 1000 && exponent < symbols.length) {
            short /= 1000;
            exponent += 1;
        }
        // one decimal below 10 (3.6k), none above (25k)
        var digits = short < 10 && Math.round(short * 10) % 10 ? 1 : 0;
        var text = field_utils.format.float(value < 0 ? -short : short, null, {digits: [16, digits]});
        return text + (exponent ? symbols[exponent - 1] : '');
    },
    /**
     * @param {string} month "YYYY-MM"
     * @returns {string} the month, short, as the user's language writes it
     */
    formatShortMonth: function (month) {
        return moment(month + '-01', 'YYYY-MM-DD').format('MMM YY');
    },
    /**
     * @param {number|false} value a probability, false when none
     * @returns {string}
     */
    formatProbability: function (value) {
        return value === false ? '–' : this.formatFloat(value) + ' %';
    },

    //--------------------------------------------------------------------------
    // Private
    //--------------------------------------------------------------------------

    /**
     * @override
     */
    _fetch: function () {
        if (this.mode === 'forecast') {
            return this._fetchForecast();
        }
        return this._super.apply(this, arguments);
    },
    /**
     * @private
     * @returns {Deferred}
     */
    _fetchForecast: function () {
        var self = this;
        var values = this.getFilterValues();
        return this._rpc({
            model: MODEL,
            method: 'get_forecast',
            args: [values.date_from, values.date_to],
            kwargs: {
                user_ids: values.user_ids,
                team_ids: values.team_ids,
                reference_date: values.reference_date,
                probability: this.forecastProbability,
                context: session.user_context,
            },
        }).then(function (forecast) {
            self.forecast = forecast;
        });
    },
    /**
     * @override
     */
    _renderContent: function () {
        if (this.mode !== 'forecast') {
            this.$el.removeClass('o_pipeline_overview_forecast_mode');
            return this._super.apply(this, arguments);
        }
        this.$('.o_pipeline_overview_content').html(
            QWeb.render('smart_pipeline.PipelineOverview.Forecast', {widget: this}));
        this.$el.removeClass('o_pipeline_overview_flow_mode');
        this.$el.addClass('o_pipeline_overview_forecast_mode');
        if (this.$switchButtons) {
            this.$switchButtons.find('.o_pipeline_overview_mode').each(function () {
                $(this).toggleClass('active', $(this).data('mode') === 'forecast');
            });
        }
    },

    //--------------------------------------------------------------------------
    // Handlers
    //--------------------------------------------------------------------------

    /**
     * Weights the open opportunities by their own probability or by the
     * history probability of their stage.
     *
     * @private
     * @param {MouseEvent} ev
     */
    _onForecastProbability: function (ev) {
        ev.preventDefault();
        var probability = $(ev.currentTarget).data('probability');
        if (probability === this.forecastProbability) {
            return;
        }
        this.forecastProbability = probability;
        var self = this;
        return this._fetchForecast().then(function () {
            self._renderContent();
        });
    },
});

return PipelineOverview;

});
