// Analytics drill-downs, at 1366x768 (issue 20, row 10), on the check's own
// sales team and customers (2025, fixed dates), the overview of 2025 as it
// stood on 2025-12-31: every drill-down is titled with its figure, its row
// and the period (two lists of one employee never share a breadcrumb); the
// funnel's and the time-in-stage chart's bars open their records like the
// table's numbers; Won on the overview says why the funnel may count
// otherwise; "Pipeline update" (an opportunity moved) is not listed as a
// sales channel under What Wins.
'use strict';
const { run, login, rpc, xmlid, settle, shot, DESKTOP } = require('./lib');

async function overview(page, mode, team) {
  await page.evaluate((mode) => { odoo.__DEBUG__.services['web.web_client'].do_action({
    type: 'ir.actions.client',
    tag: 'smart_pipeline.pipeline_overview',
    name: 'Sales Pipeline Overview',
    context: {
      pipeline_overview_mode: mode,
      pipeline_overview_period: 'year',
      pipeline_overview_reference_date: '2025-12-31',
    },
  }, { clear_breadcrumbs: true }); }, mode);
  await page.waitForSelector('.o_pipeline_overview_content');
  await settle(page);
  await page.click('.o_search_options .o_dropdown_toggler_btn:has-text("Sales Teams")');
  await page.click(`.o_pipeline_overview_team[data-id="${team}"]`);
  await settle(page);
  await page.click('.o_pipeline_overview_content');
  await settle(page, 600);
}

async function breadcrumb(page) {
  await page.waitForSelector('.o_list_view');
  await settle(page);
  return (await page.innerText('.o_control_panel .breadcrumb li.active')).trim();
}

async function back(page, selector) {
  await page.click('.o_control_panel .breadcrumb li:first-child a');
  await page.waitForSelector(selector);
  await settle(page, 600);
}

run('analytics_drill', async (page) => {
  await login(page);
  await page.addStyleTag({ content: '.o_tooltip { display: none !important; }' });
  const stamp = Date.now() % 100000;
  const [admin] = await rpc(page, 'res.users', 'search_read', [[['login', '=', 'admin']]],
    { fields: ['name'] });
  const team = await rpc(page, 'crm.team', 'create', [{ name: `Drill E2E Team ${stamp}` }]);
  const stage = {};
  for (const key of ['initial_contact', 'qualified', 'won']) {
    stage[key] = await xmlid(page, `smart_pipeline.crm_stage_${key}`);
  }
  const phone = await xmlid(page, 'smart_pipeline.crm_conversation_channel_telephone');
  const update = await xmlid(page, 'smart_pipeline.crm_conversation_channel_pipeline_update');
  const line = (partner, key, day, channel) => rpc(page, 'crm.conversation', 'create', [{
    partner_id: partner, user_id: admin.id, team_id: team, date_begin: `${day} 09:00:00`,
    stage_id: stage[key], channel_id: channel, duration: 10, note: `Drill check ${stamp}`,
  }]);
  for (const [letter, path] of [['A', ['initial_contact', 'won']],
    ['B', ['initial_contact', 'qualified']]]) {
    const partner = await rpc(page, 'res.partner', 'create', [{
      name: `Drill E2E ${letter} ${stamp}`, is_company: true, customer: true,
    }]);
    await line(partner, path[0], '2025-03-03', phone);
    // the second move is an opportunity moved on the kanban: "Pipeline update"
    await line(partner, path[1], '2025-04-07', update);
  }

  // overview: two figures of one employee open two differently titled lists
  await overview(page, 'overview', team);
  const period = (await page.innerText('.o_searchview .o_facet_values')).trim();
  const wonTip = await page.getAttribute('.o_pipeline_overview_tile[data-measure="won"]', 'title');
  if (!/funnel/i.test(wonTip || '')) {
    throw new Error(`the Won tile does not say why the funnel differs: "${wonTip}"`);
  }
  const titles = [];
  for (const measure of ['employee_won', 'employee_conversations']) {
    await page.click(`a[data-measure="${measure}"][data-user-id="${admin.id}"]`);
    titles.push(await breadcrumb(page));
    await back(page, '.o_pipeline_overview_tiles');
  }
  console.log(JSON.stringify({ period, titles }));
  if (titles[0] === titles[1]) { throw new Error(`two lists titled alike: ${titles[0]}`); }
  if (!titles[0].startsWith('Won') || !titles[1].startsWith('Conversations')
      || !titles.every((t) => t.includes(admin.name) && t.includes('2025'))) {
    throw new Error(`titles should name the figure, the employee and 2025: ${titles}`);
  }
  await shot(page, 'analytics_drill_overview');

  // flow: the funnel's Won bar lists what the table's Reached at Won lists
  await overview(page, 'flow', team);
  await page.waitForSelector('.o_pipeline_flow_funnel svg rect');
  await page.waitForSelector('.o_pipeline_flow_time svg .nv-bar');
  const channels = await page.locator('.o_pipeline_flow_by_channel tbody tr').allInnerTexts();
  console.log(JSON.stringify(channels));
  if (channels.some((row) => /Pipeline update/.test(row))) {
    throw new Error(`"Pipeline update" listed as a sales channel: ${JSON.stringify(channels)}`);
  }
  const wonCell = `.o_pipeline_flow_stages a[data-measure="flow_reached"][data-stage-id="${stage.won}"]`;
  const reachedWon = (await page.textContent(wonCell)).trim();
  await shot(page, 'analytics_drill_flow');
  // the bar, where its number stands
  const bar = page.locator('.o_pipeline_flow_funnel_stage.o_pipeline_overview_outcome_won .o_pipeline_flow_funnel_value');
  await bar.scrollIntoViewIfNeeded();
  await bar.click();
  const funnelTitle = await breadcrumb(page);
  const funnelRows = await page.locator('.o_list_view .o_data_row').count();
  console.log(JSON.stringify({ reachedWon, funnelTitle, funnelRows }));
  if (String(funnelRows) !== reachedWon || !/Reached/.test(funnelTitle)
      || !/Won/.test(funnelTitle)) {
    throw new Error(`the funnel's Won bar lists ${funnelRows} (table: ${reachedWon}), `
      + `titled "${funnelTitle}"`);
  }
  await back(page, '.o_pipeline_flow_funnel svg rect');

  // the time-in-stage chart's bar of Initial Contact opens its stays
  await page.waitForSelector('.o_pipeline_flow_time svg .nv-bar');
  const timeBar = page.locator('.o_pipeline_flow_time svg .nv-group').first()
    .locator('.nv-bar').first();
  await timeBar.scrollIntoViewIfNeeded();
  await timeBar.click({ force: true });
  const timeTitle = await breadcrumb(page);
  if (!/Initial Contact/.test(timeTitle) || !/Days/.test(timeTitle)) {
    throw new Error(`the time-in-stage bar opened "${timeTitle}"`);
  }
  await shot(page, 'analytics_drill_time_bar');
}, DESKTOP);
