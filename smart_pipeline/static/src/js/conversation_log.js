odoo.define('smart_pipeline.conversation_log', function (require) {
'use strict';
/**
 * Column headers of conversation lists explain themselves on hover ("I.F.":
 * Is Follow Up...). Odoo 11 shows a field's help on list headers in debug
 * mode only.
 */
var config = require('web.config');
var ListRenderer = require('web.ListRenderer');

ListRenderer.include({
    _renderHeaderCell: function (node) {
        var $th = this._super.apply(this, arguments);
        var field = this.state.fields[node.attrs.name];
        if (!config.debug && field && field.help && this.state.model === 'crm.conversation') {
            $th.attr('title', field.help);
        }
        return $th;
    },
});

});
