// Follow-ups: the "My Follow-ups Today" list with its one-click
// actions, the calendar, the statistics per employee (pivot, graph, list),
// the sales team dashboard entry, the partner filter and the print wizard.
'use strict';
const { run, login, rpc, open, settle, shot } = require('./lib');

// A customer with an overdue follow-up of `login`, logged on fixed past days:
// whatever day the check runs, the line is overdue and its statistics exist.
async function overdueFollowUp(page, login) {
  const [user] = await rpc(page, 'res.users', 'search_read',
    [[['login', '=', login]], ['id']]);
  const stamp = Date.now() % 100000;
  const partnerId = await rpc(page, 'res.partner', 'create',
    [{ name: `Follow-up Customer ${login} ${stamp}`, customer: true, phone: '+32 2 555 01 01' }]);
  await rpc(page, 'crm.conversation', 'create', [{
    partner_id: partnerId, user_id: user.id, date_begin: '2025-03-10 09:00:00',
    duration: 15, follow_up_date: '2025-03-17', note: `Call back about the offer ${stamp}`,
  }]);
}

// The statistics open on "Logged This Month": drop that facet so that the
// pivot shows the lines created above whatever the day.
async function showAllTime(page) {
  const facet = page.locator('.o_searchview_facet', { hasText: 'Logged This Month' });
  await facet.locator('.o_facet_remove').click();
  await settle(page);
}

run('followups', async (page) => {
  await login(page);
  await overdueFollowUp(page, 'admin');
  await open(page, 'action=smart_pipeline.crm_conversation_followup_action');
  await page.waitForSelector('.o_list_view, .oe_view_nocontent, .o_view_nocontent');
  await shot(page, 'followup_list');

  // one-click actions of a row
  await page.waitForSelector('.o_list_view .o_data_row');
  {
    await page.click('.o_list_view .o_data_row:first-child button[title="Follow up on this"]');
    await page.waitForSelector('.modal .o_form_view');
    await settle(page);
    await shot(page, 'followup_log_dialog');
    await page.click('.modal .modal-footer button:has-text("Cancel")');
    await settle(page);
    await page.click('.o_list_view .o_data_row:first-child button[title="Reschedule"]');
    await page.waitForSelector('.modal .o_form_view');
    await settle(page);
    await shot(page, 'followup_reschedule');
    await page.click('.modal .modal-footer button:has-text("Cancel")');
    await settle(page);
  }

  await page.click('.o_cp_switch_buttons button[data-view-type=calendar]');
  await page.waitForSelector('.o_calendar_view');
  await settle(page, 800);
  await shot(page, 'followup_calendar');

  await open(page, 'action=smart_pipeline.crm_followup_statistics_action');
  await showAllTime(page);
  await page.waitForSelector('.o_pivot table');
  await settle(page);
  await shot(page, 'followup_statistics_pivot');
  await page.click('.o_cp_switch_buttons button[data-view-type=graph]');
  // an empty period renders no chart: the view's container is enough then
  await page.waitForSelector('.o_graph_svg_container svg, .o_graph svg, .o_graph',
    { timeout: 30000 });
  await settle(page, 1000);
  await shot(page, 'followup_statistics_graph');
  await page.click('.o_cp_switch_buttons button[data-view-type=list]');
  await page.waitForSelector('.o_list_view');
  if (await page.$('.o_list_view .o_group_header')) {
    await page.click('.o_list_view .o_group_header');
  }
  await settle(page);
  await shot(page, 'followup_statistics_list');

  await open(page, 'action=sales_team.crm_team_salesteams_act');
  await page.waitForSelector('.o_kanban_view .o_kanban_record');
  await settle(page);
  await shot(page, 'followup_team_dashboard');

  await open(page, 'action=base.action_partner_form&view_type=list');
  await page.click('.o_searchview_more');
  await page.click('.o_search_options button:has-text("Filters")');
  await page.click('.o_search_options a:has-text("Has Follow-up Due")');
  await settle(page);
  await shot(page, 'followup_partner_filter');

  await open(page, 'action=smart_pipeline.crm_followup_digest_action');
  await page.waitForSelector('.o_list_view, .oe_view_nocontent, .o_view_nocontent');
  await shot(page, 'followup_digest_list');

  await open(page, 'action=smart_pipeline.crm_followup_report_wizard_action');
  await page.waitForSelector('.modal .o_form_view');
  await settle(page);
  await shot(page, 'followup_print_wizard');
});

// A salesperson with "own documents only" sees only their own follow-ups
// and statistics.
run('followups_salesperson', async (page) => {
  await login(page);
  await overdueFollowUp(page, 'demo');
  await page.goto(page.url().split('/web')[0] + '/web/session/logout');
  await login(page, 'demo', 'demo');
  await open(page, 'action=smart_pipeline.crm_conversation_followup_action');
  await page.waitForSelector('.o_list_view .o_data_row');
  await shot(page, 'followup_list_salesperson');
  await open(page, 'action=smart_pipeline.crm_followup_statistics_action');
  await showAllTime(page);
  await page.waitForSelector('.o_pivot table');
  await settle(page);
  await shot(page, 'followup_statistics_salesperson');
});
