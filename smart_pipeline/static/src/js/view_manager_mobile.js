odoo.define('smart_pipeline.view_manager_mobile', function (require) {
"use strict";

/**
 * OCA web_responsive 11.0 opens lists as kanban on a phone by renaming the
 * default view's descriptor: ``default_view.type = 'kanban'`` on the list's
 * own descriptor. The list descriptor then asks the server for a kanban
 * view that is stored on the kanban's descriptor, keeps no ``fields_view``
 * of its own, and the opportunity list (any list opened on a phone) fails
 * with "Cannot read properties of undefined (reading 'arch')". This addon
 * does not depend on web_responsive: whichever of the two is loaded first,
 * once the view manager is set up every descriptor gets its own type back,
 * and the views opened first are the kanban web_responsive meant to open.
 */
var ViewManager = require('web.ViewManager');

ViewManager.include({
    /**
     * @override
     */
    init: function () {
        var self = this;
        this._super.apply(this, arguments);
        _.each(this.views, function (view, type) {
            if (view.type === type) {
                return;
            }
            var meant = self.views[view.type];
            view.type = type;
            if (meant) {
                if (self.default_view === view) {
                    self.default_view = meant;
                }
                if (self.first_view === view) {
                    self.first_view = meant;
                }
            }
        });
    },
});

});
