"""Load the compatibility layer before anything imports Odoo.

pytest-odoo imports ``odoo`` when its plugin loads, so ``pytest.ini`` loads this
module first with ``-p odoo11_compat.pytest_plugin``.
"""

from . import apply

apply()
