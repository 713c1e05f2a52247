# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from . import test_phonecall_conversation
from . import test_phonecall_xmlrpc
