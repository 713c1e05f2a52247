"""``odoo/service/model.py``: a retried XML-RPC call must start from a clean slate.

``execute()`` is wrapped by ``check()``, which retries a call that failed with
a PostgreSQL concurrency error (``could not serialize access due to concurrent
update``, deadlock, lock not available). Each try opens a new cursor, but the
ORM's per-request state, ``Environments`` (the record cache and the
recomputation queue ``todo``), is thread-local and lives for the whole HTTP
request. The failed try left records of its environment in ``todo`` (a write
marks the dependent stored fields to recompute *before* its ``UPDATE`` meets
the conflict); the next try recomputed them through their environment, whose
cursor was closed: ``psycopg2.OperationalError: Unable to use a closed
cursor``, which is not retried and reaches the client. The cache could also
hand the retry values from the rolled-back try.

This is stock Odoo 11 (the web client's ``/web/dataset/call_kw`` path clears
its environment before a retry, ``execute()`` does not); later Odoo versions
reset the environments at the start of ``execute_cr`` (``# clean cache etc if
we retry the same transaction``). This is ``execute_cr`` with that reset.

The pause before a retry is configurable. ``check()`` sleeps
``random.uniform(0, 2 ** tries)`` seconds: up to 1 s before the first retry,
then 2, 4 and 8 s. In prefork mode the sleeping worker serves nobody: with
``--workers=2``, two salespeople moving the same opportunity cost the server
half its capacity for up to a second, while the transaction they conflicted
with has already committed (a serialization failure is raised when it
commits) and an immediate retry would almost always pass. The option
``concurrency_retry_delay`` (seconds, in the configuration file) is the base
of that same random, doubling pause; without it the pause is Odoo's (base 1).
"""

import random

RETRY_DELAY_OPTION = "concurrency_retry_delay"


class RetryPause:
    """Stands for the ``random`` module in ``odoo/service/model.py``, whose
    only use there is the retry pause: ``uniform(0.0, 2 ** tries)`` scaled by
    the configured base, read at each retry."""

    @staticmethod
    def base():
        from odoo.tools import config

        try:
            return max(float(config.get(RETRY_DELAY_OPTION, 1.0)), 0.0)
        except (TypeError, ValueError):
            return 1.0

    def uniform(self, low, high):
        base = self.base()
        return random.uniform(low * base, high * base)


def execute_cr(cr, uid, obj, method, *args, **kw):
    import odoo
    from odoo.exceptions import UserError
    from odoo.service.model import _

    odoo.api.Environment.reset()  # a retry must not see the failed try's cache or todo
    recs = odoo.api.Environment(cr, uid, {}).get(obj)
    if recs is None:
        raise UserError(_("Object %s doesn't exist") % obj)
    return odoo.api.call_kw(recs, method, args, kw)


def patch(module):
    module.execute_cr = execute_cr
    module.random = RetryPause()
