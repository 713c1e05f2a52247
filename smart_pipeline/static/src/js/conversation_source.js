odoo.define('smart_pipeline.conversation_source', function (require) {
'use strict';
/**
 * The source of a conversation line as a small icon (issue 23): an envelope
 * for a line logged from an e-mail, a calendar for a meeting, a telephone
 * for a call, nothing for a line typed by hand. In the customer's
 * Conversations tab and in the list it stands before the line's time begin
 * (``sp_date_source``, no column of its own: the tab fits the form sheet);
 * ``sp_source_icon`` shows it alone.
 */
var AbstractField = require('web.AbstractField');
var basicFields = require('web.basic_fields');
var core = require('web.core');
var fieldRegistry = require('web.field_registry');

var _t = core._t;

var ICONS = {
    email: ['fa-envelope-o', _t('Logged from an e-mail')],
    meeting: ['fa-calendar-check-o', _t('Logged from a meeting')],
    call: ['fa-phone', _t('Logged from a call')],
};

var SourceIcon = AbstractField.extend({
    className: 'o_sp_source_icon',
    supportedFieldTypes: ['selection'],
    _render: function () {
        this.$el.empty();
        var $icon = iconElement(this.value);
        if ($icon) {
            this.$el.append($icon);
        }
    },
    isSet: function () {
        return true;
    },
});

function iconElement(source) {
    var icon = ICONS[source];
    if (!icon) {
        return null;
    }
    return $('<i>', {
        'class': 'fa ' + icon[0] + ' o_sp_source_' + source,
        title: icon[1],
        'aria-label': icon[1],
    });
}

var DateWithSource = basicFields.FieldDateTime.extend({
    _renderReadonly: function () {
        this._super.apply(this, arguments);
        var $icon = iconElement(this.record.data.source);
        if ($icon) {
            this.$el.prepend($('<span>', {'class': 'o_sp_source_icon'}).append($icon, ' '));
        }
    },
});

fieldRegistry.add('sp_source_icon', SourceIcon);
fieldRegistry.add('sp_date_source', DateWithSource);

return SourceIcon;
});
