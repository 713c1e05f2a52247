// Pipeline flow: the Flow view of the Sales Pipeline Overview (funnel, time
// in stage, cohorts, attention, velocity, what wins, 12-month trend), one of
// its figures drilled down, and the kanban badge of a stale customer. The
// check creates its own sales team, customers and conversations (2025, fixed
// dates) through RPC and filters the screen on that team.
'use strict';
const { run, login, rpc, xmlid, settle, shot } = require('./lib');

const STAGES = ['initial_contact', 'qualified', 'lead_validated', 'demo_given',
  'proposal_sent', 'negotiation', 'won', 'lost'];

// Twelve customers: [first month, stages visited in order, days per visit]
const PATHS = [
  [1, ['initial_contact', 'qualified', 'demo_given', 'proposal_sent', 'won'], 9],
  [1, ['initial_contact', 'qualified', 'lost'], 12],
  [2, ['initial_contact', 'proposal_sent', 'negotiation', 'won'], 15],
  [3, ['initial_contact', 'qualified', 'initial_contact', 'qualified'], 20],
  [4, ['initial_contact', 'qualified', 'lead_validated', 'demo_given'], 11],
  [5, ['qualified', 'demo_given', 'proposal_sent', 'negotiation', 'won'], 8],
  [6, ['initial_contact', 'lost'], 5],
  [7, ['initial_contact', 'qualified', 'lead_validated'], 14],
  [8, ['initial_contact', 'demo_given', 'won', 'negotiation'], 10],
  [9, ['initial_contact', 'qualified'], 7],
  [10, ['initial_contact', 'qualified', 'proposal_sent', 'won'], 6],
  [11, ['initial_contact'], 3],
];

