#!/usr/bin/env bash
# Install smart_pipeline on a database where crm is already in use, then
# upgrade it, and check that nothing was duplicated or lost.
#
#   dev/check_install_on_crm_db.sh [DB]        (default: sp_install_check)
#
# 1. a database with crm only (no demo data), customised the way a company
#    would: a renamed Odoo stage, its own "negotiation" stage, opportunities
#    in every stage, a lost (archived) one;
# 2. install smart_pipeline: Odoo's stages and same-named stages are reused,
#    renamed stages keep their name, opportunities stay where they were;
# 3. log conversations, move an opportunity, upgrade (-u): every record is
#    still there and the stages are untouched. Step 2 installs the addon as it
#    was in the previous commit (SP_PREVIOUS_REF, default HEAD~1, extracted
#    with git archive; the current code when there is no git history), so
#    step 3 is a real upgrade from the previous version of a database holding
#    history;
# 4. uninstall: every partner, opportunity and stage is still there, each
#    opportunity in its stage; the engine's memo (its log, triggers and
#    function) is gone.
# The database is dropped at the end unless KEEP_DB=1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB="${1:-sp_install_check}"
cd "$ROOT"
odoo() { bin/odoo -d "$DB" --log-level=warn "$@" 2>&1 | grep -v "security risk" || true; }
# the configuration (addons path) of the installed version: the previous
# version's until the upgrade (bin/odoo reads ODOO_RC when it is set)
INSTALLED_RC=()
shell() {
    env "${INSTALLED_RC[@]}" bin/odoo shell -d "$DB" --log-level=warn 2>&1 \
        | { grep -v "security risk" || true; }
    return "${PIPESTATUS[0]}"
}
# this run's files (several checks may run at once on different databases)
WORK="$ROOT/var/install-check/$DB"
rm -rf "$WORK" && mkdir -p "$WORK"
drop() { dev/pg.sh psql -d postgres -qtAX -c "DROP DATABASE IF EXISTS \"$DB\"" >/dev/null; }

drop
echo "== crm only, with data"
odoo -i crm --without-demo=all --stop-after-init
shell <<'PY'
stages = env["crm.stage"]
env.ref("crm.stage_lead2").write({"name": "Qualification"})   # customised
env.ref("crm.stage_lead3").write({"name": "Proposal", "sequence": 4})
stages.create({"name": "negotiation", "sequence": 5, "probability": 80})
partner = env["res.partner"].create({"name": "Existing Customer", "customer": True})
for stage in stages.search([]):
    env["crm.lead"].create({
        "name": "Deal at %s" % stage.name, "type": "opportunity",
        "partner_id": partner.id, "stage_id": stage.id,
    })
reason = env["crm.lost.reason"].create({"name": "Went elsewhere"})
lost = env["crm.lead"].create({"name": "Lost deal", "type": "opportunity",
                               "partner_id": partner.id,
                               "stage_id": env.ref("crm.stage_lead1").id})
lost.write({"lost_reason": reason.id})
lost.action_set_lost()
env.cr.commit()
print("before:", [(s.id, s.name) for s in stages.search([])])
PY
shell <<'PY' > "$WORK"/before.txt
leads = env["crm.lead"].with_context(active_test=False).search([], order="id")
for lead in leads:
    print(lead.id, lead.stage_id.id, lead.active, lead.probability)
PY

PREVIOUS_REF="${SP_PREVIOUS_REF:-HEAD~1}"
PREVIOUS_DIR="$WORK/previous_addon"
ODOO_ADDONS="$(echo "$ROOT"/.venv/lib/python3*/site-packages/odoo/addons)"
rm -rf "$PREVIOUS_DIR" && mkdir -p "$PREVIOUS_DIR"
if git -C "$ROOT" rev-parse -q --verify "$PREVIOUS_REF^{commit}" >/dev/null 2>&1 \
    && git -C "$ROOT" archive "$PREVIOUS_REF" smart_pipeline | tar -x -C "$PREVIOUS_DIR"; then
    echo "== install smart_pipeline as of $PREVIOUS_REF ($(git -C "$ROOT" rev-parse --short "$PREVIOUS_REF"))"
    odoo -i smart_pipeline --without-demo=all --stop-after-init \
        --addons-path="$PREVIOUS_DIR,$ODOO_ADDONS"
    # history is logged with that version, as users of the previous release did
    sed "s|^addons_path = .*|addons_path = $PREVIOUS_DIR,$ODOO_ADDONS|" \
        "${ODOO_RC:-$ROOT/var/odoo.conf}" > "$WORK/previous_odoo.conf"
    INSTALLED_RC=(ODOO_RC="$WORK/previous_odoo.conf")
else
    echo "== install smart_pipeline (no previous version in git: current code)"
    odoo -i smart_pipeline --without-demo=all --stop-after-init
fi
shell <<'PY'
import sys
errors = []
def check(condition, message):
    if not condition:
        errors.append(message)
