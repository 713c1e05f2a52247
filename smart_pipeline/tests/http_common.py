# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import SUPERUSER_ID, api, http
from odoo.service import security
from odoo.tests import common
from odoo.tests.common import get_db_name


class ServerCursorCase(common.HttpCase):
    """HttpCase for Odoo 11 whose records are seen by the test server.

    In Odoo 11 the HTTP server (web controllers, XML-RPC, JSON-RPC) works on
    the registry's test cursor, not on ``self.cr``: ``server_env`` is an
    environment on that cursor, where a test creates what the server must
    see and reads back what the server wrote."""

    def setUp(self):
        super().setUp()
        self.server_env = api.Environment(self.registry.test_cr, SUPERUSER_ID, {})

    def authenticate_server_user(self, login, password=None):
        """HttpCase.authenticate of Odoo 11 reads the user on self.cr, where
        the users created on the test cursor do not exist: same steps, on the
        test cursor."""
        session = self.session
        session.db = get_db_name()
        uid = self.registry["res.users"].authenticate(session.db, login, password or login, None)
        self.assertTrue(uid, "%s cannot log in" % login)
        env = api.Environment(self.registry.test_cr, uid, {})
        session.uid = uid
        session.login = login
        session.session_token = security.compute_session_token(session, env)
        session.context = dict(env["res.users"].context_get(), uid=uid)
        session._fix_lang(session.context)
        http.root.session_store.save(session)
