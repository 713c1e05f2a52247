odoo.define('smart_pipeline.conversation_form', function (require) {
'use strict';
/**
 * A conversation line never loses typed work over a missing value, and the
 * salesperson is taken to what is missing:
 * - the warning of an onchange (a lost position without its reason: "Why
 *   was the sale lost?") is shown as usual, and once it is closed the cursor
 *   is in the field it asks for, the first required field left empty;
 * - a save refused for invalid fields keeps the dialog open with Odoo's
 *   message naming them, and puts the cursor in the first one.
 */
var BasicModel = require('web.BasicModel');
var core = require('web.core');
var Dialog = require('web.Dialog');
var FormController = require('web.FormController');
var viewDialogs = require('web.view_dialogs');
var datepicker = require('web.datepicker');

var qweb = core.qweb;
var _t = core._t;

datepicker.DateWidget.include({
    events: _.extend({}, datepicker.DateWidget.prototype.events, {
        'keydown .o_datepicker_input': '_onSpKeydown',
    }),
    /**
     * Escape in a date field of a dialog closes the date picker, never the
     * dialog: Bootstrap closes a modal on Escape, and whatever was typed in
     * it (a conversation's note) was lost.
     *
     * @private
     * @param {KeyboardEvent} ev
     */
    _onSpKeydown: function (ev) {
        if (ev.which === $.ui.keyCode.ESCAPE && this.$el.closest('.modal').length) {
            ev.stopPropagation();
            ev.preventDefault();
            if (this.picker) {
                this.picker.hide();
            }
        }
    },
});

viewDialogs.FormViewDialog.include({
    /**
     * Odoo titles a new line of a one2many "Create " + the field's label;
     * some catalogues translate "Create " without its space (French:
     * "Créer"), which reads "CréerConversations". Such a title takes the
     * many2one dialogs' "Create: " prefix instead ("Créer : Conversations").
     *
     * @override
     */
    init: function (parent, options) {
        var prefix = _t('Create ');
        if (options && options.title && prefix !== 'Create ' && !/\s$/.test(prefix)
                && options.title.indexOf(prefix) === 0
                && !/^\s/.test(options.title.slice(prefix.length))) {
            options = _.extend({}, options, {
                title: _t('Create: ') + options.title.slice(prefix.length),
            });
        }
        this._super(parent, options);
    },
});

BasicModel.include({
    /**
     * Remember the model of the record whose onchange runs: a line edited
     * in a dialog of the customer's form is changed by the customer form's
     * model, whose controller receives the onchange's warning.
     *
     * @override
     */
    _performOnChange: function (record) {
        this.spOnchangeModel = record.model;
        return this._super.apply(this, arguments);
    },
});

FormController.include({
    custom_events: _.extend({}, FormController.prototype.custom_events, {
        warning: '_onSpWarning',
    }),

    /**
     * @override
     */
    _notifyInvalidFields: function () {
        this._super.apply(this, arguments);
        if (this.modelName === 'crm.conversation') {
            var self = this;
            this._spFocus(function () {
                return self.renderer.$('.o_field_widget.o_field_invalid');
            });
        }
    },

    /**
     * Put the cursor in the first visible field that ``getFields`` returns,
     * once the dialog that is closing has given the focus back to its parent.
     *
     * @private
     * @param {Function} getFields returns a jQuery set of fields
     */
    _spFocus: function (getFields) {
        _.defer(function () {
            var $field = getFields().filter(':visible').first();
            var $input = $field.is('input, textarea, select')
                ? $field : $field.find('input, textarea, select').first();
            if ($input.length) {
                $input[0].scrollIntoView({block: 'nearest'});
                $input.focus();
            }
        });
    },

    /**
     * The onchange warnings of a conversation line, in the dialog the web
     * client would open; closing it leads to the required field left empty.
     *
     * @private
     * @param {OdooEvent} ev
     */
    _onSpWarning: function (ev) {
        if (ev.data.type !== 'dialog' || ev.target.spOnchangeModel !== 'crm.conversation') {
            return;
        }
        ev.stopPropagation();
        var self = this;
        var dialog = new Dialog(this, {
            size: 'medium',
            title: ev.data.title,
            $content: qweb.render('CrashManager.warning', ev.data),
        });
        dialog.on('closed', this, function () {
            self._spFocus(function () {
                // the line's own dialog when it is edited in one, else this form
                var $form = $('body > .modal:visible .o_form_view').last();
                var $scope = $form.length ? $form : self.renderer.$el;
                return $scope.find('.o_field_widget.o_required_modifier').filter(function () {
                    var $input = $(this).is('input, textarea') ? $(this) : $(this).find('input');
                    return $input.length && !$input.val();
                });
            });
        });
        dialog.open();
    },
});

});
