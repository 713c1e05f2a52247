#!/usr/bin/env python3
"""Call smart_pipeline from another system, over Odoo's external API.

Two clients do the same things: Python's own ``xmlrpc.client`` (nothing to
install) and ``odoorpc`` (JSON-RPC, ``pip install odoorpc==0.10.1``):

1. read the Sales Pipeline Overview of a period (``get_overview``) and, when
   the installed version has it, the pipeline flow (``get_flow``);
2. read the forecast (``get_forecast``): open opportunities by Expected
   Closing month, weighted by the stage's or the history probability,
   against won revenue and objectives;
3. ask which records a figure counts (``get_drill_down_action``: the window
   action the screen opens; its domain lists them);
4. log a conversation from a phone system: the call, found by the caller's
   number, with its duration in minutes, on the "Telephone" channel.

Every call runs as the user who logs in: record rules apply (a salesperson
sees and logs their own conversations only).

    examples/api_example.py --url http://localhost:8069 --db smart_pipeline_demo \\
        --login admin --password admin [--client xmlrpc|odoorpc]
"""

import argparse
import json
import sys
import xmlrpc.client
from urllib.parse import urlparse

# the period of the example; get_overview/get_flow take the same filters
FILTERS = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
TELEPHONE = "smart_pipeline.crm_conversation_channel_telephone"


class XmlRpcClient:
    """The external API with Python's standard library only."""

    def __init__(self, url, db, login, password):
        self.db, self.password = db, password
        common = xmlrpc.client.ServerProxy("%s/xmlrpc/2/common" % url, allow_none=True)
        self.uid = common.authenticate(db, login, password, {})
        if not self.uid:
            raise SystemExit("login refused")
        self.models = xmlrpc.client.ServerProxy("%s/xmlrpc/2/object" % url, allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )

    def get_flow(self, **filters):
        """None when the server's smart_pipeline has no flow engine yet."""
        try:
            return self.call("crm.pipeline.overview", "get_flow", **filters)
        except xmlrpc.client.Fault as fault:
            if "get_flow" in fault.faultString:
                return None
            raise


class OdooRpcClient:
    """The same calls with odoorpc (JSON-RPC, the web client's protocol)."""

    def __init__(self, url, db, login, password):
        import odoorpc

        parts = urlparse(url)
        protocol = "jsonrpc+ssl" if parts.scheme == "https" else "jsonrpc"
        port = parts.port or (443 if parts.scheme == "https" else 80)
        self.odoo = odoorpc.ODOO(parts.hostname, protocol=protocol, port=port)
        self.odoo.login(db, login, password)
        self.uid = self.odoo.env.uid

    def call(self, model, method, *args, **kwargs):
        return self.odoo.execute_kw(model, method, list(args), kwargs)

    def get_flow(self, **filters):
        import odoorpc

        try:
            return self.call("crm.pipeline.overview", "get_flow", **filters)
        except odoorpc.error.RPCError as error:
            if "get_flow" in str(error):
                return None
            raise


def read_pipeline(client, filters=None):
    """The overview, the flow (or None) and the customers behind "won"."""
    filters = dict(FILTERS if filters is None else filters)
    overview = client.call("crm.pipeline.overview", "get_overview", **filters)
    flow = client.get_flow(**filters)
    action = client.call("crm.pipeline.overview", "get_drill_down_action", "won", **filters)
    won_customers = client.call(action["res_model"], "search_read", action["domain"], ["name"])
    return {"overview": overview, "flow": flow, "won_action": action, "won": won_customers}


def read_forecast(client, filters=None, probability="history"):
    """The forecast of the period and the opportunities it expects to close
    in its first month (the list behind that month's count)."""
    filters = dict(FILTERS if filters is None else filters)
    model = "crm.pipeline.overview"
    forecast = client.call(model, "get_forecast", probability=probability, **filters)
    month = forecast["months"][0]["month"]
    action = client.call(
        model, "get_drill_down_action", "forecast_open_count", month=month, **filters
    )
    opportunities = client.call(
        action["res_model"],
        "search_read",
        action["domain"],
        ["name", "planned_revenue", "probability", "date_deadline"],
    )
    return {"forecast": forecast, "month": month, "opportunities": opportunities}


def log_call(client, phone, minutes, note, when):
    """A phone system logs a finished call: the customer is found by the
    number (phone or mobile), the line gets the Telephone channel, the
    call's start (UTC, "YYYY-MM-DD HH:MM:SS") and its duration in minutes.
    Returns the new conversation's id, or None for an unknown number."""
    partners = client.call(
        "res.partner",
        "search",
        ["|", ("phone", "=", phone), ("mobile", "=", phone)],
        limit=1,
    )
    if not partners:
        return None
    values = {
        "partner_id": partners[0],
        "channel_id": client.call("ir.model.data", "xmlid_to_res_id", TELEPHONE),
        "duration": minutes,
        "note": note,
    }
    if when:  # else: now
        values["date_begin"] = when
    return client.call("crm.conversation", "create", values)


CLIENTS = {"xmlrpc": XmlRpcClient, "odoorpc": OdooRpcClient}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--client", choices=sorted(CLIENTS), default="xmlrpc")
    parser.add_argument("--phone", help="log a 5-minute call with the customer of this number")
    args = parser.parse_args(argv)
    client = CLIENTS[args.client](args.url, args.db, args.login, args.password)
    result = read_pipeline(client)
    overview = result["overview"]
    print(
        "in pipeline %(in_pipeline)s, won %(won)s, lost %(lost)s, win rate %(win_rate)s %%"
        % overview
    )
    if result["flow"] is None:
        print("get_flow: not available on this server")
    else:
        print("flow: %s" % json.dumps(result["flow"]["velocity"]))
    print("won customers: %s" % ", ".join(c["name"] for c in result["won"]))
    forecast = read_forecast(client)
    for month in forecast["forecast"]["months"]:
        print(
            "%(month)s: %(open_count)s open, weighted %(weighted_revenue)s, "
            "won %(won_revenue)s, target %(target)s" % month
        )
    print("overdue: %(count)s" % forecast["forecast"]["overdue"])
    if args.phone:
        line_id = log_call(client, args.phone, 5, "Call logged by the phone system", None)
        print("logged conversation %s" % line_id if line_id else "unknown number")
    return 0


if __name__ == "__main__":
    sys.exit(main())