function day(month, offset) {
  const date = new Date(Date.UTC(2025, month - 1, 3, 9, 0, 0) + offset * 86400000);
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

run('pipeline_flow', async (page) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await login(page);
  await page.addStyleTag({ content: '.o_tooltip { display: none !important; }' });
  const stamp = Date.now() % 100000;
  const uid = (await rpc(page, 'res.users', 'search_read',
    [[['login', '=', 'admin']]], { fields: ['id', 'company_id'] }))[0];
  const companyId = uid.company_id[0];
  const team = await rpc(page, 'crm.team', 'create', [{ name: `Flow E2E Team ${stamp}` }]);
  const stage = {};
  for (const name of STAGES) {
    stage[name] = await xmlid(page, `smart_pipeline.crm_stage_${name}`);
  }
  await rpc(page, 'crm.stage', 'write', [[stage.qualified], { rotting_days: 10 }]);
  await rpc(page, 'crm.stage', 'write', [[stage.demo_given], { rotting_days: 14 }]);
  const topics = await rpc(page, 'crm.conversation.topic', 'search_read', [[]], { fields: ['id'], limit: 3 });
  const channels = await rpc(page, 'crm.conversation.channel', 'search_read', [[]], { fields: ['id'], limit: 3 });
  const reason = await rpc(page, 'crm.lost.reason', 'search_read', [[]], { fields: ['id'], limit: 1 });
  let staleCustomer = null;
  for (let k = 0; k < PATHS.length; k++) {
    const [month, path, days] = PATHS[k];
    const partner = await rpc(page, 'res.partner', 'create', [{
      name: `Flow E2E ${String.fromCharCode(65 + k)} ${stamp}`, is_company: true, customer: true,
    }]);
    for (let i = 0; i < path.length; i++) {
      const values = {
        partner_id: partner, user_id: uid.id, team_id: team, company_id: companyId,
        date_begin: day(month, i * days), stage_id: stage[path[i]],
        topic_id: topics.length ? topics[k % topics.length].id : false,
        channel_id: channels.length ? channels[(k + i) % channels.length].id : false,
        note: `Flow check ${stamp}`,
      };
      if (path[i] === 'lost' && reason.length) {
        values.lost_reason_id = reason[0].id;
      }
      if (k % 3 === 0 && i === path.length - 1) {
        values.follow_up_date = '2026-01-15';
      }
      await rpc(page, 'crm.conversation', 'create', [values]);
    }
    if (path[path.length - 1] === 'qualified' && !staleCustomer) {
      staleCustomer = { partner, stage: stage.qualified };
    }
  }
  // an opportunity idle in its stage since 2025-10-01: the badge (the age
  // is the deal's own, since its stage last changed)
  const dealName = `Flow E2E Deal ${stamp}`;
  const deals = [
    await rpc(page, 'crm.lead', 'create', [{
      name: dealName, type: 'opportunity', partner_id: staleCustomer.partner,
      stage_id: staleCustomer.stage, user_id: uid.id, planned_revenue: 12000,
      date_last_stage_update: '2025-10-01 09:00:00',
    }]),
    await rpc(page, 'crm.lead', 'create', [{
      name: `Flow E2E Deal open ${stamp}`, type: 'opportunity', stage_id: stage.proposal_sent,
      user_id: uid.id, planned_revenue: 8000,
    }]),
  ];
  // crm gives a new opportunity its salesperson's team: set ours after
  await rpc(page, 'crm.lead', 'write', [deals, { team_id: team }]);

  // the Flow view of 2025, as it stood on 2025-12-31, for the new team
  await page.evaluate(() => { odoo.__DEBUG__.services['web.web_client'].do_action({
    type: 'ir.actions.client',
    tag: 'smart_pipeline.pipeline_overview',
    name: 'Sales Pipeline Overview',
    context: {
      pipeline_overview_mode: 'flow',
      pipeline_overview_period: 'year',
      pipeline_overview_reference_date: '2025-12-31',
    },
  }, { clear_breadcrumbs: true }); });
  await page.waitForSelector('.o_pipeline_flow_stages');
  await settle(page);
  await page.click('.o_search_options .o_dropdown_toggler_btn:has-text("Sales Teams")');
  await page.click(`.o_pipeline_overview_team[data-id="${team}"]`);
  await settle(page);
  await page.click('.o_pipeline_overview_content');
  await page.waitForSelector('.o_pipeline_flow_funnel svg rect');
  await page.waitForSelector('.o_pipeline_flow_time svg .nv-bar');
  await page.waitForSelector('.o_pipeline_flow_trend svg .nv-bar');
  await settle(page, 800);
  await shot(page, 'pipeline_flow');

  // every number of the stage table is a link with its figure
  const empty = await page.$$eval('.o_pipeline_flow a.o_pipeline_overview_drill',
    (links) => links.filter((link) => !link.textContent.trim()).length);
  if (empty) {
    throw new Error(`${empty} empty figure links in the Flow view`);
  }
  const cohorts = await page.$$('.o_pipeline_flow_cohorts tbody tr');
  if (cohorts.length !== 11) {
    throw new Error(`expected 11 monthly cohorts, got ${cohorts.length}`);
  }
  await page.$eval('.o_pipeline_flow_cohorts', (el) => el.scrollIntoView());
  await settle(page);
  await shot(page, 'pipeline_flow_tables');
  await page.$eval('.o_pipeline_flow_trend', (el) => el.scrollIntoView());
  await settle(page);
  await shot(page, 'pipeline_flow_trend');

  // drill-down: Reached at Initial Contact lists the customers it counts
  const link = `.o_pipeline_flow_stages a[data-measure="flow_reached"][data-stage-id="${stage.initial_contact}"]`;
  const reached = (await page.textContent(link)).trim();
  if (reached !== '12') {
    throw new Error(`Reached at Initial Contact: expected 12, got ${reached}`);
  }
  await page.$eval(link, (el) => el.scrollIntoView());
  await page.click(link);
  await page.waitForSelector('.o_list_view');
  await settle(page);
  const rows = await page.$$('.o_list_view .o_data_row');
  if (String(rows.length) !== reached) {
    throw new Error(`Reached shows ${reached} but the drill-down lists ${rows.length} customers`);
  }
  await page.click('.o_control_panel .breadcrumb li:first-child a');
  await page.waitForSelector('.o_pipeline_flow_stages');
  await settle(page);

  // the kanban card of the idle deal shows its idle days
  await page.evaluate((name) => { odoo.__DEBUG__.services['web.web_client'].do_action({
    type: 'ir.actions.act_window',
    name: 'Pipeline',
    res_model: 'crm.lead',
    views: [[false, 'kanban'], [false, 'list']],
    domain: [['name', 'ilike', name]],
    context: { default_type: 'opportunity' },
  }, { clear_breadcrumbs: true }); }, String(stamp));
  await page.waitForSelector('.o_kanban_view');
  await settle(page);
  const badge = await page.$(`.o_kanban_record:has-text("${dealName}") .o_pipeline_stale_badge`);
  if (!badge) {
    throw new Error('no idle-days badge on the idle deal\'s card');
  }
  const other = await page.$(`.o_kanban_record:has-text("Deal open ${stamp}") .o_pipeline_stale_badge`);
  if (other) {
    throw new Error('a card without customer shows an idle-days badge');
  }
  await shot(page, 'pipeline_flow_kanban_badge');
});
