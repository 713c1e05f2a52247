# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.http import content_disposition, request


class ConversationController(http.Controller):
    @http.route(
        "/smart_pipeline/conversation/<int:conversation_id>/task.ics",
        type="http",
        auth="user",
    )
    def conversation_task(self, conversation_id, **kwargs):
        """Download a conversation as an iCalendar task ("Create Outlook
        Task"). The search applies the record rules: a line the user may not
        read is answered as missing, which does not reveal that it exists."""
        Conversation = request.env["crm.conversation"]
        if not Conversation.check_access_rights("read", raise_exception=False):
            raise Forbidden()
        conversation = Conversation.search([("id", "=", conversation_id)])
        if not conversation:
            raise NotFound()
        content = conversation._get_ical_task()
        filename = "conversation-%d.ics" % conversation.id
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "text/calendar; charset=utf-8"),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
