// Sales Pipeline Overview, Employees table (issue 23): "Minutes by source"
// splits an employee's minutes into typed by hand, e-mail, meeting and call,
// and the Meeting part opens the one line it adds up. A salesperson of its
// own with two sales conversations on fixed past days (All Time holds them):
// one typed by hand (30 min), one logged from a meeting and given a position
// (45 min), made as the administrator (only the addon, or the superuser,
// sets a source).
'use strict';
const { run, login, rpc, open, settle, shot } = require('./lib');

run('overview_minutes_by_source', async (page) => {
  await login(page);
  const stamp = `${Date.now() % 100000}`;
  const [stage] = await rpc(page, 'ir.model.data', 'search_read',
    [[['module', '=', 'smart_pipeline'], ['name', '=', 'crm_stage_initial_contact']]],
    { fields: ['res_id'] });
  const [group] = await rpc(page, 'ir.model.data', 'search_read',
    [[['module', '=', 'sales_team'], ['name', '=', 'group_sale_salesman']]], { fields: ['res_id'] });
  const name = `Sofia Sources ${stamp}`;
  const user = await rpc(page, 'res.users', 'create', [{
    name, login: `e2e_sources_${stamp}`, groups_id: [[6, 0, [group.res_id]]],
  }]);
  const customer = await rpc(page, 'res.partner', 'create',
    [{ name: `Sources Customer ${stamp}`, customer: true }]);
  const lines = [
    { source: 'manual', date_begin: '2025-03-11 09:00:00', duration: 30, note: `Typed ${stamp}` },
    { source: 'meeting', date_begin: '2025-03-12 09:00:00', duration: 45, note: `Met ${stamp}` },
  ];
  for (const line of lines) {
    await rpc(page, 'crm.conversation', 'create', [Object.assign({
      partner_id: customer, user_id: user, stage_id: stage.res_id, completed: true,
    }, line)]);
  }

  await page.addStyleTag({ content: '.o_tooltip { display: none !important; }' });
  await open(page, 'action=smart_pipeline.crm_pipeline_overview_action');
  await page.addStyleTag({ content: '.o_tooltip { display: none !important; }' });
  await page.waitForSelector('.o_pipeline_overview_tiles .o_pipeline_overview_tile');
  await page.click('.o_search_options .o_dropdown_toggler_btn:has-text("Period")');
  await page.click('.o_pipeline_overview_period[data-period="all"]');
  await settle(page);
  await page.keyboard.press('Escape');

  await page.check('.o_pipeline_overview_split_sources input');
  await settle(page);
  const headers = await page.$$eval('.o_pipeline_overview_employees thead th',
    (cells) => cells.map((cell) => cell.innerText.trim()));
  for (const label of ['Typed by hand', 'E-mail', 'Meeting', 'Call']) {
    if (!headers.includes(label)) {
      throw new Error(`no "${label}" column: ${JSON.stringify(headers)}`);
    }
  }
  const row = page.locator(`.o_pipeline_overview_employees tbody tr:has-text("${name}")`);
  await row.scrollIntoViewIfNeeded();
  const cells = await row.evaluate((tr) => ({
    minutes: tr.children[2].innerText.trim(),
    manual: tr.querySelector('.o_pipeline_overview_source_manual').innerText.trim(),
    meeting: tr.querySelector('.o_pipeline_overview_source_meeting').innerText.trim(),
    email: tr.querySelector('.o_pipeline_overview_source_email').innerText.trim(),
  }));
  console.log(JSON.stringify(cells));
  await shot(page, 'overview_minutes_by_source');
  if (!/^75[.,]00$/.test(cells.minutes) || !/^30[.,]00$/.test(cells.manual)
      || !/^45[.,]00$/.test(cells.meeting) || !/^0[.,]00$/.test(cells.email)) {
    throw new Error(`minutes by source: ${JSON.stringify(cells)}`);
  }

  // the Meeting part opens the line it adds up
  await row.locator('.o_pipeline_overview_source_meeting a').click();
  await page.waitForSelector('.o_list_view');
  await settle(page);
  const listed = await page.$$eval('.o_list_view .o_data_row', (rows) => rows.map((r) => r.innerText));
  console.log(JSON.stringify(listed));
  if (listed.length !== 1 || !listed[0].includes(`Met ${stamp}`)) {
    throw new Error(`the Meeting part lists ${JSON.stringify(listed)}`);
  }
});
