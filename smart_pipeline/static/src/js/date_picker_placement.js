odoo.define('smart_pipeline.date_picker_placement', function (require) {
"use strict";

/**
 * Date pickers never cover the buttons of the dialog or menu they open in
 * (issue 20, row 14): Odoo opens the calendar under its field, over a
 * dialog's footer (the Follow-up Report's Print, a conversation's Log) or
 * the custom period's Apply of the Sales Pipeline Overview, so the next
 * click landed on a day instead of the button. Once the calendar is shown,
 * if it covers one of those buttons it moves above its field, else beside
 * it, else (nowhere free) it stays where Odoo put it.
 */
var datepicker = require('web.datepicker');

// the containers whose buttons a calendar must leave clickable, and those
// buttons
var CONTAINERS = '.modal-dialog, .o_pipeline_overview_custom_dates';
var BUTTONS = '.modal-footer .btn:visible, .o_pipeline_overview_apply_custom:visible';

function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

function rectOf($node) {
    var rect = $node[0].getBoundingClientRect();
    return {left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom};
}

datepicker.DateWidget.include({
    /**
     * @override
     */
    _onShow: function () {
        this._super.apply(this, arguments);
        // the calendar Bootstrap just placed (it removes it on hiding)
        var $widget = $('body > .bootstrap-datetimepicker-widget:visible').last();
        this._spKeepButtonsFree($widget);
        // a dialog's first date field opens its calendar as the dialog
        // slides in (Bootstrap's fade): look again once it is in place
        setTimeout(this._spKeepButtonsFree.bind(this, $widget), 400);
    },
    /**
     * Moves the shown calendar off the buttons of its dialog or menu.
     *
     * @private
     * @param {jQuery} $widget the calendar
     */
    _spKeepButtonsFree: function ($widget) {
        if (this.isDestroyed() || !$widget.length || !$.contains(document.body, $widget[0])
                || !$widget.is(':visible')) {
            return;
        }
        var $container = this.$el.closest(CONTAINERS);
        if (!$container.length) {
            return;
        }
        var buttons = _.map($container.find(BUTTONS).toArray(), function (button) {
            return rectOf($(button));
        });
        var widget = rectOf($widget);
        var free = function (rect) {
            return rect.top >= 0 && rect.left >= 0 && rect.bottom <= window.innerHeight
                && rect.right <= window.innerWidth && !_.some(buttons, function (button) {
                    return overlaps(rect, button);
                });
        };
        if (!buttons.length || free(widget)) {
            return;
        }
        var input = rectOf(this.$input);
        var width = widget.right - widget.left;
        var height = widget.bottom - widget.top;
        var candidates = [
            // above the field
            {left: widget.left, top: input.top - height - 2},
            // beside it, on the right then on the left, as low as fits
            {left: input.right + 4, top: Math.min(input.top, window.innerHeight - height - 4)},
            {left: input.left - width - 4, top: Math.min(input.top, window.innerHeight - height - 4)},
        ];
        var place = _.find(candidates, function (candidate) {
            return free({
                left: candidate.left, top: candidate.top,
                right: candidate.left + width, bottom: candidate.top + height,
            });
        });
        if (!place) {
            return;
        }
        // the arrow of Bootstrap's "top"/"bottom" placement no longer points
        // at the field
        $widget.removeClass('top bottom').addClass('o_sp_datepicker_moved')
            .css({bottom: 'auto', right: 'auto'})
            .offset({top: place.top + $(window).scrollTop(), left: place.left + $(window).scrollLeft()});
    },
});

});