ref = lambda name: env.ref("smart_pipeline.crm_stage_%s" % name)
check(ref("initial_contact") == env.ref("crm.stage_lead1"), "New is not reused")
check(ref("initial_contact").name == "Initial Contact", "untouched New not renamed")
check(ref("qualified") == env.ref("crm.stage_lead2"), "Qualified is not reused")
check(ref("qualified").name == "Qualification", "customised name overwritten")
check(ref("proposal_sent") == env.ref("crm.stage_lead3"), "Proposition not reused")
check(ref("proposal_sent").name == "Proposal", "customised name overwritten")
check(ref("negotiation").name == "negotiation", "own negotiation stage not reused")
check(ref("won") == env.ref("crm.stage_lead4"), "Won is not reused")
check(ref("won").pipeline_outcome == "won", "Won has no won outcome")
check(ref("lost").pipeline_outcome == "lost", "no lost stage")
names = env["crm.stage"].search([]).mapped(lambda s: s.name.lower())
check(len(names) == len(set(names)), "duplicated stages: %s" % names)
check(len(names) == 8, "expected 8 stages, got %s" % names)
print("after:", [(s.id, s.name, s.pipeline_outcome) for s in env["crm.stage"].search([])])
if errors:
    print("FAILED:", errors)
    sys.exit(1)
PY
shell <<'PY' > "$WORK"/after.txt
leads = env["crm.lead"].with_context(active_test=False).search([], order="id")
for lead in leads:
    print(lead.id, lead.stage_id.id, lead.active, lead.probability)
PY
diff "$WORK"/before.txt "$WORK"/after.txt \
    && echo "opportunities unchanged by the install"

echo "== use it, then upgrade"
shell <<'PY'
lead = env["crm.lead"].search([("name", "=", "Deal at Qualification")])
lead.write({"stage_id": env.ref("smart_pipeline.crm_stage_demo_given").id})
env["crm.conversation"].create({
    "partner_id": lead.partner_id.id, "note": "Called back",
    "stage_id": env.ref("smart_pipeline.crm_stage_negotiation").id,
})
env.cr.commit()
PY
snapshot() {
    shell <<'PY'
for model in ("crm.lead", "crm.stage", "crm.conversation", "crm.lost.reason", "res.partner"):
    records = env[model].with_context(active_test=False).search([], order="id")
    print(model, len(records), sum(records.ids))
for stage in env["crm.stage"].with_context(active_test=False).search([], order="id"):
    print(stage.id, stage.name, stage.sequence, stage.pipeline_outcome, stage.active)
for line in env["crm.conversation"].search([], order="id"):
    print(line.id, line.partner_id.id, line.stage_id.id, line.lead_id.id, line.note)
PY
}
snapshot > "$WORK"/pre_upgrade.txt
odoo -u smart_pipeline --without-demo=all --stop-after-init
INSTALLED_RC=()
snapshot > "$WORK"/post_upgrade.txt
diff "$WORK"/pre_upgrade.txt "$WORK"/post_upgrade.txt \
    && echo "upgrade kept every record"
echo "== no pipeline summaries after the upgrade; every figure read from the lines"
shell <<'PY'
import sys
env.cr.execute(
    "SELECT to_regclass('crm_conversation_summary'), to_regclass('crm_conversation_stage_summary'),"
    " (SELECT COUNT(*) FROM ir_model WHERE model LIKE 'crm.conversation%%summary')"
)
tables = env.cr.fetchone()
Overview = env["crm.pipeline.overview"]
sales = env["crm.conversation"].search_count([("stage_id", "!=", False)])
overview = Overview.get_overview()
in_period = Overview.get_overview(date_to="2099-12-31")
if tables != (None, None, 0) or not sales or overview != in_period:
    print("FAILED: summaries", tables, overview, in_period)
    sys.exit(1)
print("no pipeline summaries; %s sales conversations read from the lines" % sales)
PY
echo "== the engine's memo after the upgrade: its log and a trigger on each tracked table"
memo_objects() {
    shell <<'PY'
env.cr.execute(
    "SELECT to_regclass('smart_pipeline_change') IS NOT NULL,"
    " (SELECT COUNT(*) FROM pg_trigger WHERE tgname = 'smart_pipeline_note_change'),"
    " (SELECT COUNT(*) FROM pg_proc WHERE proname = 'smart_pipeline_note_change')"
)
print("memo", *env.cr.fetchone())
PY
}
memo_objects | tee "$WORK"/memo_upgrade.txt
grep -qx "memo True 10 1" "$WORK"/memo_upgrade.txt || { echo "FAILED: the memo is not installed"; exit 1; }

echo "== uninstall: partners, opportunities and stages stay"
kept() {
    shell <<'PY'
for model in ("crm.lead", "crm.stage", "res.partner", "crm.lost.reason"):
    records = env[model].with_context(active_test=False).search([], order="id")
    print(model, len(records), sum(records.ids))
for lead in env["crm.lead"].with_context(active_test=False).search([], order="id"):
    print(lead.id, lead.stage_id.id, lead.active, lead.partner_id.id)
PY
}
kept > "$WORK"/pre_uninstall.txt
shell <<'PY'
env["ir.module.module"].search([("name", "=", "smart_pipeline")]).button_immediate_uninstall()
env.cr.commit()
PY
kept > "$WORK"/post_uninstall.txt
diff "$WORK"/pre_uninstall.txt "$WORK"/post_uninstall.txt \
    && echo "uninstall kept every partner, opportunity and stage"
memo_objects | tee "$WORK"/memo_uninstall.txt
grep -qx "memo False 0 0" "$WORK"/memo_uninstall.txt \
    || { echo "FAILED: the memo's log, triggers or function outlived the addon"; exit 1; }
[ "${KEEP_DB:-0}" = 1 ] || drop
echo "install check: ok"
