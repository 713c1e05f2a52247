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
"""


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
