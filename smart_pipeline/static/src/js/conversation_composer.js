odoo.define('smart_pipeline.conversation_composer', function (require) {
'use strict';
/**
 * A follow-up of a conversation line is an activity of the customer (and of
 * the opportunity): marking it done in the chatter completes the line. The
 * chatter reloads only its own fields, so the open customer kept showing
 * the line as not done until the page was reloaded: the whole record is
 * reloaded instead when it shows conversation lines (keeping unsaved edits).
 */
var Chatter = require('mail.Chatter');

Chatter.include({
    /**
     * @override
     */
    _onReloadMailFields: function (event) {
        var data = this.record && this.record.data;
        if (event.data.activity && data && 'conversation_ids' in data) {
            event.stopPropagation();
            this.trigger_up('reload', {keepChanges: true});
            return;
        }
        return this._super.apply(this, arguments);
    },
});

});
