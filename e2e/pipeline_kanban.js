// Dragging an opportunity on the pipeline kanban logs a conversation
// line on its customer; Mark Lost logs the lost position with its reason; the
// opportunity list and kanban carry the Axelor colours (Check Duplicates has
// its own checks: check_duplicates*.js).
'use strict';
const {
  run, login, rpc, xmlid, dragTo, open, settle, shot,
} = require('./lib');

run('pipeline_kanban', async (page) => {
  page.on('response', (response) => {
    if (response.status() >= 400) {
      console.log(`HTTP ${response.status()} ${response.url()}`);
    }
  });
  await login(page);
  const stamp = Date.now() % 100000;
  const customerName = `Kanban Customer ${stamp}`;
  const dealName = `Kanban Deal ${stamp}`;
  const initial = await xmlid(page, 'smart_pipeline.crm_stage_initial_contact');
  const qualified = await xmlid(page, 'smart_pipeline.crm_stage_qualified');
  const lost = await xmlid(page, 'smart_pipeline.crm_stage_lost');
  const partnerId = await rpc(page, 'res.partner', 'create',
    [{ name: customerName, customer: true }]);
  const [uid] = await page.evaluate(() => [odoo.session_info ? odoo.session_info.uid : null]);
  const leadId = await rpc(page, 'crm.lead', 'create', [{
    name: dealName, type: 'opportunity', partner_id: partnerId,
    stage_id: initial, probability: 20, planned_revenue: 12000,
    user_id: uid || 1,
  }]);

  // Drag the card from Initial Contact to Qualified
  await open(page, 'action=crm.crm_lead_opportunities_tree_view&view_type=kanban');
  await page.waitForSelector('.o_kanban_view .o_kanban_group');
  const card = page.locator('.o_kanban_record', { hasText: dealName });
  await card.waitFor();
  const edge = await card.getAttribute('class');
  if (!/o_pipeline_edge_red/.test(edge)) {
    throw new Error(`20 % card should have a red edge, classes: ${edge}`);
  }
  const column = page.locator(`.o_kanban_group[data-id="${qualified}"]`);
  await dragTo(page, card, column);
  await settle(page, 800);
  await shot(page, 'pipeline_kanban_after_drag');
  const [lead] = await rpc(page, 'crm.lead', 'read', [[leadId], ['stage_id']]);
  if (lead.stage_id[0] !== qualified) {
    throw new Error(`the drag did not move the opportunity: ${JSON.stringify(lead.stage_id)}`);
  }
  const lines = await rpc(page, 'crm.conversation', 'search_read',
    [[['lead_id', '=', leadId]]], { fields: ['partner_id', 'stage_id', 'channel_id'] });
  if (lines.length !== 1 || lines[0].stage_id[0] !== qualified
      || lines[0].partner_id[0] !== partnerId) {
    throw new Error(`expected one Qualified line on the customer: ${JSON.stringify(lines)}`);
  }

  // The line shows on the customer's Conversations tab
  await open(page, `model=res.partner&id=${partnerId}&view_type=form`);
  await page.click('.o_notebook a[role=tab]:has-text("Conversations"), .o_notebook a:has-text("Conversations")');
  await settle(page);
  const row = page.locator('.o_notebook .tab-pane.active .o_data_row', { hasText: 'Qualified' });
  await row.first().waitFor();
  await shot(page, 'partner_conversation_from_kanban');

  // Mark Lost from the opportunity form, with a reason
  await open(page, `action=crm.crm_lead_opportunities_tree_view&model=crm.lead&id=${leadId}&view_type=form`);
  await page.click('.o_form_statusbar button:has-text("Mark Lost")');
  await page.waitForSelector('.modal .o_form_view');
  const input = page.locator('.modal .o_field_widget[name=lost_reason_id] input');
  await input.click();
  await input.fill('Too');
  await page.waitForSelector('.ui-autocomplete .ui-menu-item');
  await page.click('.ui-autocomplete .ui-menu-item >> nth=0');
  await shot(page, 'opportunity_mark_lost');
  await page.click('.modal-footer button:has-text("Submit")');
  // the dialog closes once the deal is saved (slower on a loaded machine)
  await page.waitForSelector('.modal-dialog', { state: 'detached', timeout: 90000 });
  await settle(page, 800);
  const lostLines = await rpc(page, 'crm.conversation', 'search_read',
    [[['lead_id', '=', leadId], ['stage_id', '=', lost]]], { fields: ['lost_reason_id'] });
  if (lostLines.length !== 1 || !lostLines[0].lost_reason_id) {
    throw new Error(`Mark Lost did not log the lost position: ${JSON.stringify(lostLines)}`);
  }
  await open(page, `action=crm.crm_lead_opportunities_tree_view&model=crm.lead&id=${leadId}&view_type=form`);
  await page.click('.o_notebook a:has-text("Conversations")');
  await settle(page);
  await shot(page, 'opportunity_conversations_tab');

  // Stages configuration: outcome column
  await open(page, 'action=crm.crm_stage_action');
  await page.waitForSelector('.o_list_view');
  await shot(page, 'pipeline_stages_configuration');

  // The printable lead record (HTML rendering of the QWeb report)
  await page.goto(`${require('./lib').BASE}/report/html/smart_pipeline.crm_lead_report_template/${leadId}`);
  await page.waitForSelector('.page');
  await page.waitForTimeout(500);
  // the bare report page has no favicon link: Chromium's /favicon.ico 404 is
  // not an application error (its console text carries no URL to filter on)
  page.errors.splice(0, page.errors.length,
    ...page.errors.filter((error) => !/status of 404/.test(error)));
  const report = await page.textContent('.page');
  if (!report.includes(dealName) || !report.includes('Too expensive')) {
    throw new Error(`the printed lead misses its data: ${report.slice(0, 500)}`);
  }
  await shot(page, 'lead_printable_record');

  // List colours: closing within 7 days red, within 15 orange, won green,
  // lost red (older than 7 days blue is covered by the unit tests)
  // the closing dates count from the server's today in the user's timezone
  // (an activity's default deadline), the day the colours are computed on
  const { date_deadline: serverToday } = await rpc(page, 'mail.activity', 'default_get',
    [['date_deadline']]);
  const inDays = (days) => {
    const day = new Date(`${serverToday}T12:00:00Z`);
    day.setUTCDate(day.getUTCDate() + days);
    return day.toISOString().slice(0, 10);
  };
  const colours = { red: inDays(5), orange: inDays(10), black: inDays(30) };
  const colourIds = {};
  for (const [colour, deadline] of Object.entries(colours)) {
    colourIds[colour] = await rpc(page, 'crm.lead', 'create', [{
      name: `Colour ${stamp} ${colour}`, type: 'opportunity', partner_id: partnerId,
      stage_id: initial, date_deadline: deadline, user_id: uid || 1,
    }]);
  }
  colourIds.won = await rpc(page, 'crm.lead', 'create', [{
    name: `Colour ${stamp} won`, type: 'opportunity', partner_id: partnerId,
    stage_id: initial, user_id: uid || 1,
  }]);
  await rpc(page, 'crm.lead', 'action_set_won', [[colourIds.won]]);
  await open(page, 'action=crm.crm_lead_opportunities_tree_view&view_type=list');
  await page.fill('.o_searchview_input', `Colour ${stamp}`);
  await page.keyboard.press('Enter');
  await settle(page, 800);
  const expected = { red: 'text-danger', orange: 'text-warning', won: 'text-success' };
  for (const [colour, css] of Object.entries(expected)) {
    const cls = await page.locator('.o_data_row', { hasText: `Colour ${stamp} ${colour}` })
      .getAttribute('class');
    if (!cls.includes(css)) {
      throw new Error(`row ${colour} should be ${css}: ${cls}`);
    }
  }
  const black = await page.locator('.o_data_row', { hasText: `Colour ${stamp} black` })
    .getAttribute('class');
  if (/text-(danger|warning|success|info)/.test(black)) {
    throw new Error(`new row should stay black: ${black}`);
  }
  await shot(page, 'opportunity_list_colours');
});
